"""Signatures carry a context string, and revocation lists go stale (issue 14, point 3).

Attacks: a revocation list issued before a letter was revoked, presented after
its maximum age; one kind of signature presented as another, made by the same
key over the same bytes; and an old letter (signed before contexts existed,
kept as a fixture written by that code) that must keep verifying.
"""

from __future__ import annotations

import base64
import datetime as dt
import itertools
import json
import re
from pathlib import Path

import pytest

from caseworker.documents import letter_payload as lp
from caseworker.documents import letter_verify as lv
from caseworker.domain import signing
from caseworker.services.settings import REVOCATION_MAX_AGE_DAYS
from caseworker.store.engine import Store
from caseworker.store.models import Letter
from tests.support.letters import authorised_case
from tests.support.stores import services_for

FIXTURE = json.loads((Path(__file__).parents[1] / "documents/fixtures/letter_format1.json").read_text())
NOW = dt.datetime.now(dt.UTC)


def _qr_text(store: Store, letter_id: int) -> str:
    with store.read() as session:
        letter = session.get(Letter, letter_id)
        assert letter is not None
        return letter.qr_text


def test_a_list_from_before_the_revocation_stops_making_the_letter_valid_once_stale(sqlite_store: Store) -> None:
    caseworker, officer = services_for(sqlite_store, "caseworker"), services_for(sqlite_store, "officer")
    letter = officer.letters.approve(
        caseworker.letters.draft(authorised_case(caseworker, officer).id, crossings=["Torkham"]).id)  # fmt: skip
    text = _qr_text(sqlite_store, letter.id)
    key = lp.load_public_key(caseworker.letters.public_key_pem()[0])
    before = lv.read_revocation_list(caseworker.letters.revocation_list(), key)  # the holder keeps this copy
    officer.letters.revoke(letter.id, "reported stolen at the border")
    assert lv.read_revocation_list(caseworker.letters.revocation_list(), key).find(letter.reference, 1)
    # within its maximum age the old list still says VALID: the README states this window
    assert lv.verify_text(text, key, before, now=before.issued_at + dt.timedelta(days=6)).verdict == "VALID"
    eight_days = before.issued_at + dt.timedelta(days=8, minutes=1)
    with pytest.raises(lv.StaleRevocationList, match=r"the revocation list is 8 days old; get a current one"):
        lv.verify_text(text, key, before, now=eight_days)
    accepted = lv.verify_text(text, key, before, now=eight_days, accept_stale=True)
    assert accepted.verdict == "VALID" and "STALE: 8 days old, accepted with --accept-stale" in accepted.reason
    assert accepted.to_json()["stale_revocation_list_days"] == 8
    # a stale list that names the letter still proves it revoked: revocation never un-happens
    after = lv.read_revocation_list(caseworker.letters.revocation_list(), key)
    assert lv.verify_text(text, key, after, now=NOW + dt.timedelta(days=30)).verdict == "REVOKED"


def test_the_maximum_age_is_a_setting_signed_into_the_list(sqlite_store: Store) -> None:
    admin, caseworker = services_for(sqlite_store, "admin"), services_for(sqlite_store, "caseworker")
    key = lp.load_public_key(caseworker.letters.public_key_pem()[0])
    assert lv.read_revocation_list(caseworker.letters.revocation_list(), key).max_age_days == 7
    admin.settings.set(REVOCATION_MAX_AGE_DAYS.key, "2")
    data = caseworker.letters.revocation_list()
    assert lv.read_revocation_list(data, key).is_stale(NOW + dt.timedelta(days=2, hours=1))
    lengthened = data.replace(b'"max_age_days": 2', b'"max_age_days": 90')  # a holder stretching its life
    assert lengthened != data
    with pytest.raises(lp.PayloadError, match="signature does not match"):
        lv.read_revocation_list(lengthened, key)
    redated = re.sub(rb'"issued_at": "[^"]+"', b'"issued_at": "2099-01-01T00:00:00Z"', data)  # made "fresh"
    assert redated != data
    with pytest.raises(lp.PayloadError, match="signature does not match"):
        lv.read_revocation_list(redated, key)


