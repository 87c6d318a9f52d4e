"""De-duplication quality on a labelled set: precision and recall are printed (run with -s) and bounded.

The set holds pairs that are one person (spellings Mohammad/Muhammad/Mohd, Dari ↔ Latin, swapped given
and family names, one-name people, a missing middle name, 1-January placeholders, Solar Hijri years,
estimates) and pairs that are not (father and son, brothers, namesakes with other fathers, a shared
family phone, a child on a parent's tazkira).
"""

from __future__ import annotations

from typing import Any

from caseworker.domain.birthdates import BirthDate
from caseworker.domain.blocking import BlockIndex, record_bases
from caseworker.domain.cell_values import birth_from_cell
from caseworker.domain.dedup import (
    MatchRecord,
    TokenFrequencies,
    compare,
    father_key,
    name_forms,
    score_ceiling,
)

_next = iter(range(10_000))


def person(*names: str, born: object = None, father: str = "", sex: str = "X", doc: str = "",
           phone: str = "") -> MatchRecord:
    birth = birth_from_cell(born) if born is not None else None
    return MatchRecord(
        next(_next), next(_next), name_forms(names), father_key(father), sex, birth,
        frozenset({("E_TAZKIRA", doc)}) if doc else frozenset(), frozenset({phone}) if phone else frozenset(),
    )  # fmt: skip


SAME: list[tuple[str, MatchRecord, MatchRecord]] = [
    ("Mohammad/Muhammad, exact vs year", person("Mohammad Karimi", born="14/03/1985"), person("Muhammad Karimi", born=1985)),
    ("Mohd, placeholder", person("Mohd Karimi", born="01/01/1985"), person("Mohammad Karimi", born="14/03/1985")),
    ("Dari ↔ Latin", person("محمد کریمی", born="1985"), person("Mohammad Karimi", born="1985-03-14")),
    ("swapped names", person("Karimi Mohammad", born="14/03/1985"), person("Mohammad Karimi", born="1985-03-14")),
    ("Abdul Rahman / Abdurrahman", person("Abdul Rahman Popal", father="Ghulam Nabi", born=1975),
     person("Abdurrahman Popal", father="Ghulam Nabi", born="01/01/1975")),
    ("Dari compound ↔ Latin", person("عبدالرحمن پوپل", born=1975), person("Abdul Rahman Popal", born=1975)),
    ("Solar Hijri date ↔ year", person("Zarghona Stanikzai", born=1990), person("Zarghuna Stanekzai", born="1369/05/12")),
    ("one name, same father and date", person("Zarghona", father="Abdul Ghani", born="1990-08-03"),
     person("Zarghona Stanikzai", father="Abdulghani", born="03/08/1990")),
    ("one name, same father, year", person("Gulalai", father="Noor Ahmad", born=2001),
     person("Gulalay Wardak", father="Nur Ahmad", born=2001)),
    ("estimate", person("Fatima Noori", born="c. 1980"), person("Fatema Nuri", born="1981-06-01")),
    ("swapped, same father", person("Sayed Hashimi", father="Mir Ahmad", born=1970),
     person("Hashemi Syed", father="Mir Ahmad", born=1970)),
    ("missing middle name", person("Mohammad Yousuf Ahmadzai", father="Ghulam", born=1982),
     person("Mohammad Ahmadzai", father="Ghulam", born=1982)),
    ("same tazkira, other spelling", person("Hamid Sultani", doc="140001011234"), person("Hameed Soltani", doc="140001011234")),
    ("Dari, estimate, same father", person("Nasir Ahmadzai", father="Ghulam", born=1980),
     person("ناصر احمدزی", father="غلام", born="c. 1980")),
    ("connector spellings", person("Ziaulhaq Amiri", born="1988"), person("Zia ul Haq Ameeri", born="1988")),
    ("same phone", person("Laila Sadat", born=1995, phone="+93700000001"), person("Leila Saadat", born=1995, phone="+93700000001")),
    ("Solar Hijri year straddles", person("Ismail Kakar", father="Gul Khan", born=1339),
     person("Esmail Kakar", father="Gul Khan", born="1961-02-10")),
    ("Pashto ↔ Latin", person("ملالۍ ستانکزی", born="2010-05-05"), person("Malalai Stanikzai", born=2010)),
    ("Q/K, ai/y", person("Qasim Haidari", born="07/07/1977"), person("Kasim Hydari", born="1977-07-07")),
    ("placeholder and year", person("Rahim Shinwari", born="01/01/1965"), person("Raheem Shinwary", born=1965)),
    ("Mohd Yusuf", person("Mohd Yusuf", born=1990), person("Muhammad Yousuf", born="1990-02-02")),
    ("one name, same date", person("Shafiq", father="Abdul Karim", born="1993-04-04"),
     person("Shafeeq Popal", father="Abdulkarim", born="04/04/1993")),
]  # fmt: skip

