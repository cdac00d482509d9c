"""What one sentence of a paper says about a mandate's dates: the phrase grammar of `propose`.

Pure and linear. Dates are found with one pattern (`DATE`), then the few words before each
date say what it is: an end (`tot en met`, `through`), a minimum (`in ieder geval tot en met`,
`at least until`), a start (`sinds`, `since`), a span (`van … tot en met …`), a promised
decision (`uiterlijk in Q2 2026 geïnformeerd`). Only a fixed window before a date is read, so a
long hostile line costs time in proportion to its length. Nothing here knows deployments: the
words before a date and the sentence are all it reads. `docs/propose.md` describes the grammar.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from typing import NamedTuple

from oostflank.dates import PartialDate, Precision, add_months

# kinds of statement (the `change` of a proposal, before the registry is looked at)
END, MINIMUM, START, MILESTONE = "end", "minimum-end", "start", "milestone"

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("januari", "january", "jan"),
            ("februari", "february", "feb"),
            ("maart", "march", "mrt", "mar"),
            ("april", "apr"),
            ("mei", "may"),
            ("juni", "june", "jun"),
            ("juli", "july", "jul"),
            ("augustus", "august", "aug"),
            ("september", "sept", "sep"),
            ("oktober", "october", "okt", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = (
    r"(?:januari|january|februari|february|maart|march|april|mei|may|juni|june|juli|july"
    r"|augustus|august|september|oktober|october|november|december"
    r"|jan|feb|mrt|mar|apr|jun|jul|aug|sept|sep|okt|oct|nov|dec)\.?"
)
_YEAR = r"(?:19|20|21)[0-9]{2}"
_QUARTER_WORDS = {"eerste": 1, "tweede": 2, "derde": 3, "vierde": 4}
_QUARTER_WORDS |= {"first": 1, "second": 2, "third": 3, "fourth": 4}
_COUNTS = {"een": 1, "één": 1, "a": 1, "one": 1, "twee": 2, "two": 2, "drie": 3, "three": 3}
_COUNTS |= {"vier": 4, "four": 4, "vijf": 5, "five": 5, "zes": 6, "six": 6, "negen": 9}
_COUNTS |= {"nine": 9, "twaalf": 12, "twelve": 12}

# One date as prose writes it. Full forms first: `1 september 2025` before `september 2025`.
# A month without a year (`van september tot en met december 2025`) takes the year from the
# date after it; `dit jaar` and `next year` need the paper's date.
DATE = re.compile(
    rf"(?<![\w-])(?:"
    rf"(?P<day>[0-9]{{1,2}})(?:e|ste|st|nd|rd|th)?\s{{1,3}}(?P<dmonth>{_MONTH})"
    rf"(?:,?\s{{1,3}}(?P<dyear>{_YEAR}))?"
    rf"|(?P<emonth>{_MONTH})\s{{1,3}}(?P<eday>[0-9]{{1,2}})(?:st|nd|rd|th)?,\s{{0,3}}(?P<eyear>{_YEAR})"
    rf"|Q(?P<q>[1-4])[\s-]{{1,3}}(?P<qyear>{_YEAR})"
    rf"|(?P<qyear2>{_YEAR})-Q(?P<q2>[1-4])"
    rf"|(?:het\s{{1,3}}|the\s{{1,3}})?(?P<qword>eerste|tweede|derde|vierde|first|second|third|fourth)\s{{1,3}}(?:kwartaal|quarter)"
    rf"\s{{1,3}}(?:van\s{{1,3}}|of\s{{1,3}})?(?P<qwyear>{_YEAR})"
    rf"|(?P<month>{_MONTH})(?:\s{{1,3}}(?P<myear>{_YEAR}))?"
    rf"|(?P<iso>{_YEAR}-[0-9]{{2}}(?:-[0-9]{{2}})?)(?![0-9])"
    rf"|(?P<year>{_YEAR})(?![-/.][0-9])"
    rf"|(?P<relative>dit\s{{1,3}}jaar|volgend\s{{1,3}}jaar|komend\s{{1,3}}jaar|this\s{{1,3}}year"
    rf"|next\s{{1,3}}year)"
    rf")(?![\w])",
    re.IGNORECASE,
)

# The words just before a date (read right to left through a short window), and what they make
# of it. `eind`/`the end of` before a date closes it at the period's end: no ambiguity.
_CLOSING = r"(?:(?:het\s+)?eind(?:e)?(?:\s+van)?\s+|(?:the\s+)?end\s+of\s+)?"
_MINIMUM_WORDS = r"(?:in\s+(?:ieder|elk)\s+geval|ten\s*minste|minimaal|minstens|at\s+least)"
_INCLUSIVE = (
    r"(?:tot\s+en\s+met|t/m|t\.m\.|through|until\s+and\s+including|up\s+to\s+and\s+including)"
)
_UNTIL = r"(?:tot|until|till|to)"
_REACHED = r"(?:eindigde|is\s+geëindigd|is\s+beëindigd|werd\s+beëindigd|liep\s+af|ended|concluded)"
_ENDS = r"(?:eindigt|loopt\s+af|ends|will\s+end|expires)"
BEFORE = re.compile(
    rf"(?<![\w])(?:"
    rf"(?P<minimum>{_MINIMUM_WORDS}\s+(?:(?P<min_inclusive>{_INCLUSIVE})|(?P<min_until>{_UNTIL}))"
    rf"\s+{_CLOSING})"
    rf"|(?P<inclusive>{_INCLUSIVE}\s+{_CLOSING})"
    rf"|(?P<latest>(?:uiterlijk|no\s+later\s+than|not\s+later\s+than|niet\s+later\s+dan|by)\s+(?:in\s+|op\s+|on\s+|per\s+)?{_CLOSING})"
    rf"|(?P<reached>{_REACHED}\s+(?:op\s+|in\s+|on\s+|per\s+)?{_CLOSING})"
    rf"|(?P<ends>{_ENDS}\s+(?:op\s+|in\s+|on\s+|per\s+)?{_CLOSING})"
    rf"|(?P<until>{_UNTIL}\s+(?P<until_closed>(?:het\s+)?eind(?:e)?(?:\s+van)?\s+|(?:the\s+)?end\s+of\s+)?)"
    rf"|(?P<since>(?:sinds|vanaf|since|as\s+of|starting)\s+)"
    rf"|(?P<from>(?:van|from|in\s+de\s+periode(?:\s+van)?|over\s+de\s+periode|in\s+the\s+period"
    rf"(?:\s+from)?|between)\s+)"
    rf")$",
    re.IGNORECASE,
)
# between the two dates of a span
_SPAN_JOIN = re.compile(
    rf"\s+(?:(?P<inclusive>{_INCLUSIVE}|to|and)|(?P<until>tot|until|till))\s+{_CLOSING}",
    re.IGNORECASE,
)
# a promise to inform parliament or to decide: a milestone, not an end
DECISION_WORDS = re.compile(
    r"\b(?:geïnformeerd|geinformeerd|informeren|informeert|informeer|besluit|besluiten"
    r"|besluitvorming|inform|informs|informed|decide|decides|decision)\b",
    re.IGNORECASE,
)
BEFORE_SUMMER = re.compile(
    rf"\b(?:voor\s+de\s+zomer(?:reces)?|before\s+the\s+summer(?:\s+recess)?)"
    rf"(?:\s+(?:van\s+|of\s+)?(?P<year>{_YEAR}))?(?![\w])",
    re.IGNORECASE,
)
EXTENDED_BY = re.compile(
    r"\b(?:verlengd\s+met|met|extended\s+by|by)\s+(?:(?P<half>een\s+half\s+jaar|half\s+a\s+year)"
    r"|(?P<count>[0-9]{1,2}|een|één|a|one|twee|two|drie|three|vier|four|vijf|five|zes|six"
    r"|negen|nine|twaalf|twelve)\s+(?P<unit>maanden|maand|months|month|jaar|jaren|years|year))"
    r"(?![\w])",
    re.IGNORECASE,
)
EXTENDING = re.compile(
    r"\b(?:verlengd|verlengen|verlenging|extended|extend|extension)\b", re.IGNORECASE
)
# history, not a plan in force: the conditional and the past perfect (`zou eind maart aflopen`,
# `was gepland tot`, `would have ended`) never propose the date in their clause
SUPERSEDED = re.compile(
    r"\b(?:zou|zouden|had|hadden|was\s+gepland|waren\s+gepland|stond\s+gepland|was\s+voorzien"
    r"|oorspronkelijk|would|had\s+been|was\s+planned|were\s+planned|was\s+scheduled"
    r"|were\s+scheduled|was\s+due|originally)\b",
    re.IGNORECASE,
)
CLAUSE_BREAK = re.compile(r"[,;:()\u2013\u2014]|\s-\s")
# a start is said of the Netherlands' own contribution, in the sentence's main clause:
# `Sinds februari 2022 heeft SACEUR het mandaat …` or `… waar de MQ-9 sinds 1 januari 2025 deel
# van uitmaakt` are not the deployment's start
DUTCH_ACTOR = re.compile(
    r"\b(?:nederland|nederlandse|nederlands|wij|we|the\s+netherlands|netherlands|dutch)\b",
    re.IGNORECASE,
)
SUBORDINATE = re.compile(
    r"\b(?:dat|die|waar|waarin|waarbij|waarmee|toen|omdat|nadat|which|that|where|when|who"
    r"|whose|after)\b",
    re.IGNORECASE,
)
WINDOW = 60  # characters read before a date
# No decision, whatever the dates: a negation (`wordt niet verlengd`), a condition (`als de NAVO
# daarom vraagt`, `mits de Kamer instemt`), a hedge or a mere idea (`mogelijk`, `overweegt`,
# `stelt voor`, `whether`). Such a statement goes to a person, never to `--yes`.
_NOT_NEGATING = re.compile(r"\b(?:niet\s+later\s+dan|not\s+later\s+than)\b", re.IGNORECASE)
NEGATION = re.compile(r"\b(?:niet|geen|nooit|not|never|no\s+longer|niet\s+langer)\b", re.IGNORECASE)
CONDITION = re.compile(
    r"\b(?:als|indien|mits|tenzij|wanneer|zodra|if|unless|provided|should|in\s+case)\b",
    re.IGNORECASE,
)
HEDGE = re.compile(
    r"\b(?:mogelijk|mogelijke|eventueel|eventuele|wellicht|misschien|waarschijnlijk|verwacht"
    r"|verwachting|overweegt|overwegen|overwogen|bezien|onderzoekt|onderzocht|voorstel|stelt"
    r"|voorgesteld|of\s+.{0,40}\bwordt|whether|possibly|possible|may|might|could|consider"
    r"|considers|considering|proposes|proposed|proposal|expected|expects|likely|perhaps)\b",
    re.IGNORECASE,
)
QUESTION = re.compile(r"\?")
ASKED = re.compile(
    r"\b(?:kan|kunnen|vraagt|vragen|verzoekt|verzoek|asks|asked|requests|request|can)\b",
    re.IGNORECASE,
)
# An end is the deployment's when the sentence speaks of its mandate: `de inzet loopt tot en
# met …`, `verlengd tot …`. `Het contract voor onderhoud van de MQ-9 loopt tot …` does not.
MANDATE_WORDS = re.compile(
    r"(?:inzet|mandaat|missie|deelname|bijdrage|verleng|detachement|taakstelling"
    r"|blijft|blijven|bleef|bleven|ingezet|deployment|deployed|mandate|mission|participation|contribution"
    r"|extend|extension|stays|remains)",
    re.IGNORECASE,
)
# another ally's forces (`De Duitse MQ-9 inzet`): not the Dutch deployment
FOREIGN = re.compile(
    r"\b(?:Duitse|Amerikaanse|Britse|Franse|Noorse|Poolse|Litouwse|Roemeense|Belgische|Deense"
    r"|Canadese|Italiaanse|Spaanse|Zweedse|Finse|Estse|Letse|Turkse|German|American|British"
    r"|French|Norwegian|Polish|Lithuanian|Romanian|Belgian|Danish|Canadian|Italian|Spanish"
    r"|Swedish|Finnish|Estonian|Latvian|Turkish|US)\b",
)
OR_LONGER = re.compile(
    r"\s*,?\s*(?:of\s+langer|of\s+zo\s+veel\s+langer|or\s+longer|or\s+beyond)\b", re.IGNORECASE
)
# what may say something without a date in it: `voor de zomer`, `met een half jaar verlengd`
_RELATIVE_WORDS = re.compile(r"zomer|summer|verleng|extend", re.IGNORECASE)


class _Sentence:
    """What is read once per sentence, so that each date costs only its own window: where the
    clauses break, which clauses are superseded, whether the Netherlands acts in it, where its
    first subordinate clause opens, and whether it promises to inform or decide."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.breaks = [match.start() for match in CLAUSE_BREAK.finditer(text)]
        self.superseded = {self.clause(m.start()) for m in SUPERSEDED.finditer(text)}
        self.actor = DUTCH_ACTOR.search(text) is not None
        subordinate = SUBORDINATE.search(text)
        self.subordinate_at = subordinate.start() if subordinate else len(text) + 1
        self.decides = DECISION_WORDS.search(text) is not None

    def clause(self, at: int) -> int:
        return bisect.bisect_left(self.breaks, at)

    def superseded_at(self, at: int) -> bool:
        """The date's clause is in the conditional or past perfect: a superseded plan."""
        return self.clause(at) in self.superseded

    def main_clause_of_ours(self, at: int) -> bool:
        """A start phrase counts in the main clause of a sentence about the Netherlands' part."""
        return self.actor and at < self.subordinate_at


