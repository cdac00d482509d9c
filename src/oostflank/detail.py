"""What `show` shows: one deployment in full, its fields and the sections under it (decisions,
milestones, sources), for people and as one JSON object. Pure; kept apart from `views` so that
the commands that list many deployments do not define what only `show` needs."""

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, Generic, NamedTuple, TypeVar

from oostflank.i18n import human_date, human_day, t
from oostflank.model import Decision, Deployment, Milestone, Registry, Source
from oostflank.queries import StatusRow, days_left, status_on
from oostflank.view_types import Detail, Listing
from oostflank.views import (
    date_fields,
    days_text,
    headers,
    joined,
    name_in,
    status_record,
    status_text,
    until_text,
)

Row = TypeVar("Row")


class Section(NamedTuple, Generic[Row]):
    """One part of `show`, its rows gathered once: the table and the JSON both read them."""

    title: str  # message key
    columns: tuple[str, ...]  # message keys, in table order
    whole: frozenset[int]  # columns never split in a terminal: ids, numbers, links
    free: frozenset[int]  # the free text, which wraps first in a narrow terminal
    rows: Sequence[Row]
    cells: Callable[[Row, str], tuple[str, ...]]
    record: Callable[[Row], dict[str, Any]]
    links: Callable[[Row], tuple[str | None, ...]] | None = None  # per cell, for a page

    def listing(self, lang: str) -> Listing:
        """The rows as people read them, in their language."""
        return Listing(
            headers=headers(self.columns, lang),
            cells=[self.cells(row, lang) for row in self.rows],
            title=t(self.title, lang),
            whole=self.whole,
            free=self.free,
            links=[self.links(row) for row in self.rows] if self.links else (),
        )

    def records(self) -> list[dict[str, Any]]:
        """The same rows as scripts read them: ISO days with their precision, nothing translated."""
        return [self.record(row) for row in self.rows]


class NumberedMilestone(NamedTuple):
    """A milestone with its place in the list, which the table and the JSON both give."""

    number: int
    milestone: Milestone


class DetailSections(NamedTuple):
    """Everything `show` lists under a deployment, in the order it shows them."""

    decisions: Section[Decision]
    milestones: Section[NumberedMilestone]
    sources: Section[Source]


def decision_cells(decision: Decision, lang: str) -> tuple[str, ...]:
    """Decided, new end, previous end, source: how the mandate moved, at a glance."""
    return (
        human_date(decision.date, lang),
        until_text(decision.end, decision.end_at_least, lang),
        human_date(decision.previous_end, lang, none=t("label.not_given", lang)),
        decision.source or "—",
    )


def decision_record(decision: Decision) -> dict[str, Any]:
    """Ends as their last day, so scripts compare them without reading `2026-Q3`."""
    return {
        **date_fields("date", decision.date, last=False),
        **date_fields("end", decision.end, last=True),
        "end_at_least": decision.end_at_least,
        **date_fields("previous_end", decision.previous_end, last=True),
        "source": decision.source,
        "notes": list(decision.notes),
    }


def milestone_cells(numbered: NumberedMilestone, lang: str) -> tuple[str, ...]:
    """Number, due, what, done, source: a missing `done` reads as not yet, not as unknown."""
    number, milestone = numbered
    return (
        str(number),
        human_date(milestone.due, lang),
        milestone.what,
        human_date(milestone.done, lang, none=t("label.not_yet", lang)),
        milestone.source or "—",
    )


def milestone_record(numbered: NumberedMilestone) -> dict[str, Any]:
    """Due and done as their last day: a milestone due in Q2 is on time until 30 June."""
    number, milestone = numbered
    return {
        "number": number,
        **date_fields("due", milestone.due, last=True),
        "what": milestone.what,
        **date_fields("done", milestone.done, last=True),
        "source": milestone.source,
    }


def source_cells(source: Source, lang: str) -> tuple[str, ...]:
    """Id, date (as precise as the registry has it, written as every other date in a table),
    title (else reference), link: a paper's own title needs no translating."""
    day = human_date(source.date, lang)
    return (source.id, day, source.title or source.reference or "—", source.link or "—")


def source_record(source: Source) -> dict[str, Any]:
    """A source as the registry describes it, its date as the first day of its period."""
    return {
        "id": source.id,
        **date_fields("date", source.date, last=False),
        "title": source.title,
        "reference": source.reference,
        "link": source.link,
        "notes": list(source.notes),
    }


def _all_source_ids(deployment: Deployment) -> list[str]:
    """The deployment's sources, then those its decisions and milestones cite, each once."""
    ids = [*deployment.sources]
    ids += [d.source for d in deployment.decisions if d.source]
    ids += [m.source for m in deployment.milestones if m.source]
    return list(dict.fromkeys(ids))


def cited_sources(deployment: Deployment, registry: Registry) -> list[Source]:
    """Each source the deployment cites; one the registry does not list is still shown by id."""
    return [registry.source(sid) or Source(sid) for sid in _all_source_ids(deployment)]


