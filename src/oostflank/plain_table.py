"""A table (or a chart) drawn by us, character for character as rich draws it, where that is
easy: nothing to wrap. rich's layout costs seconds for 10,000 rows (it measures every cell
several times); here the widths are known after one pass. A pipe, a file or a CI log gets
tables as wide as their content without asking rich anything; a terminal's table of LARGE rows
or more is drawn here too, fitted, stacked, or wrapped without colour, in rich's colours (rich
says which, and wraps the words). Anything else (wrapped cells in colour, a title wider than
the table, a tab, a line break) goes to rich in `terminal`; tests hold the two to the same
bytes.

rich's table as `terminal._rich_table` builds it: box SIMPLE_HEAD (a blank top and bottom
border, a rule of `─` under the header), no edge padding, one space of padding a side between
columns and one space of column separator, every cell left-justified; trailing spaces trimmed.
"""

from __future__ import annotations

import itertools
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TextIO

from oostflank.safetext import visible

if TYPE_CHECKING:
    from oostflank.view_types import Listing

WIDTH = 10_000  # the width rich is given for a pipe (`terminal.UNLIMITED_WIDTH`)
LARGE = 500  # rows: from here a terminal's table is drawn here when it fits unwrapped
HEADER_STYLE = "bold"  # rich's `table.header`
Paint = Callable[[str, str], str]  # (text, style) -> the text in the style's colour codes


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


def draw(
    listing: Listing,
    width: int = WIDTH,
    paint: Paint | None = None,
    footer: bool = True,
    fitted: list[int] | None = None,
) -> str | None:
    """The table (and its footer, unless `footer` is False) as rich prints it in `width`
    columns, coloured by `paint` if given, its columns as wide as their content or `fitted`
    (cells wrapped at spaces as rich wraps them); None when rich must draw it."""
    rows = [tuple(visible(cell) for cell in row) for row in listing.cells]
    header = tuple(listing.headers)
    if any(_drawn_by_rich(cell) for row in (header, *rows) for cell in row):
        return None
    sized = [[(cell, cell_width(cell)) for cell in row] for row in (header, *rows)]
    widths = fitted or [
        max(column) for column in zip(*([w for _, w in row] for row in sized), strict=True)
    ]
    inner = sum(widths) + 3 * len(widths) - 3  # padding and separators between columns
    if inner + 2 > width:
        return None  # rich wraps or folds what is wider than its console
    lines = []
    if listing.title:
        title = visible(listing.title)
        if _drawn_by_rich(title) or cell_width(title) > inner + 2:
            return None
        lines.append(title.rstrip(" "))
    lines.append("")  # the top border: spaces only
    styles = list(listing.styles) or [""] * len(rows)
    lines += _row(sized[0], widths, HEADER_STYLE, paint)
    lines.append(" " + "─" * inner)
    for row, style in zip(sized[1:], styles, strict=True):
        lines += _row(row, widths, style, paint)
    lines.append("")  # the bottom border
    if listing.footer and footer:
        below = visible(listing.footer).split("\n")
        if any(cell_width(line) > WIDTH or "\t" in line for line in below):
            return None
        lines += [line.rstrip(" ") for line in below]
    drawn = "\n".join(lines) + "\n"
    if paint is None:
        return drawn
    from oostflank.terminal import trimmed

    return trimmed(drawn)


def _row(
    cells: list[tuple[str, int]], widths: list[int], style: str, paint: Paint | None
) -> list[str]:
    """A row's lines: a cell wider than its column wrapped at spaces (`rich._wrap`), shorter
    cells filled with blank lines below, as rich aligns them (top)."""
    if all(used <= width for (_, used), width in zip(cells, widths, strict=True)):
        return [_line(cells, widths, style, paint)]
    from rich._wrap import divide_line

    wrapped = []
    for (cell, used), width in zip(cells, widths, strict=True):
        if used <= width:
            wrapped.append([(cell, used)])
            continue
        breaks = [0, *divide_line(cell, width), len(cell)]
        pieces = [cell[start:end].rstrip(" ") for start, end in itertools.pairwise(breaks)]
        wrapped.append([(piece, cell_width(piece)) for piece in pieces])
    height = max(len(lines) for lines in wrapped)
    blank = ("", 0)
    return [
        _line([lines[k] if k < len(lines) else blank for lines in wrapped], widths, style, paint)
        for k in range(height)
    ]


HANGING_INDENT = 2  # as `terminal.HANGING_INDENT`
TITLE_STYLE = "italic"  # rich's `table.title`


