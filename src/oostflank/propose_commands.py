"""`propose`: read a paper and list the registry changes it implies; with `--apply`, ask for
each and write the chosen ones through the write commands' path (validation, lock, history,
`updated`, the paper added as a source). Nothing is written without a confirmation: a
person's `y` on a terminal, or `--yes` for the proposed items only.

The reading itself is the functional core in `proposals`; this module gets the paper (a file,
standard input, or the official record), asks, and writes.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from oostflank import typed_dates
from oostflank.app import command, opening, verdict
from oostflank.errors import UsageError
from oostflank.i18n import t, text_of
from oostflank.messages import msg
from oostflank.option_values import date_option
from oostflank.options import (
    PROPOSE_FORMATS,
    ColorOpt,
    DropCommentsOpt,
    DryRunOpt,
    LangOpt,
    ProposeFormatOpt,
    RegistryOpt,
)
from oostflank.streams import say

if TYPE_CHECKING:
    from oostflank.dates import PartialDate
    from oostflank.edits import Change
    from oostflank.model import Registry
    from oostflank.proposals import Paper, Proposal

MAX_PAPER_BYTES = 20 * 1024 * 1024
DATED_BY = {
    "option": "propose.dated.option",
    "record": "propose.dated.record",
    "heading": "propose.dated.heading",
}
YES, NO, QUIT = "y", "n", "q"

PaperArg = Annotated[
    str,
    typer.Argument(
        metavar="PAPER",
        help="A file (plain text, HTML or the official XML), - for standard input, or a "
        "Kamerstuk id such as kst-36045-212 to read from the official record.",
    ),
]
ProposeSourceOpt = Annotated[
    str | None,
    typer.Option(
        "--source",
        metavar="REF",
        help="The paper's id as the registry cites it; a Kamerstuk from the record has its own.",
    ),
]
PaperDateOpt = Annotated[
    str | None,
    typer.Option(
        "--date",
        metavar="DATE",
        help="The paper's date: anchors `dit jaar` and dates its decisions "
        "(default: the record's, else the letter's heading).",
    ),
]
ApplyOpt = Annotated[
    bool,
    typer.Option(
        "--apply",
        help="Ask for each proposed change (y/n; q or the end of input stops asking) and "
        "write the ones chosen; Ctrl-C writes nothing.",
    ),
]
YesOpt = Annotated[
    bool,
    typer.Option(
        "--yes",
        help="With --apply: apply every proposed change without asking, except those that "
        "shorten an end or replace a start.",
    ),
]
ProposeExitCodeOpt = Annotated[
    bool,
    typer.Option(
        "--exit-code", help="Exit 1 when anything is listed that the registry does not record."
    ),
]
TimeoutOpt = Annotated[
    str,
    typer.Option("--timeout", metavar="SECONDS", help="Per request to the official record."),
]


@command("propose")
def propose(
    paper: PaperArg,
    source: ProposeSourceOpt = None,
    date: PaperDateOpt = None,
    apply: ApplyOpt = False,
    yes: YesOpt = False,
    dry_run: DryRunOpt = False,
    exit_code: ProposeExitCodeOpt = False,
    fmt: ProposeFormatOpt = None,
    timeout: TimeoutOpt = "20",
    registry: RegistryOpt = None,
    drop_comments: DropCommentsOpt = False,
    lang: LangOpt = None,
    color: ColorOpt = None,
) -> None:
    """Propose the registry changes a paper implies."""
    from oostflank.proposal_view import proposal_listing
    from oostflank.proposals import commands
    from oostflank.proposals import propose as read_proposals
    from oostflank.render import emit_listing

    with opening(
        "propose", PROPOSE_FORMATS, registry=registry, fmt=fmt, lang=lang, color=color
    ) as call:
        for flag, given in (("--yes", yes), ("--dry-run", dry_run)):
            if given and not apply:
                raise UsageError(msg("propose.needs_apply", flag=flag))
        if apply:
            from oostflank.write_commands import refuse_control_characters, writable

            refuse_control_characters({"source": source})
            writable(registry)  # the bundled registry is never written: said before asking
            if not yes and not on_terminal():
                raise UsageError(msg("propose.no_terminal"))
        read = read_paper(paper, source, date, timeout)
        if apply:
            _can_apply(read)
        proposals = read_proposals(read, call.registry)
        lines = commands(proposals, read, call.registry, registry)
        title = t("title.propose", call.lang, source=read.source or paper)
        listing = proposal_listing(proposals, lines, title, call.lang, dated_text(read, call.lang))
        if not apply:
            from oostflank.proposals import actionable

            with verdict(actionable(proposals), exit_code):
                emit_listing(listing, call.format)
            return
        if yes:
            chosen = _all_proposed(proposals, call.lang)
        else:  # the person reads what is proposed, then answers; stdout keeps what was done
            emit_listing(listing, call.format, sys.stderr)
            chosen = _ask(proposals, call.lang)
        if not chosen:
            say(t("propose.nothing_chosen", call.lang))
            return
        from oostflank.write_commands import WriteTo, write_change

        to = WriteTo(registry, dry_run, drop_comments, call.lang)
        write_change(to, lambda r: applied(r, read, chosen, call.lang))


def on_terminal() -> bool:
    """Whether a person can answer: standard input is a terminal."""
    return sys.stdin is not None and sys.stdin.isatty()


def dated_text(paper: Paper, lang: str) -> str | None:
    """Where the paper's date came from, for the listing's footer; None when it has none."""
    if paper.date is None or paper.dated_by is None:
        return None
    how = t(DATED_BY[paper.dated_by], lang)
    source = paper.source or t("propose.no_source_for", lang)
    return t("propose.paper_date", lang, source=source, date=paper.date.isoformat(), how=how)


def read_paper(argument: str, source: str | None, date: str | None, timeout: str) -> Paper:
    """The paper's text, source and date: from a file, standard input or the official record.
    A name that is both a file here and a Kamerstuk id is refused (`./kst-…` means the file)."""
    from oostflank.proposals import Paper
    from oostflank.refs import is_kamerstuk_id, source_id

    given = _paper_day(date) if date is not None else None
    if is_kamerstuk_id(argument):
        if Path(argument).exists():
            raise UsageError(msg("propose.both", text=argument))
        return _from_record(argument, source, given, timeout)
    text = _paper_text(argument)
    if source is not None and not source.strip():
        raise UsageError(msg("propose.empty_source"))
    cited = source_id(source) if source is not None else None
    if given is not None:
        return Paper(text, cited, given, "option")
    from oostflank.phrases import heading_date

    in_heading = heading_date(text)
    return Paper(text, cited, in_heading, "heading" if in_heading else None)


def _paper_day(text: str) -> dt.date:
    """--date: a paper is dated to the day (it dates the decisions it records)."""
    from oostflank.dates import Precision

    day = date_option("--date", text)
    if day.precision is not Precision.DAY:
        raise UsageError(msg("propose.date_day", text=text))
    return day.first


def _from_record(paper_id: str, source: str | None, date: dt.date | None, timeout: str) -> Paper:
    from oostflank.option_values import timeout_seconds
    from oostflank.proposals import Paper
    from oostflank.refs import source_id
    from oostflank.sru import fetch_publication

    if source is not None and source_id(source) != paper_id:
        raise UsageError(msg("propose.source_is_record"))
    publication = fetch_publication(paper_id, timeout=timeout_seconds(timeout))
    if date is not None:
        return Paper(publication.text, publication.id, date, "option")
    dated_by = "record" if publication.date is not None else None
    return Paper(publication.text, publication.id, publication.date, dated_by)


def _paper_text(argument: str) -> str:
    from oostflank.papertext import paper_text

    if argument == "-":
        if sys.stdin is None:  # started with standard input closed (`<&-`)
            raise UsageError(msg("propose.stdin_closed"))
        data = sys.stdin.buffer.read(MAX_PAPER_BYTES + 1)
        name = "<stdin>"
    else:
        path = Path(argument)
        name = argument
        try:
            with open(path, "rb") as stream:
                data = stream.read(MAX_PAPER_BYTES + 1)
        except FileNotFoundError:
            raise UsageError(msg("propose.missing", path=argument)) from None
        except OSError as error:
            reason = error.strerror or str(error)
            raise UsageError(msg("propose.unreadable", path=argument, reason=reason)) from None
    if len(data) > MAX_PAPER_BYTES:
        raise UsageError(msg("propose.too_big", path=name, most=MAX_PAPER_BYTES // 2**20))
    return paper_text(data, name=name)


def _can_apply(paper: Paper) -> None:
    if paper.source is None:
        raise UsageError(msg("propose.apply_needs_source"))
    if paper.date is None:
        raise UsageError(msg("propose.apply_needs_date"))


def _all_proposed(proposals: list[Proposal], lang: str) -> list[tuple[Proposal, PartialDate]]:
    """What `--yes` applies: the proposed items, except those that shorten an end or replace a
    recorded start: a person says yes to those, on a terminal."""
    chosen = [(p, p.date) for p in proposals if _applies(p) and p.date is not None]
    left = [p for p, _ in chosen if p.shorten or p.correct]
    if left:
        say(t("propose.not_yes", lang, count=len(left)))
    return [(p, date) for p, date in chosen if not (p.shorten or p.correct)]


def _applies(proposal: Proposal) -> bool:
    from oostflank.proposals import PROPOSED

    return proposal.status == PROPOSED and proposal.date is not None


def _ask(proposals: list[Proposal], lang: str) -> list[tuple[Proposal, PartialDate]]:
    """Ask on the terminal for each proposed or ambiguous item: y/n/q, or for an ambiguous one
    which reading. `q` stops asking and keeps what was chosen so far."""
    from oostflank.proposals import AMBIGUOUS, iso_day

    askable = [p for p in proposals if _applies(p) or (p.status == AMBIGUOUS and p.readings)]
    chosen: list[tuple[Proposal, PartialDate]] = []
    for number, proposal in enumerate(askable, start=1):
        ident = proposal.deployment or "—"
        if proposal.status == AMBIGUOUS:
            one, other = (iso_day(r, proposal.change) for r in proposal.readings[:2])
            question = t(
                "propose.ask_reading",
                lang,
                number=number,
                count=len(askable),
                change=proposal.change,
                id=ident,
                one=one,
                other=other,
            )
            answer = _answer(question, ("1", "2", NO, QUIT), "propose.answer_reading", lang)
            if answer in ("1", "2"):
                chosen.append((proposal, proposal.readings[int(answer) - 1]))
        else:
            assert proposal.date is not None
            question = t(
                "propose.ask",
                lang,
                number=number,
                count=len(askable),
                change=proposal.change,
                id=ident,
                date=proposal.date.iso(),
            )
            answer = _answer(question, (YES, NO, QUIT), "propose.answer", lang)
            if answer == YES:
                chosen.append((proposal, proposal.date))
        if answer == QUIT:
            break
    return chosen


def _answer(question: str, accepted: tuple[str, ...], again: str, lang: str) -> str:
    """One of `accepted`, asked again until given; the end of input is `q`."""
    from oostflank.safetext import visible

    while True:
        sys.stderr.write(visible(question))
        sys.stderr.flush()
        line = sys.stdin.readline()
        if not line:
            sys.stderr.write("\n")
            return QUIT
        answer = line.strip().lower()
        if answer in accepted:
            return answer
        say(t(again, lang))


def applied(
    registry: Registry, paper: Paper, chosen: list[tuple[Proposal, PartialDate]], lang: str
) -> Change:
    """The registry with the chosen changes made in order, each through the edit its command
    makes, and the paper added as a source when it is not one yet. An item that the registry
    records by now (an earlier item made it so) is left out; a refusal stops the whole."""
    from oostflank import edits
    from oostflank.dates import PartialDate
    from oostflank.model import Source
    from oostflank.proposals import RECORDED, compare
    from oostflank.queries import find_deployment

    assert paper.source is not None and paper.date is not None
    original = registry
    decided = PartialDate.of_day(paper.date)
    if registry.source(paper.source) is None:
        registry = edits.add_source(registry, Source(id=paper.source, date=decided)).registry
    today = typed_dates.clock_today()
    said: list[str] = []
    for proposal, chosen_date in chosen:
        assert proposal.deployment is not None
        deployment = find_deployment(registry, proposal.deployment)
        status, _notes, shorten, correct = compare(
            proposal.change, chosen_date, proposal.at_least, deployment
        )
        if status == RECORDED:
            continue
        change = _edit(
            proposal, chosen_date, registry, paper.source, decided, today, shorten, correct
        )
        if change.changed:
            registry = change.registry
            said.append(text_of(change.summary, lang))
    if not said:
        return edits.Change(original, msg("propose.nothing_chosen"), changed=False)
    summary = msg("propose.applied", count=len(said), source=paper.source, changes="; ".join(said))
    return edits.Change(registry, summary)


def _edit(
    proposal: Proposal,
    date: PartialDate,
    registry: Registry,
    source: str,
    decided: PartialDate,
    today: dt.date,
    shorten: bool,
    correct: bool,
) -> Change:
    """The edit the proposal's command would make."""
    from oostflank import edits
    from oostflank.model import Milestone
    from oostflank.proposals import END, MILESTONE, START

    ident = proposal.deployment
    assert ident is not None
    if proposal.change == START:
        return edits.set_start(registry, ident, on=date, source_id=source, correct=correct)
    if proposal.change == MILESTONE:
        milestone = Milestone(due=date, what=proposal.evidence, source=source)
        return edits.add_milestone(registry, ident, milestone)
    if proposal.change == END:
        return edits.conclude(
            registry, ident, on=date, decided=decided, source_id=source, today=today
        )
    return edits.extend(
        registry,
        ident,
        until=date,
        decided=decided,
        source_id=source,
        today=today,
        at_least=proposal.at_least,
        shorten=shorten,
    )