class Found(NamedTuple):
    """A date in a sentence: where it is and what period it names. `year` is None for a month
    without one; `relative` is `this` or `next` for `dit jaar`/`volgend jaar`."""

    start: int
    end: int
    precision: Precision | None
    year: int | None
    month: int = 1
    day: int = 1
    relative: str | None = None

    def resolved(self, year: int | None = None) -> PartialDate | None:
        """The period, with `year` for a date written without one; None when there is none."""
        year = self.year if self.year is not None else year
        if year is None or self.precision is None:
            return None
        try:
            return PartialDate(self.precision, dt.date(year, self.month, self.day))
        except ValueError:
            return None


class Statement(NamedTuple):
    """One thing a sentence says about dates. `kind` is END, MINIMUM, START or MILESTONE.

    `date` is None when the sentence gives none that can be used: then `readings` holds the
    candidates of an ambiguous `tot` (both, for a person to choose), or `needs` says what is
    missing (an anchor). `reached` marks an end said to have passed (`eindigde`). `months`
    is a relative extension (`met een half jaar verlengd`) that the recorded end anchors;
    `anchor` says where a derived date came from. `span` is where in the sentence it is said.
    """

    kind: str
    span: tuple[int, int]
    date: PartialDate | None = None
    at_least: bool = False
    readings: tuple[PartialDate, ...] = ()
    needs: str | None = None
    reached: bool = False
    months: int | None = None
    anchor: str | None = None
    doubt: str | None = None  # the word that makes it no decision: `niet`, `als`, `mogelijk`


