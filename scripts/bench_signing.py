#!/usr/bin/env python3
"""Benchmark: what signing an audit event costs a case edit, against an unsigned baseline in the same run.

    python scripts/bench_signing.py [--edits 400] [--cases 200]

One encrypted store, one signed-in caseworker. The same kind of edit (a case's
current area) is made alternately by two sessions of that user: one whose
audit events are signed with the user's Ed25519 key (what the application
does), and one with no signing key (the baseline: the trail as it was before
issue 14, hash-chained only). Alternating keeps both sides on the same store,
cache and disk. The target (issue 14) is that signing adds at most 2 ms to a
case edit; the script exits 1 if the median difference is larger.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from caseworker.domain import signing  # noqa: E402
from caseworker.services.api import Services  # noqa: E402
from caseworker.services.demo import fill_store  # noqa: E402
from caseworker.services.demo.users import create_demo_users, demo_actor  # noqa: E402
from caseworker.services.session import sign_in  # noqa: E402
from caseworker.services.setup import record_creation  # noqa: E402
from caseworker.store.encryption import creating  # noqa: E402
from caseworker.store.location import StoreLocation  # noqa: E402
from caseworker.store.models import Case  # noqa: E402

TARGET_MS = 2.0
PASSWORD = "benchmark password 1"
AREAS = ["Peshawar", "Quetta", "Islamabad", "Rawalpindi", "Lahore", "Karachi", "Mardan", "Nowshera"]


def _edit(services: Services, case_id: int, rng: random.Random) -> float:
    version = services.cases.get(case_id).version
    started = time.perf_counter()
    services.cases.update(case_id, version, {"current_area": f"{rng.choice(AREAS)} {rng.randrange(10**6)}"})
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=400, help="edits per side")
    parser.add_argument("--cases", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        location = StoreLocation(path=Path(folder) / "bench.db")
        with creating(location, encrypted=True) as new:
            record_creation(new.store, encrypted=True)
            create_demo_users(new.store, PASSWORD)
            actor, workers = demo_actor(new.store)
            fill_store(new.store, args.cases, 1, actor.actor, workers)
        signed = sign_in(location, "caseworker", PASSWORD)
        try:
            assert signed.user.signer is not None
            unsigned = Services(signed.store, dataclasses.replace(signed.user, signer=None, signer_id=""))
            with signed.store.read() as session:
                ids = [c.id for c in session.query(Case.id).limit(args.cases)]
            rng = random.Random(7)
            for side in (signed, unsigned):  # warm both paths
                for _ in range(20):
                    _edit(side, rng.choice(ids), rng)
            times: dict[str, list[float]] = {"signed": [], "unsigned": []}
            sides = [("signed", signed), ("unsigned", unsigned)]
            for n in range(args.edits):
                for name, side in sides if n % 2 else sides[::-1]:  # each goes first half the time
                    times[name].append(_edit(side, rng.choice(ids), rng))
            report = signed.history.verify()
        finally:
            signed.store.close()
    key = signing.new_private_key()
    started = time.perf_counter()
    for seq in range(2000):
        signing.sign(key, signing.AUDIT_EVENT, f"{seq}:{'ab' * 32}".encode())
    sign_us = (time.perf_counter() - started) / 2000 * 1e6
    med = {name: statistics.median(values) * 1000 for name, values in times.items()}
    extra = med["signed"] - med["unsigned"]
    print(f"case edit, median of {args.edits}: signed {med['signed']:.2f} ms, unsigned {med['unsigned']:.2f} ms")
    print(f"ratio signed/unsigned {med['signed'] / med['unsigned']:.3f}; signing adds {extra:+.2f} ms "
          f"(target: at most {TARGET_MS:.1f} ms)")  # fmt: skip
    print(f"the signature alone: {sign_us:.0f} µs per event")
    problems = [p for p in report.problems if "not signed by its author" not in p.message]
    print(f"audit verify afterwards: {report.events:,} events, "
          f"{'intact' if report.ok else f'{len(report.problems)} problems (the baseline session signs nothing)'}")
    if problems:
        print("unexpected problems: " + "; ".join(str(p) for p in problems[:3]))
    return 0 if extra <= TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
