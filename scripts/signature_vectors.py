"""Print signature test vectors (JSON) for verifiers written outside caseworker.

    python scripts/signature_vectors.py > vectors.json

The key pair is fixed (private key = bytes 0x00..0x1f) and Ed25519 is
deterministic, so the output never changes. For each context of
docs/signatures.md it gives the body, the exact message signed and the
signature, all in hex; then a complete letter QR text (format 2) and a signed
revocation list, as `letters verify` reads them. A third-party verifier (such
as a future offline HTML page) should reproduce every `signature` from
`private_key`, verify each with `public_key`, and check that no signature
verifies under any other context.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from caseworker.documents import letter_payload as lp  # noqa: E402
from caseworker.documents import letter_verify as lv  # noqa: E402
from caseworker.domain import signing  # noqa: E402

PRIVATE = bytes(range(32))


def _letter() -> lp.LetterPayload:
    key = signing.private_from_raw(PRIVATE)
    people = (
        lp.PayloadPerson("MOHAMMAD KARIMI", dt.date(1985, 3, 14), False, "P01234567"),
        lp.PayloadPerson("ZARGHONA KARIMI", dt.date(1990, 1, 1), True, "1400-0102-03456"),
        lp.PayloadPerson("محمد کریمی", None, False, ""),
    )
    return lp.LetterPayload(lp.key_id(key.public_key()), "ISB/TA/2026/000123", 2, dt.date(2026, 12, 1),
                            dt.date(2027, 2, 28), people)  # fmt: skip


def vectors() -> dict[str, Any]:
    key = signing.private_from_raw(PRIVATE)
    public = key.public_key()
    letter_body = lp.encode(_letter())
    revocations = lv.write_revocation_list(
        [lv.RevocationEntry("ISB/TA/2026/000007", 1, "REVOKED", dt.date(2026, 11, 1)),
         lv.RevocationEntry("ISB/TA/2026/000123", 1, "SUPERSEDED", dt.date(2026, 11, 30))],
        key, dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.UTC), 7,
    )  # fmt: skip
    list_doc = json.loads(revocations)
    list_body = lv._canonical({k: v for k, v in list_doc.items() if k != "signature"})
    bodies = {
        signing.LETTER: letter_body,
        signing.REVOCATION_LIST: list_body,
        signing.AUDIT_EVENT: b"1234:" + b"ab" * 32,
        signing.ANCHOR: b"1234:" + b"ab" * 32,
    }
    return {
        "algorithm": "Ed25519 (RFC 8032), message = context || 0x00 || body",
        "private_key": PRIVATE.hex(),
        "public_key": signing.raw_public(public).hex(),
        "key_id": signing.key_id(public),
        "contexts": [
            {
                "context": context,
                "body": body.hex(),
                "message": signing.message(context, body).hex(),
                "signature": signing.sign(key, context, body).hex(),
            }
            for context, body in bodies.items()
        ],
        "letter": {
            "qr_text": lp.qr_text(lp.sign(_letter(), key)),
            "verification_code": lp.sign(_letter(), key).verification_code,
            "verify_on": "2026-12-15",
            "expected_verdict": "VALID",
        },
        "revocation_list": revocations.decode("utf-8"),
    }


if __name__ == "__main__":
    json.dump(vectors(), sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")
