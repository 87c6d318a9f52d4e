"""Every export format of docs/parsers/whatsapp.md, read from fixture files with the exact datetimes.

The fixtures (tests/fixtures/whatsapp) are one short chat written in each
format as phones write it (the formats documented by the open-source parsers
whatstk and whatsapp-chat-parser, and the vectors of issue 13); the lines
are ours. Every chat holds the same six moments; those whose order must be
settled by locale markers stop before 13 September, so that every day is 12 or
less and only the markers can tell day from month.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from caseworker.domain.whatsapp_chat import AmbiguousDateOrder, parse_chat

FIXTURES = Path(__file__).parent.parent / "fixtures" / "whatsapp"
MOMENTS = (dt.datetime(2021, 9, 4, 0, 15, 9), dt.datetime(2021, 9, 4, 12, 40), dt.datetime(2021, 9, 4, 14, 3, 5),
           dt.datetime(2021, 9, 11, 9, 30), dt.datetime(2021, 9, 12, 21, 47), dt.datetime(2021, 9, 13, 8, 5))

# file: (order, how it is settled, platform, calendar)
FORMATS = {
    "android_en_gb": ("DMY", "dates", "android", "gregorian"),
    "android_en_us": ("MDY", "dates", "android", "gregorian"),
    "android_en_us_nnbsp": ("MDY", "dates", "android", "gregorian"),
    "android_en_in_12h": ("DMY", "locale", "android", "gregorian"),  # 04/09/2021, 2:03 pm
    "android_de": ("DMY", "locale", "android", "gregorian"),  # 04.09.21, 14:03
    "android_nl": ("DMY", "dates", "android", "gregorian"),
    "android_yy_mm_dd": ("YMD", "dates", "android", "gregorian"),  # 21-09-04: not 2004, before WhatsApp
    "android_iso": ("YMD", "dates", "android", "gregorian"),
    "android_hu": ("YMD", "dates", "android", "gregorian"),  # 2021. 09. 04. 14:03
    "android_ko": ("YMD", "dates", "android", "gregorian"),  # 2021. 9. 4. 오후 2:03
    "android_zh": ("YMD", "dates", "android", "gregorian"),  # 2021/9/4 下午2:03
    "android_ar": ("DMY", "locale", "android", "gregorian"),  # ٤‏/٩‏/٢٠٢١ ٢:٠٣ م
    "android_ar_comma": ("DMY", "dates", "android", "gregorian"),  # ٠٤/٠٩/٢٠٢١، ٢:٠٣ م
    "android_es": ("DMY", "locale", "android", "gregorian"),  # 4/9/21, 2:03 p. m.
    "android_fa": ("YMD", "dates", "android", "solar_hijri"),  # ۱۴۰۰/۶/۱۳، ۱۴:۰۳
    "android_fa_12h": ("YMD", "dates", "android", "solar_hijri"),  # ۱۴۰۰/۶/۱۳، ۲:۰۳ ب.ظ
    "android_fa_gregorian": ("YMD", "dates", "android", "gregorian"),  # ۲۰۲۱/۹/۴، ۱۴:۰۳
    "android_fi": ("DMY", "locale", "android", "gregorian"),  # 4.9.2021 klo 14.03
    "android_dotted_time": ("DMY", "dates", "android", "gregorian"),  # 04/09/2021, 14.03
    "android_12h_dotted_time": ("DMY", "dates", "android", "gregorian"),  # 04-09-2021, 02.03 PM
    "android_hr": ("DMY", "dates", "android", "gregorian"),  # 4. 9. 2021. 14:03
    "ios_en_gb": ("DMY", "dates", "ios", "gregorian"),
    "ios_en_us": ("MDY", "dates", "ios", "gregorian"),  # U+202F before PM, U+200E before a line
    "ios_de": ("DMY", "dates", "ios", "gregorian"),
    "ios_no_comma": ("DMY", "dates", "ios", "gregorian"),  # [04/09/2021 14:03:05]
    "ios_es": ("DMY", "locale", "ios", "gregorian"),  # [4/9/21 2:03:05 p. m.]
    "ios_ymd": ("YMD", "dates", "ios", "gregorian"),  # [2021/09/04, 14:03:05]
}


def read(name: str, date_order: str | None = None):  # type: ignore[no-untyped-def]
    return parse_chat((FIXTURES / f"{name}.txt").read_text(encoding="utf-8"), date_order)


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_each_format_reads_the_exact_moments(name: str) -> None:
    order, settled, platform, calendar = FORMATS[name]
    chat = read(name)
    with_seconds = platform == "ios"
    expected = [m if with_seconds else m.replace(second=0) for m in MOMENTS[:len(chat.messages)]]
    assert [m.at for m in chat.messages] == expected
    assert len(chat.messages) == (5 if settled == "locale" or name in ("android_fa_12h", "android_fa_gregorian") else 6)
    assert (chat.date_order, chat.order_from, chat.platform, chat.calendar) == (order, settled, platform, calendar)
    system, question, answer, media, thanks, *_ = chat.messages
    assert system.system and system.sender == "" and system.text.startswith("Messages and calls are end-to-end")
    assert not question.system and question.sender and answer.sender and question.sender != answer.sender
    assert answer.text.count("\n") == 1 and "\u200f" not in answer.text  # a message of two lines
    assert media.media_omitted and media.text == "" and media.sender == answer.sender
    assert thanks.sender == question.sender and chat.ignored_lines == 0


def test_the_arabic_chat_keeps_its_script() -> None:
    chat = read("android_ar")
    assert chat.participants == ("فاطمة", "محمد كريمي")
    assert chat.messages[2].text == "نعم، أنا هو.\nنحن الآن في مزار."


@pytest.mark.parametrize("name", ["ambiguous_24h", "ambiguous_12h"])
def test_a_chat_that_cannot_settle_its_order_asks(name: str) -> None:
    with pytest.raises(AmbiguousDateOrder) as caught:
        read(name)
    asked = caught.value
    assert asked.orders == ("DMY", "MDY") and asked.field == "date_order"
    assert asked.line == 1  # the first line that reads two ways, as written
    assert asked.example == {"ambiguous_24h": "04/09/2021, 00:15", "ambiguous_12h": "04/09/2021, 12:15 AM"}[name]
    assert [(o, w.date()) for o, w in asked.readings] == [("DMY", dt.date(2021, 9, 4)), ("MDY", dt.date(2021, 4, 9))]
    assert "is 4 September 2021 00:15 day first or 9 April 2021 00:15 month first; say which" in str(asked)
    day_first = read(name, "dmy")
    assert [m.at for m in day_first.messages] == [m.replace(second=0) for m in MOMENTS[:5]]
    assert day_first.order_from == "given"
    month_first = read(name, "MDY")
    assert month_first.messages[3].at == dt.datetime(2021, 11, 9, 9, 30)  # what the user said


def test_a_given_order_never_overrides_the_dates() -> None:
    with pytest.raises(ValueError, match="this chat's dates are not month first: line 7 reads “13/09/2021, 08:05”"):
        read("android_en_gb", "mdy")
    assert read("android_en_gb", "dmy").order_from == "dates"
    with pytest.raises(ValueError, match="'day' is not a date order"):
        read("android_en_gb", "day")
