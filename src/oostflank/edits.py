"""Changes to a registry as pure functions: each takes a registry and returns the new one and a
sentence saying what changed. Refusals raise UsageError; `check`'s rules run afterwards, in the
shell, on the result."""

from __future__ import annotations

from oostflank.dates import PartialDate
from oostflank.errors import UsageError
from oostflank.i18n import Msg, msg
from oostflank.model import Decision, Deployment, Milestone, Registry, Source
from oostflank.registry import nearest

Change = tuple[Registry, Msg]


def find(registry: Registry, deployment_id: str) -> Deployment:
    deployment = registry.deployment(deployment_id)
    if deployment is None:
        guesses = nearest(deployment_id, [d.id for d in registry.deployments])
        if guesses:
            options = " / ".join(map(repr, guesses))
            raise UsageError(msg("edit.unknown_id_hint", id=deployment_id, guesses=options))
        raise UsageError(msg("edit.unknown_id", id=deployment_id))
    return deployment


def require_source(registry: Registry, source_id: str | None) -> None:
    if source_id is not None and registry.source(source_id) is None:
        raise UsageError(msg("edit.unknown_source", id=source_id))


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
    at_least: bool = False,
    shorten: bool = False,
) -> Change:
    """A decision moving the mandate's end; recorded in the history with its source.

    An earlier end is refused unless `shorten`; the same end is allowed (a decision confirming
    a minimum end makes it firm, unless `at_least`).
    """
    deployment = find(registry, deployment_id)
    require_source(registry, source_id)
    current = deployment.end
    if current is not None and until.last < current.last and not shorten:
        raise UsageError(
            f"{deployment_id}: --until {until} is before the current end {current}; "
            "pass --shorten if the mandate was shortened"
        )
    decision = Decision(
        date=decided, end=until, end_at_least=at_least, previous_end=current, source=source_id
    )
    changed = deployment._replace(
        end=until,
        end_at_least=at_least,
        decisions=(*deployment.decisions, decision),
    )
    summary = msg(
        "edit.extended",
        id=deployment_id,
        minimum=msg("edit.at_least") if at_least else "",
        until=until,
        decided=decided,
        source=source_id,
    )
    return _touch(_with(registry, changed), decided, source_id), summary


def conclude(
    registry: Registry, deployment_id: str, *, on: PartialDate, source_id: str | None
) -> Change:
    """The deployment ended: `on` is its last active day, recorded as a decision."""
    deployment = find(registry, deployment_id)
    require_source(registry, source_id)
    decision = Decision(date=on, end=on, previous_end=deployment.end, source=source_id)
    changed = deployment._replace(
        end=on, end_at_least=False, decisions=(*deployment.decisions, decision)
    )
    source = registry.source(source_id) if source_id else None
    updated = _touch(_with(registry, changed), source.date if source else None, source_id)
    return updated, msg("edit.ended", id=deployment_id, on=on)


def add_deployment(registry: Registry, deployment: Deployment) -> Change:
    if registry.deployment(deployment.id) is not None:
        raise UsageError(msg("edit.exists", id=deployment.id))
    for source_id in deployment.sources:
        require_source(registry, source_id)
    changed = registry._replace(deployments=(*registry.deployments, deployment))
    return changed, msg("edit.added", id=deployment.id)


def add_source(registry: Registry, source: Source) -> Change:
    if registry.source(source.id) is not None:
        raise UsageError(msg("edit.source_exists", id=source.id))
    return registry._replace(sources=(*registry.sources, source)), msg(
        "edit.source_added", id=source.id
    )


def add_milestone(registry: Registry, deployment_id: str, milestone: Milestone) -> Change:
    deployment = find(registry, deployment_id)
    require_source(registry, milestone.source)
    changed = deployment._replace(milestones=(*deployment.milestones, milestone))
    number = len(changed.milestones)
    summary = msg("edit.milestone_added", id=deployment_id, number=number, due=milestone.due)
    return _with(registry, changed), summary


def milestone_done(registry: Registry, deployment_id: str, number: int, on: PartialDate) -> Change:
    """Mark milestone `number` (1-based, as `show` prints it) done on a date."""
    deployment = find(registry, deployment_id)
    count = len(deployment.milestones)
    if not 1 <= number <= count:
        have = msg("edit.milestone_range", count=count) if count else msg("none")
        raise UsageError(msg("edit.no_milestone", id=deployment_id, number=number, have=have))
    milestones = list(deployment.milestones)
    milestones[number - 1] = milestones[number - 1]._replace(done=on)
    changed = deployment._replace(milestones=tuple(milestones))
    return _with(registry, changed), msg(
        "edit.milestone_done", id=deployment_id, number=number, on=on
    )
