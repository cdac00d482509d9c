"""Plain TOML data <-> the model, checking everything that does not depend on the date.

Every problem is collected with its key path (`deployment`, 3, `end`; numbers count from 1 as
people count tables) and raised once, so a user fixes a file in one pass. `store` adds lines.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from oostflank.countries import ISO_3166_ALPHA2
from oostflank.dates import PartialDate, Precision, parse_partial
from oostflank.errors import DateError, Problem, RegistryInvalid, Severity
from oostflank.messages import Msg, msg
from oostflank.model import (
    BudgetArticle,
    BudgetYear,
    Decision,
    Deployment,
    Milestone,
    Registry,
    Source,
)
from oostflank.refs import is_kamerstuk_id
from oostflank.safetext import has_unsafe

FORMAT_VERSION = 1
# Amounts are EUR million: twelve digits before the point is a trillion times more than any
# budget, and keeps exact sums and plain-decimal output short and cheap.
AMOUNT_DIGITS, AMOUNT_DECIMALS = 12, 6
DEPLOYMENT_ID = re.compile(r"[a-z0-9][a-z0-9._-]*")

Path = tuple[str | int, ...]


class _Invalid(Exception):
    """A value of the wrong kind; its Msg says what would be right."""


def _kind(value: object) -> Msg | str:
    if isinstance(value, bool):
        return msg("kind.boolean")
    if isinstance(value, str):
        return msg("kind.text")
    if isinstance(value, int):
        return msg("kind.integer")
    if isinstance(value, float | Decimal):
        return msg("kind.number")
    if isinstance(value, dt.datetime):
        return msg("kind.datetime")
    if isinstance(value, dt.date):
        return msg("kind.date")
    if isinstance(value, dt.time):
        return msg("kind.time")
    if isinstance(value, list):
        return msg("kind.list")
    if isinstance(value, dict):
        return msg("kind.table")
    return type(value).__name__


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise _Invalid(msg("value.text", kind=_kind(value)))
    if not value or value.isspace():
        raise _Invalid(msg("value.empty"))
    return value


def _texts(value: object) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise _Invalid(msg("value.texts", kind=_kind(value)))
    for item in value:
        if not isinstance(item, str):
            raise _Invalid(msg("value.texts_item", kind=_kind(item)))
    return tuple(value)


def _dossiers(value: object) -> tuple[str, ...]:
    """`follow`: dossier numbers such as "28676" or "21501-28", which go into a query as such."""
    from oostflank.refs import dossier_number

    items = _texts(value)
    for item in items:
        if dossier_number(item) is None:
            raise _Invalid(msg("value.dossier", value=_shortened(item)))
    return items


def _papers(value: object) -> tuple[str, ...]:
    """`reviewed`: the `kst-…` ids of Kamerstukken, as `news` lists them."""
    items = _texts(value)
    for item in items:
        if not is_kamerstuk_id(item):
            raise _Invalid(msg("value.paper", value=_shortened(item)))
    return items


def _flag(value: object) -> bool:
    if not isinstance(value, bool):
        raise _Invalid(msg("value.flag", kind=_kind(value)))
    return value


def _count(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Invalid(msg("value.count", kind=_kind(value)))
    if value < 0:
        raise _Invalid(msg("value.negative", value=value))
    return value


def _year(value: object) -> int:
    year = _count(value)
    if not 1 <= year <= 9999:
        raise _Invalid(msg("value.year", value=year))
    return year


def _date(value: object) -> PartialDate:
    """A registry date. Big registries repeat the same few hundred values ("2026-09", a
    letter's day), so days and strings are converted once, in a bounded cache."""
    if type(value) in (str, dt.date):
        return _known_date(value)
    return _new_date(value)


@functools.lru_cache(maxsize=4096)
def _known_date(value: str | dt.date) -> PartialDate:
    return _new_date(value)


def _new_date(value: object) -> PartialDate:
    if isinstance(value, dt.datetime | dt.time):
        raise _Invalid(msg("value.datetime", kind=_kind(value)))
    if isinstance(value, dt.date):
        return PartialDate.of_day(value)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise _Invalid(msg("value.date", kind=_kind(value)))
    try:
        return parse_partial(value)
    except DateError as error:
        raise _Invalid(error.args[0]) from None


def _country(value: object) -> str:
    code = _text(value)
    if code not in ISO_3166_ALPHA2:
        upper = code.upper()
        hint = {"UK": "GB", "EL": "GR"}.get(upper) or (upper if upper in ISO_3166_ALPHA2 else None)
        if hint:
            raise _Invalid(msg("value.country_hint", code=code, hint=hint))
        raise _Invalid(msg("value.country", code=code))
    return code


def _countries(value: object) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise _Invalid(msg("value.countries", kind=_kind(value)))
    return tuple(_country(item) for item in value)


def _amount(value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | Decimal | float | str):
        raise _Invalid(msg("value.amount_kind", kind=_kind(value)))
    if isinstance(value, str) and not value.isascii():  # Decimal reads ١٢٣ as 123
        raise _Invalid(msg("value.amount", value=_shortened(value)))
    try:
        amount = Decimal(value) if not isinstance(value, float) else Decimal(str(value))
    except InvalidOperation:
        raise _Invalid(msg("value.amount", value=value)) from None
    if not amount.is_finite() or amount < 0:
        raise _Invalid(msg("value.amount_range", value=_shortened(value)))
    exponent = amount.as_tuple().exponent
    too_fine = isinstance(exponent, int) and exponent < -AMOUNT_DECIMALS
    if amount and (amount.adjusted() >= AMOUNT_DIGITS or too_fine):
        raise _Invalid(
            msg(
                "value.amount_size",
                value=_shortened(value),
                digits=AMOUNT_DIGITS,
                decimals=AMOUNT_DECIMALS,
            )
        )
    return amount


def _shortened(value: object) -> str:
    """A value as written, cut short: a 5,000-digit number must not make a 5,000-digit message."""
    text = str(value)
    return text if len(text) <= 24 else text[:20] + "…"


_Convert = Callable[[object], Any]


def _table_list(value: object) -> object:
    """Arrays of tables are checked and built by the reader itself, table by table."""
    return value


_SOURCE: dict[str, _Convert] = {
    "id": _text,
    "date": _date,
    "title": _text,
    "reference": _text,
    "notes": _texts,
}
_DECISION: dict[str, _Convert] = {
    "date": _date,
    "end": _date,
    "end_at_least": _flag,
    "previous_end": _date,
    "source": _text,
    "notes": _texts,
}
_MILESTONE: dict[str, _Convert] = {"due": _date, "what": _text, "source": _text, "done": _date}
_DEPLOYMENT: dict[str, _Convert] = {
    "id": _text,
    "name": _text,
    "name_nl": _text,
    "country": _country,
    "area": _text,
    "framework": _text,
    "lead_nation": _country,
    "partners": _countries,
    "capabilities": _texts,
    "units": _texts,
    "personnel": _count,
    "personnel_average": _flag,
    "start": _date,
    "end": _date,
    "end_at_least": _flag,
    "decisions": _table_list,
    "milestones": _table_list,
    "notes": _texts,
    "sources": _texts,
}
_ARTICLE: dict[str, _Convert] = {
    "article": _text,
    "name": _text,
    "eur_million": _amount,
    "notes": _texts,
}
_BUDGET: dict[str, _Convert] = {
    "year": _year,
    "articles": _table_list,
    "total_eur_million": _amount,
    "source": _text,
    "notes": _texts,
}
_TOP: dict[str, _Convert] = {
    "format": _count,
    "title": _text,
    "updated": _date,
    "updated_from": _text,
    "follow": _dossiers,
    "reviewed": _papers,
    "source": _table_list,
    "deployment": _table_list,
    "budget": _table_list,
}


def nearest(word: str, choices: Iterable[str], count: int = 3) -> list[str]:
    """Choices that contain the word, then those spelled alike: for 'did you mean' hints."""
    from difflib import get_close_matches

    options = list(choices)
    containing = [choice for choice in options if word and word.lower() in choice.lower()]
    alike = get_close_matches(word, options, n=count, cutoff=0.6)
    return list(dict.fromkeys([*containing, *alike]))[:count]


def closest(word: str, choices: Iterable[str]) -> str | None:
    found = nearest(word, choices, 1)
    return found[0] if found else None


class _Tables:
    """What reading every table shares: check its keys and values against a spec, build what
    is valid, and collect every problem with its key path instead of stopping at the first."""

    def __init__(self, *, scan_text: bool = True) -> None:
        self.problems: list[Problem] = []
        self.scan_text = scan_text

    def report(self, path: Path, message: Msg, severity: Severity = Severity.ERROR) -> None:
        self.problems.append(Problem(severity, path, message))

    def fields(
        self, raw: object, path: Path, spec: Mapping[str, _Convert], required: Iterable[str] = ()
    ) -> dict[str, Any] | None:
        """The table's values converted by `spec`, or None when it is no table or misses a key."""
        if not isinstance(raw, dict):
            self.report(path, msg("table.kind", kind=_kind(raw)))
            return None
        values: dict[str, Any] = {}
        for key, value in raw.items():
            convert = spec.get(key)
            if convert is None:
                self.unknown_key((*path, key), key, spec)
                continue
            try:
                values[key] = convert(value)
            except _Invalid as error:
                self.report((*path, key), error.args[0])
                continue
            if self.scan_text:
                self.warn_unsafe((*path, key), values[key])
        for key in required:
            if key not in raw:
                self.report(path, msg("key.missing", key=key))
        if any(key not in values for key in required):
            return None
        return values

    def unknown_key(self, path: Path, key: str, spec: Mapping[str, _Convert]) -> None:
        guess = closest(key, spec)
        if guess:
            self.report(path, msg("key.unknown_hint", key=key, guess=guess))
        else:
            self.report(path, msg("key.unknown", key=key, known=", ".join(spec)))

    def warn_unsafe(self, path: Path, value: object) -> None:
        texts = (value,) if isinstance(value, str) else value if isinstance(value, tuple) else ()
        if any(isinstance(text, str) and has_unsafe(text) for text in texts):
            self.report(path, msg("text.unsafe", key=str(path[-1])), Severity.WARNING)

    def located(self, raw: object, path: Path, build: _Build[T]) -> list[tuple[Path, T]]:
        """Each table of an array that built without error, with its path."""
        if raw is None or raw == []:
            return []
        if not isinstance(raw, list):
            self.report(path, msg("table.list", kind=_kind(raw)))
            return []
        built = (
            (item_path, build(self, item, item_path)) for item_path, item in _numbered(raw, path)
        )
        return [(item_path, item) for item_path, item in built if item is not None]

    def nested(self, raw: object, path: Path, build: _Build[T]) -> tuple[T, ...]:
        return tuple(item for _, item in self.located(raw, path, build))


T = TypeVar("T")
_Build = Callable[[_Tables, object, Path], T | None]


def _numbered(raw: list[object], path: Path) -> Iterator[tuple[Path, object]]:
    return (((*path, number), item) for number, item in enumerate(raw, start=1))


# ---------------------------------------------------------------- [[source]]


def _source(tables: _Tables, raw: object, path: Path) -> Source | None:
    values = tables.fields(raw, path, _SOURCE, required=("id",))
    if values is None:
        return None
    if values["id"].startswith("kst-") and not is_kamerstuk_id(values["id"]):
        tables.report((*path, "id"), msg("id.kst", id=values["id"]))
    return Source(**values)


# ---------------------------------------------------------------- [[deployment]]


def _deployment(tables: _Tables, raw: object, path: Path) -> Deployment | None:
    values = tables.fields(raw, path, _DEPLOYMENT, required=("id", "name"))
    if values is None:
        return None
    if not DEPLOYMENT_ID.fullmatch(values["id"]):
        tables.report((*path, "id"), msg("id.deployment", id=values["id"]))
    for key, build in (("decisions", _decision), ("milestones", _milestone)):
        values[key] = tables.nested(values.get(key), (*path, key), build)
    deployment = Deployment(**values)
    _check_dates(tables, deployment, path)
    _check_repeats(tables, deployment, path)
    _check_latest_decision(tables, deployment, path)
    return deployment


def _decision(tables: _Tables, raw: object, path: Path) -> Decision | None:
    values = tables.fields(raw, path, _DECISION, required=("date",))
    return Decision(**values) if values is not None else None


def _milestone(tables: _Tables, raw: object, path: Path) -> Milestone | None:
    values = tables.fields(raw, path, _MILESTONE, required=("due", "what"))
    return Milestone(**values) if values is not None else None


def _check_dates(tables: _Tables, deployment: Deployment, path: Path) -> None:
    start, end = deployment.start, deployment.end
    if start and end and end.last < start.first:
        tables.report((*path, "end"), msg("dates.end_before_start", end=str(end), start=str(start)))
    if deployment.end_at_least and end is None:
        tables.report((*path, "end_at_least"), msg("dates.at_least_no_end"))
    for number, decision in enumerate(deployment.decisions, start=1):
        if decision.end_at_least and decision.end is None:
            tables.report((*path, "decisions", number), msg("dates.decision_at_least_no_end"))


def _check_latest_decision(tables: _Tables, deployment: Deployment, path: Path) -> None:
    """The end should be what the latest decision set: by date, and of two on one day the one
    recorded last."""
    end = deployment.end
    latest = max(
        (d for d in deployment.decisions if d.end is not None),
        key=lambda d: d.date.last,
        default=None,
    )
    same_day = [d for d in deployment.decisions if latest and d.date.last == latest.date.last]
    latest = same_day[-1] if same_day else latest
    if latest is not None and latest.end != end:
        message = msg(
            "dates.latest_decision",
            end=str(end) if end else msg("value.not_set"),
            date=str(latest.date),
            decided=str(latest.end),
        )
        tables.report((*path, "end"), message, Severity.WARNING)


def _check_repeats(tables: _Tables, deployment: Deployment, path: Path) -> None:
    """A decision or milestone recorded twice: the same facts again, most likely a write that
    was retried. The previous end and notes of a decision do not count."""
    decisions = [(d.date, d.end, d.end_at_least, d.source) for d in deployment.decisions]
    milestones = [(m.due, m.what, m.source) for m in deployment.milestones]
    for table, facts, key in (
        ("decisions", decisions, "repeat.decision"),
        ("milestones", milestones, "repeat.milestone"),
    ):
        seen: set[tuple[object, ...]] = set()
        for number, fact in enumerate(facts, start=1):
            if fact in seen:
                message = msg(key, id=deployment.id, number=number)
                tables.report((*path, table, number), message, Severity.WARNING)
            seen.add(fact)


# ---------------------------------------------------------------- [[budget]]


def _budget_year(tables: _Tables, raw: object, path: Path) -> BudgetYear | None:
    values = tables.fields(raw, path, _BUDGET, required=("year",))
    if values is None:
        return None
    articles = tables.nested(values.get("articles"), (*path, "articles"), _article)
    values["articles"] = articles
    budget = BudgetYear(**values)
    total = budget.total_eur_million
    if total is not None and articles and sum(a.eur_million for a in articles) != total:
        parts = " + ".join(str(a.eur_million) for a in articles)
        added = sum(a.eur_million for a in articles)
        message = msg("budget.total", total=total, parts=parts, sum=added)
        tables.report((*path, "total_eur_million"), message)
    return budget


def _article(tables: _Tables, raw: object, path: Path) -> BudgetArticle | None:
    values = tables.fields(raw, path, _ARTICLE, required=("article", "eur_million"))
    return BudgetArticle(**{"name": None, **values}) if values is not None else None


# ---------------------------------------------------------------- the top level


def _registry(tables: _Tables, data: Mapping[str, object]) -> Registry:
    top = tables.fields(dict(data), (), _TOP) or {}
    if top.get("format", FORMAT_VERSION) != FORMAT_VERSION:
        tables.report(("format",), msg("format.unknown", value=top["format"], known=FORMAT_VERSION))
    sources = tables.located(top.get("source"), ("source",), _source)
    deployments = tables.located(top.get("deployment"), ("deployment",), _deployment)
    budget = tables.located(top.get("budget"), ("budget",), _budget_year)
    _check_ids(tables, sources, deployments)
    _check_references(tables, top.get("updated_from"), sources, deployments, budget)
    return Registry(
        format=top.get("format", FORMAT_VERSION),
        title=top.get("title"),
        updated=top.get("updated"),
        updated_from=top.get("updated_from"),
        sources=tuple(source for _, source in sources),
        deployments=tuple(deployment for _, deployment in deployments),
        budget=tuple(year for _, year in budget),
        follow=top.get("follow", ()),
        reviewed=top.get("reviewed", ()),
    )


def _check_ids(
    tables: _Tables,
    sources: list[tuple[Path, Source]],
    deployments: list[tuple[Path, Deployment]],
) -> None:
    """Each deployment id and each source id once: one pass each, in sets."""
    for found, key in ((deployments, "id.duplicate_deployment"), (sources, "id.duplicate_source")):
        seen: set[str] = set()
        for path, item in found:
            if item.id in seen:
                tables.report((*path, "id"), msg(key, id=item.id))
            seen.add(item.id)


def _check_references(
    tables: _Tables,
    updated_from: str | None,
    sources: list[tuple[Path, Source]],
    deployments: list[tuple[Path, Deployment]],
    budget: list[tuple[Path, BudgetYear]],
) -> None:
    """Every source a fact cites is listed; a likely misspelling is named."""
    known = {source.id for _, source in sources}

    def check(path: Path, source_id: str | None) -> None:
        if source_id is not None and source_id not in known:
            guess = closest(source_id, known)
            if guess:
                tables.report(path, msg("source.unknown_hint", id=source_id, guess=guess))
            else:
                tables.report(path, msg("source.unknown", id=source_id))

    check(("updated_from",), updated_from)
    for path, deployment in deployments:
        for source_id in deployment.sources:
            check((*path, "sources"), source_id)
        for number, decision in enumerate(deployment.decisions, start=1):
            check((*path, "decisions", number, "source"), decision.source)
        for number, milestone in enumerate(deployment.milestones, start=1):
            check((*path, "milestones", number, "source"), milestone.source)
    for path, year in budget:
        check((*path, "source"), year.source)


def from_data(data: Mapping[str, object]) -> Registry:
    """Build a registry from parsed TOML; raise RegistryInvalid listing every error found.

    Warnings alone do not stop it; they are returned by `problems_of`.
    """
    registry, problems = read_data(data)
    if any(p.severity is Severity.ERROR for p in problems):
        raise RegistryInvalid(problems)
    return registry


def read_data(
    data: Mapping[str, object], *, scan_text: bool = True
) -> tuple[Registry, list[Problem]]:
    """The registry as far as it could be built, and every problem found on the way.

    `scan_text=False` skips the search for control characters in every text value: the
    caller knows the file holds none (no such character and no backslash escape in it).
    """
    tables = _Tables(scan_text=scan_text)
    registry = _registry(tables, data)
    return registry, tables.problems


# ---------------------------------------------------------------- model -> plain data


def _date_value(value: PartialDate) -> dt.date | str:
    """TOML has dates but no partial dates: days are TOML dates, the rest strings."""
    return value.first if value.precision is Precision.DAY else value.iso()


def _plain(pairs: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    """Leave out what is absent or empty, and turn values into what TOML holds."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if value is None or value == () or value is False:
            continue
        if isinstance(value, PartialDate):
            value = _date_value(value)
        elif isinstance(value, tuple):
            value = list(value)
        out[key] = value
    return out


def to_data(registry: Registry) -> dict[str, Any]:
    """The canonical plain form: what `tomli_w` writes and `from_data` reads back unchanged."""
    return _plain(
        [
            ("format", registry.format),
            ("title", registry.title),
            ("updated", registry.updated),
            ("updated_from", registry.updated_from),
            ("follow", registry.follow),
            ("reviewed", registry.reviewed),
            ("source", tuple(_plain(_pairs(s, _SOURCE)) for s in registry.sources)),
            ("deployment", tuple(_deployment_data(d) for d in registry.deployments)),
            ("budget", tuple(_budget_data(b) for b in registry.budget)),
        ]
    )


def _pairs(value: object, spec: Mapping[str, _Convert]) -> list[tuple[str, Any]]:
    return [(key, getattr(value, key)) for key in spec]


def _deployment_data(deployment: Deployment) -> dict[str, Any]:
    pairs = _pairs(deployment, _DEPLOYMENT)
    nested = {
        "decisions": tuple(_plain(_pairs(d, _DECISION)) for d in deployment.decisions),
        "milestones": tuple(_plain(_pairs(m, _MILESTONE)) for m in deployment.milestones),
    }
    return _plain((key, nested.get(key, value)) for key, value in pairs)


def _budget_data(year: BudgetYear) -> dict[str, Any]:
    articles = tuple(_plain(_pairs(a, _ARTICLE)) for a in year.articles)
    return _plain(
        (key, articles if key == "articles" else value) for key, value in _pairs(year, _BUDGET)
    )
