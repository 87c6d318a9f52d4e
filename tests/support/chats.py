"""WhatsApp "Export chat" files as Android and iOS phones in several locales write them.

The chat is between a caseworker (Fatima Caseworker) and Mohammad Karimi
(+93 70 123 4567, the principal of `referrals.held_cases`). Each export has a
system line, a multi-line message, a photo, a deleted and an edited message,
omitted media and Dari text; iOS exports carry U+200E marks and U+202F before
AM/PM, as real ones do.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

LRM, NNBSP = "\u200e", "\u202f"
ENCRYPTED = ("Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, "
             "can read or listen to them.")
DARI = "من و خانواده‌ام در خانه هستیم"

ANDROID_UK = f"""20/08/2021, 10:11 - {ENCRYPTED} Tap to learn more.
20/08/2021, 10:12 - Fatima Caseworker: Salam, this is the British Embassy team in Islamabad. Are you safe?
20/08/2021, 10:15 - +93 70 123 4567: Salam. Yes we are in Kabul, my wife and three children.
We cannot go to the airport.
20/08/2021, 10:16 - +93 70 123 4567: IMG-20210820-WA0003.jpg (file attached)
passport of my wife
20/08/2021, 10:17 - +93 70 123 4567: This message was deleted
20/08/2021, 10:20 - Fatima Caseworker: Please send the tazkira of each child. <This message was edited>
21/08/2021, 09:01 - +93 70 123 4567: <Media omitted>
21/08/2021, 21:02 - +93 70 123 4567: {DARI}
"""

ANDROID_US = """8/20/21, 10:12 AM - Fatima Caseworker: Salam, this is the British Embassy team in Islamabad. Are you safe?
8/20/21, 10:15 AM - Mohammad Karimi: Salam. Yes we are in Kabul.
We cannot go to the airport.
8/21/21, 9:02 PM - Mohammad Karimi: Thank you
8/21/21, 9:05 PM - Fatima Caseworker: We will call tomorrow
"""

ANDROID_DE = """20.08.21, 10:12 - Fatima Caseworker: Salam, are you safe?
20.08.21, 10:15 - +93 70 123 4567: Yes: we are in Kabul
21.08.21, 21:02 - +93 70 123 4567: Thank you
"""

IOS = (f"[20/08/2021, 10:11:12] Mohammad Karimi: {LRM}{ENCRYPTED}\n"
       f"[20/08/2021, 10:12:01] Fatima Caseworker: Salam, this is the British Embassy team in Islamabad.\n"
       f"Please send your passport.\n"
       f"[20/08/2021, 10:15:40] Mohammad Karimi: {LRM}<attached: 00000012-PHOTO-2021-08-20-10-15-40.jpg>\n"
       f"[20/08/2021, 10:15:52] Mohammad Karimi: {LRM}Tazkira.pdf • 2 pages {LRM}<attached: 00000013-Tazkira.pdf>\n"
       f"[20/08/2021, 10:16:00] Mohammad Karimi: {LRM}This message was deleted.\n"
       f"[20/08/2021, 10:18:00] Mohammad Karimi: {LRM}video omitted\n"
       f"[21/08/2021, 21:01:02] Mohammad Karimi: We are in Kabul <This message was edited>\n"
       f"[21/08/2021, 21:02:03] Mohammad Karimi: {DARI}\n")

IOS_US = (f"[8/20/21, 10:12:01{NNBSP}AM] Fatima Caseworker: Salam, are you safe?\n"
          f"[8/20/21, 10:15:40{NNBSP}AM] Mohammad Karimi: Yes, in Kabul\n"
          f"[8/21/21, 9:01:02{NNBSP}PM] Mohammad Karimi: {LRM}image omitted\n")

PHOTO = b"\xff\xd8\xff\xe0" + b"\x00\x10JFIF" + b"\x11" * 2000
PDF = b"%PDF-1.4\n% scan of a tazkira\n" + b"0" * 3000


def write_chat(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def write_chat_zip(path: Path, text: str, media: dict[str, bytes] | None = None, chat_name: str = "_chat.txt") -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(chat_name, text.encode("utf-8"))
        for name, data in (media or {}).items():
            archive.writestr(name, data)
    path.write_bytes(buffer.getvalue())
    return path


def ios_zip(path: Path) -> Path:
    return write_chat_zip(path, IOS, {"00000012-PHOTO-2021-08-20-10-15-40.jpg": PHOTO, "00000013-Tazkira.pdf": PDF})
