"""scripts/signature_vectors.py, checked the way a verifier written elsewhere would.

The checks below rebuild each message from docs/signatures.md by hand
(context bytes, a zero byte, the body) and use the `cryptography` Ed25519
primitives directly, not caseworker's signing module.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import struct
import subprocess
import sys
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from caseworker.documents import letter_payload as lp
from caseworker.documents import letter_verify as lv

ROOT = Path(__file__).resolve().parents[2]


def _vectors() -> dict:  # type: ignore[type-arg]
    out = subprocess.run([sys.executable, str(ROOT / "scripts/signature_vectors.py")], capture_output=True,
                         text=True, timeout=60, check=True).stdout  # fmt: skip
    return json.loads(out)


def test_the_vectors_check_out_by_the_documented_rules() -> None:
    vectors = _vectors()
    private = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(vectors["private_key"]))
    public = Ed25519PublicKey.from_public_bytes(bytes.fromhex(vectors["public_key"]))
    contexts = {v["context"] for v in vectors["contexts"]}
    assert contexts == {"caseworker/letter/2", "caseworker/revocation-list/2", "caseworker/audit-event/1",
                        "caseworker/anchor/1"}  # fmt: skip
    for v in vectors["contexts"]:
        body = bytes.fromhex(v["body"])
        message = v["context"].encode("ascii") + b"\x00" + body
        assert bytes.fromhex(v["message"]) == message
        assert private.sign(message).hex() == v["signature"]  # deterministic: reproducible anywhere
        public.verify(bytes.fromhex(v["signature"]), message)
        for other in contexts - {v["context"]}:
            try:
                public.verify(bytes.fromhex(v["signature"]), other.encode() + b"\x00" + body)
            except Exception:
                continue
            raise AssertionError(f"a {v['context']} signature verified as {other}")


def test_the_letter_vector_reads_by_the_documented_layout() -> None:
    vectors = _vectors()
    data = lp.b45decode(vectors["letter"]["qr_text"][len("TA1:") :])
    record, signature = data[:-64], data[-64:]
    assert record[0] == 2 and record[1:5].hex() == vectors["key_id"]
    n = record[5]
    assert record[6 : 6 + n].decode() == "ISB/TA/2026/000123"
    version, start, end = record[6 + n], *struct.unpack(">HH", record[7 + n : 11 + n])
    assert version == 2
    assert dt.date(2000, 1, 1) + dt.timedelta(days=start) == dt.date(2026, 12, 1)
    assert dt.date(2000, 1, 1) + dt.timedelta(days=end) == dt.date(2027, 2, 28)
    public = Ed25519PublicKey.from_public_bytes(bytes.fromhex(vectors["public_key"]))
    public.verify(signature, b"caseworker/letter/2\x00" + record)
    result = lv.verify_text(vectors["letter"]["qr_text"], public, today=dt.date.fromisoformat(vectors["letter"]["verify_on"]))
    assert result.verdict == vectors["letter"]["expected_verdict"]
    assert result.verification_code == vectors["letter"]["verification_code"]


def test_the_revocation_list_vector_signs_its_canonical_body() -> None:
    vectors = _vectors()
    doc = json.loads(vectors["revocation_list"])
    signature = base64.b64decode(doc.pop("signature"))
    body = json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    public = Ed25519PublicKey.from_public_bytes(bytes.fromhex(vectors["public_key"]))
    public.verify(signature, b"caseworker/revocation-list/2\x00" + body)
    assert doc["max_age_days"] == 7 and doc["issued_at"] == "2026-12-01T09:30:00Z"
    listed = lv.read_revocation_list(vectors["revocation_list"].encode(), public)
    assert listed.find("ISB/TA/2026/000007", 1) is not None