class Reading(NamedTuple):
    """What a sentence says: its statements, and whether it gives two end dates (then it is
    refused whole, never split by guesswork)."""

    statements: tuple[Statement, ...]
    two_ends: bool


def found_dates(sentence: str) -> list[Found]:
    return [_found(match) for match in DATE.finditer(sentence)]


def _found(match: re.Match[str]) -> Found:
    g = match.group
    start, end = match.start(), match.end()
    if g("day"):
        day_year = int(g("dyear")) if g("dyear") else None
        return Found(start, end, Precision.DAY, day_year, _month(g("dmonth")), int(g("day")))
    if g("eday"):
        return Found(
            start, end, Precision.DAY, int(g("eyear")), _month(g("emonth")), int(g("eday"))
        )
    if g("q") or g("q2"):
        quarter, written = (g("q"), g("qyear")) if g("q") else (g("q2"), g("qyear2"))
        return Found(start, end, Precision.QUARTER, int(written), 3 * int(quarter) - 2)
    if g("qword"):
        quarter = _QUARTER_WORDS[g("qword").lower()]
        return Found(start, end, Precision.QUARTER, int(g("qwyear")), 3 * quarter - 2)
    if g("month"):
        month_year = int(g("myear")) if g("myear") else None
        return Found(start, end, Precision.MONTH, month_year, _month(g("month")))
    if g("iso"):
        return _iso_found(start, end, g("iso"))
    if g("year"):
        return Found(start, end, Precision.YEAR, int(g("year")))
    word = g("relative").split()[0].lower()
    return Found(
        start, end, Precision.YEAR, None, relative="this" if word in ("dit", "this") else "next"
    )


