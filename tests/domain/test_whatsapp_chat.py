"""Parsing WhatsApp exports: Android and iOS, several locales, multi-line, system lines, markers."""

from __future__ import annotations

import datetime as dt

import pytest

from caseworker.domain.whatsapp_chat import parse_chat
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


def test_ambiguous_dates_follow_the_order_in_which_time_runs() -> None:
    # 01/02 … 03/02 … 05/02: day-first runs forwards (1, 3, 5 Feb); month-first would jump Jan → Mar → May
    # and back in the days; both are increasing here, so the tie goes to day first (24-hour clock).
    text = "01/02/2022, 10:00 - A: one\n03/02/2022, 10:00 - B: two\n02/03/2022, 10:00 - A: three\n"
    assert parse_chat(text).date_order == "DMY"
    backwards_if_dmy = "01/02/2022, 10:00 - A: one\n02/01/2022, 10:00 - B: two\n"
    assert parse_chat(backwards_if_dmy).date_order == "MDY"


def test_persian_digits_and_persian_am_pm() -> None:
    text = "۱۴۰۰/۰۵/۲۹، ۱۰:۱۲ ب.ظ - احمد: سلام\n"
    chat = parse_chat(text.replace("،", ","))
    assert chat.date_order == "YMD" and chat.messages[0].sender == "احمد" and chat.messages[0].at.hour == 22


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
