"""Changes to a registry as pure functions: each takes a registry and returns the new one and a
sentence saying what changed. Refusals raise UsageError; `check`'s rules run afterwards, in the
shell, on the result."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import NamedTuple

from oostflank.dates import PartialDate
from oostflank.errors import UsageError
from oostflank.messages import Msg, msg
from oostflank.model import Decision, Deployment, Milestone, Registry, Source
from oostflank.queries import find_deployment as find


class Change(NamedTuple):
    """The new registry and a sentence saying what changed; `changed` is False when the change
    was recorded already, so that nothing is written and the user is told so."""

    registry: Registry
    summary: Msg
    changed: bool = True


def _already(registry: Registry, what: Msg) -> Change:
    return Change(registry, msg("edit.already", what=what), changed=False)


def not_in_future(date: PartialDate, today: dt.date, key: str = "edit.decided_future") -> None:
    """What is recorded as done (a decision, a milestone met, a paper) is not dated in the
    future: a typo; a partial date is judged by its first day. `key` says what it was."""
    if date.first > today:
        raise UsageError(msg(key, date=date, today=PartialDate.of_day(today)))


def require_source(registry: Registry, source_id: str | None) -> None:
    """A source must be registered first; the command that does it is quoted for a shell, so
    that pasting it cannot run anything in the id (`$(…)` inside double quotes would)."""
    import shlex

    if source_id is not None and registry.source(source_id) is None:
        typed = shlex.quote(source_id)
        raise UsageError(msg("edit.unknown_source", id=source_id, typed=typed))


def _with(registry: Registry, deployment: Deployment) -> Registry:
    deployments = tuple(deployment if d.id == deployment.id else d for d in registry.deployments)
    return registry._replace(deployments=deployments)


def _touch(registry: Registry, day: PartialDate | None, source_id: str | None) -> Registry:
    """Move the registry's `updated` date forward to a newer paper recorded in it."""
    if day is None or source_id is None:
        return registry
    if registry.updated is not None and day.last < registry.updated.last:
        return registry
    return registry._replace(updated=day, updated_from=source_id)


def extend(
    registry: Registry,
    deployment_id: str,
    *,
    until: PartialDate,
    decided: PartialDate,
    source_id: str,
    today: dt.date,
    at_least: bool = False,
    shorten: bool = False,
) -> Change:
    """A decision moving the mandate's end; recorded in the history with its source.

    An earlier end is refused unless `shorten`; the same end is allowed (a decision confirming
    a minimum end makes it firm, unless `at_least`). A decision recorded already changes nothing.
    """
    deployment = find(registry, deployment_id)
    require_source(registry, source_id)
    not_in_future(decided, today)
    decision = Decision(
        date=decided,
        end=until,
        end_at_least=at_least,
        previous_end=deployment.end,
        source=source_id,
    )
    summary = msg(
        "edit.extended",
        id=deployment_id,
        minimum=msg("edit.at_least") if at_least else "",
        until=until,
        decided=decided,
        source=source_id,
    )
    if _recorded(deployment, decision):
        return _already(registry, _decision_text(deployment_id, decision))
    _not_older_than_the_latest(deployment, decided)
    current = deployment.end
    if current is not None and until.last < current.last and not shorten:
        raise UsageError(msg("edit.shorter", id=deployment_id, until=until, end=current))
    changed = deployment._replace(
        end=until, end_at_least=at_least, decisions=(*deployment.decisions, decision)
    )
    return Change(_touch(_with(registry, changed), decided, source_id), summary)


def _decision_text(deployment_id: str, decision: Decision) -> Msg:
    """What was found in the history: it need not be what the mandate runs to now."""
    return msg(
        "edit.decision_recorded",
        id=deployment_id,
        decided=decision.date,
        until=decision.end,
        source=decision.source or "—",
    )


def _not_older_than_the_latest(deployment: Deployment, decided: PartialDate) -> None:
    """A decision older than the latest recorded one would move the end back to an outdated
    decision (and `check` would then warn): refused, it belongs in the history by hand."""
    dated = [d.date for d in deployment.decisions if d.end is not None]
    latest = max(dated, key=lambda day: day.last, default=None)
    if latest is not None and decided.last < latest.last:
        raise UsageError(
            msg("edit.older_decision", id=deployment.id, decided=decided, latest=latest)
        )


def _recorded(deployment: Deployment, decision: Decision) -> bool:
    """The same decision is in the history: same date, new end, minimum and source (the
    previous end and the notes do not count)."""
    return any(same_decision(old, decision) for old in deployment.decisions)


def same_decision(one: Decision, other: Decision) -> bool:
    return (one.date, one.end, one.end_at_least, one.source) == (
        other.date,
        other.end,
        other.end_at_least,
        other.source,
    )


def same_milestone(one: Milestone, other: Milestone) -> bool:
    return (one.due, one.what, one.source) == (other.due, other.what, other.source)


