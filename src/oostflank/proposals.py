"""From a paper's text to proposed changes to the registry: the functional core of `propose`.

`prose` finds the sentences, `phrases` what each says about dates, `mentions` which deployment
it names (or, for `deze inzet`, the one named just before it or in its heading). Here each
statement is held against the registry: already recorded, proposed (with the command that
applies it), ambiguous (two readings), unresolved (two deployments, or two end dates), or in
need of a date (a relative phrase without its anchor). Nothing here writes: applying is the
shell's, with a person's confirmation. `docs/propose.md` tells the rules.
"""

from __future__ import annotations

import datetime as dt
import functools
import shlex
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from oostflank import phrases
from oostflank.dates import PartialDate, Precision
from oostflank.errors import DateError
from oostflank.mentions import Names, points_back
from oostflank.messages import Msg, msg
from oostflank.model import Deployment, Registry
from oostflank.prose import Paragraph, Sentence, paragraphs

if TYPE_CHECKING:
    from pathlib import Path

EXTEND, END, START, MINIMUM, MILESTONE = "extend", "end", "start", "minimum-end", "milestone"
CHANGES = (EXTEND, END, START, MINIMUM, MILESTONE)
PROPOSED, RECORDED, AMBIGUOUS, UNRESOLVED, NEEDS_DATE = (
    "proposed",
    "already-recorded",
    "ambiguous",
    "unresolved",
    "needs-date",
)
STATUSES = (PROPOSED, RECORDED, AMBIGUOUS, UNRESOLVED, NEEDS_DATE)
# what a person must look at: everything but what the registry has already
ACTIONABLE = frozenset({PROPOSED, AMBIGUOUS, UNRESOLVED, NEEDS_DATE})
JSON_KEYS = (
    "deployment",
    "change",
    "date",
    "precision",
    "at_least",
    "readings",
    "status",
    "evidence",
    "offset",
    "source",
    "command",
)


class Paper(NamedTuple):
    """The paper read: its text, the source id every proposal cites (None when not given), its
    date (anchor of `dit jaar` and the decision date of what it decides) and where that came
    from (`option`, `record` or `heading`)."""

    text: str
    source: str | None
    date: dt.date | None
    dated_by: str | None = None


class Proposal(NamedTuple):
    """One statement of the paper held against the registry.

    `date` is the period stated (a start's first day, an end's last day in JSON), None for an
    ambiguous item (see `readings`), an unresolved one or one that needs a date. `span` is where
    in `evidence` (the whole sentence, spaces squeezed) it is said; `offset` is where the
    sentence starts in the paper's text. `notes` say how it was read: via which heading, from
    which anchor, that it shortens an end. `shorten` and `correct` are the flags its command
    needs for that.
    """

    deployment: str | None
    change: str
    date: PartialDate | None
    at_least: bool
    readings: tuple[PartialDate, ...]
    status: str
    evidence: str
    offset: int
    span: tuple[int, int]
    source: str | None
    notes: tuple[Msg, ...] = ()
    shorten: bool = False
    correct: bool = False


class _Found(NamedTuple):
    """A statement about one deployment, before the registry is asked about it."""

    deployment: str
    statement: phrases.Statement
    sentence: Sentence
    notes: tuple[Msg, ...]
    compare_as: PartialDate | None = None  # the paper's more precise date for this end


def propose(paper: Paper, registry: Registry) -> list[Proposal]:
    """Every statement of the paper about the registry's deployments, in the paper's order."""
    names = Names(registry.deployments)
    found: list[_Found | Proposal] = []
    headings: dict[int, tuple[str, ...]] = {}
    for paragraph in paragraphs(paper.text):
        context = _Context(paragraph, names, headings)
        for sentence, pointed in context.sentences():
            found += _read(sentence, pointed, names, paper)
    return [
        item if isinstance(item, Proposal) else _held_against(item, registry, paper)
        for item in _reconciled(found)
    ]


Pointed = tuple[tuple[str, ...], tuple[Msg, ...]]