def _iso_found(start: int, end: int, text: str) -> Found:
    """`2026-09` or `2026-09-30`, as the registry writes dates; one that is no date (`2026-13`)
    has no period, so it says nothing."""
    from oostflank.dates import parse_partial
    from oostflank.errors import DateError

    try:
        date = parse_partial(text)
    except DateError:
        return Found(start, end, None, None)
    return Found(start, end, date.precision, date.first.year, date.first.month, date.first.day)


def _month(text: str) -> int:
    return MONTHS[text.lower().rstrip(".")]


def read_sentence(sentence: str, paper_date: dt.date | None) -> Reading:
    """Every statement in one sentence, in order. `paper_date` anchors `dit jaar` and a month
    written without a year; without it, those are statements that need a date."""
    dates = found_dates(sentence)
    if not dates and not _RELATIVE_WORDS.search(sentence):
        return Reading((), two_ends=False)
    read = _Sentence(sentence)
    statements: list[Statement] = []
    used: set[int] = set()
    for index, found in enumerate(dates):
        if index in used:
            continue
        window = sentence[max(0, found.start - WINDOW) : found.start]
        before = _before(window)
        if before is None or read.superseded_at(found.start):
            continue
        if before["from"] is not None:
            span = _span(read, dates, index, paper_date)
            if span:
                used.add(index + 1)
                statements += span
            continue
        statement = _statement(read, found, before, paper_date)
        if statement is not None:
            statements.append(statement)
    statements += _before_summer(read, paper_date)
    statements += _extended_by(read, statements)
    statements = [_doubted(read, _or_longer(read.text, s)) for s in statements]
    unique = list({_said(s): s for s in reversed(statements)}.values())[::-1]
    ends = [s for s in unique if s.kind in (END, MINIMUM)]
    return Reading(tuple(unique), two_ends=len({_end_key(s) for s in ends}) > 1)


