"""Persistence: SQLAlchemy models, engine, migrations, search and audit."""
