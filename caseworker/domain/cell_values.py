"""Reading the values people type into referral spreadsheets.

Referral lists come from ministries, MPs' offices and NGOs, each with its own
habits: dates as Excel dates, as text in day-first or ISO form, as a year, as
Solar Hijri; sex as "Male", "m" or "مرد"; relationships as "wife", "S/O",
"همسر" or "لور". These functions turn one cell into a domain value or raise
ValidationError with a message a caseworker can act on (the caller adds the
row and column).
"""

from __future__ import annotations

import datetime
import math
import re
from decimal import Decimal, InvalidOperation
from numbers import Real

from caseworker.domain.birthdates import MIN_YEAR, BirthDate, Precision
from caseworker.domain.errors import ValidationError
from caseworker.domain.solar_hijri import is_solar_hijri_year, parse_solar_hijri
from caseworker.domain.vocab import DocumentType, PersonRole, Relationship, Sex

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_EXCEL_EPOCH = datetime.date(1899, 12, 30)
_TIME_RE = re.compile(r"[ T]00:00(?::00(?:\.0+)?)?$")
_DMY_SHORT_RE = re.compile(r"^(\d{1,2})([/.\-])(\d{1,2})\2(\d{2})$")
_DASHED_WORDS_RE = re.compile(r"^(\d{1,2})[\-/ ]([A-Za-z]{3,9})\.?[\-/ ,]+(\d{2}|\d{4})$")
_MONTH_FIRST_RE = re.compile(r"^([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$")


