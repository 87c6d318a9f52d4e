"""Benchmark: a 100,000-row partner manifest against bare openpyxl write-only.

Both sides write the same cells (same values, same sheet) into memory, taking
turns, several rounds. The ratio of the median CPU times is the figure that
counts (target: at most 1.2): on a machine shared with other work, wall-clock
times swing with the load, CPU time measures what the code costs. Wall-clock
times are printed too. Password protection, which bare openpyxl does not do,
is timed separately.

    python scripts/bench_handoff.py [--rows 100000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from openpyxl import Workbook  # noqa: E402

from caseworker.documents.manifest import Manifest  # noqa: E402
from caseworker.documents.manifest_xlsx import write_xlsx  # noqa: E402
from caseworker.documents.office_crypto import encrypt_ooxml  # noqa: E402
from caseworker.domain.date_formats import parse_date_format  # noqa: E402
from caseworker.domain.handoff_fields import BY_KEY  # noqa: E402
from caseworker.domain.pseudonyms import group_id, new_passphrase, new_secret  # noqa: E402

FIELDS = ("row_number", "group_id", "surname", "given_names", "name_original", "date_of_birth", "birth_estimated",
          "sex", "nationality", "document_type", "document_number", "document_expiry", "letter_reference",
          "crossing_point", "expected_from", "expected_to", "uk_contact")  # fmt: skip
SURNAMES = ("KARIMI", "AHMADZAI", "RAHIMI", "SULTANI", "YOUSAFZAI", "HAIDARI", "NOORI", "WARDAK")
GIVEN = ("MOHAMMAD", "FATIMA", "AHMAD", "ZAHRA", "ABDUL RAHMAN", "MARYAM", "HAMID", "LAILA")
ORIGINAL = ("محمد کریمی", "فاطمه احمدزی", "احمد رحیمی", "زهرا سلطانی", "عبدالرحمن یوسفزی")


def make_rows(count: int) -> list[list[object]]:
    rnd, secret = random.Random(7), new_secret()
    rows: list[list[object]] = []
    for i in range(1, count + 1):
        case = (i + 2) // 3
        rows.append([
            i, group_id(secret, case), rnd.choice(SURNAMES), rnd.choice(GIVEN), rnd.choice(ORIGINAL),
            dt.date(1950 + rnd.randrange(70), 1 + rnd.randrange(12), 1 + rnd.randrange(28)), rnd.choice(("Yes", "No")),
            rnd.choice("MF"), "AFG", "Passport", f"P{rnd.randrange(10**8):08d}", dt.date(2030, 1, 1) + dt.timedelta(i % 900),
            f"ISB-L-2026-{case:05d} v1", "Termez–Hairatan bridge", dt.date(2026, 12, 1), dt.date(2026, 12, 8),
            "Consular duty officer, +44 20 7008 5000",
        ])  # fmt: skip
    return rows


def bare(headings: list[str], rows: list[list[object]]) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Manifest")
    ws.append(headings)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def ours(headings: list[str], rows: list[list[object]]) -> bytes:
    manifest = Manifest("HO-2026-00001", "bench", "Manifest", headings, [BY_KEY[f].kind for f in FIELDS], rows,
                        parse_date_format("DD.MM.YYYY"))  # fmt: skip
    out = io.BytesIO()
    write_xlsx(manifest, out)
    return out.getvalue()


def timed(fn, *args):  # type: ignore[no-untyped-def]
    """(CPU seconds, wall seconds, result)."""
    cpu, wall = time.process_time(), time.perf_counter()
    result = fn(*args)
    return time.process_time() - cpu, time.perf_counter() - wall, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    headings = [BY_KEY[f].heading for f in FIELDS]
    rows = make_rows(args.rows)
    print(f"{args.rows:,} rows × {len(FIELDS)} columns ({args.rows * len(FIELDS):,} cells), {args.rounds} rounds")
    bare_cpu, our_cpu, bare_wall, our_wall = [], [], [], []
    data = b""
    for i in range(args.rounds):
        cpu_b, wall_b, _ = timed(bare, headings, rows)
        cpu_o, wall_o, data = timed(ours, headings, rows)
        bare_cpu.append(cpu_b)
        our_cpu.append(cpu_o)
        bare_wall.append(wall_b)
        our_wall.append(wall_o)
        print(f"  round {i + 1}: bare openpyxl {cpu_b:6.2f} s CPU ({wall_b:6.2f} s wall)   "
              f"caseworker writer {cpu_o:6.2f} s CPU ({wall_o:6.2f} s wall)   ratio {cpu_o / cpu_b:.3f}")  # fmt: skip
    cpu_c, wall_c, _ = timed(encrypt_ooxml, data, new_passphrase())
    ratio = statistics.median(our_cpu) / statistics.median(bare_cpu)
    wall_ratio = statistics.median(our_wall) / statistics.median(bare_wall)
    print(f"median CPU: bare {statistics.median(bare_cpu):.2f} s, writer {statistics.median(our_cpu):.2f} s; "
          f"wall-clock ratio {wall_ratio:.3f}")  # fmt: skip
    print(f"password protection (agile AES-256) of the {len(data) / 1e6:.1f} MB workbook: {cpu_c:.2f} s CPU")
    verdict = "OK" if ratio <= 1.2 else "TOO SLOW"
    print(f"manifest writer / bare openpyxl write-only (CPU): {ratio:.3f} (target ≤ 1.2) {verdict}")
    return 0 if ratio <= 1.2 else 1


if __name__ == "__main__":
    sys.exit(main())
