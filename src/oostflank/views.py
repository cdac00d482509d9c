"""What each command shows: query results turned into `Listing`s (what `show` shows of one
deployment is in `detail`). Pure."""

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from oostflank.dates import PartialDate
from oostflank.i18n import human_date, human_day, t, text_of
from oostflank.model import Deployment, Registry
from oostflank.problems import Problem, Severity
from oostflank.queries import Event, EventKind, Status, StatusRow
from oostflank.view_types import Listing

if TYPE_CHECKING:
    from oostflank.news import NewsRow
    from oostflank.timeline import Bar

AT_LEAST_MARK = "≥"  # how English tables write a minimum end; the footer explains it
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
STATUS_COLUMNS = (
    "col.id",
    "col.name",
    "col.country",
    "col.since",
    "col.until",
    "col.days",
    "col.status",
)


def date_fields(key: str, value: PartialDate | None, *, last: bool) -> dict[str, Any]:
    """`key` as the ISO day it resolves to (first or last of its period), and its precision."""
    if value is None:
        return {key: None, f"{key}_precision": None}
    day = value.last if last else value.first
    return {key: day.isoformat(), f"{key}_precision": value.precision.value}


def joined(values: Iterable[str], *, none: str = "—") -> str:
    return ", ".join(values) or none


def headers(keys: Sequence[str], lang: str) -> tuple[str, ...]:
    return tuple(t(key, lang) for key in keys)


def name_in(deployment: Deployment, lang: str) -> str:
    """The Dutch name from the letter for Dutch readers, where the registry has one."""
    return deployment.name_nl if lang == "nl" and deployment.name_nl else deployment.name


def until_text(end: PartialDate | None, at_least: bool, lang: str) -> str:
    """`≥ Jun 2026` when the end is only a minimum; in Dutch `in ieder geval t/m juni 2026`."""
    if end is None:
        return t("label.no_end", lang)
    return t("label.at_least" if at_least else "label.through", lang, date=human_date(end, lang))


def days_text(days: int | None, lang: str) -> str:
    """Days to an end as people read them: `41`, `0` on the last day, and once it has passed
    `155 days ago` (a bare `-155` reads as a glitch); JSON keeps the signed number."""
    if days is None:
        return "—"
    return t("days.ago", lang, days=-days) if days < 0 else str(days)


def status_text(status: Status, lang: str) -> str:
    return t(f"status.{status.value}", lang)


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


def footer(registry: Registry, as_of: dt.date, lang: str, *, minimum_shown: bool) -> str:
    """The as-of date and the registry's age; `≥` is explained only where one is shown."""
    updated = human_date(registry.updated, lang, none=t("label.unknown", lang))
    source = t("footer.from", lang, source=registry.updated_from) if registry.updated_from else ""
    legend = t("footer.at_least", lang) if minimum_shown else ""
    return t(
        "footer.status",
        lang,
        date=human_day(as_of, lang),
        updated=updated,
        source=source,
        legend=legend,
    )


def status_listing(
    rows: Sequence[StatusRow], registry: Registry, as_of: dt.date, title: str, lang: str = "en"
) -> Listing:
    cells = [
        (
            row.deployment.id,
            name_in(row.deployment, lang),
            row.deployment.country or "—",
            human_date(row.deployment.start, lang, none=t("label.not_given", lang)),
            until_text(row.deployment.end, row.deployment.end_at_least, lang),
            days_text(row.days_left, lang),
            status_text(row.status, lang),
        )
        for row in rows
    ]
    minimum_shown = any(AT_LEAST_MARK in row[4] for row in cells)
    return Listing(
        headers=headers(STATUS_COLUMNS, lang),
        cells=cells,
        records=[status_record(row) for row in rows],
        keys=STATUS_KEYS,
        styles=[urgency_style(row) for row in rows],
        title=title,
        footer=footer(registry, as_of, lang, minimum_shown=minimum_shown),
        whole=frozenset({0, 2, 5, 6}),  # id, country, days, status
        free=frozenset({1}),  # the name
    )


BUDGET_KEYS = ("kind", "year", "article", "name", "eur_million")


def budget_listing(registry: Registry, year: int | None, lang: str = "en") -> Listing:
    """One row per budget article, then the year's total as the letter states it; each record
    says which it is (`kind`), so a script summing articles does not count the total twice.
    No total row is made up when the registry has none."""
    records: list[dict[str, Any]] = []
    for budget in registry.budget:
        if year is not None and budget.year != year:
            continue
        for article in budget.articles:
            records.append(
                _budget_record(
                    "article", budget.year, article.article, article.name, article.eur_million
                )
            )
        if budget.total_eur_million is not None:
            records.append(
                _budget_record("total", budget.year, "total", None, budget.total_eur_million)
            )
    return Listing(
        headers=headers(("col.year", "col.article", "col.name", "col.eur_million"), lang),
        cells=[
            (
                str(r["year"]),
                t("budget.total_row", lang) if r["kind"] == "total" else r["article"],
                r["name"] or "",
                r["eur_million"].replace(".", ",") if lang == "nl" else r["eur_million"],
            )
            for r in records
        ],
        records=records,
        keys=BUDGET_KEYS,
        styles=["bold" if r["kind"] == "total" else "" for r in records],
        title=t("title.budget", lang),
        footer=t("footer.budget", lang),
        whole=frozenset({0, 1, 3}),  # year, article, amount
        free=frozenset({2}),  # the article's name
    )


def _budget_record(
    kind: str, year: int, article: str, name: str | None, amount: Decimal
) -> dict[str, Any]:
    return {
        "kind": kind,
        "year": year,
        "article": article,
        "name": name,
        "eur_million": plain_amount(amount),
    }