def _doubted(read: _Sentence, statement: Statement) -> Statement:
    """The statement marked with the word that makes it no decision, if the sentence has one.
    A promise to inform about `een mogelijk vervolg` is still a promise: a milestone is doubted
    by a negation only."""
    text = _NOT_NEGATING.sub(" ", read.text)
    milestone = statement.kind == MILESTONE
    kinds = (NEGATION,) if milestone else (NEGATION, CONDITION, HEDGE, ASKED, QUESTION, FOREIGN)
    for pattern in kinds:
        found = pattern.search(text)
        if found is not None:
            return statement._replace(doubt=" ".join(found.group(0).split()[:2]))
    if statement.kind in (END, MINIMUM) and MANDATE_WORDS.search(text) is None:
        return statement._replace(doubt="")  # an end of something else, perhaps
    return statement


def _or_longer(text: str, statement: Statement) -> Statement:
    """`tot en met maart 2027 of langer`: a minimum end, not a firm one."""
    if (
        statement.kind != END
        or statement.reached
        or OR_LONGER.match(text, statement.span[1]) is None
    ):
        return statement
    return statement._replace(kind=MINIMUM, at_least=True)


def _said(statement: Statement) -> object:
    """What a statement says, wherever in the sentence: the same said twice is said once."""
    if statement.date is None and not statement.readings:
        return (statement.kind, statement.span)
    return (statement.kind, statement.date, statement.at_least, statement.readings)


# the last word of every phrase BEFORE knows: a window ending in another word is not read
_LAST = "met t/m t.m. through including eind einde van of tot until till to uiterlijk than by in"
_LAST += " dan op on per eindigde geëindigd beëindigd af ended concluded eindigt ends end expires"
LAST_WORDS = frozenset((_LAST + " sinds vanaf since starting from periode between").split())


def _before(window: str) -> re.Match[str] | None:
    """The phrase just before a date, if any: a set lookup first, the pattern only then."""
    if not window[-1:].isspace():
        return None
    words = window.rsplit(None, 1)
    if not words or words[-1].lower() not in LAST_WORDS:
        return None
    return BEFORE.search(window)


def _end_key(statement: Statement) -> object:
    """Two phrases that name the same end are one end date (`tot en met eind 2026 (31 december
    2026)` is not two); an unresolved or relative end counts as its own."""
    if statement.date is None:
        return statement.span
    return statement.date.last


