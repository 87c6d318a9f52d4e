"""Settings: declared once with a type and default; bad stored values fall back to the default."""

from __future__ import annotations

from caseworker.gui import settings as opts
from caseworker.gui.settings import Settings


def test_values_round_trip_with_their_types(settings: Settings) -> None:
    assert settings.get(opts.LAST_QUEUE) == "mine" and settings.get(opts.SORT_DESCENDING) is True
    settings.set(opts.LAST_QUEUE, "stale")
    settings.set(opts.SORT_DESCENDING, False)
    settings.set(opts.SPLITTER_SIZES, [200, 800])
    settings.set(opts.COLUMN_WIDTHS, {"name": 250})
    settings.set(opts.WINDOW_GEOMETRY, b"\x01\x02")
    settings.sync()
    again = Settings.at(settings.backend.fileName())
    assert again.get(opts.LAST_QUEUE) == "stale" and again.get(opts.SORT_DESCENDING) is False
    assert again.get(opts.SPLITTER_SIZES) == [200, 800] and again.get(opts.COLUMN_WIDTHS) == {"name": 250}
    assert again.get(opts.WINDOW_GEOMETRY) == b"\x01\x02"


def test_a_damaged_value_gives_the_default(settings: Settings) -> None:
    settings.backend.setValue(opts.SPLITTER_SIZES.key, "{not json")
    settings.backend.setValue(opts.COLUMN_WIDTHS.key, "[1, 2]")
    assert settings.get(opts.SPLITTER_SIZES) == [] and settings.get(opts.COLUMN_WIDTHS) == {}
