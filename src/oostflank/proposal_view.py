"""`propose`'s listing: one row a statement, the same in every format. Tables show the evidence
shortened around what was found, with its offset; JSON and CSV carry the whole sentence and
exactly `proposals.JSON_KEYS`. Text from the paper is left as it is here: every writer shows
it inert (markup as characters, control characters as escapes)."""

from __future__ import annotations

from collections.abc import Sequence

from oostflank.i18n import t, text_of
from oostflank.proposals import (
    AMBIGUOUS,
    JSON_KEYS,
    PROPOSED,
    RECORDED,
    START,
    Proposal,
    iso_day,
    record,
)
from oostflank.view_types import Listing
from oostflank.views import headers

COLUMNS = (
    "col.deployment",
    "col.change",
    "col.date",
    "col.evidence",
    "col.source",
    "col.status",
    "col.command",
)
STATUS_LABELS = {
    "proposed": "propose.status.proposed",
    "already-recorded": "propose.status.already-recorded",
    "ambiguous": "propose.status.ambiguous",
    "unresolved": "propose.status.unresolved",
    "needs-date": "propose.status.needs-date",
}
PRECISION_LABELS = {
    "day": "propose.precision.day",
    "month": "propose.precision.month",
    "quarter": "propose.precision.quarter",
    "year": "propose.precision.year",
}
AROUND = 40  # characters of the sentence kept on each side of the phrase in a table


def proposal_listing(
    proposals: Sequence[Proposal],
    commands: Sequence[str | None],
    title: str,
    lang: str = "en",
    dated: str | None = None,
) -> Listing:
    """Proposals with their commands (None where one cannot be applied yet); `dated` says
    where the paper's date came from, above the counts."""
    cells = [_cells(p, line, lang) for p, line in zip(proposals, commands, strict=True)]
    counts = {status: sum(p.status == status for p in proposals) for status in (PROPOSED, RECORDED)}
    other = len(proposals) - sum(counts.values())
    return Listing(
        headers=headers(COLUMNS, lang),
        cells=cells,
        records=[record(p, line) for p, line in zip(proposals, commands, strict=True)],
        keys=JSON_KEYS,
        styles=[_style(p) for p in proposals],
        title=title,
        footer="\n".join(
            [
                *([dated] if dated else []),
                t(
                    "footer.propose",
                    lang,
                    proposed=counts[PROPOSED],
                    recorded=counts[RECORDED],
                    other=other,
                ),
            ]
        ),
        empty=t("propose.none", lang),
        whole=frozenset({1, 2}),  # change, date
        free=frozenset({3, 5, 6}),  # evidence, status, command
    )


def _cells(proposal: Proposal, line: str | None, lang: str) -> tuple[str, ...]:
    status = t(STATUS_LABELS[proposal.status], lang)
    notes = [text_of(note, lang) for note in proposal.notes]
    if proposal.status == PROPOSED and proposal.source is None:
        notes.append(t("propose.no_source", lang))
    elif proposal.status == PROPOSED and line is None:
        notes.append(t("propose.no_date", lang))
    return (
        proposal.deployment or "—",
        proposal.change,
        date_text(proposal, lang),
        t("propose.offset", lang, offset=proposal.offset) + ": " + shortened(proposal),
        proposal.source or t("propose.no_source_for", lang),
        "; ".join([status, *notes]),
        line or "—",
    )


def date_text(proposal: Proposal, lang: str) -> str:
    """`2026-09 (month)`, `2026-06 (month, at least)`, or both readings of an ambiguous one."""
    if proposal.status == AMBIGUOUS and proposal.readings:
        one, other = (_reading(r, proposal.change) for r in proposal.readings[:2])
        return t("propose.or", lang, one=one, other=other)
    if proposal.date is None:
        return "—"
    details = [t(PRECISION_LABELS[proposal.date.precision.value], lang)]
    if proposal.at_least:
        details.append(t("propose.at_least", lang))
    return f"{proposal.date.iso()} ({', '.join(details)})"


def _reading(date: object, change: str) -> str:
    from oostflank.dates import PartialDate

    assert isinstance(date, PartialDate)
    return iso_day(date, change) if change != START else date.iso()


def shortened(proposal: Proposal) -> str:
    """The sentence around the phrase: whole when short, else cut at spaces with `…`."""
    text = proposal.evidence
    start, end = proposal.span
    if len(text) <= 2 * AROUND + (end - start):
        return text
    left = max(0, start - AROUND)
    right = min(len(text), end + AROUND)
    if left > 0:
        space = text.find(" ", left, start)
        left = space + 1 if space != -1 else left
    if right < len(text):
        space = text.rfind(" ", end, right)
        right = space if space != -1 else right
    return ("…" if left > 0 else "") + text[left:right] + ("…" if right < len(text) else "")


def _style(proposal: Proposal) -> str:
    if proposal.status == RECORDED:
        return "dim"
    return "bold" if proposal.status == PROPOSED else ""