def _letter_payload(key) -> lp.LetterPayload:  # type: ignore[no-untyped-def]
    person = lp.PayloadPerson("AMINA NOORI", dt.date(1991, 5, 6), False, "P07654321")
    return lp.LetterPayload(lp.key_id(key.public_key()), "DOH/TA/2026/000009", 1, NOW.date(), NOW.date(), (person,))


def test_a_revocation_list_signature_presented_as_a_letter_signature_fails() -> None:
    key = signing.new_private_key()
    body = lp.encode(_letter_payload(key))
    # the same key, the same bytes, but signed as a revocation list would be
    as_list = signing.sign(key, signing.REVOCATION_LIST, body)
    result = lv.verify_text(lp.PREFIX + lp.b45encode(body + as_list), key.public_key(), today=NOW.date())
    assert result.verdict == "INVALID" and "signature does not match" in result.reason
    genuine = lp.sign(_letter_payload(key), key)
    assert lv.verify_text(lp.qr_text(genuine), key.public_key(), today=NOW.date()).verdict == "VALID"


def test_a_letter_signature_presented_as_a_revocation_list_signature_fails() -> None:
    key = signing.new_private_key()
    data = json.loads(lv.write_revocation_list([], key, NOW))
    body = {k: v for k, v in data.items() if k != "signature"}
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    for context in (signing.LETTER, signing.AUDIT_EVENT, signing.ANCHOR):
        forged = dict(body, signature=base64.b64encode(signing.sign(key, context, canonical)).decode())
        with pytest.raises(lp.PayloadError, match="signature does not match"):
            lv.read_revocation_list(json.dumps(forged).encode(), key.public_key())
    # nor a bare signature of the list, as the old format had
    bare = dict(body, signature=base64.b64encode(key.sign(canonical)).decode())
    with pytest.raises(lp.PayloadError, match="signature does not match"):
        lv.read_revocation_list(json.dumps(bare).encode(), key.public_key())


@pytest.mark.parametrize("made, checked", list(itertools.permutations(signing.CONTEXTS, 2)))
def test_no_context_accepts_a_signature_made_for_another(made: str, checked: str) -> None:
    key = signing.new_private_key()
    body = b"\x01the same bytes in every context"
    signature = signing.sign(key, made, body)
    assert signing.verify(key.public_key(), signature, made, body)
    assert not signing.verify(key.public_key(), signature, checked, body)
    assert not signing.verify_legacy(key.public_key(), signature, body)


def test_a_letter_signed_the_old_way_keeps_verifying() -> None:
    key = lp.load_public_key(FIXTURE["public_key_pem"].encode())
    text = FIXTURE["qr_text"]
    assert lp.b45decode(text[len(lp.PREFIX) :])[0] == lp.LEGACY_FORMAT
    result = lv.verify_text(text, key, today=dt.date(2026, 12, 1))
    assert result.verdict == "VALID", result.reason
    assert result.verification_code == FIXTURE["verification_code"]
    assert [p.name for p in result.payload.people] == ["MOHAMMAD KARIMI", "ZAHRA KARIMI"]  # type: ignore[union-attr]
    raw = bytearray(lp.b45decode(text[len(lp.PREFIX) :]))
    raw[raw.index(b"MOHAMMAD")] = ord("N")  # the old signature still protects every byte
    assert lv.verify_text(lp.PREFIX + lp.b45encode(bytes(raw)), key, today=dt.date(2026, 12, 1)).verdict == "INVALID"


def test_an_old_letter_body_re_signed_with_the_letter_context_is_not_an_old_letter() -> None:
    """A format-1 body only verifies with a bare signature; a format-2 body only with the context."""
    key = signing.new_private_key()
    body2 = lp.encode(_letter_payload(key))
    body1 = bytes([lp.LEGACY_FORMAT]) + body2[1:]
    for body, signature in ((body1, signing.sign(key, signing.LETTER, body1)), (body2, key.sign(body2))):
        result = lv.verify_text(lp.PREFIX + lp.b45encode(body + signature), key.public_key(), today=NOW.date())
        assert result.verdict == "INVALID"


def test_an_old_revocation_list_is_refused_with_a_clear_message() -> None:
    key = lp.load_public_key(FIXTURE["public_key_pem"].encode())
    with pytest.raises(lp.PayloadError, match="older version of caseworker.*get a current one from the issuing post"):
        lv.read_revocation_list(FIXTURE["revocation_list_v1"].encode(), key)
