"""Parsing WhatsApp exports: Android and iOS, several locales, multi-line, system lines, markers."""

from __future__ import annotations

import datetime as dt

import pytest

from caseworker.domain.whatsapp_chat import AmbiguousDateOrder, parse_chat
from tests.support.chats import ANDROID_DE, ANDROID_UK, ANDROID_US, DARI, IOS, IOS_US


def test_android_uk() -> None:
    chat = parse_chat(ANDROID_UK)
    assert (chat.platform, chat.date_order, chat.ignored_lines) == ("android", "DMY", 0)
    system, *messages = chat.messages
    assert system.system and system.text.startswith("Messages and calls are end-to-end encrypted")
    assert chat.participants == ("Fatima Caseworker", "+93 70 123 4567")
    assert messages[1].text == "Salam. Yes we are in Kabul, my wife and three children.\nWe cannot go to the airport."
    assert messages[2].attachments == ("IMG-20210820-WA0003.jpg",) and messages[2].text == "passport of my wife"
    assert messages[3].deleted and messages[3].text == ""
    assert messages[4].edited and messages[4].text == "Please send the tazkira of each child."
    assert messages[5].media_omitted
    assert messages[6].text == DARI and messages[6].at == dt.datetime(2021, 8, 21, 21, 2)
    assert [m.line for m in chat.messages] == [1, 2, 3, 5, 7, 8, 9, 10]


def test_android_us_twelve_hour_clock_month_first() -> None:
    chat = parse_chat(ANDROID_US)
    assert chat.date_order == "MDY"
    assert [m.at for m in chat.messages] == [
        dt.datetime(2021, 8, 20, 10, 12), dt.datetime(2021, 8, 20, 10, 15), dt.datetime(2021, 8, 21, 21, 2),
        dt.datetime(2021, 8, 21, 21, 5)]
    assert chat.messages[1].text.endswith("\nWe cannot go to the airport.")


def test_android_german_dots_and_a_colon_in_the_text() -> None:
    chat = parse_chat(ANDROID_DE)
    assert chat.date_order == "DMY" and chat.messages[1].text == "Yes: we are in Kabul"
    assert chat.messages[0].at == dt.datetime(2021, 8, 20, 10, 12)


def test_ios_with_marks_attachments_and_system_line() -> None:
    chat = parse_chat(IOS)
    assert chat.platform == "ios" and chat.messages[0].system
    photo, pdf, deleted, omitted, edited = chat.messages[2:7]
    assert photo.attachments == ("00000012-PHOTO-2021-08-20-10-15-40.jpg",) and photo.text == ""
    assert pdf.attachments == ("00000013-Tazkira.pdf",) and pdf.text == "Tazkira.pdf • 2 pages"
    assert deleted.deleted and omitted.media_omitted
    assert edited.edited and edited.text == "We are in Kabul"
    assert chat.messages[1].text == "Salam, this is the British Embassy team in Islamabad.\nPlease send your passport."
    assert all("\u200e" not in m.text for m in chat.messages)


def test_ios_us_narrow_spaces_and_pm() -> None:
    chat = parse_chat(IOS_US)
    assert chat.date_order == "MDY" and chat.messages[2].at == dt.datetime(2021, 8, 21, 21, 1, 2)
    assert chat.messages[2].media_omitted


def test_dates_that_fit_one_order_only_settle_it_and_others_are_asked() -> None:
    # 01/02 … 13/02: only day first reads the last line, so every line is read day first.
    text = "01/02/2022, 10:00 - A: one\n03/02/2022, 10:00 - B: two\n13/02/2022, 10:00 - A: three\n"
    assert [m.at.date() for m in parse_chat(text).messages] == [
        dt.date(2022, 2, 1), dt.date(2022, 2, 3), dt.date(2022, 2, 13)]
    # Time running forwards is no proof: a phone's clock can be set back, and a chat can be merged.
    with pytest.raises(AmbiguousDateOrder):
        parse_chat("01/02/2022, 10:00 - A: one\n02/01/2022, 10:00 - B: two\n")
    # Dates that read alike either way need no answer.
    same = parse_chat("04/04/2022, 10:00 - A: one\n05/05/2022, 10:00 - B: two\n")
    assert same.order_from == "any" and same.messages[1].at == dt.datetime(2022, 5, 5, 10)


def test_a_line_that_only_looks_like_a_message_stays_in_the_one_before() -> None:
    text = ("13/02/2022, 10:00 - A: the form says\n"
            "31/31/2022, 10:00 - B: is not a date\n"
            "14/02/2022, 10:00 - B: ok\n")
    chat = parse_chat(text)
    assert [m.text for m in chat.messages] == ["the form says\n31/31/2022, 10:00 - B: is not a date", "ok"]


def test_persian_digits_and_persian_am_pm() -> None:
    text = "\u200f۱۴۰۰/۰۵/۲۹، ۱۰:۱۲ ب.ظ - احمد: سلام\n"
    chat = parse_chat(text)  # the Persian comma, a Solar Hijri year, "after noon"
    assert chat.date_order == "YMD" and chat.messages[0].sender == "احمد"
    assert chat.messages[0].at == dt.datetime(2021, 8, 20, 22, 12) and chat.calendar == "solar_hijri"


def test_lines_before_the_first_message_and_bad_input() -> None:
    chat = parse_chat("Chat history\n\n" + ANDROID_DE)
    assert chat.ignored_lines == 1 and len(chat.messages) == 3
    with pytest.raises(ValueError, match="no WhatsApp messages found"):
        parse_chat("just some text\nwithout timestamps\n")


def test_group_system_lines_are_not_messages() -> None:
    text = ("20/08/2021, 10:00 - Fatima Caseworker created group \"Karimi family\"\n"
            "20/08/2021, 10:01 - Fatima Caseworker added +93 70 123 4567\n"
            "20/08/2021, 10:02 - +93 70 123 4567: thank you\n"
            "20/08/2021, 10:03 - +93 70 123 4567 left\n")
    chat = parse_chat(text)
    assert [m.system for m in chat.messages] == [True, True, False, True]
    assert chat.participants == ("+93 70 123 4567",)


def test_the_message_keeps_its_digits_as_written() -> None:
    (android,) = parse_chat("۱۴۰۰/۰۵/۲۹، ۱۰:۱۲ - احمد: شماره من ۰۷۰۰ ۱۲۳ ۴۵۶ است\n").messages
    assert android.text == "شماره من ۰۷۰۰ ۱۲۳ ۴۵۶ است"
    (ios,) = parse_chat("[20/08/2021, 10:15:00] +۹۳ ۷۰: ٣ أطفال\n").messages
    assert ios.text == "٣ أطفال" and ios.sender == "+۹۳ ۷۰"
