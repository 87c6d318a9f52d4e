#!/usr/bin/env python3
"""Benchmark: de-duplicating N and 2N incoming referrals against a demo store, and scanning the store itself.

    python scripts/bench_intake.py [--cases 100000] [--rows 25000] [--store PATH] [--write] [--scan | --scan-only]

The demo store (100,000 cases, about 300,000 people by default) is generated
once with `caseworker demo` and cached (about 90 s). The incoming lists are
CSV files of demo families from another seed, one row in ten a held person
under another spelling (some in Dari script, some with a 1-January
placeholder, some with their tazkira). Each list goes through the whole dry
run (read, clean every row, stream the store past the blocking index, score
the candidates), which is everything an import does except writing. The
script prints the time for N rows and for 2N rows and their ratio: linear
cost gives about 2, quadratic about 4. With --write, the 2N list is also
imported for real into a copy of the store while another writer saves a
small change every 50 ms, and the longest that writer waited is printed (an
import commits a chunk of families at a time, so it should stay near a
second at most).

With --scan (or --scan-only, without the import measurements), the store-wide
duplicate scan runs on a copy of the store and its time, the pairs queued and,
against the second referrals the demo generator planted (kept next to the
cached store when it is made), its precision and recall are printed.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import itertools
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402

from caseworker.services.api import Services  # noqa: E402
from caseworker.services.demo import fill_store  # noqa: E402
from caseworker.services.demo.generate import DemoGenerator  # noqa: E402
from caseworker.services.demo.users import create_demo_users, demo_actor  # noqa: E402
from caseworker.services.intake import ImportRequest  # noqa: E402
from caseworker.services.intake.mapping import detect  # noqa: E402
from caseworker.services.intake.plan import plan_import  # noqa: E402
from caseworker.services.intake.sheets import read_sheet  # noqa: E402
from caseworker.services.users import authenticate  # noqa: E402
from caseworker.store.location import StoreLocation  # noqa: E402
from caseworker.store.models import IdentityDocument, Person, Post  # noqa: E402
from caseworker.store.opening import open_store  # noqa: E402

PASSWORD = "bench-password-2026"
HEADINGS = ["Ref", "Full Name", "Name (Dari)", "Father's name", "Sex", "DOB", "Tazkira", "Passport No.", "Relationship"]


def planted_path(store: Path) -> Path:
    return store.with_name(store.name + ".planted.json")


def demo_store(path: Path, cases: int) -> None:
    if path.exists():
        return
    print(f"Generating a demo store of {cases:,} cases at {path} (once; cached)…", flush=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    store = open_store(StoreLocation(path=path), create=True)
    try:
        create_demo_users(store, PASSWORD)
        actor, workers = demo_actor(store)
        result = fill_store(store, cases, 1, actor.actor, workers)
        planted_path(path).write_text(json.dumps(result.planted_duplicates))
    finally:
        store.close()
    print(f"  done in {time.perf_counter() - started:.0f} s", flush=True)


def _date(value: object, precision: str) -> str:
    if value is None:
        return ""
    if precision in ("YEAR_ONLY", "ESTIMATED"):
        return str(value.year)  # type: ignore[attr-defined]
    return value.strftime("%d/%m/%Y")  # type: ignore[attr-defined]


def incoming_rows(services: Services, count: int, seed: int) -> list[list[str]]:
    """`count` rows: nine in ten new demo people, one in ten a held person spelled differently."""
    rng = random.Random(seed)
    with services.store.read() as session:
        top = session.execute(select(func.max(Person.id))).scalar_one()
        wanted = sorted(rng.sample(range(1, top + 1), count // 10))
        held = []
        for start in range(0, len(wanted), 500):
            people = session.execute(select(Person).where(Person.id.in_(wanted[start:start + 500]))).scalars().all()
            docs = dict(session.execute(select(IdentityDocument.person_id, IdentityDocument.number)
                                        .where(IdentityDocument.person_id.in_([p.id for p in people]))).all())
            held += [({"variants": list(p.variants or []), "latin": f"{p.doc_given_names} {p.doc_surname}".title(),
                       "original": p.name_original, "father": p.father_name, "sex": p.sex, "born": p.birth_date,
                       "precision": p.birth_precision}, docs.get(p.id, "")) for p in people]
    generator = DemoGenerator(seed + 1000, dt.datetime.now(dt.UTC), [1])
    rows: list[list[str]] = []
    while len(rows) < count - len(held):
        for person in generator.case(len(rows)).people:
            v = person.values
            # new people carry new numbers (the demo generator's serials would repeat the store's)
            tazkira = next((f"9{d['number_norm']}" for d in person.documents if d["doc_type"] != "PASSPORT"), "")
            passport = next((f"N{d['number'][1:]}" for d in person.documents if d["doc_type"] == "PASSPORT"), "")
            rows.append([f"N-{seed}-{len(rows)}", f"{v['doc_given_names']} {v['doc_surname']}".strip().title(),
                         v["name_original"], v["father_name"], v["sex"], _date(v["birth_date"], v["birth_precision"]),
                         tazkira, passport, v["relationship_to_principal"].lower()])
    for i, (p, number) in enumerate(held):
        spelled = (p["variants"] or [p["latin"]])[0]
        name, original = (spelled, "") if i % 3 else ("", p["original"])  # a third by their Dari name only
        born = f"01/01/{p['born'].year}" if p["born"] and i % 2 else _date(p["born"], p["precision"])
        rows.append([f"H-{seed}-{i}", name, original, p["father"], p["sex"], born, number if i % 4 == 0 else "", "",
                     "self"])
    rng.shuffle(rows)
    return rows[:count]


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADINGS)
        writer.writerows(rows)
    return path


def measure(services: Services, path: Path) -> dict[str, float]:
    """Seconds to read, and to clean and match (the de-duplication), and the whole dry run."""
    started = time.perf_counter()
    raw = read_sheet(path)
    read = time.perf_counter() - started
    with services.store.read() as session:
        posts = set(session.execute(select(Post.code)).scalars())
        mapping = detect([str(c) for c in raw.rows[0][1]], {"defaults": {"post": "ISB"}})
        begin = time.perf_counter()
        plan = plan_import(session, raw, mapping, "bench", posts)
        matched = time.perf_counter() - begin
    outcomes: dict[str, int] = {}
    for row in plan.rows:
        outcomes[row.outcome] = outcomes.get(row.outcome, 0) + 1
    del plan, raw
    begin = time.perf_counter()
    services.intake.run_import(ImportRequest(path, source="bench", dry_run=True))
    whole = time.perf_counter() - begin
    return {"read": read, "clean_and_match": matched, "dry_run": whole, **{k.lower(): v for k, v in outcomes.items()}}


def scan(store_path: Path, work: Path) -> None:
    """The store-wide duplicate scan on a copy of the store (it writes to the review queue)."""
    copy = work / "scan.db"
    shutil.copyfile(store_path, copy)
    copied = open_store(StoreLocation(path=copy))
    try:
        services = Services(copied, authenticate(copied, "caseworker", PASSWORD))
        report = services.intake.scan_store()
        print(f"\nStore-wide duplicate scan: {report.people:,} people in {report.cases:,} cases, "
              f"{report.seconds:.1f} s ({report.compared:,} pairs compared): {report.queued:,} pairs of cases "
              f"queued, {report.same_document:,} of them with the same document number")
        planted_file = planted_path(store_path)
        if not planted_file.exists():
            print("  (the planted second referrals of this store are not known: no precision or recall)")
            return
        families: dict[int, set[int]] = {}
        for first, second in json.loads(planted_file.read_text()):
            families.setdefault(first, {first}).add(second)
        truth = {pair for family in families.values() for pair in itertools.combinations(sorted(family), 2)}
        queued = {(p.case_a_id, p.case_b_id) for p in services.intake.duplicates(limit=10**6)}
        found = len(queued & truth)
        print(f"  {len(truth):,} planted pairs: precision {found / max(len(queued), 1):.2f}, "
              f"recall {found / max(len(truth), 1):.2f}")
    finally:
        copied.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--rows", type=int, default=25_000, help="N (the second list has 2N rows)")
    parser.add_argument("--store", type=Path, help="the cached demo store (default: in the temp folder)")
    parser.add_argument("--write", action="store_true", help="also import the 2N list into a copy of the store")
    parser.add_argument("--scan", action="store_true", help="also run the store-wide duplicate scan on a copy")
    parser.add_argument("--scan-only", action="store_true", help="only the store-wide duplicate scan")
    args = parser.parse_args()
    store_path = args.store or Path(tempfile.gettempdir()) / f"caseworker-bench-{args.cases}.db"
    demo_store(store_path, args.cases)
    store = open_store(StoreLocation(path=store_path))
    services = Services(store, authenticate(store, "caseworker", PASSWORD))
    with store.read() as session:
        people = session.execute(select(func.count()).select_from(Person)).scalar_one()
    work = Path(tempfile.mkdtemp(prefix="bench-intake-"))
    try:
        if not args.scan_only:
            imports(services, args, people, store_path, work)
        if args.scan or args.scan_only:
            scan(store_path, work)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak memory {peak:.0f} MB")
    finally:
        store.close()
        shutil.rmtree(work, ignore_errors=True)
    return 0


def imports(services: Services, args: argparse.Namespace, people: int, store_path: Path, work: Path) -> None:
    """The dry runs of N and 2N rows and, with --write, the import of 2N rows into a copy."""
    results = {}
    for size in (args.rows, 2 * args.rows):
        path = write_csv(work / f"incoming-{size}.csv", incoming_rows(services, size, seed=size))
        results[size] = measure(services, path)
    n, n2 = results[args.rows], results[2 * args.rows]
    print(f"\nDe-duplicating incoming referrals against {people:,} people ({args.cases:,} cases)\n")
    print(f"{'rows':>8} {'read':>8} {'clean+match':>12} {'dry run':>9}   outcomes")
    for size, r in results.items():
        outcomes = ", ".join(f"{k} {int(v):,}" for k, v in r.items() if k not in ("read", "clean_and_match", "dry_run"))
        print(f"{size:>8,} {r['read']:>7.1f}s {r['clean_and_match']:>11.1f}s {r['dry_run']:>8.1f}s   {outcomes}")
    print(f"\nratio 2N/N: clean+match {n2['clean_and_match'] / n['clean_and_match']:.2f}, "
          f"whole dry run {n2['dry_run'] / n['dry_run']:.2f}  (linear ≈ 2, quadratic ≈ 4)")
    if args.write:
        copy = work / "copy.db"
        shutil.copyfile(store_path, copy)
        copied = open_store(StoreLocation(path=copy))
        writer = Services(copied, authenticate(copied, "caseworker", PASSWORD))
        colleague = OtherWriter(copy)
        colleague.start()
        begin = time.perf_counter()
        try:
            report = writer.intake.run_import(ImportRequest(work / f"incoming-{2 * args.rows}.csv", source="bench",
                                                            rejects_path=work / "rejects.xlsx", overwrite=True))
        finally:
            colleague.stop()
        print(f"import of {2 * args.rows:,} rows for real: {time.perf_counter() - begin:.1f} s "
              f"({report.created:,} created, {report.queued:,} queued, {report.linked + report.updated:,} linked)")
        print(f"another writer meanwhile: {colleague.writes:,} writes, the longest waited {colleague.longest:.2f} s")
        copied.close()


COLLEAGUE = """
import sys, time
from pathlib import Path
from sqlalchemy import text
from caseworker.store.location import StoreLocation
from caseworker.store.opening import open_store
store, stop = open_store(StoreLocation(path=Path(sys.argv[1]))), Path(sys.argv[2])
save = text("INSERT INTO counters (name, value) VALUES ('bench:colleague', 1) "
            "ON CONFLICT (name) DO UPDATE SET value = counters.value + 1")
longest, writes = 0.0, 0
while not stop.exists():
    begin = time.perf_counter()
    with store.write() as session:
        session.execute(save)
    longest, writes = max(longest, time.perf_counter() - begin), writes + 1
    time.sleep(0.05)
store.close()
print(longest, writes)
"""


class OtherWriter:
    """A colleague in another process saving a small change every 50 ms during the import, timing each save
    (another process, so that what it measures is the database lock, not this process's interpreter)."""

    def __init__(self, path: Path) -> None:
        self.path, self.stop_file = path, path.with_suffix(".stop")
        self.longest, self.writes = 0.0, 0
        self.child: subprocess.Popen[str] | None = None

    def start(self) -> None:
        self.child = subprocess.Popen([sys.executable, "-c", COLLEAGUE, str(self.path), str(self.stop_file)],
                                      stdout=subprocess.PIPE, text=True, cwd=ROOT,
                                      env=dict(os.environ, PYTHONPATH=str(ROOT)))

    def stop(self) -> None:
        self.stop_file.touch()
        assert self.child is not None
        out, _ = self.child.communicate(timeout=120)
        longest, writes = out.split()
        self.longest, self.writes = float(longest), int(writes)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
