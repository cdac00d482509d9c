"""oostflank as a library: the front door that `import oostflank` opens (see its `__all__`).

Load a registry, ask it what runs and what expires on a date, change it with pure functions and
save it, as the command line does: the commands stand on the same functions. Nothing here
imports typer, rich or python-dateutil; what only a change needs is imported by the change.

Dates may be given as `datetime.date`, as `PartialDate`, or as the registry's own text
(`"2026-12-31"`, `"2026-09"`, `"2026-Q2"`, `"2026"`); a partial end means its last day.
Every refusal is an `OostflankError` whose `str()` says in English what is wrong; a registry
that cannot be used raises `RegistryError`, listing every problem with its place.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from oostflank import typed_dates
from oostflank.dates import PartialDate, parse_partial
from oostflank.errors import OostflankError, UnknownDeployment
from oostflank.model import Decision, Deployment, Milestone, Registry, Source
from oostflank.problems import Problem, RegistryError, errors_in
from oostflank.queries import Event, Status, StatusRow, expiry_limit, status_on, status_rows
from oostflank.queries import agenda as _agenda
from oostflank.queries import expiring as _expiring
from oostflank.queries import find_deployment as find

__all__ = [
    "Decision",
    "Deployment",
    "Event",
    "Milestone",
    "OostflankError",
    "PartialDate",
    "Problem",
    "Registry",
    "RegistryError",
    "Source",
    "Status",
    "StatusRow",
    "UnknownDeployment",
    "add_deployment",
    "add_milestone",
    "add_source",
    "agenda",
    "end",
    "expiring",
    "extend",
    "find",
    "load",
    "loads",
    "milestone_done",
    "records",
    "save",
    "status_on",
]

DateLike = PartialDate | dt.date | str
PathLike = str | os.PathLike[str]


def load(path: PathLike | None = None) -> Registry:
    """The registry at `path`, read and checked; the bundled registry (the letter's record)
    when no path is given. Raises RegistryError listing every problem."""
    from oostflank import store

    return store.load(store.bundled_path() if path is None else Path(path)).registry


def loads(text: str, name: str = "<string>") -> Registry:
    """A registry from TOML text; `name` stands for the file in problems. Raises RegistryError
    listing every problem, each with its line in `text`."""
    from oostflank import store
    from oostflank.problems import RegistryInvalid

    try:
        registry, problems = store.examine(text)
    except RegistryInvalid as error:  # not TOML
        raise RegistryInvalid(error.problems, name) from None
    if errors_in(problems):
        raise RegistryInvalid(problems, name)
    return registry


def save(registry: Registry, path: PathLike, *, drop_comments: bool = False) -> bool:
    """Write `registry` to `path` in the canonical form every write produces: validated first
    (RegistryError listing every error, nothing written), under the registry's lock, replaced
    atomically. True if the file changed. A file with comments is refused (a rewrite would
    lose them) unless `drop_comments`; the bundled registry is never written."""
    from oostflank import store

    return store.save(registry, Path(path), drop_comments=drop_comments)


def records(registry: Registry, as_of: dt.date) -> list[dict[str, Any]]:
    """Every deployment on the date as `oostflank status --format json` gives it: plain dicts
    of text, numbers and ISO days, ready for `pandas.DataFrame(records(...))`."""
    from oostflank.views import status_record

    return [status_record(row) for row in status_rows(registry, as_of)]


def expiring(
    registry: Registry,
    as_of: dt.date,
    *,
    before: DateLike | None = None,
    by: DateLike | None = None,
    within: str | None = None,
) -> list[StatusRow]:
    """The mandates active or unconfirmed on `as_of` that end before a date (exclusive), by a
    date (inclusive) or within a duration (`90d`, `6w`, `3m`, `1y`): give exactly one. Soonest
    end first; a lapsed minimum end stays listed until a decision is recorded."""
    return _expiring(registry, as_of, _last_day(as_of, before, by, within))


def agenda(
    registry: Registry,
    as_of: dt.date,
    *,
    before: DateLike | None = None,
    by: DateLike | None = None,
    within: str | None = None,
) -> list[Event]:
    """Overdue events first (milestones past due, minimum ends passed without a decision),
    then every mandate end, minimum end and milestone from `as_of` through the window."""
    return _agenda(registry, as_of, _last_day(as_of, before, by, within))


def _last_day(
    as_of: dt.date, before: DateLike | None, by: DateLike | None, within: str | None
) -> dt.date:
    if sum(value is not None for value in (before, by, within)) != 1:
        raise TypeError("give exactly one of before=, by= or within=")
    return expiry_limit(
        as_of,
        before=None if before is None else _date(before),
        by=None if by is None else _date(by),
        within=within,
    )


def extend(
    registry: Registry,
    deployment_id: str,
    *,
    until: DateLike,
    decided: DateLike,
    source: str,
    at_least: bool = False,
    shorten: bool = False,
    today: dt.date | None = None,
) -> Registry:
    """A decision moving the mandate's end to `until`, recorded in its history with its
    source (registered first: `add_source`). An earlier end is refused unless `shorten`; a
    decision dated after `today` (default: the clock) is refused as a typo."""
    from oostflank import edits

    return edits.extend(
        registry,
        deployment_id,
        until=_date(until),
        decided=_date(decided),
        source_id=source,
        today=today or typed_dates.clock_today(),
        at_least=at_least,
        shorten=shorten,
    ).registry


def end(
    registry: Registry,
    deployment_id: str,
    *,
    on: DateLike,
    decided: DateLike,
    source: str | None = None,
    today: dt.date | None = None,
) -> Registry:
    """The deployment concluded: `on` is its last active day, recorded as a decision. A firm
    end is never moved later here (that is `extend`)."""
    from oostflank import edits

    return edits.conclude(
        registry,
        deployment_id,
        on=_date(on),
        decided=_date(decided),
        source_id=source,
        today=today or typed_dates.clock_today(),
    ).registry


def add_deployment(registry: Registry, deployment: Deployment) -> Registry:
    """A new deployment; its id must be new and its sources registered."""
    from oostflank import edits

    return edits.add_deployment(registry, deployment).registry


def add_source(registry: Registry, source: Source) -> Registry:
    """A new source (the same source again changes nothing; a different one is refused)."""
    from oostflank import edits

    return edits.add_source(registry, source).registry


def add_milestone(registry: Registry, deployment_id: str, milestone: Milestone) -> Registry:
    """A milestone for a deployment (the same one again changes nothing)."""
    from oostflank import edits

    return edits.add_milestone(registry, deployment_id, milestone).registry


def milestone_done(
    registry: Registry,
    deployment_id: str,
    number: int,
    *,
    on: DateLike,
    today: dt.date | None = None,
) -> Registry:
    """Milestone `number` (1-based, as `oostflank show` numbers them) met on a date."""
    from oostflank import edits

    return edits.milestone_done(
        registry, deployment_id, number, _date(on), today or typed_dates.clock_today()
    ).registry


def _date(value: DateLike) -> PartialDate:
    """A date as the registry holds it: a PartialDate, a day, or the registry's own text."""
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, dt.datetime):
        raise TypeError("give a date, not a datetime: the registry holds days, not times")
    if isinstance(value, dt.date):
        return PartialDate.of_day(value)
    return parse_partial(value)
