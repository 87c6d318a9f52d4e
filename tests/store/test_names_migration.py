"""Migration names_1 rebuilds the name keys of the people already held (issue 13)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from caseworker.domain import names
from caseworker.services.api import Services
from caseworker.services.queries import CaseQuery
from caseworker.store import migrate
from caseworker.store.engine import Store
from caseworker.store.migrations.versions import names_1
from tests.support.factories import new_case


def test_upgrading_rebuilds_the_keys_of_people_held(store: Store, caseworker: Services) -> None:
    held = new_case(caseworker, given="Abdurrahman", surname="Popalzai", original="عبدالرحمن پوپلزی").id
    other = new_case(caseworker, given="Karim", surname="Stanikzai", original="کریم ستانکزی").id
    with store.engine.begin() as conn:  # keys as an older version wrote them
        conn.execute(text("UPDATE people SET name_key = 'abdrhmn ppz'"))
        conn.execute(text("UPDATE search_rows SET keys = 'abdrhmn ppz', words = 'abdurrahman popalzai' "
                          "WHERE person_id IS NOT NULL"))  # fmt: skip
        conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": names_1.down_revision})

    def found(query: str) -> set[int]:
        return set(caseworker.queries.ids(CaseQuery(text=query)))

    assert found("Rahman") == set()  # the stale keys do not know the part
    migrate.upgrade(store.engine)
    assert migrate.current_revision(store.engine) == migrate.head_revision()
    with store.read() as session:
        keys = dict(session.execute(text("SELECT case_id, name_key FROM people")).all())
    assert keys[held] == names.sorted_name_key("ABDURRAHMAN POPALZAI") == "abd pplz rhmn"
    assert keys[other] == names.sorted_name_key("KARIM STANIKZAI")
    assert found("Rahman") == found("پوپلزی") == {held}
    assert found("Stanikzai") == {other}  # the other person's row is theirs again, not a copy
    with store.engine.begin() as conn:  # and the full-text index still follows later edits
        conn.execute(text("UPDATE search_rows SET words = 'qqzzyy' WHERE case_id = :c AND person_id IS NOT NULL"),
                     {"c": other})  # fmt: skip
    assert found("qqzzyy") == {other}


def test_the_rebuild_walks_a_store_in_batches(store: Store, caseworker: Services,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    for i in range(5):
        new_case(caseworker, given=f"Mirwais{'a' * i}", surname="Hotak", original="")
    monkeypatch.setattr(names_1, "BATCH", 2)
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE people SET name_key = ''"))
        conn.execute(text("UPDATE search_rows SET keys = '' WHERE person_id IS NOT NULL"))
        assert names_1.rebuild_name_keys(conn) == 5
        assert conn.execute(text("SELECT count(*) FROM people WHERE name_key = ''")).scalar() == 0
        assert conn.execute(text("SELECT count(*) FROM search_rows WHERE keys LIKE '%htk%'")).scalar() == 5
