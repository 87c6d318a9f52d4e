"""Dashboard figures: the funnel, posts, countries, contacts this week, stale cases."""

from __future__ import annotations

import datetime as dt

from caseworker.services.api import Services
from caseworker.services.dashboard import week_start
from caseworker.services.inputs import ContactInput
from tests.support.factories import new_case


def test_empty_store_has_zero_bars_along_the_whole_workflow(caseworker: Services) -> None:
    stats = caseworker.dashboard.statistics()
    assert stats.total == 0 and stats.stale == 0 and stats.contacts_this_week == 0
    assert [b.key for b in stats.main_line][:3] == ["REFERRED", "CONTACTING", "CONTACTED"]
    assert all(b.count == 0 for b in stats.main_line)
    assert stats.side_states == () and stats.posts == () and stats.countries == ()


def test_counts_cases_by_status_post_and_country(caseworker: Services) -> None:
    first = new_case(caseworker, given="Ahmad")
    new_case(caseworker, given="Hamid", post="TAS")
    new_case(caseworker, given="Karim", post="TAS")
    caseworker.cases.move(first.id, "CONTACTING", "first WhatsApp sent")
    caseworker.cases.move(first.id, "UNREACHABLE", "number dead")
    stats = caseworker.dashboard.statistics()
    assert stats.total == 3
    assert {b.key: b.count for b in stats.main_line}["REFERRED"] == 2
    assert [(b.key, b.count) for b in stats.side_states] == [("UNREACHABLE", 1)]
    assert [(b.key, b.label, b.count) for b in stats.posts] == [("TAS", "Tashkent", 2), ("ISB", "Islamabad", 1)]
    assert [(b.key, b.count) for b in stats.countries] == [("Pakistan", 3)]


def test_contacts_this_week_are_counted_per_day_from_monday(caseworker: Services) -> None:
    case = new_case(caseworker)
    now = dt.datetime.now(dt.UTC)
    monday = week_start(now)
    caseworker.contacts.log(case.id, ContactInput(occurred_at=now - dt.timedelta(minutes=1)))
    caseworker.contacts.log(case.id, ContactInput(occurred_at=monday + dt.timedelta(hours=1)))
    caseworker.contacts.log(case.id, ContactInput(occurred_at=monday - dt.timedelta(hours=1)))  # last week
    stats = caseworker.dashboard.statistics(now)
    assert stats.contacts_this_week == 2
    assert stats.contacts_by_day[0].label == "Mon" and len(stats.contacts_by_day) == now.weekday() + 1
    assert stats.contacts_by_day[0].count >= 1 and stats.contacts_by_day[-1].count >= 1


def test_stale_cases_are_those_of_the_stale_queue(caseworker: Services) -> None:
    new_case(caseworker)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=8)
    assert caseworker.dashboard.statistics(later).stale == 1
    assert caseworker.dashboard.statistics().stale == 0


def test_the_week_starts_on_monday_at_local_midnight(time_zone) -> None:  # type: ignore[no-untyped-def]
    time_zone("Asia/Karachi")  # UTC+5
    wednesday = dt.datetime(2026, 11, 25, 15, 30, tzinfo=dt.UTC)
    assert week_start(wednesday) == dt.datetime(2026, 11, 22, 19, 0, tzinfo=dt.UTC)  # Monday 00:00 in Karachi
    sunday_night_utc = dt.datetime(2026, 11, 29, 21, 0, tzinfo=dt.UTC)  # already Monday in Karachi
    assert week_start(sunday_night_utc) == dt.datetime(2026, 11, 29, 19, 0, tzinfo=dt.UTC)
