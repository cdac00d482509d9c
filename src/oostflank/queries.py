"""Pure questions about a registry on a date: status, what expires, what is stale."""

import datetime as dt
from enum import StrEnum
from typing import NamedTuple

from oostflank.dates import PartialDate, add_duration
from oostflank.errors import DateError, UnknownDeployment
from oostflank.messages import msg
from oostflank.model import Deployment, Registry
from oostflank.problems import Problem, Severity

MAX_NAMED_IDS = 5


def find_deployment(registry: Registry, deployment_id: str) -> Deployment:
    """The deployment, or a refusal naming at most five likely or known ids (a registry of
    100,000 deployments must not make a megabyte message)."""
    from oostflank.registry import nearest

    deployment = registry.deployment(deployment_id)
    if deployment is not None:
        return deployment
    ids = [d.id for d in registry.deployments]
    guesses = nearest(deployment_id, ids, MAX_NAMED_IDS)
    if guesses:
        options = " / ".join(map(repr, guesses))
        raise UnknownDeployment(msg("id.unknown_hint", id=deployment_id, guesses=options))
    shown = len(ids) if len(ids) <= MAX_NAMED_IDS + 1 else MAX_NAMED_IDS  # never "and 1 more"
    named = ", ".join(ids[:shown]) or "—"
    rest = len(ids) - shown
    known = msg("id.and_more", named=named, count=rest) if rest > 0 else named
    raise UnknownDeployment(msg("id.unknown", id=deployment_id, known=known))


class Status(StrEnum):
    """A deployment on a date: planned (before its start), active (through the last day of its
    end), ended, or unconfirmed (its minimum end passed and no later decision is recorded)."""

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
    """A deployment with its status on a date and the days from that date to its end (0 on
    the last day, negative once passed, None without an end)."""

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


WATCHED = (Status.ACTIVE, Status.UNCONFIRMED)


def expiring(registry: Registry, as_of: dt.date, last_day: dt.date) -> list[StatusRow]:
    """Deployments active or unconfirmed on the as-of date whose end falls on or before
    `last_day`, soonest end first (so a lapsed minimum end comes first), then by id.

    An unconfirmed deployment stays listed until a decision is recorded: the alarm must not go
    quiet exactly when a minimum end passes unanswered. A firm end that passed is `ended` and
    is not listed; a deployment with no end never expires.
    """
    rows = [
        (end.last, row)
        for row in status_rows(registry, as_of)
        if row.status in WATCHED
        and (end := row.deployment.end) is not None
        and end.last <= last_day
    ]
    return [row for _, row in sorted(rows, key=lambda pair: (pair[0], pair[1].deployment.id))]


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
            if milestone.done_by(as_of) or milestone.due.last >= as_of:
                continue
            # met after the as-of date: it was still open then, and the warning says when
            met_later = (
                {"done": str(milestone.done), "as_of": as_of.isoformat()}
                if milestone.done is not None
                else {}
            )
            message = msg(
                "stale.milestone_later" if met_later else "stale.milestone",
                id=deployment.id,
                number=index,
                due=str(milestone.due),
                what=milestone.what,
                **met_later,
            )
            problems.append(Problem(Severity.WARNING, (*path, "milestones", index), message))
    return problems


def outdated(registry: Registry, as_of: dt.date, max_age: str) -> list[Problem]:
    """A warning when the registry's `updated` date lies more than `max_age` (`90d`) before the
    as-of date, or when it has none to judge by: either way nobody can vouch for it."""
    if registry.updated is None:
        return [Problem(Severity.WARNING, (), msg("outdated.unknown", age=max_age))]
    try:
        if add_duration(registry.updated.first, max_age) >= as_of:  # "2026" counts from 1 Jan
            return []
    except DateError:  # past the year 9999, so past the as-of date too
        return []
    message = msg("outdated", updated=str(registry.updated), age=max_age, date=as_of.isoformat())
    return [Problem(Severity.WARNING, ("updated",), message)]


def dated_after(registry: Registry, today: dt.date) -> list[Problem]:
    """Warnings for what is dated after today: a decision, a paper, a milestone met or the
    registry's update cannot lie in the future, so the date is most likely a typo (one that
    would also keep `--max-age` quiet for years). Judged by the clock, not the as-of date:
    looking back to an earlier day makes later records no less true."""
    dated: list[tuple[tuple[str | int, ...], PartialDate | None]] = [
        (("updated",), registry.updated)
    ]
    dated += [(("source", n, "date"), s.date) for n, s in enumerate(registry.sources, start=1)]
    for number, deployment in enumerate(registry.deployments, start=1):
        path = ("deployment", number)
        dated += [
            ((*path, "decisions", k, "date"), decision.date)
            for k, decision in enumerate(deployment.decisions, start=1)
        ]
        dated += [
            ((*path, "milestones", k, "done"), milestone.done)
            for k, milestone in enumerate(deployment.milestones, start=1)
        ]
    return [
        Problem(Severity.WARNING, path, msg("dated_after", date=str(date), today=today.isoformat()))
        for path, date in dated
        if date is not None and date.first > today
    ]


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


def events(
    registry: Registry, *, include_done: bool = False, as_of: dt.date = dt.date.max
) -> list[Event]:
    """Every dated event in the registry: ends (at their last day) and milestones (those done
    by `as_of`, by default ever, only with `include_done`)."""
    found = []
    for deployment in registry.deployments:
        if deployment.end is not None:
            kind = EventKind.MINIMUM_END if deployment.end_at_least else EventKind.END
            found.append(Event(deployment.end.last, deployment, kind))
        for number, milestone in enumerate(deployment.milestones, start=1):
            if include_done or not milestone.done_by(as_of):
                found.append(Event(milestone.due.last, deployment, EventKind.MILESTONE, number))
    return found


_KIND_ORDER = {kind: number for number, kind in enumerate(EventKind)}


def _overdue(event: Event, as_of: dt.date) -> bool:
    """A milestone past due and not done, or a minimum end that passed with no decision."""
    if event.date >= as_of:
        return False
    if event.kind is EventKind.MILESTONE:
        return True
    return event.kind is EventKind.MINIMUM_END and (
        status_on(event.deployment, as_of) is Status.UNCONFIRMED
    )


def agenda(registry: Registry, as_of: dt.date, last_day: dt.date) -> list[Event]:
    """Overdue events first (milestones past due, minimum ends passed without a decision),
    then every event from the as-of date through `last_day`; each part in date order, then by
    kind, then by deployment id."""

    def order(event: Event) -> tuple[dt.date, int, str, int]:
        return event.date, _KIND_ORDER[event.kind], event.deployment.id, event.milestone or 0

    found = events(registry, as_of=as_of)
    overdue = [e for e in found if _overdue(e, as_of)]
    coming = [e for e in found if as_of <= e.date <= last_day]
    return sorted(overdue, key=order) + sorted(coming, key=order)
