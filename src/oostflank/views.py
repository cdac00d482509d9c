"""What each command shows: query results turned into `Listing`s and `Detail`s. Pure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from oostflank.errors import Problem, Severity
from oostflank.model import Deployment, Registry, Source
from oostflank.queries import Status, StatusRow, days_left, status_on
from oostflank.render import Detail, Listing, date_fields, human_date, human_day, joined

RED_WITHIN_DAYS = 30
YELLOW_WITHIN_DAYS = 90

STATUS_KEYS = (
    "id",
    "name",
    "country",
    "start",
    "start_precision",
    "end",
    "end_precision",
    "end_at_least",
    "status",
    "days_left",
)
STATUS_HEADERS = ("ID", "Name", "Country", "Since", "Until", "Days", "Status")


def until_text(deployment: Deployment) -> str:
    """`≥ Jun 2026` when the end is only a minimum ("in ieder geval tot en met juni 2026")."""
    if deployment.end is None:
        return "open-ended"
    return ("≥ " if deployment.end_at_least else "") + human_date(deployment.end)


def status_text(row: StatusRow) -> str:
    return "unconfirmed?" if row.status is Status.UNCONFIRMED else row.status.value


def urgency_style(row: StatusRow) -> str:
    """Red within 30 days, yellow within 90, magenta for unconfirmed, dim once ended."""
    if row.status is Status.UNCONFIRMED:
        return "bold magenta"
    if row.status is Status.ENDED:
        return "dim"
    if row.status is Status.ACTIVE and row.days_left is not None:
        if row.days_left <= RED_WITHIN_DAYS:
            return "bold red"
        if row.days_left <= YELLOW_WITHIN_DAYS:
            return "yellow"
    return ""


def status_record(row: StatusRow) -> dict[str, Any]:
    deployment = row.deployment
    return {
        "id": deployment.id,
        "name": deployment.name,
        "country": deployment.country,
        **date_fields("start", deployment.start, last=False),
        **date_fields("end", deployment.end, last=True),
        "end_at_least": deployment.end_at_least,
        "status": row.status.value,
        "days_left": row.days_left,
    }


def footer(registry: Registry, as_of: dt.date) -> str:
    updated = human_date(registry.updated, none="unknown")
    source = f" from {registry.updated_from}" if registry.updated_from else ""
    return f"As of {human_day(as_of)}. Registry last updated {updated}{source}. ≥: at least (a minimum end)."


def status_listing(
    rows: Sequence[StatusRow], registry: Registry, as_of: dt.date, title: str
) -> Listing:
    return Listing(
        headers=STATUS_HEADERS,
        cells=[
            (
                row.deployment.id,
                row.deployment.name,
                row.deployment.country or "—",
                human_date(row.deployment.start),
                until_text(row.deployment),
                "—" if row.days_left is None else str(row.days_left),
                status_text(row),
            )
            for row in rows
        ],
        records=[status_record(row) for row in rows],
        keys=STATUS_KEYS,
        styles=[urgency_style(row) for row in rows],
        title=title,
        footer=footer(registry, as_of),
    )


BUDGET_KEYS = ("year", "article", "name", "eur_million")


def budget_listing(registry: Registry, year: int | None) -> Listing:
    """One row per budget article, then the year's total as the letter states it (article
    `total`); no total row is made up when the registry has none."""
    records: list[dict[str, Any]] = []
    styles: list[str] = []
    for budget in registry.budget:
        if year is not None and budget.year != year:
            continue
        for article in budget.articles:
            records.append(
                {
                    "year": budget.year,
                    "article": article.article,
                    "name": article.name,
                    "eur_million": article.eur_million,
                }
            )
            styles.append("")
        if budget.total_eur_million is not None:
            records.append(
                {
                    "year": budget.year,
                    "article": "total",
                    "name": None,
                    "eur_million": budget.total_eur_million,
                }
            )
            styles.append("bold")
    return Listing(
        headers=("Year", "Article", "Name", "EUR million"),
        cells=[
            (str(r["year"]), r["article"], r["name"] or "", str(r["eur_million"])) for r in records
        ],
        records=records,
        keys=BUDGET_KEYS,
        styles=styles,
        title="Budget by fiscal year and budget article (EUR million)",
        footer="Amounts as the letter gives them; it gives none per deployment.",
    )


def source_record(source_id: str, registry: Registry) -> dict[str, Any]:
    source = registry.source(source_id) or Source(source_id)
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


def deployment_detail(deployment: Deployment, registry: Registry, as_of: dt.date) -> Detail:
    status = status_on(deployment, as_of)
    left = days_left(deployment, as_of)
    row = StatusRow(deployment, status, left)
    sources = [source_record(source_id, registry) for source_id in _all_source_ids(deployment)]
    personnel = None
    if deployment.personnel is not None:
        personnel = f"{deployment.personnel}{' (average)' if deployment.personnel_average else ''}"
    fields = [
        ("Name (NL)", deployment.name_nl),
        ("Country", deployment.country),
        ("Area", deployment.area),
        ("Framework", deployment.framework),
        ("Lead nation", deployment.lead_nation),
        ("Partners", joined(deployment.partners, none="") or None),
        ("Capabilities", joined(deployment.capabilities, none="") or None),
        ("Units", joined(deployment.units, none="") or None),
        ("Personnel", personnel),
        ("Since", human_date(deployment.start, none="before the records")),
        ("Until", until_text(deployment)),
        ("Days left", None if left is None else str(left)),
        ("Status", f"{status_text(row)} on {human_day(as_of)}"),
    ]
    decisions = Listing(
        headers=("Decided", "New end", "Previous end", "Source"),
        cells=[
            (
                human_date(d.date),
                ("≥ " if d.end_at_least else "") + human_date(d.end),
                human_date(d.previous_end, none="not given"),
                d.source or "—",
            )
            for d in deployment.decisions
        ],
        title="Mandate decisions",
    )
    milestones = Listing(
        headers=("#", "Due", "What", "Done", "Source"),
        cells=[
            (str(n), human_date(m.due), m.what, human_date(m.done, none="not yet"), m.source or "—")
            for n, m in enumerate(deployment.milestones, start=1)
        ],
        title="Milestones",
    )
    source_listing = Listing(
        headers=("Source", "Date", "Title", "Link"),
        cells=[
            (s["id"], s["date"] or "—", s["title"] or s["reference"] or "—", s["link"] or "—")
            for s in sources
        ],
        title="Sources",
    )
    record = {
        **status_record(row),
        "name_nl": deployment.name_nl,
        "area": deployment.area,
        "framework": deployment.framework,
        "lead_nation": deployment.lead_nation,
        "partners": list(deployment.partners),
        "capabilities": list(deployment.capabilities),
        "units": list(deployment.units),
        "personnel": deployment.personnel,
        "personnel_average": deployment.personnel_average,
        "decisions": [
            {
                **date_fields("date", d.date, last=False),
                **date_fields("end", d.end, last=True),
                "end_at_least": d.end_at_least,
                **date_fields("previous_end", d.previous_end, last=True),
                "source": d.source,
                "notes": list(d.notes),
            }
            for d in deployment.decisions
        ],
        "milestones": [
            {
                "number": n,
                **date_fields("due", m.due, last=True),
                "what": m.what,
                **date_fields("done", m.done, last=True),
                "source": m.source,
            }
            for n, m in enumerate(deployment.milestones, start=1)
        ],
        "notes": list(deployment.notes),
        "sources": sources,
    }
    return Detail(
        title=f"{deployment.id} — {deployment.name}",
        fields=[(name, value) for name, value in fields if value],
        sections=[s for s in (decisions, milestones, source_listing) if s.cells],
        record=record,
        notes=deployment.notes,
    )


def problem_line(problem: Problem, file: str) -> str:
    """`FILE:LINE: error: field: message`, the shape editors and CI annotations understand."""
    where = file
    if problem.line is not None:
        where += f":{problem.line}"
        if problem.column is not None:
            where += f":{problem.column}"
    prefix = f"{problem.field}: " if problem.path else ""
    return f"{where}: {problem.severity.value}: {prefix}{problem.message}"


def check_record(problems: Sequence[Problem], file: str) -> dict[str, Any]:
    errors = sum(p.severity is Severity.ERROR for p in problems)
    return {
        "file": file,
        "errors": errors,
        "warnings": len(problems) - errors,
        "problems": [
            {
                "severity": p.severity.value,
                "line": p.line,
                "column": p.column,
                "field": p.field or None,
                "message": p.message,
            }
            for p in problems
        ],
    }
