"""Checking zip archives (workbooks, WhatsApp exports) before anything parses them.

An .xlsx or .ods file is a zip of XML parts, and a WhatsApp export with
media is a zip too. A hostile or broken archive can claim small sizes and expand to
gigabytes (a zip bomb), hold thousands of entries, or declare
XML entities that expand without end (macros are never run: the workbook
reader reads cells only). Everything here reads the archive's own
bytes with hard limits, so the parsers that run afterwards only ever see
content that has been measured.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from typing import IO

from caseworker.domain.errors import ValidationError

CHUNK = 1 << 20
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_DTD_MARKERS = (b"<!DOCTYPE", b"<!ENTITY", b"<!doctype", b"<!entity")


@dataclass(frozen=True, slots=True)
class ZipLimits:
    max_entries: int = 2_000
    max_total: int = 300 * 1024 * 1024  # uncompressed bytes, all entries
    max_entry: int = 200 * 1024 * 1024
    max_ratio: int = 200  # uncompressed / compressed, for entries over 1 MB


WORKBOOK_LIMITS = ZipLimits()


def problem(filename: str, message: str) -> ValidationError:
    return ValidationError(f"{filename}: {message}")


def open_zip(source: str | IO[bytes], filename: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise problem(filename, f"is not a readable zip archive ({exc})") from None


def check_declared(archive: zipfile.ZipFile, filename: str, limits: ZipLimits) -> list[zipfile.ZipInfo]:
    """Entry count, declared sizes and ratios, encryption and unsafe names."""
    entries = archive.infolist()
    if len(entries) > limits.max_entries:
        raise problem(filename, f"holds {len(entries):,} files (at most {limits.max_entries:,}); refused")
    total = 0
    for info in entries:
        if info.flag_bits & 0x1:
            raise problem(filename, f"{info.filename} is encrypted inside the archive; refused")
        if info.file_size > limits.max_entry:
            raise problem(filename, f"{info.filename} expands to {info.file_size:,} bytes; refused")
        if info.file_size > CHUNK and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            raise problem(filename, f"{info.filename} is compressed {info.file_size // max(info.compress_size, 1):,} "
                                    "to 1 (a zip bomb?); refused")
        total += info.file_size
        if total > limits.max_total:
            raise problem(filename, f"expands to more than {limits.max_total // (1024 * 1024)} MB; refused")
    return entries


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, filename: str, cap: int) -> bytes:
    """The member's bytes, refusing to expand past `cap` or its declared size (headers can lie)."""
    limit = min(cap, info.file_size)
    parts: list[bytes] = []
    size = 0
    try:
        with archive.open(info) as member:
            while chunk := member.read(min(CHUNK, limit - size + 1)):
                size += len(chunk)
                if size > limit:
                    raise problem(filename, f"{info.filename} expands beyond its declared size; refused")
                parts.append(chunk)
    except ValidationError:
        raise
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise problem(filename, f"{info.filename} cannot be read ({exc})") from None
    return b"".join(parts)


def _stream_check(archive: zipfile.ZipFile, info: zipfile.ZipInfo, filename: str) -> None:
    """Decompress one entry, counting bytes, and look for DTDs in XML parts."""
    xml = info.filename.lower().endswith(_XML_SUFFIXES)
    size, tail = 0, b""
    try:
        with archive.open(info) as member:
            while chunk := member.read(CHUNK):
                size += len(chunk)
                if size > info.file_size:
                    raise problem(filename, f"{info.filename} expands beyond its declared size (a zip bomb?); refused")
                if xml:
                    window = tail + chunk
                    if any(marker in window for marker in _DTD_MARKERS):
                        raise problem(filename, f"{info.filename} declares XML entities (<!DOCTYPE/<!ENTITY>); refused")
                    tail = chunk[-16:]
    except ValidationError:
        raise
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise problem(filename, f"is damaged: {info.filename} cannot be read ({exc})") from None


def check_workbook(archive: zipfile.ZipFile, filename: str, limits: ZipLimits = WORKBOOK_LIMITS) -> bool:
    """Everything that must hold before openpyxl may read an .xlsx/.xlsm archive; True if it holds macros.

    Macros are never run or kept (openpyxl reads cells only), so a macro-enabled
    workbook is read like any other: the caller says that its macros were left out.
    """
    entries = check_declared(archive, filename, limits)
    names = {info.filename.lower() for info in entries}
    if "[content_types].xml" not in names or "xl/workbook.xml" not in names:
        raise problem(filename, "is a zip archive but not an Excel workbook (.xlsx)")
    for info in entries:
        _stream_check(archive, info, filename)
    content_types = read_member(archive, archive.getinfo(_exact(archive, "[Content_Types].xml")), filename, CHUNK * 4)
    return (any(name.endswith("vbaproject.bin") for name in names) or b"macroEnabled" in content_types
            or b"vbaProject" in content_types)


ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


def check_spreadsheet(archive: zipfile.ZipFile, filename: str, limits: ZipLimits = WORKBOOK_LIMITS) -> None:
    """Everything that must hold before odfpy may read an OpenDocument spreadsheet (.ods).

    The same limits as a workbook's, entities refused in every XML part; a
    document that is not a spreadsheet (a text document renamed .ods) is refused.
    """
    entries = check_declared(archive, filename, limits)
    names = {info.filename for info in entries}
    if "content.xml" not in names:
        raise problem(filename, "is a zip archive but not an OpenDocument spreadsheet (.ods)")
    for info in entries:
        _stream_check(archive, info, filename)
    if "mimetype" in names:
        mimetype = read_member(archive, archive.getinfo("mimetype"), filename, 200).strip()
        if mimetype not in (ODS_MIMETYPE, ODS_MIMETYPE + b"-template"):
            shown = mimetype.decode("ascii", "replace")[:80]
            raise problem(filename, f"is an OpenDocument file but not a spreadsheet ({shown})")


def _exact(archive: zipfile.ZipFile, name: str) -> str:
    return next(n for n in archive.namelist() if n.lower() == name.lower())