class _Context:
    """Which deployment a pointing word (`deze inzet`) in each sentence of a paragraph points
    back to: the nearest earlier sentence of the paragraph that names one (for a footnote:
    of the footnote, then the citing sentence and those before it), else the heading. Worked
    out in one pass, so a long paragraph of pointing sentences stays linear."""

    def __init__(
        self, paragraph: Paragraph, names: Names, headings: dict[int, tuple[str, ...]]
    ) -> None:
        self.paragraph, self.names = paragraph, names
        heading = paragraph.heading
        if heading is None:
            self.heading: Pointed = ((), ())
        else:
            if heading.start not in headings:
                headings[heading.start] = names.named(heading.text)
            via = msg("propose.via_heading", heading=heading.text)
            self.heading = (headings[heading.start], (via,))

    def sentences(self) -> Iterator[tuple[Sentence, Callable[[], Pointed]]]:
        """Each sentence (footnotes after the sentence citing them) with a way to learn what
        a pointing word in it points to; asked in this order, each sentence is read for names
        at most once, and only when a later one points back."""
        paragraph = self.paragraph
        before = _Nearest(paragraph.sentences, self.names, self.heading)
        for index, sentence in enumerate(paragraph.sentences):
            yield sentence, functools.partial(before.resolve, index)
            for number, cited_at in paragraph.cited_at.items():
                if cited_at != index:
                    continue
                citing = before.resolve(index + 1)
                via = (msg("propose.via_footnote", number=number),)
                start = (citing[0], via) if citing[0] else self.heading
                note = _Nearest(paragraph.footnotes[number], self.names, start)
                for position, inside in enumerate(note.sentences):
                    yield inside, functools.partial(note.resolve, position)


class _Nearest:
    """The deployments named nearest before a sentence of a run (else `start`), found by
    reading the run's sentences for names once each, in order, as far as asked."""

    def __init__(self, sentences: tuple[Sentence, ...], names: Names, start: Pointed) -> None:
        self.sentences, self.names = sentences, names
        self.scanned = 0
        self.nearest = start
        self.before = msg("propose.via_sentence")

    def resolve(self, index: int) -> Pointed:
        """What sentence `index` may point back to; asked with indexes that never go down."""
        while self.scanned < index:
            named = self.names.named(self.sentences[self.scanned].text)
            if named:
                self.nearest = (named, (self.before,))
            self.scanned += 1
        return self.nearest


def _read(
    sentence: Sentence, pointed: Callable[[], Pointed], names: Names, paper: Paper
) -> list[_Found | Proposal]:
    reading = phrases.read_sentence(sentence.text, paper.date)
    if not reading.statements:
        return []
    named = names.named(sentence.text)
    notes: tuple[Msg, ...] = ()
    if not named and points_back(sentence.text):
        named, notes = pointed()
    if not named:
        return []  # a date about something the registry does not hold
    first = reading.statements[0]
    if len(named) > 1:
        why = msg("propose.two_deployments", ids=", ".join(named))
        return [_unresolved(None, first, sentence, paper, (*notes, why))]
    if reading.two_ends:
        ends = [s for s in reading.statements if s.kind in (phrases.END, phrases.MINIMUM)]
        return [_unresolved(named[0], ends[0], sentence, paper, (*notes, msg("propose.two_ends")))]
    return [_Found(named[0], statement, sentence, notes) for statement in reading.statements]


def _unresolved(
    deployment: str | None,
    statement: phrases.Statement,
    sentence: Sentence,
    paper: Paper,
    notes: tuple[Msg, ...],
) -> Proposal:
    change = {phrases.END: EXTEND}.get(statement.kind, statement.kind)
    return Proposal(
        deployment,
        change,
        None,
        statement.at_least,
        (),
        UNRESOLVED,
        sentence.text,
        sentence.start,
        statement.span,
        paper.source,
        notes,
    )


def _reconciled(found: list[_Found | Proposal]) -> list[_Found | Proposal]:
    """Where a paper says one thing twice, once less exactly, the exact saying decides.

    Both `tot en met juni 2026` and `in ieder geval tot en met juni 2026` of one deployment: the
    end is not firm, and the firm statement is read as the minimum (the cautious reading). An
    end in `december 2025` in the overview and on `1 december 2025` in the body: the month is
    held against the registry as the day. Each says so; the statement keeps its own date.
    """
    ends = [
        item
        for item in found
        if isinstance(item, _Found)
        and item.statement.kind in (phrases.END, phrases.MINIMUM)
        and item.statement.date is not None
    ]
    minimums = {
        (item.deployment, _date(item).last)
        for item in ends
        if item.statement.kind == phrases.MINIMUM
    }
    exact = _more_exact(ends)
    result: list[_Found | Proposal] = []
    for item in found:
        if isinstance(item, _Found) and item.statement.date is not None:
            if item.statement.kind in (phrases.END, phrases.MINIMUM):
                inside = exact.get((item.deployment, item.statement.date))
                if inside is not None and inside.last != item.statement.date.last:
                    note = msg("propose.read_as", date=inside)
                    item = item._replace(compare_as=inside, notes=(*item.notes, note))
            if (
                item.statement.kind == phrases.END
                and (item.deployment, _date(item).last) in minimums
            ):
                statement = item.statement._replace(kind=phrases.MINIMUM, at_least=True)
                note = msg("propose.read_as_minimum")
                item = item._replace(statement=statement, notes=(*item.notes, note))
        result.append(item)
    return result


