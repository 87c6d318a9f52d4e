"""Figures for the dashboard: where the caseload stands, computed in SQL.

Each figure is one aggregate query, so the dashboard costs the same few
queries on 2,000 cases as on 100,000.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, case, func, select

from caseworker.domain.roles import Action
from caseworker.domain.workflow import MAIN_LINE, Status
from caseworker.services.context import Service
from caseworker.services.dto import JsonMixin
from caseworker.services.queues import BY_NAME
from caseworker.store.models import Case, ContactEntry, Post


@dataclass(frozen=True, slots=True)
class Bar(JsonMixin):
    """One bar of a chart: the value it filters on, its label and its count."""

    key: str
    label: str
    count: int


@dataclass(frozen=True, slots=True)
class DashboardStats(JsonMixin):
    main_line: tuple[Bar, ...]  # the workflow funnel, in workflow order
    side_states: tuple[Bar, ...]  # side states that hold at least one case
    posts: tuple[Bar, ...]
    countries: tuple[Bar, ...]
    contacts_by_day: tuple[Bar, ...]  # Monday … today of the current week (local days)
    stale: int
    total: int

    @property
    def contacts_this_week(self) -> int:
        return sum(bar.count for bar in self.contacts_by_day)


def week_start(now: dt.datetime) -> dt.datetime:
    """Local midnight of the Monday of `now`'s week (the caseworkers' week, not UTC's)."""
    midnight = now.astimezone().replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight - dt.timedelta(days=midnight.weekday())


class DashboardService(Service):
    def statistics(self, now: dt.datetime | None = None) -> DashboardStats:
        self._ctx.require(Action.VIEW)
        now = now or dt.datetime.now(dt.UTC)
        with self._ctx.read() as session:
            by_status = dict(session.execute(select(Case.status, func.count()).group_by(Case.status)).all())
            post_names = dict(session.execute(select(Post.code, Post.name)).all())
            by_post = session.execute(
                select(Case.post_code, func.count()).group_by(Case.post_code).order_by(func.count().desc(), Case.post_code)
            ).all()
            by_country = session.execute(
                select(Case.current_country, func.count())
                .group_by(Case.current_country)
                .order_by(func.count().desc(), Case.current_country)
            ).all()
            monday = week_start(now)
            days = [monday + dt.timedelta(days=i) for i in range((now - monday).days + 1)]
            day_counts = session.execute(
                select(*[
                    func.sum(case((and_(ContactEntry.occurred_at >= d, ContactEntry.occurred_at < d + dt.timedelta(days=1)), 1), else_=0))
                    for d in days
                ]).where(ContactEntry.occurred_at >= monday)
            ).one()  # fmt: skip
            # Summed over every case like the sidebar's counts, so that SQLite reads the queue
            # index; a WHERE on the status would read the rows of every open case instead.
            stale = session.execute(
                select(func.sum(case((BY_NAME["stale"].condition(self.user, now), 1), else_=0))).select_from(Case)
            ).scalar_one() or 0
        main = tuple(Bar(s.value, s.label, int(by_status.get(s.value, 0))) for s in MAIN_LINE)
        side = tuple(
            Bar(s.value, s.label, int(by_status[s.value])) for s in Status if s.is_side_state and by_status.get(s.value)
        )
        return DashboardStats(
            main_line=main,
            side_states=side,
            posts=tuple(Bar(code, post_names.get(code, code), int(n)) for code, n in by_post),
            countries=tuple(Bar(country, country or "Unknown", int(n)) for country, n in by_country),
            contacts_by_day=tuple(
                Bar(d.date().isoformat(), f"{d:%a}", int(n or 0)) for d, n in zip(days, day_counts, strict=True)
            ),
            stale=int(stale),
            total=sum(int(n) for n in by_status.values()),
        )
