"""HarfBuzz shaping of one run of text: the glyphs of :mod:`caseworker.documents.rtl`.

A run is a stretch of a line with one font and one direction (step 4 of the
layout). Shaping is size-independent (font units) and cached per (run text,
font, direction, language); the cached result also holds the run's ReportLab
codes and ``TJ`` program (see :mod:`.rtl_pdf`), so a cached run costs nothing
to draw again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import uharfbuzz as hb

from caseworker.documents.rtl_fonts import ARABIC_RE, shaping_face
from caseworker.documents.rtl_pdf import glyph_codes, run_program

__all__ = ["GlyphRun", "Shaped", "shape"]


@dataclass(frozen=True, slots=True)
class Shaped:
    """One shaped run, size-independent: font units, plus its PDF codes and TJ program."""

    gids: tuple[int, ...]
    clusters: tuple[int, ...]
    x_advances: tuple[int, ...]
    x_offsets: tuple[int, ...]
    y_offsets: tuple[int, ...]
    advance: int
    upem: int
    codes: str
    program: tuple


@lru_cache(maxsize=32768)
def shape(text: str, font_name: str, rtl: bool, lang: str) -> Shaped:
    """HarfBuzz-shape one run; glyphs in visual (left-to-right) order."""
    face = shaping_face(font_name)
    buf = hb.Buffer()
    buf.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
    buf.add_str(text)
    buf.guess_segment_properties()
    buf.direction = "rtl" if rtl else "ltr"
    if ARABIC_RE.search(text):
        buf.script = "Arab"
        buf.language = lang
    hb.shape(face.font, buf, {})
    gids = []
    clusters = []
    for info in buf.glyph_infos:
        gids.append(info.codepoint)
        clusters.append(info.cluster)
    x_advances = []
    x_offsets = []
    y_offsets = []
    for pos in buf.glyph_positions:
        x_advances.append(pos.x_advance)
        x_offsets.append(pos.x_offset)
        y_offsets.append(pos.y_offset)
    per_mille = 1000.0 / face.upem
    hb_font = face.font
    codes, widths = glyph_codes(
        font_name,
        gids,
        _cluster_texts(text, clusters, rtl),
        lambda gid: hb_font.get_glyph_h_advance(gid) * per_mille,
    )
    if per_mille == 1.0:
        program = run_program(widths, x_advances, x_offsets, y_offsets)
    else:
        program = run_program(
            widths,
            [v * per_mille for v in x_advances],
            [v * per_mille for v in x_offsets],
            [v * per_mille for v in y_offsets],
        )
    return Shaped(
        tuple(gids),
        tuple(clusters),
        tuple(x_advances),
        tuple(x_offsets),
        tuple(y_offsets),
        sum(x_advances),
        face.upem,
        codes,
        program,
    )


def _cluster_texts(text: str, clusters: list[int], rtl: bool) -> list[str]:
    """The text each glyph stands for: its cluster's characters on the cluster's
    first glyph in logical order, "" on the others."""
    n = len(clusters)
    if n == len(text):  # one glyph per character, the common case
        if clusters == list(range(n)):
            return list(text)
        if rtl and clusters == list(range(n - 1, -1, -1)):
            return list(reversed(text))
    starts = sorted(set(clusters))
    end_of = {
        c: (starts[k + 1] if k + 1 < len(starts) else len(text)) for k, c in enumerate(starts)
    }
    texts = [""] * len(clusters)
    seen: set[int] = set()
    order = range(len(clusters) - 1, -1, -1) if rtl else range(len(clusters))
    for i in order:
        c = clusters[i]
        if c not in seen:
            seen.add(c)
            texts[i] = text[c : end_of[c]]
    return texts


@dataclass(frozen=True, slots=True)
class GlyphRun:
    """Glyphs of one font and one direction, in visual (left-to-right) order.

    ``text`` is the run's logical text, starting at ``start`` in its
    paragraph; ``level`` its bidi embedding level (odd: right to left).
    Lengths are in points.
    """

    text: str
    start: int
    font_name: str
    size: float
    level: int
    shaped: Shaped = field(repr=False)

    @property
    def rtl(self) -> bool:
        return bool(self.level % 2)

    @property
    def glyphs(self) -> tuple[int, ...]:
        """Glyph ids, left to right."""
        return self.shaped.gids

    @property
    def clusters(self) -> tuple[int, ...]:
        """Index in ``text`` of the character each glyph comes from."""
        return self.shaped.clusters

    @property
    def width(self) -> float:
        return self.shaped.advance * self.size / self.shaped.upem

    @property
    def x_advances(self) -> tuple[float, ...]:
        k = self.size / self.shaped.upem
        return tuple(v * k for v in self.shaped.x_advances)

    @property
    def x_offsets(self) -> tuple[float, ...]:
        k = self.size / self.shaped.upem
        return tuple(v * k for v in self.shaped.x_offsets)

    @property
    def y_offsets(self) -> tuple[float, ...]:
        k = self.size / self.shaped.upem
        return tuple(v * k for v in self.shaped.y_offsets)

    @property
    def codes(self) -> str:
        return self.shaped.codes

    @property
    def program(self) -> tuple:
        return self.shaped.program
