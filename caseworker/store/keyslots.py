"""Key slots: each user's password wraps the store's random data key, as LUKS does.

An encrypted SQLite store `caseworker.db` has a sidecar file `caseworker.db-keys`
(JSON, no personal data) holding one slot per user who may open it. A slot is
the 32-byte data key encrypted with AES-256-GCM under a key derived from the
user's password by argon2id, a memory-hard KDF whose parameters are stored in
the slot, so they can be raised later without breaking old slots. Slots are
found by a salted HMAC of the user name, so the file does not list the team.

Adding a user adds a slot, changing a password rewraps it, disabling a user
removes it. The data key itself is never derived from a password: the
recovery key (see `recovery_key.py`) is a written-down copy of it, so losing
every password, or the whole sidecar, loses nothing.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from caseworker.domain.errors import StoreError
from caseworker.store import slot_box
from caseworker.store.base import utcnow
from caseworker.store.files import atomic_write
from caseworker.store.kdf_floor import require_test_opt_in, weak_kdf_allowed

FORMAT = "caseworker-keyslots"
VERSION = 2  # slots hold a box key the data key is sealed to (slot_box.py); version 1 files still read
KEY_BYTES = 32
SIGNING_AAD = b"|audit-signing-key"
BOX_AAD = b"|box-key"
SEALED_AAD = b"|sealed-data-key"


def key_check(data_key: bytes) -> str:
    """Names a data key without revealing it (to tell which key a rekey left the store under)."""
    return hashlib.sha256(b"caseworker-data-key-check:" + data_key).hexdigest()[:32]


def sidecar_path(store_path: Path) -> Path:
    return store_path.with_name(store_path.name + "-keys")


def key_files_near(store_path: Path) -> list[Path]:
    """Every file next to the store that may hold its key slots: the key file, one kept
    aside as damaged, those of replaced stores kept by a restore, and any left by an
    interrupted operation (hidden temporary names)."""
    folder, name = store_path.parent, store_path.name
    found = {sidecar_path(store_path), sidecar_path(store_path).with_name(f"{name}-keys.damaged")}
    found.update(folder.glob(f"{name}.replaced-*-keys"))
    found.update(folder.glob(f".{name}.*-keys"))
    found.update(folder.glob(f".{name}-keys.new-*"))
    return sorted(p for p in found if p.exists())


@dataclass(frozen=True, slots=True)
class KdfParams:
    """argon2id cost parameters, stored with every slot."""

    time_cost: int
    memory_kib: int
    parallelism: int
    name: str = "argon2id"

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "t": self.time_cost, "m": self.memory_kib, "p": self.parallelism}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> KdfParams:
        params = cls(int(data["t"]), int(data["m"]), int(data["p"]), str(data["name"]))
        # Refuse parameters that would exhaust the machine (a hostile or damaged file).
        if (
            params.name != "argon2id"
            or not 1 <= params.time_cost <= 64
            or not 8 <= params.memory_kib <= 4 * 1024 * 1024
            or not 1 <= params.parallelism <= 64
        ):
            raise ValueError(f"unsupported key-derivation parameters {params.to_json()}")
        return params


# About a third of a second and 256 MiB of memory per guess on a laptop.
STRONG_KDF = KdfParams(time_cost=3, memory_kib=256 * 1024, parallelism=4)
# Only for the test suite, which opens thousands of stores: see weaken_kdf_for_tests().
INSECURE_TEST_KDF = KdfParams(time_cost=1, memory_kib=8, parallelism=1)
_test_kdf: KdfParams | None = None


def weaken_kdf_for_tests(params: KdfParams | None = INSECURE_TEST_KDF) -> None:
    """TEST HOOK: make new slots cheap to derive, and accept cheap slots when loaded.

    Refused unless the test opt-in (`CASEWORKER_TEST_WEAK_KDF=1`, see
    `store/kdf_floor.py`) is in the environment. Production code never
    calls this; slots created while it is in force carry their weak parameters
    with them, and any process without the opt-in refuses them.
    """
    require_test_opt_in("weaken_kdf_for_tests()")
    global _test_kdf
    _test_kdf = params


def slot_kdf() -> KdfParams:
    """The parameters new slots are made with."""
    if _test_kdf is not None:
        return _test_kdf
    return INSECURE_TEST_KDF if weak_kdf_allowed() else STRONG_KDF


def below_floor(params: KdfParams) -> bool:
    """True if `params` are cheaper to guess through than production's on any axis."""
    return params.time_cost < STRONG_KDF.time_cost or params.memory_kib < STRONG_KDF.memory_kib