def _date(item: _Found) -> PartialDate:
    date = item.compare_as or item.statement.date
    assert date is not None
    return date


def _more_exact(ends: list[_Found]) -> dict[tuple[str, PartialDate], PartialDate]:
    """For each deployment and period the paper names, the first more exact date it gives
    inside that period: one pass, every date filed under the periods that hold it."""
    exact: dict[tuple[str, PartialDate], PartialDate] = {}
    for item in ends:
        date = item.statement.date
        assert date is not None
        for period in _periods_holding(date):
            exact.setdefault((item.deployment, period), date)
    return exact


def _periods_holding(date: PartialDate) -> list[PartialDate]:
    """The coarser periods a date lies in: its month, quarter and year, as far as they are
    coarser than the date itself."""
    first = date.first
    month = PartialDate(Precision.MONTH, first.replace(day=1))
    quarter = PartialDate(
        Precision.QUARTER, dt.date(first.year, 3 * ((first.month - 1) // 3) + 1, 1)
    )
    year = PartialDate(Precision.YEAR, dt.date(first.year, 1, 1))
    coarser = {
        Precision.DAY: [month, quarter, year],
        Precision.MONTH: [quarter, year],
        Precision.QUARTER: [year],
        Precision.YEAR: [],
    }
    return coarser[date.precision]


def _held_against(found: _Found, registry: Registry, paper: Paper) -> Proposal:
    """The statement's change and status, given what the registry records."""
    statement, sentence = found.statement, found.sentence
    deployment = registry.deployment(found.deployment)
    assert deployment is not None  # named from the registry's own terms
    notes = list(found.notes)
    date = statement.date
    if statement.anchor == "paper" and paper.date is not None:
        notes.append(msg("propose.from_paper_date", date=paper.date.isoformat()))
    if statement.months is not None:
        if deployment.end is None:
            notes.append(msg("propose.no_end_to_count_from", months=statement.months))
        else:
            try:
                date = phrases.moved_end(deployment.end, statement.months)
            except DateError:  # past the year 9999
                date = None
                statement = statement._replace(needs="range")
            notes.append(
                msg("propose.from_recorded_end", months=statement.months, end=deployment.end)
            )
    change = _change(statement, found.compare_as or date, paper, deployment)
    base = Proposal(
        deployment.id,
        change,
        date,
        statement.at_least,
        statement.readings,
        PROPOSED,
        sentence.text,
        sentence.start,
        statement.span,
        paper.source,
    )
    if statement.doubt is not None:
        doubt = (
            msg("propose.doubt", word=statement.doubt)
            if statement.doubt
            else msg("propose.no_mandate")
        )
        return base._replace(status=UNRESOLVED, notes=(*notes, doubt))
    if statement.readings:
        return base._replace(status=AMBIGUOUS, date=None, notes=(*notes, msg("propose.tot")))
    if date is None:
        if statement.needs == "range":
            notes.append(msg("propose.out_of_range"))
        elif statement.months is None:  # else the recorded end is what is missing, said above
            notes.append(msg("propose.needs_anchor"))
        return base._replace(status=NEEDS_DATE, notes=tuple(notes))
    held = found.compare_as or date
    status, more, shorten, correct = compare(change, held, statement.at_least, deployment)
    return base._replace(status=status, notes=(*notes, *more), shorten=shorten, correct=correct)


def _change(
    statement: phrases.Statement, date: PartialDate | None, paper: Paper, deployment: Deployment
) -> str:
    """An end that has passed by the paper's date (or is said to have been reached) is the
    deployment's end; one still ahead extends the mandate, and so does one after a firm
    recorded end (a longer mandate is a decision: `end` refuses to lengthen one)."""
    if statement.kind != phrases.END:
        return statement.kind
    passed = date is not None and paper.date is not None and date.last < paper.date
    recorded = deployment.end
    later = (
        date is not None
        and recorded is not None
        and not deployment.end_at_least
        and date.last > recorded.last
    )
    return END if (statement.reached or passed) and not later else EXTEND


def within(inner: PartialDate, outer: PartialDate) -> bool:
    """`inner` lies in `outer`'s period: `1 december 2025` in `december 2025`."""
    return outer.first <= inner.first and inner.last <= outer.last


RANK = {Precision.YEAR: 0, Precision.QUARTER: 1, Precision.MONTH: 2, Precision.DAY: 3}


def compare(
    change: str, date: PartialDate, at_least: bool, deployment: Deployment
) -> tuple[str, tuple[Msg, ...], bool, bool]:
    """Status, notes, and whether applying shortens a firm end or corrects a recorded start.

    An end `tot en met` a period runs through the period's last day: it is recorded when that
    day (and the minimum flag) is the registry's, stated no more exactly than the registry has
    it. A start `sinds` a period began in it: recorded when the registry's start lies inside.
    A milestone is recorded when one is due on the same last day.
    """
    if change == START:
        recorded = deployment.start
        if recorded is None:
            return PROPOSED, (), False, False
        if within(recorded, date):
            return RECORDED, (), False, False
        if within(date, recorded):
            return PROPOSED, (msg("propose.refines", recorded=recorded),), False, False
        return PROPOSED, (msg("propose.other_start", recorded=recorded),), False, True
    if change == MILESTONE:
        if any(_same_end(date, m.due) for m in deployment.milestones):
            return RECORDED, (), False, False
        return PROPOSED, (), False, False
    end = deployment.end
    if end is None:
        return PROPOSED, (), False, False
    if date.last == end.last and at_least == deployment.end_at_least:
        if _same_end(date, end):
            return RECORDED, (), False, False
        return PROPOSED, (msg("propose.refines", recorded=end),), False, False
    if date.last < end.last:  # `extend` needs --shorten for either; `end` may come early
        key = "propose.moves_back" if deployment.end_at_least else "propose.shortens"
        return PROPOSED, (msg(key, recorded=end),), change != END, False
    if deployment.end_at_least and not at_least and date.last >= end.last:
        return PROPOSED, (msg("propose.makes_firm", recorded=end),), False, False
    return PROPOSED, (), False, False


def _same_end(stated: PartialDate, recorded: PartialDate) -> bool:
    """The same last day, stated no more exactly than recorded (`eind 2026` for 31 Dec 2026)."""
    return stated.last == recorded.last and RANK[stated.precision] <= RANK[recorded.precision]


def command(proposal: Proposal, paper: Paper, registry: Registry, path: str | None) -> str | None:
    """The `oostflank …` line that applies a proposal, shell-quoted; None when it cannot be
    applied yet (not proposed, no source given, or no date for the decision)."""
    words = command_words(proposal, paper, path)
    if words is None:
        return None
    line = shlex.join(words)
    assert paper.source is not None  # command_words needs one
    if registry.source(paper.source) is None:
        add = ["oostflank", "source", "add", paper.source]
        if paper.date is not None:
            add += ["--date", paper.date.isoformat()]
        line = shlex.join(add + _registry(path)) + " && " + line
    return line


def commands(
    proposals: Sequence[Proposal], paper: Paper, registry: Registry, path: Path | None
) -> list[str | None]:
    """Each proposal's command; `path` is the -r given, if any (repeated in every command)."""
    shown = None if path is None else str(path)
    return [command(p, paper, registry, shown) for p in proposals]


def command_words(proposal: Proposal, paper: Paper, path: str | None) -> list[str] | None:
    if proposal.status != PROPOSED or paper.source is None or proposal.date is None:
        return None
    assert proposal.deployment is not None
    ident, date, source = proposal.deployment, proposal.date.iso(), paper.source
    if proposal.change in (EXTEND, MINIMUM, END):
        if paper.date is None:
            return None
        decided = paper.date.isoformat()
        if proposal.change == END:
            words = ["oostflank", "end", ident, "--on", date, "--decided", decided]
        else:
            words = ["oostflank", "extend", ident, "--until", date, "--decided", decided]
            words += ["--at-least"] if proposal.at_least else []
            words += ["--shorten"] if proposal.shorten else []
        return [*words, "--source", source, *_registry(path)]
    if proposal.change == START:
        words = ["oostflank", "start", ident, "--on", date, "--source", source]
        return words + (["--correct"] if proposal.correct else []) + _registry(path)
    what = proposal.evidence
    words = ["oostflank", "milestone", "add", ident, "--due", date, "--what", what]
    return [*words, "--source", source, *_registry(path)]


def _registry(path: str | None) -> list[str]:
    return ["-r", path] if path is not None else []


def record(proposal: Proposal, command_line: str | None) -> dict[str, Any]:
    """The JSON object of a proposal: exactly JSON_KEYS. A start's date is its first day, any
    other date its last; `readings` the same, for an ambiguous item."""
    date = proposal.date
    return {
        "deployment": proposal.deployment,
        "change": proposal.change,
        "date": None if date is None else iso_day(date, proposal.change),
        "precision": None if date is None else date.precision.value,
        "at_least": proposal.at_least,
        "readings": [iso_day(r, proposal.change) for r in proposal.readings],
        "status": proposal.status,
        "evidence": proposal.evidence,
        "offset": proposal.offset,
        "source": proposal.source,
        "command": command_line,
    }


def iso_day(date: PartialDate, change: str) -> str:
    return (date.first if change == START else date.last).isoformat()


def actionable(proposals: Sequence[Proposal]) -> bool:
    return any(p.status in ACTIONABLE for p in proposals)