def cell_text(value: object) -> str:
    """A cell as plain text: how it is fingerprinted, previewed and written back."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        if (value.hour, value.minute, value.second, value.microsecond) == (0, 0, 0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return " ".join(str(value).split())


_NUMBER_RE = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d{1,3})?$")
_WHOLE_RE = re.compile(r"^\+?\d{1,30}\.0*$")
_MAX_DIGITS = 30  # longer than any phone or document number: past this a number stays as written


def identifier_text(value: object) -> str:
    """A phone, tazkira or passport number cell as the digits it holds.

    Spreadsheets turn such numbers into floats: 93701234567.0, 7.01234567E+8
    (also typed that way into a CSV), or ints. Whole numbers become their digit
    strings; Persian (۰-۹) and Arabic-Indic (٠-٩) digits become ASCII digits.
    Anything else (letters, spaces, leading zeros, a fraction) is kept as
    written, so the caller can say what is wrong with it.
    """
    if isinstance(value, bool) or value is None or isinstance(value, (datetime.date, datetime.datetime)):
        return cell_text(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer() and abs(value) < 10**_MAX_DIGITS:
            return str(int(value))
        return cell_text(value)
    text = " ".join(str(value).translate(_DIGITS).split())
    if _WHOLE_RE.match(text):  # 0701234567.0: the zeros after the point go, a leading zero stays
        return text.split(".")[0]
    if _NUMBER_RE.match(text) and ("." in text or "e" in text.lower()):
        try:
            number = Decimal(text)
        except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
            return text
        if number == number.to_integral_value() and abs(number) < 10**_MAX_DIGITS:
            return f"{int(number):d}"
    return text


def _from_date(value: datetime.date, jan1_is_exact: bool, today: datetime.date) -> BirthDate:
    if value.year < MIN_YEAR:
        raise ValidationError(f"{value:%d/%m/%Y} is before {MIN_YEAR}", field="date_of_birth")
    if value > today:
        raise ValidationError(f"{value:%d/%m/%Y} is in the future", field="date_of_birth")
    if (value.month, value.day) == (1, 1) and not jan1_is_exact:
        return BirthDate(value, Precision.JAN1_PLACEHOLDER)
    return BirthDate(value, Precision.EXACT)


def _from_number(number: float, jan1_is_exact: bool, today: datetime.date) -> BirthDate:
    if not float(number).is_integer():
        raise ValidationError(f"{number} is not a date or a year", field="date_of_birth")
    whole = int(number)
    if MIN_YEAR <= whole <= today.year:
        return BirthDate(datetime.date(whole, 1, 1), Precision.YEAR_ONLY)
    if is_solar_hijri_year(whole):
        birth = parse_solar_hijri(str(whole), today=today)
        assert birth is not None
        return birth
    if 10_000 <= whole <= 80_000:  # an Excel serial date that lost its date format
        return _from_date(_EXCEL_EPOCH + datetime.timedelta(days=whole), jan1_is_exact, today)
    raise ValidationError(f"{whole} is not a date or a year", field="date_of_birth")


def _rewrite(text: str, today: datetime.date) -> str:
    """Common spreadsheet forms BirthDate.parse does not read, rewritten into ones it does."""
    text = _TIME_RE.sub("", text)
    if m := _DMY_SHORT_RE.match(text):  # 12/05/90: a two-digit year of birth
        year = int(m[4])
        century = 2000 if year <= today.year % 100 else 1900
        return f"{m[1]}/{m[3]}/{century + year}"
    if m := _DASHED_WORDS_RE.match(text):  # 12-May-1990, 12-May-90
        year = int(m[3])
        if year < 100:
            year += 2000 if year <= today.year % 100 else 1900
        return f"{m[1]} {m[2]} {year}"
    if m := _MONTH_FIRST_RE.match(text):  # May 12, 1990
        return f"{m[2]} {m[1]} {m[3]}"
    return text


def birth_from_cell(value: object, *, jan1_is_exact: bool = False,
                    today: datetime.date | None = None) -> BirthDate | None:
    """A date of birth from a cell: Excel date, number, or text in any common form.

    Empty cells give None. Solar Hijri dates are converted (domain.solar_hijri);
    1 January is a placeholder unless ``jan1_is_exact``.
    """
    today = today or datetime.date.today()
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime.datetime):
        return _from_date(value.date(), jan1_is_exact, today)
    if isinstance(value, datetime.date):
        return _from_date(value, jan1_is_exact, today)
    if isinstance(value, Real) and not isinstance(value, bool):
        return _from_number(float(value), jan1_is_exact, today)
    text = " ".join(str(value).translate(_DIGITS).split())
    if len(text) > 40:
        raise ValidationError("is too long to be a date", field="date_of_birth")
    solar = parse_solar_hijri(text, jan1_is_exact=jan1_is_exact, today=today)
    if solar is not None:
        return solar
    return BirthDate.parse(_rewrite(text, today), jan1_is_exact=jan1_is_exact, today=today)


_SEX = {
    **dict.fromkeys("m male man boy mr masculine مرد ذکور ذکر نارینه نر پسر سړی".split(), Sex.M),
    **dict.fromkeys("f female woman girl mrs ms miss feminine w زن اناث انثی مونث ښځینه ښځه دختر".split(), Sex.F),
    **dict.fromkeys("x u unknown unspecified other n/a na - ?".split(), Sex.X),
}


def parse_sex(text: str) -> Sex | None:
    """M/F/X from the ways sex is written (None for an empty cell)."""
    key = " ".join(text.lower().split()).rstrip(".")
    if not key:
        return None
    if key in _SEX:
        return _SEX[key]
    raise ValidationError(f"{text!r} is not a sex we recognise (M, F, male, female, مرد, زن)", field="sex")


R = Relationship
_RELATIONSHIPS: dict[str, Relationship] = {
    **dict.fromkeys(["self", "principal", "main applicant", "applicant", "pa", "head", "head of family",
                     "head of household", "hoh", "main", "primary", "خود", "خودش", "سرپرست", "اصلی", "پخپله"], R.SELF),
    **dict.fromkeys(["spouse", "wife", "husband", "partner", "w/o", "wife of", "همسر", "خانم", "زن", "شوهر",
                     "ښځه", "میړه", "مېړه"], R.SPOUSE),
    **dict.fromkeys(["son", "s/o", "boy", "پسر", "زوی", "زوئ"], R.SON),
    **dict.fromkeys(["daughter", "d/o", "girl", "دختر", "لور"], R.DAUGHTER),
    **dict.fromkeys(["father", "dad", "پدر", "پلار"], R.FATHER),
    **dict.fromkeys(["mother", "mum", "mom", "مادر", "مور"], R.MOTHER),
    **dict.fromkeys(["brother", "برادر", "ورور"], R.BROTHER),
    **dict.fromkeys(["sister", "خواهر", "خور"], R.SISTER),
    **dict.fromkeys(["grandchild", "grandson", "granddaughter", "نواسه", "لمسی", "لمسۍ"], R.GRANDCHILD),
}
_CHILD = frozenset(["child", "kid", "dependant child", "dependent child", "فرزند", "اولاد", "ماشوم"])


def parse_relationship(text: str, sex: Sex | None = None) -> tuple[Relationship, bool]:
    """(relationship, recognised). Unrecognised text is OTHER, and the caller keeps the text."""
    key = " ".join(text.lower().replace("'", "").split()).rstrip(".")
    if not key:
        return R.SELF, True
    if key in _RELATIONSHIPS:
        return _RELATIONSHIPS[key], True
    if key in _CHILD:
        return (R.DAUGHTER if sex is Sex.F else R.SON), sex in (Sex.M, Sex.F)
    try:
        return R(key.upper().replace(" ", "_")), True
    except ValueError:
        return R.OTHER, key == "other"


def role_for(relationship: Relationship) -> PersonRole:
    if relationship is R.SELF:
        return PersonRole.PRINCIPAL
    if relationship in (R.SPOUSE, R.SON, R.DAUGHTER):
        return PersonRole.DEPENDANT
    return PersonRole.ADDITIONAL


def sex_from_relationship(relationship: Relationship) -> Sex | None:
    if relationship in (R.SON, R.FATHER, R.BROTHER):
        return Sex.M
    if relationship in (R.DAUGHTER, R.MOTHER, R.SISTER):
        return Sex.F
    return None


_E_TAZKIRA_RE = re.compile(r"^1[34]\d\d[\s\-/]?\d{4}[\s\-/]?\d{5}$")


def tazkira_type(number: str) -> DocumentType:
    """An e-tazkira number is 13 digits written 1400-0101-12345; anything else is a paper tazkira."""
    text = number.translate(_DIGITS).strip()
    return DocumentType.E_TAZKIRA if _E_TAZKIRA_RE.match(text) else DocumentType.PAPER_TAZKIRA


_PHONE_SPLIT_RE = re.compile(r"\s*(?:[,;/\n|]|\bor\b|\band\b|،|؛)\s*")


def split_phones(text: str) -> list[str]:
    """"0701234567 / 0799123456" → two numbers. A single number with spaces stays one."""
    parts = [p for p in _PHONE_SPLIT_RE.split(text.translate(_DIGITS)) if p.strip()]
    return [p.strip() for p in parts]