class WeakKeySlot(StoreError):
    def __init__(self, where: str, params: KdfParams) -> None:
        super().__init__(
            f"the key file {where} holds a key slot with key-derivation parameters below caseworker's minimum "
            f"(argon2id t={params.time_cost}, m={params.memory_kib} KiB; the minimum is t={STRONG_KDF.time_cost}, "
            f"m={STRONG_KDF.memory_kib} KiB): a password wrapped so cheaply is easy to guess, so this key file is "
            "refused; it may have come from a test run. Open the store with its recovery key "
            "(`caseworker store recover`) and set new passwords"
        )


def derive_key(secret: str, salt: bytes, params: KdfParams) -> bytes:
    return hash_secret_raw(
        secret.encode("utf-8"), salt, params.time_cost, params.memory_kib, params.parallelism, KEY_BYTES, Type.ID
    )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


@dataclass(frozen=True, slots=True)
class Slot:
    """One user's slot: the data key and, once they have one, their audit-signing key, both
    opened by the one key their password derives (so signing costs no second derivation).

    A version-2 slot's password wraps its *box key* (`nonce`, `wrapped`), and the data
    key is sealed to the box's public half (`sealed`), so `store rekey` can seal a new
    data key to it without the password. A version-1 slot wraps the data key directly.
    """

    tag: str
    kdf: KdfParams
    salt: bytes
    nonce: bytes
    wrapped: bytes
    created_at: str
    signing_nonce: bytes = b""
    signing_wrapped: bytes = b""
    box_public: bytes = b""
    sealed: bytes = b""

    def to_json(self) -> dict[str, Any]:
        doc = {
            "tag": self.tag, "kdf": self.kdf.to_json(), "salt": _b64(self.salt), "nonce": _b64(self.nonce),
            "wrapped": _b64(self.wrapped), "created_at": self.created_at,
        }  # fmt: skip
        if self.signing_wrapped:
            doc["signing"] = {"nonce": _b64(self.signing_nonce), "wrapped": _b64(self.signing_wrapped)}
        if self.sealed:
            doc["box"], doc["sealed"] = _b64(self.box_public), _b64(self.sealed)
        return doc

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Slot:
        signing = data.get("signing") or {}
        return cls(
            str(data["tag"]), KdfParams.from_json(data["kdf"]), _unb64(data["salt"]), _unb64(data["nonce"]),
            _unb64(data["wrapped"]), str(data.get("created_at", "")),
            _unb64(signing["nonce"]) if signing else b"", _unb64(signing["wrapped"]) if signing else b"",
            _unb64(data["box"]) if "sealed" in data else b"", _unb64(data["sealed"]) if "sealed" in data else b"",
        )  # fmt: skip


def normalise_username(username: str) -> str:
    return (username or "").strip().lower()


