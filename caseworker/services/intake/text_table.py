"""CSV and tab-separated text, in the encodings Excel and Windows write.

The encoding is, in this order: the one the user gave; the byte-order mark
(UTF-8, UTF-16 as Excel's "Unicode Text" writes it, UTF-32); UTF-16 without a
mark (every other byte zero); UTF-8 when the bytes are valid UTF-8 (which text
in another encoding almost never is); otherwise Windows-1256 when the bytes read in it as
Arabic-script text (a list typed on an Afghan or Persian Windows machine;
charset-normalizer is unsure of short Arabic text), else what charset-normalizer
finds. The
delimiter is sniffed; fields are stripped of surrounding spaces.
"""

from __future__ import annotations

import csv
import io
import unicodedata

from caseworker.services.intake.sheet_rows import VISIBLE, Book, SheetSource, numbered, problem

_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
         (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))  # fmt: skip
_SAMPLE = 512 * 1024


def _arabic_share(text: str) -> float:
    letters = [ch for ch in text if ord(ch) > 127 and ch.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for ch in letters if "ARABIC" in unicodedata.name(ch, "")) / len(letters)


def _guesses(data: bytes) -> list[str]:
    import charset_normalizer

    sample = data[:_SAMPLE]
    if _arabic_share(sample.decode("cp1256", "replace")) >= 0.8:
        return ["cp1256"]  # the detector is unsure of short Arabic-script text; the lists here are Dari and Pashto
    found = [match.encoding for match in charset_normalizer.from_bytes(sample)]
    return [*found, "cp1256"] if "cp1256" not in found else found


def _candidates(data: bytes) -> list[str]:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return [name]
    if len(data) > 3 and data[1:200:2].count(0) > len(data[1:200:2]) * 0.6:
        return ["utf-16-le"]
    if len(data) > 3 and data[0:200:2].count(0) > len(data[0:200:2]) * 0.6:
        return ["utf-16-be"]
    try:
        data.decode("utf-8")
        return ["utf-8"]
    except UnicodeDecodeError:
        return _guesses(data)


def _looks_binary(text: str) -> bool:
    return "\x00" in text or sum(ch < " " and ch not in "\t\r\n" for ch in text[:65536]) > 8


def decode_text(data: bytes, filename: str, encoding: str | None = None) -> tuple[str, str]:
    """(text, encoding) of a CSV or chat export; the user's `encoding` wins over every guess."""
    if encoding:
        try:
            return data.decode(encoding), encoding
        except (LookupError, UnicodeDecodeError) as exc:
            raise problem(filename, f"cannot be read as {encoding} ({exc})") from None
    for candidate in _candidates(data):
        try:
            text = data.decode(candidate)
        except (UnicodeDecodeError, LookupError):
            continue
        if _looks_binary(text):
            break
        return text, candidate
    raise problem(filename, "is not a text file in UTF-8, UTF-16 or Windows-1256 (binary data?)")


def open_book(data: bytes, filename: str, title: str, encoding: str | None) -> tuple[Book, str]:
    """The file as a book of one sheet, named `title`, and the encoding it was read in."""
    text, used = decode_text(data, filename, encoding)
    sample = text[:65536]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel_tab if used.startswith("utf-16") or "\t" in sample.split("\n", 1)[0] else csv.excel

    def rows():  # type: ignore[no-untyped-def]
        reader = csv.reader(io.StringIO(text, newline=""), dialect)
        try:
            yield from numbered([c.strip() for c in row] for row in reader)
        except csv.Error as exc:
            raise problem(filename, f"is not a valid CSV file ({exc})") from None

    return Book([SheetSource(title, VISIBLE, rows)]), used
