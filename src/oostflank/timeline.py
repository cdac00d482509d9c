"""The mandates on a time axis: a Gantt chart as lines of (text, style) segments. Pure.

Meaning is carried by the characters, so the chart reads without colour; styles only add it.
Each column covers the same number of days; ticks are months, quarters or years, whichever
fits the width.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from typing import NamedTuple

from oostflank.i18n import MONTHS, human_day, t
from oostflank.model import Deployment, Registry
from oostflank.queries import Status, status_on

MIN_WIDTH = 60
MIN_BAR_COLUMNS = 40  # the bars keep at least this, or half the width if more

FIRM, MINIMUM, UNKNOWN, OPEN, BEFORE, AFTER, MARKER, TODAY = "█", "▒", "?", "→", "◂", "▸", "│", "▼"
STATUS_STYLE = {
    Status.ACTIVE: "green",
    Status.PLANNED: "cyan",
    Status.ENDED: "dim",
    Status.UNCONFIRMED: "magenta",
}

Segment = tuple[str, str]  # text, rich style ("" for none)


class Bar(NamedTuple):
    """One deployment's mandate as a bar: a page draws its own picture and table from these."""

    deployment: Deployment
    status: Status
    first: dt.date | None  # None: no start given
    last: dt.date | None  # None: no end given


class Tick(NamedTuple):
    """A mark on the time axis: its day, its label, and the year written above it (or "")."""

    day: dt.date
    label: str
    year: str


class Chart(NamedTuple):
    """The terminal's lines, and the same chart as data for a page."""

    lines: list[list[Segment]]
    width: int  # wider than asked only where an id is: ids are never cut
    bars: tuple[Bar, ...] = ()
    start: dt.date = dt.date.min
    end: dt.date = dt.date.max
    as_of: dt.date = dt.date.min
    ticks: tuple[Tick, ...] = ()
    empty: str | None = None  # the sentence shown instead when there are no bars


class _Axis(NamedTuple):
    start: dt.date
    end: dt.date
    offset: int  # columns taken by the labels
    columns: int

    def column(self, day: dt.date) -> int:
        """The column a day begins in, clamped to the chart."""
        span = (self.end - self.start).days + 1
        index = (day - self.start).days * self.columns // span
        return min(max(index, 0), self.columns - 1)

    def last_column(self, day: dt.date) -> int:
        """The column a day ends in: where a bar through that day stops. In a window of a few
        days one day spans many columns, and a bar must cover all of its last day's."""
        span = (self.end - self.start).days + 1
        index = ((day - self.start).days + 1) * self.columns // span - 1
        return min(max(index, self.column(day)), self.columns - 1)


def default_window(as_of: dt.date) -> tuple[dt.date, dt.date]:
    """Two years before the as-of date to one year after it."""
    return _shift_years(as_of, -2), _shift_years(as_of, 1)


def _shift_years(day: dt.date, years: int) -> dt.date:
    """The same day some years away: 28 February for a 29th, the calendar's edge at its ends."""
    year = day.year + years
    if year < dt.MINYEAR:
        return dt.date.min
    if year > dt.MAXYEAR:
        return dt.date.max
    return day.replace(year=year, day=min(day.day, 28) if day.month == 2 else day.day)


def build(
    registry: Registry, as_of: dt.date, start: dt.date, end: dt.date, width: int, lang: str
) -> Chart:
    ids = [deployment.id for deployment in registry.deployments]
    label_width = _label_width(ids, width)
    axis = _Axis(start, end, label_width, width - label_width)
    lines = [_marker_line(axis, as_of, lang), *_tick_lines(axis, lang)]
    for deployment in registry.deployments:
        lines.extend(_row(axis, deployment, as_of, label_width))
    lines.append([("", "")])
    lines.extend(_legend(lang, width))
    bars = tuple(_bar(deployment, as_of) for deployment in registry.deployments)
    drawn_width = max([width, *(len(i) for i in ids)])
    return Chart(lines, drawn_width, bars, start, end, as_of, tuple(_marks(axis, lang)[0]))