def _period(found: Found, paper_date: dt.date | None) -> tuple[PartialDate | None, str | None]:
    """The date's period and the anchor used (`paper`), or (None, what is missing: `anchor`
    when the paper's date is not known, `range` when the date would fall after 9999)."""
    if found.precision is None:  # written as a date, but none (`2026-13`)
        return None, None
    if found.year is not None and found.relative is None:
        return found.resolved(), None
    if paper_date is None:
        return None, "anchor"
    if found.relative is not None:
        year = paper_date.year + (0 if found.relative == "this" else 1)
        found = found._replace(year=year, month=1, day=1)
    else:  # a month without a year: the first such month not before the paper's month
        found = found._replace(year=paper_date.year + (found.month < paper_date.month))
    if found.year is not None and found.year > dt.MAXYEAR:
        return None, "range"
    return found.resolved(), "paper"


def _statement(
    read: _Sentence, found: Found, before: re.Match[str], paper_date: dt.date | None
) -> Statement | None:
    b = before.group
    span = (found.start - len(b(0)), found.end)
    date, anchor = _period(found, paper_date)
    needs = anchor if date is None and anchor in ("anchor", "range") else None
    anchor = anchor if date is not None else None
    if date is None and needs is None:
        return None  # not a real day (31 februari): no statement
    if b("since") is not None:
        if not read.main_clause_of_ours(span[0]):
            return None
        return Statement(START, span, date, needs=needs, anchor=anchor)
    if b("latest") is not None and read.decides:
        return Statement(MILESTONE, span, date, needs=needs, anchor=anchor)
    if b("minimum") is not None:
        if b("min_until") is not None and not _closed(b(0)):
            return _ambiguous(MINIMUM, span, date, needs, anchor, at_least=True)
        return Statement(MINIMUM, span, date, True, needs=needs, anchor=anchor)
    if b("until") is not None and b("until_closed") is None:
        return _ambiguous(END, span, date, needs, anchor)
    if b("latest") is not None and b(0).lower().startswith("by"):
        return None  # `by` without a promise to inform or decide says nothing of an end
    reached = b("reached") is not None
    return Statement(END, span, date, needs=needs, reached=reached, anchor=anchor)


def _closed(words: str) -> bool:
    lowered = words.lower()
    return "eind" in lowered or "end of" in lowered


def _ambiguous(
    kind: str,
    span: tuple[int, int],
    date: PartialDate | None,
    needs: str | None,
    anchor: str | None,
    at_least: bool = False,
) -> Statement:
    """`tot 1 juni 2026`: is 1 June included? Both readings, for a person to choose: the day
    (or period) before, and the date itself (`anchor`: where a date without a year got it)."""
    if date is None:
        return Statement(kind, span, None, at_least, needs=needs)
    before = date.first - dt.timedelta(days=1)  # the last day of the period before
    if date.precision is Precision.DAY:
        earlier = PartialDate(Precision.DAY, before)
    elif date.precision is Precision.MONTH:
        earlier = PartialDate(Precision.MONTH, before.replace(day=1))
    elif date.precision is Precision.QUARTER:
        earlier = PartialDate(Precision.QUARTER, before.replace(month=before.month - 2, day=1))
    else:
        earlier = PartialDate(Precision.YEAR, before.replace(month=1, day=1))
    return Statement(kind, span, None, at_least, readings=(earlier, date), anchor=anchor)


def _span(
    read: _Sentence, dates: list[Found], index: int, paper_date: dt.date | None
) -> list[Statement]:
    """`van september tot en met december 2025`, `in de periode 1 september tot en met 1
    december 2025`: a start and an end. The first date may borrow the second's year (the year
    before, when its month comes later: `van november tot en met maart 2027`)."""
    if index + 1 >= len(dates):
        return []
    first, second = dates[index], dates[index + 1]
    sentence = read.text
    join = _SPAN_JOIN.match(sentence, first.end)
    if join is None or join.end() != second.start or read.superseded_at(second.start):
        return []
    end_date, end_how = _period(second, paper_date)
    if first.year is None and first.relative is None:  # the year of the span's end
        start_date, start_how = None, end_how
        if end_date is not None:
            year = end_date.first.year - ((first.month, first.day) > (second.month, second.day))
            start_date = first.resolved(year) if year >= 1 else None
    else:
        start_date, start_how = _period(first, paper_date)
    window = sentence[max(0, first.start - WINDOW) : first.start]
    opened = _before(window)
    begin = first.start - (len(opened.group(0)) if opened else 0)
    whole = (begin, second.end)
    # `verlengd voor de periode van 1 oktober 2026 tot en met 31 maart 2027`: the start of the
    # new period, not of the deployment
    extending = EXTENDING.search(sentence) is not None
    statements = [] if extending else [_dated(START, whole, start_date, start_how)]
    if join["until"] is not None and not _closed(join.group(0)):
        needs, anchor = _how(end_date, end_how)
        statements.append(_ambiguous(END, whole, end_date, needs, anchor))
    else:
        statements.append(_dated(END, whole, end_date, end_how))
    return statements


