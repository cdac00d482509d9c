"""Plain TOML data <-> the model, checking everything that does not depend on the date.

Every problem is collected with its key path (`deployment`, 3, `end`; numbers count from 1 as
people count tables) and raised once, so a user fixes a file in one pass. `store` adds lines.
"""

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple, TypeVar

from oostflank.countries import ISO_3166_ALPHA2
from oostflank.dates import ISO_PARTIAL, PartialDate, Precision, parse_partial
from oostflank.errors import DateError
from oostflank.lazy_regex import Regex
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
from oostflank.problems import Problem, RegistryInvalid, Severity
from oostflank.refs import KAMERSTUK_ID, is_kamerstuk_id
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


def _aliases(value: object) -> tuple[str, ...]:
    """`aliases`: each a term a paper could write, so never blank."""
    items = _texts(value)
    for item in items:
        if not item.strip():
            raise _Invalid(msg("value.alias_blank"))
    return items


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


# TOML integers are 64-bit: a larger one (which tomli reads, and a write would keep) would
# make the file unreadable to other TOML tools
TOML_INT_MAX = 2**63 - 1


def _count(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Invalid(msg("value.count", kind=_kind(value)))
    if value < 0:
        raise _Invalid(msg("value.negative", value=value))
    if value > TOML_INT_MAX:
        raise _Invalid(msg("value.count_range", value=value, most=TOML_INT_MAX))
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
    codes = tuple(_country(item) for item in value)
    twice = sorted({code for code in codes if codes.count(code) > 1})
    if twice:
        raise _Invalid(msg("value.countries_twice", codes=", ".join(twice)))
    return codes


# A decimal number as text, TOML's way: an underscore only between two digits. Decimal itself
# also reads "1__0", "_1" and "1_" (as 10, 1, 1) and Arabic-Indic digits.
AMOUNT_TEXT = Regex(
    r"[+-]?(?:[0-9](?:_?[0-9])*(?:\.(?:[0-9](?:_?[0-9])*)?)?|\.[0-9](?:_?[0-9])*)"
    r"(?:[eE][+-]?[0-9]+)?"
)


def _amount(value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | Decimal | float | str):
        raise _Invalid(msg("value.amount_kind", kind=_kind(value)))
    if isinstance(value, str) and not AMOUNT_TEXT.fullmatch(value.strip()):
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
Schema = dict[str, Any]


def _table_list(value: object) -> object:
    """Arrays of tables are checked and built by the reader itself, table by table."""
    return value


# ---------------------------------------------------------------- the field tables
# Each table lists its fields once: name, how the reader converts the value, whether it is
# required, and the JSON Schema of what that conversion accepts. The reader checks with these
# tables and `json_schema` prints them, so the two cannot drift apart.


def _anchored(pattern: "re.Pattern[str] | Regex", padding: str = "") -> str:
    """A reader's regex as a JSON Schema pattern: the whole string (JSON Schema patterns match
    anywhere), plain groups instead of Python's named ones, which ECMA regexes spell otherwise."""
    first, *named = pattern.pattern.split("(?P<")  # read at import: no regex to compile for it
    plain = first + "".join("(" + group.partition(">")[2] for group in named)
    return f"^{padding}(?:{plain}){padding}$"


def _ref(name: str) -> Schema:
    return {"$ref": f"#/definitions/{name}"}


class _Kind(NamedTuple):
    """How the reader converts one kind of value, and the JSON Schema of what it accepts."""

    convert: _Convert
    schema: Schema


def _array_of(convert: _Convert, items: Schema) -> _Kind:
    return _Kind(convert, {"type": "array", "items": items})


TEXT = _Kind(_text, _ref("text"))
TEXTS = _array_of(_texts, {"type": "string"})
ALIASES = _array_of(_aliases, {"type": "string", "pattern": r"\S"})
DATE = _Kind(_date, _ref("date"))
FLAG = _Kind(_flag, {"type": "boolean"})
COUNT = _Kind(_count, {"type": "integer", "minimum": 0, "maximum": TOML_INT_MAX})
YEAR = _Kind(_year, {"type": "integer", "minimum": 1, "maximum": 9999})
AMOUNT = _Kind(_amount, _ref("amount"))
COUNTRY = _Kind(_country, _ref("country"))
COUNTRIES = _Kind(_countries, {"type": "array", "items": _ref("country"), "uniqueItems": True})
DEPLOYMENT_ID_TEXT = _Kind(_text, {"type": "string", "pattern": _anchored(DEPLOYMENT_ID)})
FORMAT = _Kind(_count, {"type": "integer", "enum": [FORMAT_VERSION]})
DOSSIERS = _array_of(  # `dossier_number` drops every space and reads letters in any case
    _dossiers,
    {"type": "string", "pattern": r"^\s*(?:[0-9]\s*){1,6}(?:-\s*(?:[0-9A-Za-z]\s*){1,6})?$"},
)
PAPERS = _array_of(_papers, {"type": "string", "pattern": _anchored(KAMERSTUK_ID)})


def _tables_of(definition: str) -> _Kind:
    return _array_of(_table_list, _ref(definition))


class _Field(NamedTuple):
    name: str
    kind: _Kind
    description: str
    required: bool = False


class _Table(NamedTuple):
    """One kind of TOML table. Its fields keep their order: messages list known keys in it."""

    definition: str  # the table's name under the JSON Schema's `definitions`
    description: str
    fields: tuple[_Field, ...]
    converts: dict[str, _Convert]
    required: tuple[str, ...]


def _table(definition: str, description: str, *fields: _Field) -> _Table:
    converts = {field.name: field.kind.convert for field in fields}
    required = tuple(field.name for field in fields if field.required)
    return _Table(definition, description, fields, converts, required)


_NOTES = _Field("notes", TEXTS, "Free text: what a comment would say, kept on every write.")
_SOURCE = _table(
    "source",
    "A paper that facts come from ([[source]]).",
    _Field(
        "id",
        TEXT,
        "Parliamentary papers: kst-DOSSIER-NR (kst-29521-481); anything else is its own id.",
        required=True,
    ),
    _Field("date", DATE, "The paper's date."),
    _Field("title", TEXT, "The paper's title."),
    _Field("reference", TEXT, "The reference as the paper is cited."),
    _NOTES,
)
_DECISION = _table(
    "decision",
    "A decision on the mandate, in the deployment's history.",
    _Field("date", DATE, "When it was decided (the letter's date).", required=True),
    _Field("end", DATE, "The end it set: the last active day or period."),
    _Field("end_at_least", FLAG, "true: that end is only a minimum."),
    _Field("previous_end", DATE, "The end before this decision."),
    _Field("source", TEXT, "The id of the [[source]] it comes from."),
    _NOTES,
)
_MILESTONE = _table(
    "milestone",
    "A deadline such as informing parliament.",
    _Field("due", DATE, "When it is due.", required=True),
    _Field("what", TEXT, "What is due.", required=True),
    _Field("source", TEXT, "The id of the [[source]] it comes from."),
    _Field("done", DATE, "When it was done."),
)
_DEPLOYMENT = _table(
    "deployment",
    "A deployment and its mandate ([[deployment]]).",
    _Field(
        "id",
        DEPLOYMENT_ID_TEXT,
        "Lower-case letters, digits, '-', '.' or '_', starting with a letter or digit.",
        required=True,
    ),
    _Field("name", TEXT, "The name in English.", required=True),
    _Field("name_nl", TEXT, "The name in Dutch."),
    _Field(
        "aliases",
        ALIASES,
        "Other names papers use for it (MQ-9, AMDTF); `propose` matches them as whole words, "
        "case and accents ignored. Two deployments may not share one.",
    ),
    _Field("country", COUNTRY, "Where: absent for maritime operations."),
    _Field("area", TEXT, "Where, when a country says too little."),
    _Field("framework", TEXT, "The mission or framework it is part of."),
    _Field("lead_nation", COUNTRY, "The lead nation."),
    _Field("partners", COUNTRIES, "The partner nations."),
    _Field("capabilities", TEXTS, "What is deployed."),
    _Field("units", TEXTS, "The units deployed."),
    _Field("personnel", COUNT, "How many people."),
    _Field("personnel_average", FLAG, "true: the number is an average."),
    _Field("start", DATE, "The first active day or period."),
    _Field("end", DATE, "The last active day or period (inclusive); absent: no end given."),
    _Field("end_at_least", FLAG, "true: the end is only a minimum."),
    _Field("decisions", _tables_of("decision"), "The mandate decisions, oldest first."),
    _Field("milestones", _tables_of("milestone"), "Deadlines, numbered from 1 as `show` does."),
    _NOTES,
    _Field("sources", TEXTS, "The ids of the [[source]] tables it comes from."),
)
_ARTICLE = _table(
    "article",
    "One budget article's amount.",
    _Field("article", TEXT, "The budget article, such as 1.1.", required=True),
    _Field("name", TEXT, "The article's name."),
    _Field("eur_million", AMOUNT, "The amount in EUR million.", required=True),
    _NOTES,
)
_BUDGET = _table(
    "budget",
    "What the deployments cost in one fiscal year ([[budget]]).",
    _Field("year", YEAR, "The fiscal year.", required=True),
    _Field("articles", _tables_of("article"), "The amounts per budget article."),
    _Field("total_eur_million", AMOUNT, "The total, checked against the articles."),
    _Field("source", TEXT, "The id of the [[source]] it comes from."),
    _NOTES,
)
_TOP = _table(
    "registry",
    "A registry of deployments and their mandates, read by oostflank.",
    _Field("format", FORMAT, "The format version.", required=True),
    _Field("title", TEXT, "The registry's title."),
    _Field("updated", DATE, "When the registry was last brought up to date."),
    _Field("updated_from", TEXT, "The id of the [[source]] it was brought up to date from."),
    _Field("follow", DOSSIERS, "More dossier numbers for `news` (those of sources count)."),
    _Field("reviewed", PAPERS, "Papers `news ack` marked as read, changing nothing."),
    _Field("source", _tables_of("source"), "The papers that facts come from."),
    _Field("deployment", _tables_of("deployment"), "The deployments."),
    _Field("budget", _tables_of("budget"), "The costs per fiscal year."),
    _Field(
        "$schema",
        TEXT,
        "The JSON Schema editors check this file with (`oostflank schema` prints it); "
        "oostflank keeps it on every write.",
    ),
)


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


T = TypeVar("T")


class _Tables:
    """What reading every table shares: check its keys and values against a spec, build what
    is valid, and collect every problem with its key path instead of stopping at the first."""

    def __init__(self, *, scan_text: bool = True) -> None:
        self.problems: list[Problem] = []
        self.scan_text = scan_text

    def report(self, path: Path, message: Msg, severity: Severity = Severity.ERROR) -> None:
        self.problems.append(Problem(severity, path, message))

    def fields(self, raw: object, path: Path, table: _Table) -> dict[str, Any] | None:
        """The table's values converted by its fields, or None when it is no table or misses a
        required key."""
        if not isinstance(raw, dict):
            self.report(path, msg("table.kind", kind=_kind(raw)))
            return None
        spec, required = table.converts, table.required
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

    def located(self, raw: object, path: Path, build: "_Build[T]") -> list[tuple[Path, T]]:
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

    def nested(self, raw: object, path: Path, build: "_Build[T]") -> tuple[T, ...]:
        return tuple(item for _, item in self.located(raw, path, build))


_Build = Callable[[_Tables, object, Path], T | None]


def _numbered(raw: list[object], path: Path) -> Iterator[tuple[Path, object]]:
    return (((*path, number), item) for number, item in enumerate(raw, start=1))


# ---------------------------------------------------------------- [[source]]


def _source(tables: _Tables, raw: object, path: Path) -> Source | None:
    values = tables.fields(raw, path, _SOURCE)
    if values is None:
        return None
    if values["id"].startswith("kst-") and not is_kamerstuk_id(values["id"]):
        tables.report((*path, "id"), msg("id.kst", id=values["id"]))
    return Source(**values)


# ---------------------------------------------------------------- [[deployment]]


def _deployment(tables: _Tables, raw: object, path: Path) -> Deployment | None:
    values = tables.fields(raw, path, _DEPLOYMENT)
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
    values = tables.fields(raw, path, _DECISION)
    return Decision(**values) if values is not None else None


def _milestone(tables: _Tables, raw: object, path: Path) -> Milestone | None:
    values = tables.fields(raw, path, _MILESTONE)
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
    values = tables.fields(raw, path, _BUDGET)
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
    values = tables.fields(raw, path, _ARTICLE)
    return BudgetArticle(**{"name": None, **values}) if values is not None else None


# ---------------------------------------------------------------- the top level


def _registry(tables: _Tables, data: Mapping[str, object]) -> Registry:
    raw = dict(data)
    if "format" not in raw:  # an emptied or cut-off file: an error, whatever else it lacks
        tables.report((), msg("format.missing", known=FORMAT_VERSION))
        raw["format"] = FORMAT_VERSION  # read on, so that every other problem is listed too
    top = tables.fields(raw, (), _TOP) or {}
    if top.get("format", FORMAT_VERSION) != FORMAT_VERSION:
        tables.report(("format",), msg("format.unknown", value=top["format"], known=FORMAT_VERSION))
    sources = tables.located(top.get("source"), ("source",), _source)
    deployments = tables.located(top.get("deployment"), ("deployment",), _deployment)
    budget = tables.located(top.get("budget"), ("budget",), _budget_year)
    _check_ids(tables, sources, deployments, budget)
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
        schema=top.get("$schema"),
    )