def detail_sections(deployment: Deployment, registry: Registry) -> DetailSections:
    """Each section gathered once, so the table and the JSON cannot tell different stories.
    On a page every source is a link: its id where a decision or milestone cites it, its title
    and link in the list of sources."""
    milestones = [NumberedMilestone(n, m) for n, m in enumerate(deployment.milestones, start=1)]
    sources = cited_sources(deployment, registry)
    link_of = {source.id: source.link for source in sources}
    return DetailSections(
        decisions=Section(
            "title.decisions",
            ("col.decided", "col.new_end", "col.previous_end", "col.source"),
            frozenset({3}),  # the source id
            frozenset(),
            deployment.decisions,
            decision_cells,
            decision_record,
            lambda decision: (None, None, None, link_of.get(decision.source or "")),
        ),
        milestones=Section(
            "title.milestones",
            ("col.number", "col.due", "col.what", "col.done", "col.source"),
            frozenset({0, 4}),  # number, source id
            frozenset({2}),  # what
            milestones,
            milestone_cells,
            milestone_record,
            lambda numbered: (None,) * 4 + (link_of.get(numbered.milestone.source or ""),),
        ),
        sources=Section(
            "title.sources",
            ("col.source", "col.date", "col.title", "col.link"),
            frozenset({0, 3}),  # the source id, the link
            frozenset({2}),  # the title
            sources,
            source_cells,
            source_record,
            lambda source: (source.link, None, source.link, source.link),
        ),
    )


def personnel_text(deployment: Deployment, lang: str) -> str | None:
    """A count the letter gives as an average says so; a missing count stays missing."""
    if deployment.personnel is None:
        return None
    if deployment.personnel_average:
        return t("field.average", lang, count=deployment.personnel)
    return str(deployment.personnel)


def detail_fields(row: StatusRow, as_of: dt.date, lang: str) -> list[tuple[str, str | None]]:
    """The deployment's own facts in one fixed order; the caller drops the empty ones."""
    deployment = row.deployment
    other_name = deployment.name if lang == "nl" and deployment.name_nl else deployment.name_nl
    status = t(
        "field.status_on", lang, status=status_text(row.status, lang), date=human_day(as_of, lang)
    )
    return [
        (t("field.name_nl", lang), other_name),
        (t("field.aliases", lang), joined(deployment.aliases, none="") or None),
        (t("col.country", lang), deployment.country),
        (t("field.area", lang), deployment.area),
        (t("field.framework", lang), deployment.framework),
        (t("field.lead_nation", lang), deployment.lead_nation),
        (t("field.partners", lang), joined(deployment.partners, none="") or None),
        (t("field.capabilities", lang), joined(deployment.capabilities, none="") or None),
        (t("field.units", lang), joined(deployment.units, none="") or None),
        (t("field.personnel", lang), personnel_text(deployment, lang)),
        (t("col.since", lang), human_date(deployment.start, lang, none=t("label.not_given", lang))),
        (t("col.until", lang), until_text(deployment.end, deployment.end_at_least, lang)),
        _days_field(row.days_left, lang),
        (t("col.status", lang), status),
    ]


def _days_field(days: int | None, lang: str) -> tuple[str, str | None]:
    """ "Days left", or once the end has passed "Days since the end": labelled by meaning."""
    if days is None:
        return t("field.days_left", lang), None
    label = "field.days_since_end" if days < 0 else "field.days_left"
    return t(label, lang), days_text(days, lang)


def detail_record(row: StatusRow, sections: DetailSections) -> dict[str, Any]:
    """A status record with everything else added: one JSON object, English keys, no prose."""
    deployment = row.deployment
    return {
        **status_record(row),
        "name_nl": deployment.name_nl,
        "aliases": list(deployment.aliases),
        "area": deployment.area,
        "framework": deployment.framework,
        "lead_nation": deployment.lead_nation,
        "partners": list(deployment.partners),
        "capabilities": list(deployment.capabilities),
        "units": list(deployment.units),
        "personnel": deployment.personnel,
        "personnel_average": deployment.personnel_average,
        "decisions": sections.decisions.records(),
        "milestones": sections.milestones.records(),
        "notes": list(deployment.notes),
        "sources": sections.sources.records(),
    }


def deployment_detail(
    deployment: Deployment, registry: Registry, as_of: dt.date, lang: str = "en"
) -> Detail:
    """`show`: fields and non-empty sections for people, the same facts as one JSON object."""
    row = StatusRow(deployment, status_on(deployment, as_of), days_left(deployment, as_of))
    sections = detail_sections(deployment, registry)
    return Detail(
        title=f"{deployment.id} — {name_in(deployment, lang)}",
        fields=[(name, value) for name, value in detail_fields(row, as_of, lang) if value],
        sections=[section.listing(lang) for section in sections if section.rows],
        record=detail_record(row, sections),
        notes=deployment.notes,
        notes_title=t("label.notes", lang),
        field_headers=(t("col.field", lang), t("col.value", lang)),
    )