def _how(date: PartialDate | None, how: str | None) -> tuple[str | None, str | None]:
    """(needs, anchor) of a date `_period` gave: what is missing, or where it was anchored."""
    return (how, None) if date is None else (None, how)


def _dated(
    kind: str, span: tuple[int, int], date: PartialDate | None, how: str | None
) -> Statement:
    needs, anchor = _how(date, how)
    return Statement(
        kind, span, date, needs=needs or ("anchor" if date is None else None), anchor=anchor
    )


def _before_summer(read: _Sentence, paper_date: dt.date | None) -> list[Statement]:
    """`voor de zomer` with a promise to inform or decide: a milestone due by the end of the
    second quarter (summer begins in late June) of the year written, or else of the paper's."""
    statements = []
    if not read.decides:
        return []
    for match in BEFORE_SUMMER.finditer(read.text):
        if read.superseded_at(match.start()):
            continue
        span = (match.start(), match.end())
        anchor: str | None = None
        if match["year"]:
            year = int(match["year"])
        elif paper_date is not None:
            year, anchor = paper_date.year, "paper"
        else:
            statements.append(Statement(MILESTONE, span, needs="anchor"))
            continue
        due = PartialDate(Precision.QUARTER, dt.date(year, 4, 1))
        statements.append(Statement(MILESTONE, span, due, anchor=anchor))
    return statements


def _extended_by(read: _Sentence, found: list[Statement]) -> list[Statement]:
    """`met een half jaar verlengd`: an end counted from the recorded one, which only the
    registry knows (proposals resolve `months`). Ignored when the sentence gives the end."""
    if any(s.kind in (END, MINIMUM) for s in found) or not EXTENDING.search(read.text):
        return []
    statements = []
    for match in EXTENDED_BY.finditer(read.text):
        if read.superseded_at(match.start()):
            continue
        if match["half"]:
            months = 6
        else:
            count = match["count"].lower()
            number = int(count) if count.isdigit() else _COUNTS[count]
            months = number * (12 if match["unit"].lower().startswith(("j", "y")) else 1)
        if months:
            statements.append(Statement(END, (match.start(), match.end()), months=months))
    return statements


def moved_end(end: PartialDate, months: int) -> PartialDate:
    """A recorded end moved by whole months, at its own precision where that fits (a year by
    twelve months stays a year), else at the month's."""
    if end.precision is Precision.DAY:
        return PartialDate(Precision.DAY, add_months(end.first, months))
    if end.precision is Precision.YEAR and months % 12 == 0:
        return PartialDate(Precision.YEAR, dt.date(end.first.year + months // 12, 1, 1))
    if end.precision is Precision.QUARTER and months % 3 == 0:
        return PartialDate(Precision.QUARTER, add_months(end.first, months))
    last_month = add_months(end.last.replace(day=1), months)
    return PartialDate(Precision.MONTH, last_month)


# the date a letter gives in its heading ("Datum 20 mei 2026", "Date: 20 May 2026")
PAPER_DATE = re.compile(
    rf"^[\s\t]*(?:datum|date)\b[\s:]{{0,20}}(?P<day>[0-9]{{1,2}})\s{{1,3}}(?P<month>{_MONTH})"
    rf"\s{{1,3}}(?P<year>{_YEAR})",
    re.IGNORECASE | re.MULTILINE,
)


def heading_date(text: str) -> dt.date | None:
    """The date in a letter's heading (within its first 3,000 characters), or None."""
    match = PAPER_DATE.search(text, 0, 3000)
    if match is None:
        return None
    try:
        return dt.date(int(match["year"]), _month(match["month"]), int(match["day"]))
    except ValueError:
        return None
