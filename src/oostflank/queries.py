"""Pure questions about a registry on a date: status, what expires, what is stale."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import NamedTuple

from oostflank.dates import PartialDate, add_duration
from oostflank.errors import DateError, Problem, Severity
from oostflank.i18n import msg
from oostflank.model import Deployment, Registry


class Status(StrEnum):
    PLANNED = "planned"
    ACTIVE = "active"
    ENDED = "ended"
    UNCONFIRMED = "unconfirmed"


def status_on(deployment: Deployment, as_of: dt.date) -> Status:
    """Planned before the start; active through the last day of the end; then ended, or
    unconfirmed when the end was only a minimum and no later decision is recorded."""
    if deployment.start is not None and as_of < deployment.start.first:
        return Status.PLANNED
    end = deployment.end
    if end is None or as_of <= end.last:
        return Status.ACTIVE
    return Status.UNCONFIRMED if deployment.end_at_least else Status.ENDED


def days_left(deployment: Deployment, as_of: dt.date) -> int | None:
    """Days from the as-of date to the last day: 0 on that day, negative once passed."""
    return None if deployment.end is None else (deployment.end.last - as_of).days


class StatusRow(NamedTuple):
    deployment: Deployment
    status: Status
    days_left: int | None


def status_rows(
    registry: Registry, as_of: dt.date, *, active_only: bool = False
) -> list[StatusRow]:
    """Every deployment in registry order, with its status on the date."""
    rows = [
        StatusRow(deployment, status_on(deployment, as_of), days_left(deployment, as_of))
        for deployment in registry.deployments
    ]
    return [row for row in rows if row.status is Status.ACTIVE] if active_only else rows


def expiry_limit(
    as_of: dt.date,
    *,
    before: PartialDate | None = None,
    by: PartialDate | None = None,
    within: str | None = None,
) -> dt.date:
    """The last day that counts: before a date (exclusive: a partial date means its first day),
    by a date (inclusive: its last day), or within a duration of the as-of date (inclusive)."""
    if before is not None:
        if before.first == dt.date.min:
            raise DateError(msg("date.range"))
        return before.first - dt.timedelta(days=1)
    if by is not None:
        return by.last
    assert within is not None
    return add_duration(as_of, within)


def expiring(registry: Registry, as_of: dt.date, last_day: dt.date) -> list[StatusRow]:
    """Deployments active on the as-of date whose end falls on or before `last_day`,
    soonest first, then by id. Open-ended deployments never expire."""
    rows = [
        row
        for row in status_rows(registry, as_of, active_only=True)
        if row.deployment.end is not None and row.deployment.end.last <= last_day
    ]
    return sorted(rows, key=lambda row: (row.days_left or 0, row.deployment.id))


def stale(registry: Registry, as_of: dt.date) -> list[Problem]:
    """Warnings about data that the date has overtaken: the registry no longer knows."""
    problems = []
    for number, deployment in enumerate(registry.deployments, start=1):
        path: tuple[str | int, ...] = ("deployment", number)
        if status_on(deployment, as_of) is Status.UNCONFIRMED:
            problems.append(
                Problem(
                    Severity.WARNING,
                    (*path, "end"),
                    msg("stale.unconfirmed", id=deployment.id, end=str(deployment.end)),
                )
            )
        for index, milestone in enumerate(deployment.milestones, start=1):
            if milestone.done is None and milestone.due.last < as_of:
                problems.append(
                    Problem(
                        Severity.WARNING,
                        (*path, "milestones", index),
                        msg(
                            "stale.milestone",
                            id=deployment.id,
                            number=index,
                            due=str(milestone.due),
                            what=milestone.what,
                        ),
                    )
                )
    return problems


class EventKind(StrEnum):
    END = "end"
    MINIMUM_END = "minimum-end"
    MILESTONE = "milestone"


class Event(NamedTuple):
    """A dated thing to watch: a mandate end, a minimum end or a milestone (numbered as `show`)."""

    date: dt.date
    deployment: Deployment
    kind: EventKind
    milestone: int | None = None

    @property
    def uid_key(self) -> str:
        """Names the event without its date, so a moved date is the same event."""
        suffix = f".{self.milestone}" if self.milestone is not None else ""
        return f"{self.deployment.id}.{self.kind.value}{suffix}"


def events(registry: Registry, *, include_done: bool = False) -> list[Event]:
    """Every dated event in the registry: ends (at their last day) and milestones (those done
    only with `include_done`)."""
    found = []
    for deployment in registry.deployments:
        if deployment.end is not None:
            kind = EventKind.MINIMUM_END if deployment.end_at_least else EventKind.END
            found.append(Event(deployment.end.last, deployment, kind))
        for number, milestone in enumerate(deployment.milestones, start=1):
            if include_done or milestone.done is None:
                found.append(Event(milestone.due.last, deployment, EventKind.MILESTONE, number))
    return found


def agenda(registry: Registry, as_of: dt.date, last_day: dt.date) -> list[Event]:
    """Milestones past due and not done first (overdue), then every event from the as-of date
    through `last_day`, in date order, then by deployment id."""

    def order(event: Event) -> tuple[dt.date, str, int]:
        return event.date, event.deployment.id, event.milestone or 0

    overdue = [e for e in events(registry) if e.kind is EventKind.MILESTONE and e.date < as_of]
    coming = [e for e in events(registry) if as_of <= e.date <= last_day]
    return sorted(overdue, key=order) + sorted(coming, key=order)
