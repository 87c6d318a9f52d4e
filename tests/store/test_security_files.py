"""Files a security command reads from outside (anchors, key files, revocation lists), fed garbage.

Each reader either understands the file or refuses it with a clear, typed
error; none crashes, whatever the bytes.
"""

from __future__ import annotations

import json
import secrets
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from caseworker.documents import letter_payload as lp
from caseworker.documents import letter_verify as lv
from caseworker.domain import signing
from caseworker.domain.errors import StoreError, ValidationError
from caseworker.store import keyslots, slot_box
from caseworker.store.anchors import read_anchor
from caseworker.store.keyslots import KeySlots

KEY = secrets.token_bytes(32)
SIGNER = signing.new_private_key()
JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=400) | JSONISH.map(lambda v: json.dumps({"audit_head": v}).encode()))
def test_an_anchor_file_of_any_content_is_read_or_refused(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "anchor"
    path.write_bytes(data)
    try:
        anchor = read_anchor(str(path))
    except ValidationError as exc:
        assert exc.field == "--anchor"
    else:
        assert anchor.seq >= 0 and len(anchor.hash) >= 8


@settings(max_examples=150)
@given(doc=JSONISH)
def test_a_key_file_of_any_shape_is_damaged_not_a_crash(doc: object) -> None:
    data = json.dumps({"format": "caseworker-keyslots", "version": 2, "store_id": "x", "tag_salt": "AAAA",
                       "slots": doc, "pending": doc}).encode()  # fmt: skip
    try:
        KeySlots.from_bytes(data, "the key file")
    except StoreError:
        pass


@settings(max_examples=150)
@given(doc=st.dictionaries(st.sampled_from(["format", "key_id", "issued_at", "max_age_days", "letters", "signature"]),
                           JSONISH, max_size=6))  # fmt: skip
def test_a_revocation_list_of_any_shape_is_refused_cleanly(doc: dict) -> None:  # type: ignore[type-arg]
    with pytest.raises(lp.PayloadError):
        lv.read_revocation_list(json.dumps(doc).encode(), SIGNER.public_key())


def test_a_slot_written_before_box_keys_still_opens_but_cannot_be_resealed() -> None:
    """A version-1 slot (the data key wrapped directly) keeps working until its user's next password."""
    from dataclasses import replace

    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    slots = KeySlots.new()
    tag, kdf, salt, nonce = slots.tag("amina"), keyslots.slot_kdf(), secrets.token_bytes(16), secrets.token_bytes(12)
    wrapped = AESGCM(keyslots.derive_key("pw", salt, kdf)).encrypt(nonce, KEY, slots._aad(tag, kdf))
    old = replace(slots, slots=(keyslots.Slot(tag, kdf, salt, nonce, wrapped, "2026-01-01T00:00:00"),))
    old = KeySlots.from_bytes(old.to_bytes(), "a version-1 key file")
    assert old.unwrap("amina", "pw") == KEY
    resealed, dropped = old.with_password("bilal", "pw2", KEY).resealed(secrets.token_bytes(32))
    assert dropped == 1 and not resealed.has("amina") and resealed.has("bilal")


def test_a_pending_slot_opens_only_with_the_same_password() -> None:
    new_key = secrets.token_bytes(32)
    slots = KeySlots.new().with_password("amina", "pw", KEY)
    staged, _ = slots.resealed(new_key)
    during = KeySlots.from_bytes(slots.with_pending(staged.slots, new_key).to_bytes(), "mid-rekey")
    assert [k for k, _ in during.candidates("amina", "pw")] == [KEY, new_key]
    assert during.candidates("amina", "wrong") == []
    assert during.pending_key_matches(new_key) and not during.pending_key_matches(KEY)
    assert during.promoted().unwrap("amina", "pw") == new_key


def test_a_sealed_key_opens_only_with_its_box_and_its_context() -> None:
    private, public = slot_box.new_box()
    sealed = slot_box.seal(public, KEY, b"slot one")
    assert slot_box.open_sealed(private, sealed, b"slot one") == KEY
    assert slot_box.open_sealed(private, sealed, b"slot two") is None  # moved to another slot
    assert slot_box.open_sealed(slot_box.new_box()[0], sealed, b"slot one") is None
    assert slot_box.open_sealed(private, sealed[:-1], b"slot one") is None