DIFFERENT: list[tuple[str, MatchRecord, MatchRecord]] = [
    ("father and son", person("Mohammad Karimi", born=1985), person("Mohammad Karimi", born=1960)),
    ("brothers", person("Ahmad Karimi", father="Abdul Rahim", born=1985),
     person("Mahmood Karimi", father="Abdul Rahim", born=1987)),
    ("Hasan / Hussain", person("Hasan Rahimi", born=1990), person("Hussain Rahimi", born=1990)),
    ("namesakes, other fathers", person("Fatima Karimi", father="Abdul Wahid", born=1990),
     person("Fatima Karimi", father="Ghulam Sakhi", born=1990)),
    ("Karim / Karima", person("Karim Ahmadi", sex="M", born=1990), person("Karima Ahmadi", sex="F", born=1990)),
    ("namesakes, other tazkiras", person("Nasir Ahmadzai", father="Ghulam", born=1980, doc="111"),
     person("Nasir Ahmadzai", father="Habib", born=1980, doc="222")),
    ("mother and daughter", person("Zarghona Stanikzai", born=1990), person("Zarghona Stanikzai", born=2010)),
    ("Omar / Amir", person("Omar Sultani", born=1975), person("Amir Sultani", born=1975)),
    ("Sayed / Saeed", person("Sayed Hashimi", born=1970), person("Saeed Hashimi", born=1970)),
    ("one name, other father", person("Gulalai", father="Noor Ahmad", born=2001),
     person("Gulalai Wardak", father="Sher Ali", born=2001)),
    ("Abdul Rahman / Abdul Rahim", person("Abdul Rahman Popal", father="Wali", born=1975),
     person("Abdul Rahim Popal", father="Sher Khan", born=1975)),
    ("family phone", person("Fatima Karimi", born=1990, phone="+93701234567"),
     person("Ahmad Karimi", born="2010-05-12", phone="+93701234567")),
    ("child on the father's tazkira", person("Mohammad Karimi", born=1960, doc="777"),
     person("Ahmad Karimi", born="2010-05-12", doc="777")),
    ("same date, other names", person("Laila Sadat", born="1995-02-02"), person("Mina Haidari", born="1995-02-02")),
    ("common name, no dates", person("Mohammad Karimi"), person("Mohammad Karimi")),
]  # fmt: skip


def _blocked_together(a: MatchRecord, b: MatchRecord) -> bool:
    shared_exact = bool({n for _, n in a.documents} & {n for _, n in b.documents} or a.phones & b.phones)
    index = BlockIndex()
    index.add_record(0, a)
    return shared_exact or bool(index.probe_record(b))


def _predicted(a: MatchRecord, b: MatchRecord) -> Any:
    result = compare(a, b)
    return result.queued or result.auto_link, result


