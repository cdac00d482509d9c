"""A table (or a chart) drawn by us, character for character as rich draws it, where that is
easy: no colour, nothing to wrap. A pipe, a file or a CI log gets tables as wide as their content, and rich's
layout costs seconds for 10,000 rows (it measures every cell several times); here the widths
are known after one pass. Anything else (a terminal, colour, a cell to wrap, a title wider than
the table) goes to rich in `terminal`, and the goldens hold the two to the same bytes.

rich's table as `terminal._rich_table` builds it: box SIMPLE_HEAD (a blank top and bottom
border, a rule of `─` under the header), no edge padding, one space of padding a side between
columns and one space of column separator, every cell left-justified; trailing spaces trimmed.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TextIO

from oostflank.safetext import visible

if TYPE_CHECKING:
    from oostflank.view_types import Listing

WIDTH = 10_000  # the width rich is given for a pipe (`terminal.UNLIMITED_WIDTH`)
# what makes rich colour or size a console other than by its own detection: then rich decides
RICH_ENVIRONMENT = (
    "FORCE_COLOR",
    "COLUMNS",
    "LINES",
    "JUPYTER_COLUMNS",
    "JUPYTER_LINES",
    "TTY_COMPATIBLE",
    "TTY_INTERACTIVE",
)


def applies(out: TextIO) -> bool:
    """A stream rich would write without colour at unlimited width (`terminal.console`): not
    a terminal, no $COLUMNS, no colour asked for."""
    from oostflank.streams import color_choice

    if color_choice() == "always" or any(os.environ.get(name) for name in RICH_ENVIRONMENT):
        return False
    isatty = getattr(out, "isatty", None)
    return not (isatty() if isatty is not None else False)


def cell_width(text: str) -> int:
    """Columns a text takes, as rich counts them (ASCII without asking rich)."""
    if text.isascii():
        return len(text)
    from rich.cells import cell_len

    return cell_len(text)


def draw(listing: Listing) -> str | None:
    """The table and its footer as rich prints them unwrapped, or None when rich must (a cell
    or title on several lines)."""
    rows = [tuple(visible(cell) for cell in row) for row in listing.cells]
    header = tuple(listing.headers)
    if any(_drawn_by_rich(cell) for row in (header, *rows) for cell in row):
        return None
    sized = [[(cell, cell_width(cell)) for cell in row] for row in (header, *rows)]
    widths = [max(column) for column in zip(*([w for _, w in row] for row in sized), strict=True)]
    inner = sum(widths) + 3 * len(widths) - 3  # padding and separators between columns
    if inner + 2 > WIDTH:
        return None  # rich folds what is wider than its console
    lines = []
    if listing.title:
        title = visible(listing.title)
        if _drawn_by_rich(title) or cell_width(title) > inner + 2:
            return None
        lines.append(title.rstrip(" "))
    lines.append("")  # the top border: spaces only
    lines.append(_line(sized[0], widths))
    lines.append(" " + "─" * inner)
    lines += [_line(row, widths) for row in sized[1:]]
    lines.append("")  # the bottom border
    if listing.footer:
        footer = visible(listing.footer).split("\n")
        if any(cell_width(line) > WIDTH or "\t" in line for line in footer):
            return None
        lines += [line.rstrip(" ") for line in footer]
    return "\n".join(lines) + "\n"


def _drawn_by_rich(text: str) -> bool:
    """Text that rich lays out in ways of its own: a line break, or a tab (expanded to stops)."""
    return "\n" in text or "\t" in text


def _line(cells: list[tuple[str, int]], widths: list[int]) -> str:
    """One row: the left border's space, cells padded to their column, three spaces between."""
    padded = [
        cell + " " * (width - used) for (cell, used), width in zip(cells, widths, strict=True)
    ]
    return (" " + "   ".join(padded)).rstrip(" ")


def draw_chart(lines: Sequence[Sequence[tuple[str, str]]]) -> str | None:
    """A chart's lines as rich prints them without colour (`terminal.chart_parts`, soft-wrapped:
    never wrapped or cut), or None when rich must (a tab or a line break in a name)."""
    drawn = []
    for line in lines:
        text = "".join(visible(part) for part, _ in line)
        if _drawn_by_rich(text) or cell_width(text) > WIDTH:
            return None
        drawn.append(text.rstrip(" ") + "\n")
    return "".join(drawn)


def write_chart(lines: Sequence[Sequence[tuple[str, str]]], out: TextIO) -> bool:
    """Draw the chart into `out` if it can be drawn here; whether it was."""
    return _written(out, lambda: draw_chart(lines))


def write(listing: Listing, out: TextIO | None = None) -> bool:
    """Draw the listing into `out` if it can be drawn here; whether it was."""
    return _written(out or sys.stdout, lambda: draw(listing))


def _written(out: TextIO, drawing: Callable[[], str | None]) -> bool:
    if not applies(out):
        return False
    drawn = drawing()
    if drawn is None:
        return False
    out.write(drawn)
    return True
