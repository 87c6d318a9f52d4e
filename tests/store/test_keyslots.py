"""Key slots and the recovery key, at the file level."""

from __future__ import annotations

import json
import secrets
from pathlib import Path

import pytest

from caseworker.domain.errors import AuthenticationError
from caseworker.store import keyslots, recovery_key
from caseworker.store.keyslots import STRONG_KDF, KeySlots, KeySlotsDamaged, KeySlotsMissing

KEY = secrets.token_bytes(32)


def test_each_password_opens_only_its_own_slot() -> None:
    slots = KeySlots.new().with_password("amina", "amina's password", KEY).with_password("bilal", "bilal's pw!", KEY)
    assert slots.unwrap("amina", "amina's password") == KEY
    assert slots.unwrap("AMINA ", "amina's password") == KEY  # user names are case-insensitive
    assert slots.unwrap("bilal", "bilal's pw!") == KEY
    assert slots.unwrap("amina", "bilal's pw!") is None
    assert slots.unwrap("nobody", "amina's password") is None


def test_rewrapping_replaces_the_old_password_and_removing_closes_the_slot() -> None:
    slots = KeySlots.new().with_password("amina", "first password", KEY)
    slots = slots.with_password("amina", "second password", KEY)
    assert len(slots.slots) == 1
    assert slots.unwrap("amina", "first password") is None
    assert slots.unwrap("amina", "second password") == KEY
    assert slots.without("amina").unwrap("amina", "second password") is None


def test_the_file_round_trips_and_holds_neither_names_nor_keys(tmp_path: Path) -> None:
    path = tmp_path / "store.db-keys"
    slots = KeySlots.new().with_password("fatima.karimi", "a password", KEY)
    keyslots.save(path, slots)
    raw = path.read_bytes()
    assert b"fatima" not in raw and KEY.hex().encode() not in raw and b"a password" not in raw
    assert keyslots.load(path).unwrap("fatima.karimi", "a password") == KEY
    assert path.stat().st_mode & 0o077 == 0  # private to its owner


def test_kdf_parameters_are_stored_per_slot_and_tests_use_the_named_hook(monkeypatch: pytest.MonkeyPatch) -> None:
    slot = KeySlots.new().with_password("amina", "pw", KEY).slots[0]
    assert slot.kdf == keyslots.INSECURE_TEST_KDF  # set by conftest through weaken_kdf_for_tests()
    assert STRONG_KDF.memory_kib >= 64 * 1024 and STRONG_KDF.name == "argon2id"
    keyslots.weaken_kdf_for_tests(None)
    monkeypatch.delenv("CASEWORKER_TEST_WEAK_KDF")  # see tests/store/test_kdf_floor.py
    try:
        assert keyslots.slot_kdf() == STRONG_KDF  # what production code always gets
    finally:
        monkeypatch.setenv("CASEWORKER_TEST_WEAK_KDF", "1")
        keyslots.weaken_kdf_for_tests()


def test_tampered_parameters_or_ciphertext_do_not_open(tmp_path: Path) -> None:
    path = tmp_path / "keys"
    keyslots.save(path, KeySlots.new().with_password("amina", "pw", KEY))
    doc = json.loads(path.read_text())
    doc["slots"][0]["kdf"]["t"] = 2  # an attacker lowering or changing the cost
    path.write_text(json.dumps(doc))
    assert keyslots.load(path).unwrap("amina", "pw") is None


@pytest.mark.parametrize("content", [b"", b"{not json", b'{"format": "something else"}', b'{"format": "caseworker-keyslots", "store_id": "x"}'])
def test_a_damaged_or_missing_file_is_a_clear_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "keys"
    with pytest.raises(KeySlotsMissing, match="missing.*recovery key"):
        keyslots.load(path)
    path.write_bytes(content)
    with pytest.raises(KeySlotsDamaged, match="damaged.*untouched.*recovery key"):
        keyslots.load(path)


def test_recovery_key_round_trip_is_forgiving_and_catches_typos() -> None:
    code = recovery_key.encode(KEY)
    groups = code.split("-")
    assert len(groups) == 14 and all(len(g) == 4 for g in groups)
    assert recovery_key.decode(code) == KEY
    sloppy = " ".join(groups).lower().replace("o", "0").replace("i", "1")
    assert recovery_key.decode(sloppy) == KEY
    typo = code[:10] + ("A" if code[10] != "A" else "B") + code[11:]
    with pytest.raises(AuthenticationError, match="typo"):
        recovery_key.decode(typo)
    with pytest.raises(AuthenticationError, match="14 groups"):
        recovery_key.decode(code[:-5])