@dataclass(frozen=True, slots=True)
class KeySlots:
    """The content of a sidecar file. Immutable: changes return a new value."""

    store_id: str
    tag_salt: bytes = field(repr=False)
    slots: tuple[Slot, ...] = ()
    # During a rekey (store/rekey.py): the slots sealed to the next data key, and which key that is.
    pending: tuple[Slot, ...] = ()
    pending_check: str = ""

    @classmethod
    def new(cls) -> KeySlots:
        return cls(secrets.token_hex(16), secrets.token_bytes(16))

    def tag(self, username: str) -> str:
        digest = hmac.new(self.tag_salt, normalise_username(username).encode("utf-8"), hashlib.sha256)
        return digest.hexdigest()[:32]

    def has(self, username: str) -> bool:
        return self._find(self.tag(username)) is not None

    def _find(self, tag: str) -> Slot | None:
        return next((s for s in self.slots if s.tag == tag), None)

    def _aad(self, slot_tag: str, kdf: KdfParams) -> bytes:
        return f"{FORMAT}:{VERSION}|{self.store_id}|{slot_tag}|{json.dumps(kdf.to_json(), sort_keys=True)}".encode()

    def unwrap(self, username: str, password: str) -> bytes | None:
        """The data key if `password` opens `username`'s slot, else None.

        An unknown user costs the same key derivation as a known one, so the
        time taken does not tell which user names exist.
        """
        return self.unwrap_both(username, password)[0]

    def unwrap_both(self, username: str, password: str) -> tuple[bytes | None, bytes | None]:
        """(data key, raw audit-signing key or None) if `password` opens the slot, else (None, None)."""
        found = self.candidates(username, password)
        return found[0] if found else (None, None)

    def candidates(self, username: str, password: str) -> list[tuple[bytes, bytes | None]]:
        """Every (data key, signing key) `password` opens for `username`: the slot's, then, during an
        interrupted rekey, its pending slot's (the store is under one of the two)."""
        tag = self.tag(username)
        slot = self._find(tag)
        if slot is None:
            derive_key(password, secrets.token_bytes(16), self.slots[0].kdf if self.slots else slot_kdf())
            return []
        kek = AESGCM(derive_key(password, slot.salt, slot.kdf))
        aad = self._aad(slot.tag, slot.kdf)
        try:
            inner = kek.decrypt(slot.nonce, slot.wrapped, aad + (BOX_AAD if slot.sealed else b""))
            signing = kek.decrypt(slot.signing_nonce, slot.signing_wrapped, aad + SIGNING_AAD) if slot.signing_wrapped else None
        except InvalidTag:
            return []
        found = []
        key = slot_box.open_sealed(inner, slot.sealed, aad + SEALED_AAD) if slot.sealed else inner
        if key is not None and len(key) == KEY_BYTES:
            found.append((key, signing))
        pending = next((s for s in self.pending if s.tag == tag and s.box_public == slot.box_public), None)
        if pending is not None and slot.sealed:
            later = slot_box.open_sealed(inner, pending.sealed, self._aad(pending.tag, pending.kdf) + SEALED_AAD)
            if later is not None and len(later) == KEY_BYTES:
                found.append((later, signing))
        return found

    def with_password(self, username: str, password: str, data_key: bytes, signing: bytes | None = None) -> KeySlots:
        """A new slot for `username` (replacing theirs, if any) opened by `password`, holding
        the data key and, if given, their raw audit-signing key."""
        if len(data_key) != KEY_BYTES:
            raise ValueError("the data key must be 32 bytes")
        tag, kdf, salt, nonce = self.tag(username), slot_kdf(), secrets.token_bytes(16), secrets.token_bytes(12)
        kek, aad = AESGCM(derive_key(password, salt, kdf)), self._aad(tag, kdf)
        box_private, box_public = slot_box.new_box()
        wrapped = kek.encrypt(nonce, box_private, aad + BOX_AAD)
        signing_nonce = secrets.token_bytes(12) if signing else b""
        signing_wrapped = kek.encrypt(signing_nonce, signing, aad + SIGNING_AAD) if signing else b""
        sealed = slot_box.seal(box_public, data_key, aad + SEALED_AAD)
        slot = Slot(tag, kdf, salt, nonce, wrapped, utcnow().isoformat(timespec="seconds"), signing_nonce,
                    signing_wrapped, box_public, sealed)  # fmt: skip
        return replace(self, slots=(*(s for s in self.slots if s.tag != tag), slot))

    # -- rotating the data key (store/rekey.py) ---------------------------------------

    def resealed(self, new_key: bytes) -> tuple[KeySlots, int]:
        """These slots with `new_key` sealed to each (no password needed); version-1 slots, which
        cannot be resealed, are left out. Returns the new slots and how many were left out."""
        kept = tuple(
            replace(s, sealed=slot_box.seal(s.box_public, new_key, self._aad(s.tag, s.kdf) + SEALED_AAD))
            for s in self.slots if s.sealed
        )  # fmt: skip
        return replace(self, slots=kept, pending=(), pending_check=""), len(self.slots) - len(kept)

    def with_pending(self, slots: tuple[Slot, ...], new_key: bytes) -> KeySlots:
        return replace(self, pending=slots, pending_check=key_check(new_key))

    def pending_key_matches(self, data_key: bytes) -> bool:
        return bool(self.pending) and hmac.compare_digest(self.pending_check, key_check(data_key))

    def promoted(self) -> KeySlots:
        return replace(self, slots=self.pending, pending=(), pending_check="")

    def without_pending(self) -> KeySlots:
        return replace(self, pending=(), pending_check="")

    def without(self, username: str) -> KeySlots:
        tag = self.tag(username)
        return replace(self, slots=tuple(s for s in self.slots if s.tag != tag))

    def to_bytes(self) -> bytes:
        doc = {
            "format": FORMAT, "version": VERSION, "store_id": self.store_id, "tag_salt": _b64(self.tag_salt),
            "slots": [s.to_json() for s in self.slots],
        }  # fmt: skip
        if self.pending:
            doc["pending"] = {"check": self.pending_check, "slots": [s.to_json() for s in self.pending]}
        return json.dumps(doc, indent=1, sort_keys=True).encode("utf-8")

    @classmethod
    def from_bytes(cls, data: bytes, where: str) -> KeySlots:
        try:
            doc = json.loads(data.decode("utf-8"))
            if not isinstance(doc, dict) or doc.get("format") != FORMAT:
                raise ValueError("not a caseworker key file")
            if int(doc.get("version", 0)) > VERSION:
                raise StoreError(f"{where} was written by a newer version of caseworker; update the application")
            store_id, tag_salt = str(doc["store_id"]), _unb64(doc["tag_salt"])
            slots = tuple(Slot.from_json(s) for s in doc["slots"])
            pending_doc = doc.get("pending") or {}
            pending = tuple(Slot.from_json(s) for s in pending_doc.get("slots", ()))
            pending_check = str(pending_doc.get("check", ""))
        except StoreError:
            raise
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise KeySlotsDamaged(where, exc) from None
        weak = next((s.kdf for s in (*slots, *pending) if below_floor(s.kdf)), None)
        if weak is not None and not weak_kdf_allowed():
            raise WeakKeySlot(where, weak)
        return cls(store_id, tag_salt, slots, pending, pending_check)


class KeySlotsMissing(StoreError):
    def __init__(self, where: str) -> None:
        super().__init__(
            f"the key file {where} is missing, so no password can open this encrypted store; "
            "restore the key file from a backup, or open the store with its recovery key "
            "(`caseworker store recover`)"
        )


class KeySlotsDamaged(StoreError):
    def __init__(self, where: str, problem: Exception) -> None:
        super().__init__(
            f"the key file {where} is damaged ({type(problem).__name__}); the store itself is untouched: "
            "restore the key file from a backup, or open the store with its recovery key "
            "(`caseworker store recover`)"
        )


def load(path: Path) -> KeySlots:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise KeySlotsMissing(str(path)) from None
    except OSError as exc:
        raise StoreError(f"cannot read the key file {path}: {exc.strerror}") from None
    return KeySlots.from_bytes(data, str(path))


def save(path: Path, slots: KeySlots) -> None:
    atomic_write(path, slots.to_bytes())