def _check_ids(
    tables: _Tables,
    sources: list[tuple[Path, Source]],
    deployments: list[tuple[Path, Deployment]],
    budget: list[tuple[Path, BudgetYear]],
) -> None:
    """Each deployment id, source id and budget year once (two tables for one year would give
    two totals for it): one pass each, in sets."""
    keyed: list[tuple[list[tuple[Path, Any]], str, str]] = [
        ([(path, d.id) for path, d in deployments], "id", "id.duplicate_deployment"),
        ([(path, s.id) for path, s in sources], "id", "id.duplicate_source"),
        ([(path, b.year) for path, b in budget], "year", "id.duplicate_budget_year"),
    ]
    for found, field, key in keyed:
        seen: set[object] = set()
        for path, value in found:
            if value in seen:
                tables.report((*path, field), msg(key, id=value))
            seen.add(value)
    _check_aliases(tables, deployments)


def _check_aliases(tables: _Tables, deployments: list[tuple[Path, Deployment]]) -> None:
    """An alias names one deployment: not twice in one list, not another deployment's alias or
    id (a paper's mention of it could not be placed). Registries without aliases skip this."""
    if not any(deployment.aliases for _, deployment in deployments):
        return
    from oostflank.terms import term_key

    owner: dict[str, str] = {term_key(d.id): d.id for _, d in deployments}
    for path, deployment in deployments:
        own: set[str] = set()
        for alias in deployment.aliases:
            key = term_key(alias)
            if key in own:
                tables.report((*path, "aliases"), msg("alias.repeated", alias=alias))
            elif owner.setdefault(key, deployment.id) != deployment.id:
                tables.report(
                    (*path, "aliases"), msg("alias.shared", alias=alias, other=owner[key])
                )
            own.add(key)


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
            ("$schema", registry.schema),
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


