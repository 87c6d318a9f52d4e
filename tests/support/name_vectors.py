"""The public name vectors of tests/domain/vectors (sources in docs/parsers/names.md), read once."""

from __future__ import annotations

import csv
from collections import defaultdict
from itertools import combinations
from pathlib import Path

from caseworker.domain.names import is_arabic_script

VECTORS = Path(__file__).resolve().parents[1] / "domain" / "vectors"


def _rows(name: str) -> list[dict[str, str]]:
    with (VECTORS / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(line for line in handle if not line.startswith("#")))


VARIANTS = _rows("name_variants.csv")
PARTS = [(r["part"], r["whole"], r["source"]) for r in _rows("name_parts.csv")]
DISTINCT = [(r["a"], r["b"], r["why"]) for r in _rows("name_distinct.csv")]
SOURCES = sorted({r["source"] for r in VARIANTS} | {s for *_, s in PARTS})


def variant_groups() -> dict[str, list[dict[str, str]]]:
    groups: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in VARIANTS:
        groups[row["group"]].append(row)
    return dict(groups)


def meeting_pairs() -> list[tuple[str, str, str]]:
    """(a, b, group) for every two spellings of one name that must meet: any two, except two Latin
    spellings that chose different readings of a Pashto letter (they meet through the Pashto one)."""
    pairs = []
    for group, rows in variant_groups().items():
        for a, b in combinations(rows, 2):
            scripts = is_arabic_script(a["spelling"]) or is_arabic_script(b["spelling"])
            if scripts or a["reading"] == b["reading"]:
                pairs.append((a["spelling"], b["spelling"], group))
    return pairs
