"""Changes to a registry as pure functions: each takes a registry and returns the new one and a
sentence saying what changed. Refusals raise UsageError; `check`'s rules run afterwards, in the
shell, on the result."""

from __future__ import annotations

from oostflank.dates import PartialDate
from oostflank.errors import UsageError
from oostflank.model import Decision, Deployment, Milestone, Registry, Source
from oostflank.registry import nearest
from oostflank.render import human_date

Change = tuple[Registry, str]


def find(registry: Registry, deployment_id: str) -> Deployment:
    deployment = registry.deployment(deployment_id)
    if deployment is None:
        guesses = nearest(deployment_id, [d.id for d in registry.deployments])
        hint = f"; did you mean {' or '.join(map(repr, guesses))}?" if guesses else ""
        raise UsageError(f"no deployment {deployment_id!r}{hint}")
    return deployment


def require_source(registry: Registry, source_id: str | None) -> None:
    if source_id is not None and registry.source(source_id) is None:
        raise UsageError(
            f"unknown source {source_id!r}; register it first: oostflank source add {source_id!r}"
        )


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
    minimum = "at least " if at_least else ""
    summary = f"{deployment_id}: mandate now runs {minimum}through {human_date(until)} (decided {human_date(decided)}, {source_id})"
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
    return updated, f"{deployment_id}: ended; last active day {human_date(on)}"


def add_deployment(registry: Registry, deployment: Deployment) -> Change:
    if registry.deployment(deployment.id) is not None:
        raise UsageError(f"a deployment {deployment.id!r} exists already; choose another id")
    for source_id in deployment.sources:
        require_source(registry, source_id)
    changed = registry._replace(deployments=(*registry.deployments, deployment))
    return changed, f"{deployment.id}: added"


def add_source(registry: Registry, source: Source) -> Change:
    if registry.source(source.id) is not None:
        raise UsageError(f"a source {source.id!r} exists already")
    return registry._replace(sources=(*registry.sources, source)), f"source {source.id}: added"


def add_milestone(registry: Registry, deployment_id: str, milestone: Milestone) -> Change:
    deployment = find(registry, deployment_id)
    require_source(registry, milestone.source)
    changed = deployment._replace(milestones=(*deployment.milestones, milestone))
    number = len(changed.milestones)
    return _with(
        registry, changed
    ), f"{deployment_id}: milestone {number} added, due {human_date(milestone.due)}"


def milestone_done(registry: Registry, deployment_id: str, number: int, on: PartialDate) -> Change:
    """Mark milestone `number` (1-based, as `show` prints it) done on a date."""
    deployment = find(registry, deployment_id)
    count = len(deployment.milestones)
    if not 1 <= number <= count:
        have = f"1 to {count}" if count else "none"
        raise UsageError(
            f"{deployment_id} has no milestone {number} (it has {have}; see oostflank show {deployment_id})"
        )
    milestones = list(deployment.milestones)
    milestones[number - 1] = milestones[number - 1]._replace(done=on)
    changed = deployment._replace(milestones=tuple(milestones))
    return _with(registry, changed), f"{deployment_id}: milestone {number} done on {human_date(on)}"