def _pairs(value: object, table: _Table) -> list[tuple[str, Any]]:
    return [(key, getattr(value, key)) for key in table.converts]


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


# ---------------------------------------------------------------- the JSON Schema

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
_SHARED: dict[str, Schema] = {
    "text": {"description": "Text that is not empty or blank.", "type": "string", "pattern": r"\S"},
    "date": {
        "description": (
            'A date of the precision it was written with: a year "2026", a quarter "2026-Q2", a '
            'month "2026-09" or a day 2026-09-30 (a TOML date, or the same as a string); the '
            "integer 2026 is a year too. TOML has no partial dates, so those are strings. An "
            "impossible month or day (2026-13, 2026-02-30) fits this pattern: `oostflank check` "
            "refuses it."
        ),
        "anyOf": [
            {"type": "string", "pattern": _anchored(ISO_PARTIAL, padding=r"\s*")},
            {"type": "integer", "minimum": 1000, "maximum": 9999},
        ],
    },
    "amount": {
        "description": (
            f"EUR million, 0 or more, at most {AMOUNT_DIGITS} digits before the point and "
            f"{AMOUNT_DECIMALS} after it (`oostflank check` counts the digits): a number, or a "
            "decimal number written as a string."
        ),
        "anyOf": [
            {"type": "number", "minimum": 0},
            {
                "type": "string",
                # no minus: a negative amount is refused by `check` (value.amount_range)
                "pattern": _anchored(
                    Regex(AMOUNT_TEXT.pattern.replace("[+-]?", r"\+?", 1)), r"\s*"
                ),
            },
        ],
    },
    "country": {
        "description": "An ISO 3166-1 alpha-2 country code in capitals, such as LT or GB (not UK).",
        "type": "string",
        "enum": sorted(ISO_3166_ALPHA2),
    },
}


def json_schema() -> Schema:
    """The registry format as a JSON Schema, for editors that check TOML as it is typed (Taplo,
    Even Better TOML). Made from the reader's own field tables, in keywords that mean the same
    in drafts 4, 7 and 2020-12: shared parts under `definitions`, referred to with `$ref`."""
    tables = (_SOURCE, _DEPLOYMENT, _DECISION, _MILESTONE, _BUDGET, _ARTICLE)
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "title": "oostflank registry",
        **_object_schema(_TOP),
        "definitions": {**_SHARED, **{table.definition: _object_schema(table) for table in tables}},
    }


def _object_schema(table: _Table) -> Schema:
    schema: Schema = {
        "description": table.description,
        "type": "object",
        "properties": {field.name: _field_schema(field) for field in table.fields},
        "additionalProperties": False,
    }
    if table.required:  # draft 4 wants at least one name in `required`
        schema["required"] = list(table.required)
    return schema


def _field_schema(field: _Field) -> Schema:
    """A `$ref` ignores keywords beside it before 2019-09: a description goes around it."""
    if "$ref" in field.kind.schema:
        return {"description": field.description, "allOf": [field.kind.schema]}
    return {"description": field.description, **field.kind.schema}
