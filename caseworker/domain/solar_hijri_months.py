"""The names of the Solar Hijri months as Afghan and Iranian documents write them.

Afghanistan names the months after the signs of the zodiac (Dari: Hamal, Sawr,
Jawza …; Pashto has its own words, Wray, Ghwayai …); Iran uses the Persian
names (Farvardin, Ordibehesht …). Both calendars are the same, month for month.
Each name is known in its scripts and in the Latin spellings found on
tazkiras, referral sheets and visa forms; ``month_number`` also forgives case,
accents, doubled letters and the usual vowel swaps (Sunbula, Sonbola,
Sumbula), so that a spelling we have not listed still meets its month when it
is close.
"""

from __future__ import annotations

import re
import unicodedata

AFGHAN = ("Hamal", "Sawr", "Jawza", "Saratan", "Asad", "Sunbula", "Mizan", "Aqrab", "Qaws", "Jadi", "Dalw", "Hut")
IRANIAN = ("Farvardin", "Ordibehesht", "Khordad", "Tir", "Mordad", "Shahrivar", "Mehr", "Aban", "Azar", "Dey",
           "Bahman", "Esfand")  # fmt: skip
_NAMES: tuple[tuple[str, ...], ...] = (
    ("Hamal", "Hamel", "حمل", "Farvardin", "Farwardin", "Farvardeen", "فروردین", "Wray", "Wary", "وری"),
    ("Sawr", "Saur", "Sour", "Sowr", "Thawr", "Sor", "ثور", "Ordibehesht", "Ordibehest", "Urdibihisht",
     "Ardibehesht", "اردیبهشت", "Ghwayai", "Ghwayay", "غویی", "غوایی"),
    ("Jawza", "Jauza", "Jowza", "Jauza", "Jawzaa", "Jauzah", "Joza", "جوزا", "Khordad", "Khurdad", "Khordaad",
     "خرداد", "Ghbargolay", "Ghbargolai", "غبرګولی", "غبرگولی"),
    ("Saratan", "Sartan", "Saraton", "سرطان", "Tir", "Teer", "تیر", "Changakh", "Changash", "چنګاښ", "چنگاښ"),
    ("Asad", "Assad", "Asaad", "اسد", "Mordad", "Murdad", "Amordad", "Mordaad", "مرداد", "امرداد", "Zmaray",
     "Zmarai", "زمری"),
    ("Sunbula", "Sonbola", "Sumbula", "Sunbulah", "Sombola", "Sunbola", "Sonbula", "سنبله", "Shahrivar",
     "Shahriwar", "Shahrewar", "Shahrivar", "شهریور", "Wagay", "Wazhay", "Wazhai", "وږی"),
    ("Mizan", "Meezan", "Mezan", "میزان", "Mehr", "Mihr", "Mehar", "مهر", "Tala", "Tila", "تله"),
    ("Aqrab", "Akrab", "Aqrub", "Aqrab", "عقرب", "Aban", "Abaan", "آبان", "ابان", "Laram", "Lram", "لړم", "لرم"),
    ("Qaws", "Qaus", "Qows", "Kaus", "Qous", "قوس", "Azar", "Azer", "Adhar", "Aazar", "آذر", "اذر", "Linday",
     "Lindai", "لیندۍ", "لیندی"),
    ("Jadi", "Jaddi", "Jadee", "Jady", "Jaddy", "جدی", "Dey", "Dei", "Dai", "دی", "Marghumay", "Marghumai",
     "Marghomay", "مرغومی"),
    ("Dalw", "Dalv", "Dalu", "Dalwa", "دلو", "Bahman", "Bahmon", "بهمن", "Salwagha", "Salwaghah", "سلواغه"),
    ("Hut", "Hoot", "Hout", "Hoth", "Hood", "حوت", "Esfand", "Isfand", "Espand", "Esfend", "Asfand", "اسفند",
     "Kab", "کب", "كب"),
)
_ARABIC_FORMS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "ۀ": "ه", "أ": "ا", "إ": "ا", "ٱ": "ا",
                               "ئ": "ی", "ې": "ی", "ۍ": "ی", "گ": "ګ", "ـ": None})  # fmt: skip
_LOOSE = (("kh", "x"), ("sh", "$"), ("gh", "g"), ("zh", "j"), ("th", "s"), ("dh", "z"), ("ph", "f"), ("q", "k"),
          ("v", "w"), ("ee", "i"), ("oo", "u"), ("ou", "u"), ("ow", "u"), ("aw", "au"), ("o", "u"), ("e", "i"),
          ("y", "i"), ("h", ""))  # fmt: skip


def _key(name: str) -> str:
    """The spelling with case, accents, joiners and the common variations taken out."""
    text = unicodedata.normalize("NFKD", name.strip().lower().translate(_ARABIC_FORMS))
    text = "".join(c for c in text if c.isalpha() and not unicodedata.combining(c))
    if not text.isascii():
        return text  # a script form: letters normalised, nothing loosened
    for old, new in _LOOSE:
        text = text.replace(old, new)
    return re.sub(r"(.)\1+", r"\1", text)


_BY_KEY = {_key(name): number for number, names in enumerate(_NAMES, 1) for name in names}
NAME_PATTERN = r"[^\W\d_][^\W\d_\u200c\u200d]*(?:[\u200c\u200d][^\W\d_]+)*"  # one word, joiners allowed inside


def month_number(name: str) -> int | None:
    """1–12 for a Solar Hijri month name in any of its scripts and spellings, else None."""
    return _BY_KEY.get(_key(name))


def month_name(number: int) -> str:
    """The Afghan (Dari) name, as tazkiras write it: 5 → Asad."""
    return AFGHAN[number - 1]
