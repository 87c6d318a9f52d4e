"""`caseworker demo` issues letters for its LETTER_ISSUED cases, and they verify."""

from __future__ import annotations

from sqlalchemy import func, select

from caseworker.services.demo import fill_store
from caseworker.services.demo.users import demo_actor
from caseworker.store.engine import Store
from caseworker.store.models import Case, Letter
from tests.support.stores import services_for


def test_demo_letters_are_signed_numbered_and_verify(sqlite_store: Store) -> None:
    actor, workers = demo_actor(sqlite_store)
    result = fill_store(sqlite_store, 300, 3, actor.actor, workers)
    with sqlite_store.read() as session:
        issued_cases = session.execute(select(func.count()).where(Case.status == "LETTER_ISSUED")).scalar_one()
        letters = session.execute(select(Letter).order_by(Letter.id)).scalars().all()
        texts = [(x.qr_text, x.reference, x.valid_to) for x in letters]
    assert result.letters == issued_cases == len(letters) > 0
    officer = services_for(sqlite_store, "officer")
    for text, reference, valid_to in texts:
        result = officer.letters.verify(text, today=valid_to)
        assert result.verdict == "VALID" and result.payload and result.payload.reference == reference
    by_post: dict[str, list[int]] = {}
    for _, reference, _ in texts:
        post, _, year, number = reference.split("/")
        by_post.setdefault(f"{post}/{year}", []).append(int(number))
    assert all(sorted(n) == list(range(1, len(n) + 1)) for n in by_post.values())  # gap-free per post and year