def _label_width(ids: list[str], width: int) -> int:
    """The id column: the longest id and a space, as long as the bars keep their room. An id
    longer than that goes on its own line above its bar, whole: ids are never cut."""
    longest = max((len(i) for i in ids), default=2)
    room = width - max(MIN_BAR_COLUMNS, width // 2)
    return min(longest, room - 1) + 1


def _bar(deployment: Deployment, as_of: dt.date) -> Bar:
    first = deployment.start.first if deployment.start else None
    last = deployment.end.last if deployment.end else None
    return Bar(deployment, status_on(deployment, as_of), first, last)


def _marker_line(axis: _Axis, as_of: dt.date, lang: str) -> list[Segment]:
    if not axis.start <= as_of <= axis.end:
        sentence = t("timeline.outside", lang, date=human_day(as_of, lang))
        indent = min(axis.offset, max(axis.offset + axis.columns - len(sentence), 0))
        return [(" " * indent + sentence, "bold")]
    column = axis.column(as_of)
    label = f"{TODAY} {human_day(as_of, lang)}"
    if column + len(label) > axis.columns:  # no room on the right: write it to the left
        label = f"{human_day(as_of, lang)} {TODAY}"
        column = max(column - len(label) + 1, 0)
    return [(" " * (axis.offset + column), ""), (label, "bold")]


def _ticks(axis: _Axis) -> tuple[list[tuple[dt.date, str]], str]:
    """Tick dates with their labels, at the finest unit whose labels fit (4 columns each)."""
    months = (axis.end.year - axis.start.year) * 12 + axis.end.month - axis.start.month + 1
    for unit, step in (("month", 1), ("quarter", 3), ("year", 12)):
        if axis.columns / max(months / step, 1) >= 4 or unit == "year":
            break
    ticks = []
    year, month = axis.start.year, axis.start.month
    if step > 1:  # start at the first quarter or year boundary in the window
        month = ((month - 1) // step) * step + 1
    while (year, month) <= (axis.end.year, axis.end.month):
        day = dt.date(year, month, 1)
        if day >= axis.start:
            ticks.append((day, unit))
        month += step
        if month > 12:
            year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    if not ticks:  # a window inside one month: its month, at the start
        return [(axis.start, "month")], "month"
    return ticks, unit


def _tick_lines(axis: _Axis, lang: str) -> list[list[Segment]]:
    marks, unit = _marks(axis, lang)
    years = [" "] * axis.columns
    labels = [" "] * axis.columns
    rule = ["─"] * axis.columns
    for mark in marks:
        column = axis.column(mark.day)
        rule[column] = "┬"
        if mark.year:
            _write(years, column, mark.year)
        if mark.label:
            _write(labels, column, mark.label)
    pad = " " * axis.offset
    lines = [[(pad + "".join(years).rstrip(), "bold")]]
    if unit != "year":
        lines.append([(pad + "".join(labels).rstrip(), "")])
    lines.append([(pad + "".join(rule), "dim")])
    return lines


def _marks(axis: _Axis, lang: str) -> tuple[list[Tick], str]:
    """The ticks with their labels (a month's name, a quarter, a year above the first of each)
    and the unit chosen: the terminal and a page place the same marks."""
    ticks, unit = _ticks(axis)
    marks = []
    for day, _ in ticks:
        year = str(day.year) if unit == "year" or day.month == 1 or day == ticks[0][0] else ""
        label = ""
        if unit == "month":
            label = MONTHS[lang][day.month - 1][:3]
        elif unit == "quarter":
            label = f"Q{(day.month - 1) // 3 + 1}"
        marks.append(Tick(day, label, year))
    return marks, unit


def _write(cells: list[str], column: int, text: str) -> None:
    """Put text at a column if it fits and does not run into an earlier label."""
    end = column + len(text)
    if end > len(cells) or any(c != " " for c in cells[max(column - 1, 0) : end]):
        return
    cells[column:end] = list(text)


def _row(
    axis: _Axis, deployment: Deployment, as_of: dt.date, label_width: int
) -> list[list[Segment]]:
    """The id and its bar on one line; an id too long for the column on a line of its own."""
    cells = [" "] * axis.columns
    status = status_on(deployment, as_of)
    first = deployment.start.first if deployment.start else None
    last = deployment.end.last if deployment.end else None
    shown_from = max(first or axis.start, axis.start)
    shown_to = min(last or axis.end, axis.end)
    if shown_from <= shown_to:
        glyph = MINIMUM if deployment.end_at_least else FIRM
        for column in range(axis.column(shown_from), axis.last_column(shown_to) + 1):
            cells[column] = glyph
        if first is None or first < axis.start:
            cells[axis.column(shown_from)] = BEFORE
        if last is None:
            cells[axis.last_column(shown_to)] = OPEN
        elif last > axis.end:
            cells[axis.last_column(shown_to)] = AFTER
    if status is Status.UNCONFIRMED and last is not None and as_of >= axis.start:
        # from the day after the minimum end (the window's start, if that is later) to the as-of date
        unknown_from = axis.last_column(last) + 1 if last >= axis.start else 0
        for column in range(unknown_from, axis.last_column(min(as_of, axis.end)) + 1):
            cells[column] = UNKNOWN
    if axis.start <= as_of <= axis.end and cells[axis.column(as_of)] == " ":
        cells[axis.column(as_of)] = MARKER
    bar = ("".join(cells).rstrip(), STATUS_STYLE[status])
    if len(deployment.id) < label_width:
        return [[(deployment.id.ljust(label_width), ""), bar]]
    return [[(deployment.id, "")], [(" " * label_width, ""), bar]]


def _legend(lang: str, width: int) -> list[list[Segment]]:
    items = [
        f"{FIRM} {t('timeline.firm', lang)}",
        f"{MINIMUM} {t('timeline.minimum', lang)}",
        f"{UNKNOWN} {t('timeline.unknown', lang)}",
        f"{OPEN} {t('timeline.open', lang)}",
        f"{BEFORE} {AFTER} {t('timeline.beyond', lang)}",
        f"{TODAY} {MARKER} {t('timeline.as_of', lang)}",
    ]
    lines: list[list[Segment]] = []
    current = ""
    for item in items:
        candidate = f"{current}   {item}" if current else item
        if len(candidate) > width and current:
            lines.append([(current, "dim")])
            candidate = item
        current = candidate
        if len(current) > width:  # an item wider than the width alone: its own lines
            lines.extend([(piece, "dim")] for piece in _wrapped(current, width))
            current = ""
    if current:
        lines.append([(current, "dim")])
    return lines


def _wrapped(text: str, width: int) -> list[str]:
    """Text in lines of at most `width` at its spaces (a word longer than that stays whole): the
    chart may be drawn wider than asked, for an id, and the legend keeps to the width asked."""
    return textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False) or [text]