def conclude(
    registry: Registry,
    deployment_id: str,
    *,
    on: PartialDate,
    decided: PartialDate,
    source_id: str | None,
    today: dt.date,
) -> Change:
    """The deployment ended: `on` is its last active day, recorded as a decision of `decided`.

    A firm end is never moved later here (that lengthens the mandate: `extend` records it);
    after a minimum end, or with no end, a later last day is what the registry expects.
    """
    deployment = find(registry, deployment_id)
    require_source(registry, source_id)
    not_in_future(decided, today)
    decision = Decision(date=decided, end=on, previous_end=deployment.end, source=source_id)
    summary = msg("edit.ended", id=deployment_id, on=on)
    if _recorded(deployment, decision):
        return _already(registry, _decision_text(deployment_id, decision))
    _not_older_than_the_latest(deployment, decided)
    current = deployment.end
    if current is not None and not deployment.end_at_least and on.last > current.last:
        raise UsageError(msg("edit.end_later", id=deployment_id, on=on, end=current))
    changed = deployment._replace(
        end=on, end_at_least=False, decisions=(*deployment.decisions, decision)
    )
    # as `extend`: the decision's date moves `updated` forward, with the decision's source
    return Change(_touch(_with(registry, changed), decided, source_id), summary)


def set_start(
    registry: Registry,
    deployment_id: str,
    *,
    on: PartialDate,
    source_id: str | None,
    correct: bool = False,
) -> Change:
    """The deployment's first day or period, citing its source (added to the deployment's
    sources). A more precise date inside the recorded one refines it (`2025-09` to
    `2025-09-01`); any other start replaces a recorded one only with `correct`."""
    deployment = find(registry, deployment_id)
    require_source(registry, source_id)
    summary = msg("edit.started", id=deployment_id, on=on)
    recorded = deployment.start
    sources = deployment.sources
    if source_id is not None and source_id not in sources:
        sources = (*sources, source_id)
    if recorded == on and sources == deployment.sources:
        return _already(registry, summary)
    if recorded is not None and recorded != on and not correct:
        inside = recorded.first <= on.first and on.last <= recorded.last
        if not inside:
            raise UsageError(msg("edit.other_start", id=deployment_id, on=on, start=recorded))
    changed = deployment._replace(start=on, sources=sources)
    return Change(_with(registry, changed), summary)


def add_deployment(registry: Registry, deployment: Deployment) -> Change:
    if registry.deployment(deployment.id) is not None:
        raise UsageError(msg("edit.exists", id=deployment.id))
    for source_id in deployment.sources:
        require_source(registry, source_id)
    changed = registry._replace(deployments=(*registry.deployments, deployment))
    return Change(changed, msg("edit.added", id=deployment.id))


def add_source(registry: Registry, source: Source) -> Change:
    """A new source; the same source again (every field given equal) changes nothing."""
    summary = msg("edit.source_added", id=source.id)
    existing = registry.source(source.id)
    if existing is None:
        return Change(registry._replace(sources=(*registry.sources, source)), summary)
    given = [(name, value) for name, value in (("date", source.date), ("title", source.title))]
    differing = [
        (name, getattr(existing, name), value)
        for name, value in given
        if value is not None and getattr(existing, name) != value
    ]
    if not differing:
        return _already(registry, msg("edit.source_known", id=source.id))
    name, stored, value = differing[0]
    if isinstance(value, str):  # a title: quoted, so that its ends are seen
        stored, value = (repr(stored) if stored is not None else None), repr(value)
    raise UsageError(
        msg("edit.source_exists", id=source.id, field=name, stored=stored or "—", given=value)
    )


def add_milestone(registry: Registry, deployment_id: str, milestone: Milestone) -> Change:
    deployment = find(registry, deployment_id)
    require_source(registry, milestone.source)
    for number, old in enumerate(deployment.milestones, start=1):
        if same_milestone(old, milestone):
            return _already(
                registry,
                msg("edit.milestone_known", id=deployment_id, number=number, due=milestone.due),
            )
    changed = deployment._replace(milestones=(*deployment.milestones, milestone))
    number = len(changed.milestones)
    summary = msg("edit.milestone_added", id=deployment_id, number=number, due=milestone.due)
    return Change(_with(registry, changed), summary)


def milestone_done(
    registry: Registry, deployment_id: str, number: int, on: PartialDate, today: dt.date
) -> Change:
    """Mark milestone `number` (1-based, as `show` prints it) done on a date, not one after
    today; the same date again changes nothing, another date is refused rather than silently
    overwritten."""
    not_in_future(on, today, "edit.done_future")
    deployment = find(registry, deployment_id)
    count = len(deployment.milestones)
    if not 1 <= number <= count:
        have = msg("edit.milestone_range", count=count) if count else msg("none")
        raise UsageError(msg("edit.no_milestone", id=deployment_id, number=number, have=have))
    summary = msg("edit.milestone_done", id=deployment_id, number=number, on=on)
    done = deployment.milestones[number - 1].done
    if done == on:
        return _already(registry, summary)
    if done is not None:
        raise UsageError(msg("edit.done_already", id=deployment_id, number=number, done=done))
    milestones = list(deployment.milestones)
    milestones[number - 1] = milestones[number - 1]._replace(done=on)
    changed = deployment._replace(milestones=tuple(milestones))
    return Change(_with(registry, changed), summary)


def review(registry: Registry, paper_ids: Sequence[str]) -> Change:
    """Mark papers as reviewed, so that `news` stops listing them; a paper that is a source or
    reviewed already is left as it is."""
    known = {source.id for source in registry.sources} | set(registry.reviewed)
    new = tuple(dict.fromkeys(paper for paper in paper_ids if paper not in known))
    summary = msg("edit.reviewed", count=len(new), ids=", ".join(new))
    if not new:
        return Change(registry, msg("edit.nothing_to_review"), changed=False)
    return Change(registry._replace(reviewed=(*registry.reviewed, *new)), summary)
