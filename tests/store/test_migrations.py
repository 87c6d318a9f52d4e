"""Opening a store written by an older version upgrades it, keeping its data;
a store from a newer version is refused, untouched."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from caseworker.domain.errors import StoreError
from caseworker.store import migrate
from caseworker.store.engine import make_engine
from caseworker.store.location import StoreLocation
from caseworker.store.opening import open_store


@pytest.fixture
def empty_location(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StoreLocation]:
    if backend == "sqlite":
        yield StoreLocation(path=tmp_path / "old.db")
    else:
        yield request.getfixturevalue("postgres_templates").empty()


def _first_version_store(location: StoreLocation) -> None:
    """A store as the first release wrote it, with a case, a person and an audit event."""
    if location.path is not None:
        location.path.touch()
    engine = make_engine(location)
    try:
        migrate.upgrade(engine, "0001")
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO posts (code, name, country) VALUES ('ISB', 'Islamabad', 'Pakistan')"))
            conn.execute(text(
                "INSERT INTO cases (id, reference, post_code, scheme, category, referral_source, referrer, employer, "
                "job_role, priority, vulnerabilities, current_country, current_area, status, status_changed_at, "
                "eligibility_basis, security_status, notes, principal_name, principal_name_original, family_size, "
                "created_at, updated_at, version) VALUES (1, 'ISB-2021-00001', 'ISB', 'ARAP', '', 'MOD', '', '', '', "
                "'NORMAL', '[]', 'Pakistan', '', 'CONTACTED', '2021-09-01 10:00:00', '', 'NOT_STARTED', '', "
                "'AHMAD KARIMI', 'احمد کریمی', 1, '2021-09-01 10:00:00', '2021-09-01 10:00:00', 3)"
            ))  # fmt: skip
            conn.execute(text(
                "INSERT INTO people (id, case_id, role, relationship_to_principal, name_original, doc_surname, "
                "doc_given_names, variants, father_name, father_name_original, sex, birth_precision, nationality, "
                "place_of_birth, cleared_to_travel, name_key, created_at, updated_at) VALUES (1, 1, 'PRINCIPAL', "
                "'SELF', 'احمد کریمی', 'KARIMI', 'AHMAD', '[]', '', '', 'M', 'YEAR_ONLY', 'AFG', '', false, '', "
                "'2021-09-01 10:00:00', '2021-09-01 10:00:00')"
            ))  # fmt: skip
        assert migrate.current_revision(engine) == "0001"
    finally:
        engine.dispose()


def test_an_older_store_is_upgraded_on_open_and_keeps_its_data(empty_location: StoreLocation) -> None:
    _first_version_store(empty_location)
    store = open_store(empty_location)
    try:
        assert migrate.current_revision(store.engine) == migrate.head_revision() != "0001"
        with store.read() as session:
            row = session.execute(text("SELECT reference, version FROM cases")).one()
            assert tuple(row) == ("ISB-2021-00001", 3)
            assert session.execute(text("SELECT doc_surname FROM people")).scalar() == "KARIMI"
            session.execute(text("SELECT count(*) FROM letters")).scalar()  # later tables exist
            session.execute(text("SELECT count(*) FROM handoffs")).scalar()
    finally:
        store.close()


def test_a_store_from_a_newer_version_is_refused_untouched(empty_location: StoreLocation) -> None:
    _first_version_store(empty_location)
    engine = make_engine(empty_location)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'from_the_future'"))
    engine.dispose()
    with pytest.raises(StoreError, match="newer version of caseworker"):
        open_store(empty_location)
    engine = make_engine(empty_location)
    try:
        assert migrate.current_revision(engine) == "from_the_future"
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM cases")).scalar() == 1
    finally:
        engine.dispose()


def test_the_newest_revision_read_from_the_scripts_is_the_one_alembic_computes() -> None:
    """Opening a store at this revision skips Alembic altogether, so the two must agree."""
    assert migrate.declared_head() == migrate.head_revision()


def test_a_store_at_the_newest_schema_opens_without_running_alembic(
    empty_location: StoreLocation, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_store(empty_location, create=True).close()
    from alembic import command

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("Alembic ran on a store already at the newest schema")

    monkeypatch.setattr(command, "upgrade", refuse)
    store = open_store(empty_location)
    try:
        assert migrate.current_revision(store.engine) == migrate.head_revision()
    finally:
        store.close()
