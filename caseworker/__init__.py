"""caseworker: case management for consular crisis caseworkers."""

__version__ = "0.1.0"
