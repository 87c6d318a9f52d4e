"""Writing a manifest as CSV, for partners whose systems take nothing else.

UTF-8 with a byte-order mark, so Excel shows Dari and Pashto script instead
of mojibake; CRLF line ends; every value quoted when needed. The same
neutralisation as the workbook applies, which matters more here: a CSV has no
cell types, so a value starting with ``=`` would run when the file is opened.
Dates are written as text in the profile's format.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import BinaryIO

from caseworker.documents.cells import safe_text
from caseworker.documents.manifest import (
    Cancelled,
    Manifest,
    Progress,
    WriteCancelled,
    never,
    no_progress,
)

_PROGRESS_EVERY = 5000


def write_csv(
    manifest: Manifest, out: BinaryIO, *, progress: Progress = no_progress, cancelled: Cancelled = never
) -> None:
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="", write_through=True)
    try:
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow([safe_text(h) for h in manifest.headings])
        fmt = manifest.date_format.format
        total = manifest.row_count
        for done, row in enumerate(manifest.rows, 1):
            writer.writerow(
                [
                    "" if v is None else fmt(v) if isinstance(v, dt.date) else safe_text(v) if isinstance(v, str) else v
                    for v in row
                ]
            )
            if done % _PROGRESS_EVERY == 0:
                if cancelled():
                    raise WriteCancelled("writing the manifest was cancelled")
                progress(done, total)
        text.flush()
    finally:
        text.detach()
    progress(total, total)
