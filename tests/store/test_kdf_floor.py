"""The key-derivation floor: a key slot cheaper to guess than production's is refused.

The test suite makes cheap slots through an explicit opt-in (CASEWORKER_TEST_WEAK_KDF=1,
set by tests/conftest.py). These tests take the opt-in away and check that nothing
else lets a weak slot through: not the module that happens to be imported (the old
check was `"pytest" in sys.modules`), not a process the tests did not opt in.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from caseworker.services import passwords
from caseworker.store import keyslots
from caseworker.store.keyslots import STRONG_KDF, KeySlots, WeakKeySlot
from tests.support.stores import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
KEY = secrets.token_bytes(32)


def test_a_weak_slot_is_refused_once_the_opt_in_is_gone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "store.db-keys"
    keyslots.save(path, KeySlots.new().with_password("amina", "a password", KEY))  # cheap: made under the opt-in
    assert keyslots.load(path).unwrap("amina", "a password") == KEY
    monkeypatch.delenv("CASEWORKER_TEST_WEAK_KDF")
    assert "pytest" in sys.modules  # the old switch would still have let it through
    with pytest.raises(WeakKeySlot, match=r"below caseworker's minimum \(argon2id t=1, m=8 KiB"):
        keyslots.load(path)


@pytest.mark.parametrize("field, value", [("t", STRONG_KDF.time_cost - 1), ("m", STRONG_KDF.memory_kib // 2)])
def test_lowering_either_cost_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, field: str, value: int
) -> None:
    doc = KeySlots.new().with_password("amina", "pw", KEY).to_bytes().decode()
    strong = STRONG_KDF.to_json()
    doc = doc.replace('"m": 8', f'"m": {strong["m"]}').replace('"t": 1', f'"t": {strong["t"]}')
    doc = doc.replace(f'"{field}": {strong[field]}', f'"{field}": {value}')
    monkeypatch.delenv("CASEWORKER_TEST_WEAK_KDF")
    with pytest.raises(WeakKeySlot):
        KeySlots.from_bytes(doc.encode(), "the key file")


def test_a_slot_at_production_strength_loads_without_the_opt_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    keyslots.weaken_kdf_for_tests(None)  # what a production process starts with
    monkeypatch.delenv("CASEWORKER_TEST_WEAK_KDF")
    try:
        assert keyslots.slot_kdf() == STRONG_KDF
        path = tmp_path / "keys"
        keyslots.save(path, KeySlots.new().with_password("amina", "a password", KEY))
        assert keyslots.load(path).unwrap("amina", "a password") == KEY
    finally:
        monkeypatch.setenv("CASEWORKER_TEST_WEAK_KDF", "1")
        keyslots.weaken_kdf_for_tests()


def test_the_test_hooks_refuse_to_run_without_the_opt_in(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CASEWORKER_TEST_WEAK_KDF")
    with pytest.raises(RuntimeError, match="only for the test suite.*CASEWORKER_TEST_WEAK_KDF=1"):
        keyslots.weaken_kdf_for_tests()
    with pytest.raises(RuntimeError, match="only for the test suite"):
        passwords.weaken_hashing_for_tests()


def _caseworker(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "caseworker", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_a_normal_process_refuses_a_store_whose_slots_are_weak(sqlite_templates, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    location = sqlite_templates.fresh(tmp_path)  # its slots were made with the test suite's cheap parameters
    env = dict(os.environ, CASEWORKER_STORE=str(location.path), CASEWORKER_USER="admin",
               CASEWORKER_PASSWORD=PASSWORD, PYTHONPATH=str(ROOT))  # fmt: skip
    opted_in = _caseworker(["store", "status"], env)
    assert opted_in.returncode == 0, opted_in.stderr  # a command the test suite starts inherits the opt-in
    del env["CASEWORKER_TEST_WEAK_KDF"]
    normal = _caseworker(["store", "status"], env)
    assert normal.returncode == 7, normal.stderr
    assert "key-derivation parameters below caseworker's minimum" in normal.stderr
    assert "recovery key" in normal.stderr and "Traceback" not in normal.stderr