def plain_amount(amount: Decimal) -> str:
    """The shortest plain decimal, never an exponent: 12 and 12.0 give `12`, 38.50 `38.5`,
    however the TOML wrote it (the reader bounds amounts, so this stays short)."""
    text = format(amount.normalize(), "f")
    return "0" if text in ("-0", "") else text


def github_line(problem: Problem, file: str, lang: str = "en") -> str:
    """A GitHub Actions workflow command, so the problem shows on the pull request's line:
    `::error file=F,line=L,col=C::field: message`, line and col only where known."""
    properties = [f"file={_github_property(file)}"]
    if problem.line is not None:
        properties.append(f"line={problem.line}")
        if problem.column is not None:
            properties.append(f"col={problem.column}")
    prefix = f"{problem.key_path}: " if problem.path else ""
    text = _github_data(prefix + text_of(problem.message, lang))
    return f"::{problem.severity.value} {','.join(properties)}::{text}"


def _github_data(text: str) -> str:
    """GitHub's escaping of a command's message: %, CR and LF."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    """A property value is escaped like a message, and `:` and `,` as well."""
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


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
                "field": p.key_path or None,
                "message": text_of(p.message, "en"),
            }
            for p in problems
        ],
    }


def bar_listing(bars: Sequence["Bar"], lang: str = "en") -> Listing:
    """The timeline's bars as a table, for the page that draws them: the same facts in words,
    for readers (and printers) that cannot see the picture."""
    from oostflank.timeline import STATUS_STYLE

    return Listing(
        headers=headers(("col.id", "col.name", "col.since", "col.until", "col.status"), lang),
        cells=[
            (
                bar.deployment.id,
                name_in(bar.deployment, lang),
                human_date(bar.deployment.start, lang, none=t("label.not_given", lang)),
                until_text(bar.deployment.end, bar.deployment.end_at_least, lang),
                status_text(bar.status, lang),
            )
            for bar in bars
        ],
        styles=[STATUS_STYLE[bar.status] for bar in bars],
        whole=frozenset({0, 4}),  # id, status
    )


AGENDA_KEYS = ("date", "deployment", "kind", "milestone", "what", "days_left", "overdue")


def event_what(event: Event, lang: str) -> str:
    deployment = event.deployment
    if event.kind is EventKind.MILESTONE and event.milestone is not None:
        return deployment.milestones[event.milestone - 1].what
    key = "event.minimum_what" if event.kind is EventKind.MINIMUM_END else "event.end_what"
    return t(key, lang, date=human_date(deployment.end, lang))


def event_kind(event: Event, lang: str) -> str:
    return t(f"event.{event.kind.value}", lang, number=event.milestone)


def agenda_listing(
    found: Sequence[Event], as_of: dt.date, last_day: dt.date, lang: str = "en"
) -> Listing:
    """Overdue milestones first, then what is coming; JSON and CSV carry English `what`."""
    rows = [(event, (event.date - as_of).days) for event in found]
    return Listing(
        headers=headers(("col.when", "col.days", "col.deployment", "col.kind", "col.what"), lang),
        cells=[
            (
                human_day(event.date, lang),
                days_text(left, lang),
                event.deployment.id,
                event_kind(event, lang) + (f" ({t('event.overdue', lang)})" if left < 0 else ""),
                event_what(event, lang),
            )
            for event, left in rows
        ],
        records=[
            {
                "date": event.date.isoformat(),
                "deployment": event.deployment.id,
                "kind": event.kind.value,
                "milestone": event.milestone,
                "what": event_what(event, "en"),
                "days_left": left,
                "overdue": left < 0,
            }
            for event, left in rows
        ],
        keys=AGENDA_KEYS,
        styles=[
            "bold red"
            if left <= RED_WITHIN_DAYS
            else "yellow"
            if left <= YELLOW_WITHIN_DAYS
            else ""
            for _, left in rows
        ],
        title=t("title.agenda", lang, start=human_day(as_of, lang), end=human_day(last_day, lang)),
        whole=frozenset({1, 2}),  # days left, deployment id
        free=frozenset({3, 4}),  # kind and what: prose, sharing the room
    )


NEWS_COLUMNS = ("col.published", "col.id", "col.kind", "col.title", "col.deployments")


def news_listing(
    rows: Sequence["NewsRow"], since: dt.date, dossiers: Sequence[str], lang: str = "en"
) -> Listing:
    """Papers from the official record: the table shows when, which, what kind, its title and
    the deployments of its dossier; JSON and CSV carry every field. Known papers (`--all`) are
    dimmed."""
    from oostflank.news import NEWS_KEYS, news_record

    count = len(dossiers)
    return Listing(
        headers=headers(NEWS_COLUMNS, lang),
        cells=[
            (
                human_date(PartialDate.of_day(row.paper.published), lang)
                if row.paper.published
                else "—",
                row.paper.id,
                row.paper.kind or "—",
                _news_title(row, lang),
                ", ".join(row.deployments) or "—",
            )
            for row in rows
        ],
        records=[news_record(row) for row in rows],
        keys=NEWS_KEYS,
        styles=["dim" if row.known else "" for row in rows],
        title=t("title.news", lang, since=human_day(since, lang), count=count),
        empty=t(
            "news.none",
            lang,
            since=human_day(since, lang),
            count=count,
            dossiers=", ".join(dossiers),
        ),
        whole=frozenset({1, 2}),  # id, kind
        free=frozenset({3}),  # the title
    )


def _news_title(row: "NewsRow", lang: str) -> str:
    """The title, marked when the paper is known already (`--all`): dimming alone is lost
    without colour."""
    title = row.paper.title or "—"
    return f"{title} {t('label.known', lang)}" if row.known else title