def draw_stacked(listing: Listing, width: int, paint: Paint | None) -> str | None:
    """The listing as `terminal._stacked` prints it: a `field: value` line a field, wrapped at
    spaces as rich wraps them (`rich._wrap.divide_line`), continuation lines indented; None
    when rich must (a tab or a line break, a title wider than the width)."""
    from rich._wrap import divide_line

    colour = paint or (lambda text, style: text)
    lines: list[str] = []
    if listing.title:
        title = visible(listing.title)
        if _drawn_by_rich(title) or cell_width(title) > width:
            return None
        lines += [colour(title, TITLE_STYLE), ""]
    styles = list(listing.styles) or [""] * len(listing.cells)
    room = max(width - HANGING_INDENT, 1)
    for row, style in zip(listing.cells, styles, strict=True):
        for header, cell in zip(listing.headers, row, strict=True):
            if not cell.strip():
                continue
            value = visible(cell)
            if _drawn_by_rich(value) or _drawn_by_rich(header):
                return None
            label = f"{header}:"
            if max(cell_width(word) for word in value.split()) > room:
                lines += [colour(label, HEADER_STYLE), colour(value, style)]
                continue
            text = f"{label} {value}"
            breaks = [0, *divide_line(text, room), len(text)]
            pieces = [text[start:end] for start, end in itertools.pairwise(breaks)]
            first = pieces[0]
            labelled = _combined(style, HEADER_STYLE)
            lines.append(
                colour(first[: len(label)], labelled) + _styled(first[len(label) :], style, colour)
            )
            lines += [" " * HANGING_INDENT + _styled(piece, style, colour) for piece in pieces[1:]]
        lines.append("")
    from oostflank.terminal import trimmed

    return trimmed("\n".join(lines) + "\n")


def _styled(text: str, style: str, colour: Paint) -> str:
    return colour(text, style) if text else ""


def _combined(row: str, field: str) -> str:
    """A field's label in a row's style: both, as rich adds them."""
    return f"{row} {field}".strip()


def _drawn_by_rich(text: str) -> bool:
    """Text that rich lays out in ways of its own: a line break, or a tab (expanded to stops)."""
    return "\n" in text or "\t" in text


def _line(
    cells: list[tuple[str, int]], widths: list[int], style: str = "", paint: Paint | None = None
) -> str:
    """One row: the left border's space, cells padded to their column, three spaces between;
    in colour, each cell and its padding in the row's style, as rich writes it."""
    padded = [
        cell + " " * (width - used) for (cell, used), width in zip(cells, widths, strict=True)
    ]
    if paint is None or not style:
        return (" " + "   ".join(padded)).rstrip(" ")
    pad = paint(" ", style)
    last = len(padded) - 1
    parts = [
        (pad if number else "") + paint(cell, style) + (pad if number < last else "")
        for number, cell in enumerate(padded)
    ]
    return " " + " ".join(parts) + " "


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
    stream = out or sys.stdout
    if applies(stream):
        return _written(stream, lambda: draw(listing))
    if len(listing.cells) < LARGE:
        return False
    return _in_terminal(listing, stream)


def _in_terminal(listing: Listing, out: TextIO) -> bool:
    """A large table in a terminal (or wherever rich decides): drawn here when it fits the
    width rich gives it, in the colours rich would use; the footer is rich's, as it wraps."""
    from oostflank import terminal

    console = terminal.console(out)
    if console.no_color or console.legacy_windows:
        return False
    paint = _painter(console.color_system)
    fitted, widest = _fitted(listing, console.width)
    if fitted is None:
        drawn = draw_stacked(listing, console.width, paint)
    elif paint is None or fitted == widest:  # rich colours wrapped cells its own way
        drawn = draw(listing, console.width, paint, footer=False, fitted=fitted)
    else:
        drawn = None
    if drawn is None:
        return False
    out.write(drawn)
    if listing.footer:
        terminal.show([terminal.sentence_parts(listing.footer)[0]], False, out)
    return True


def _fitted(listing: Listing, width: int) -> tuple[list[int] | None, list[int]]:
    """The column widths rich gives a table in `width` columns (`terminal.FittedListing`, with
    the frame of a SIMPLE_HEAD table), None when it stacks the rows instead; and the widths
    the columns' content asks for."""
    from oostflank import terminal

    frame = 3 * len(listing.headers) - 1  # edges, separators and padding
    extents = terminal.column_extents(listing)
    fitted = terminal.fitted_widths(extents, listing.free, width - frame)
    return fitted, [extent.widest for extent in extents]


def _painter(system: str | None) -> Paint | None:
    """How rich colours a text in a style for this colour system; None: no colour at all."""
    if system is None:
        return None
    from rich.console import COLOR_SYSTEMS
    from rich.style import Style

    color_system = COLOR_SYSTEMS[system]
    parsed: dict[str, Style] = {}

    def paint(text: str, style: str) -> str:
        if style not in parsed:
            parsed[style] = Style.parse(style)
        return parsed[style].render(text, color_system=color_system)

    return paint


def _written(out: TextIO, drawing: Callable[[], str | None]) -> bool:
    if not applies(out):
        return False
    drawn = drawing()
    if drawn is None:
        return False
    out.write(drawn)
    return True