def test_precision_and_recall_on_the_labelled_set() -> None:
    tp = fn = fp = tn = 0
    lines = []
    for label, a, b in SAME:
        found, result = _predicted(a, b)
        found = found and _blocked_together(a, b)
        tp, fn = tp + found, fn + (not found)
        lines.append(f"  {'ok  ' if found else 'MISS'} same      {label:<38} {result.score:>3} {result.explanation}")
    for label, a, b in DIFFERENT:
        found, result = _predicted(a, b)
        found = found and _blocked_together(a, b)
        fp, tn = fp + found, tn + (not found)
        lines.append(f"  {'FP  ' if found else 'ok  '} different {label:<38} {result.score:>3} {result.explanation}")
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    print("\nDe-duplication on the labelled set:\n" + "\n".join(lines))
    print(f"precision {precision:.2f} recall {recall:.2f} ({tp} found, {fn} missed, {fp} false, {tn} rightly apart)")
    assert recall >= 0.95 and precision >= 0.9


def test_blocking_brings_every_true_pair_together_both_ways() -> None:
    for label, a, b in SAME:
        assert _blocked_together(a, b) and _blocked_together(b, a), label


def test_reasons_read_as_the_reviewer_needs_them() -> None:
    assert compare(*SAME[12][1:]).reasons[0] == "same tazkira number" and compare(*SAME[12][1:]).auto_link
    assert compare(*SAME[6][1:]).explanation == "name variant + same birth year"
    assert compare(*SAME[2][1:]).reasons[0] == "same name in another script"
    assert compare(*SAME[3][1:]).reasons[0] == "given and family names swapped"
    child = compare(*DIFFERENT[12][1:])
    assert child.same_document and not child.auto_link and "different dates of birth" in child.conflicts


def test_the_ceiling_a_scan_skips_by_is_never_below_the_score() -> None:
    """A store scan skips the pairs whose ceiling is below its threshold: it must never skip a pair that scores."""
    frequencies = TokenFrequencies()
    for _, a, b in SAME + DIFFERENT:
        for left, right in ((a, b), (b, a)):
            assert score_ceiling(left, right) >= compare(left, right).score >= compare(left, right, frequencies).score
    assert score_ceiling(*DIFFERENT[0][1:]) < 65  # father and son: the dates alone rule it out


def test_blocks_stay_small() -> None:
    """A record files under a bounded number of keys, whatever its name, so the cost per row is bounded."""
    long_name = person("Mohammad Yousuf Abdul Rahman Ahmadzai Popal Karimi Noori Sultani", father="Ghulam", born="1980-01-02")
    bases, exact = record_bases(long_name)
    assert len(bases) <= 30 and len(exact) <= 10
    assert BirthDate  # imported for readers of the test data


def test_a_common_name_counts_for_less_unless_something_backs_it() -> None:
    """Among 300,000 people, hundreds are called Mohammad Karimi; a handful Zarghona Stanikzai."""
    frequencies = TokenFrequencies()
    for _ in range(12_000):
        frequencies.add(["mhmd", "krm"] if _ % 20 == 0 else ["mhmd", "other"])
    for _ in range(288_000):
        frequencies.add(["krm", "x"] if _ % 30 == 0 else ["y", "z"])
    frequencies.add(["zrgn", "stnkz"])
    common = compare(person("Mohammad Karimi", born=1990), person("Muhammad Karimi", born="01/01/1990"), frequencies)
    assert not common.queued and any(c.startswith("a common name (about") for c in common.conflicts)
    rare = compare(person("Zarghona Stanikzai", born=1990), person("Zarghuna Stanekzai", born=1990), frequencies)
    assert rare.queued and not rare.conflicts
    backed = compare(person("Mohammad Karimi", born="12/05/1990"), person("Muhammad Karimi", born="1990-05-12"),
                     frequencies)
    assert backed.queued and backed.reasons == ("name variant", "same date of birth")
    fathers = compare(person("Mohammad Karimi", father="Abdul Rahim", born=1990),
                      person("Muhammad Karimi", father="Abdurrahim", born=1990), frequencies)
    assert fathers.queued
