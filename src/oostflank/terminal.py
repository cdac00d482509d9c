"""Tables, panels and charts for a terminal (and its SVG picture), through rich.

rich is imported inside the functions: a command that prints JSON, CSV or Markdown never loads
it. Registry text is untrusted: every cell is a `rich.text.Text` (never parsed as markup) with
control characters turned into visible escapes. A table fits the width it is printed in
without splitting a word, or is stacked (`field: value`) where it cannot.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, TextIO

from oostflank.safetext import visible

if TYPE_CHECKING:
    from rich.console import Console

    from oostflank.view_types import Detail, Listing


UNLIMITED_WIDTH = 10_000


def _color_settings() -> dict[str, Any]:
    """What `--color` (`streams.use_color_option`) asks of rich."""
    import os

    from oostflank.streams import color_choice

    if color_choice() == "never":
        return {"color_system": None}
    if color_choice() == "always":
        dumb = os.environ.get("TERM", "").lower() in ("dumb", "unknown")
        system = "standard" if dumb else "auto"  # rich gives a dumb terminal no colour at all
        return {"force_terminal": True, "no_color": False, "color_system": system}
    return {}


def console(stream: TextIO | None = None) -> Console:
    """A console that never interprets data: no markup, no highlighting, no emoji codes.

    In a terminal, tables fit its width. Elsewhere (a pipe, a file, a CI log) they are as wide
    as their content unless $COLUMNS says otherwise, so nothing is wrapped or cut, whatever
    `--color` says.
    """
    import os

    from rich.console import Console

    out = stream or sys.stdout
    width: int | None = None
    height: int | None = None
    if not (out.isatty() if hasattr(out, "isatty") else False) and not os.environ.get("COLUMNS"):
        # both set: with only a width, rich takes a "dumb" terminal (--color always, TERM=dumb)
        # to be 80 columns wide
        width, height = UNLIMITED_WIDTH, 50
    # rich never writes to `out` itself: `show` captures and writes (a closed pipe then
    # raises BrokenPipeError in our write, which the command line makes a quiet exit)
    return Console(
        file=out,
        markup=False,
        highlight=False,
        emoji=False,
        width=width,
        height=height,
        **_color_settings(),
    )


class ColumnExtent(NamedTuple):
    """How narrow a column may get without splitting a word, and how wide its content is."""

    narrowest: int
    widest: int


def column_extents(listing: Listing) -> list[ColumnExtent]:
    """Per column, its longest word and its longest cell (header included); a `whole` column
    is never narrower than its longest cell."""
    from rich.cells import cell_len

    extents = []
    for number, header in enumerate(listing.headers):
        texts = [header, *(visible(row[number]) for row in listing.cells)]
        widest = max(cell_len(text) for text in texts)
        words = [word for text in texts for word in text.split()]
        longest_word = max((cell_len(word) for word in words), default=0)
        extents.append(ColumnExtent(widest if number in listing.whole else longest_word, widest))
    return extents


# Free text squeezed narrower than this reads as a list of single words: the table is then
# stacked instead, unless the text is shorter than this anyway. Two free columns (agenda's Kind
# and What) share the width, but neither gets less than the second number.
READABLE_FREE_TEXT = 20
READABLE_SHARED = 15


def fitted_widths(
    extents: Sequence[ColumnExtent], free: Iterable[int], room: int
) -> list[int] | None:
    """Column widths adding up to at most `room`: the free-text columns give way first, down to
    a readable width, then the other wrapping ones (dates, kinds), the widest first, none
    below its longest word. None when even that is too wide: no table then, since it would
    split words or leave the text a word per line."""
    widths = [extent.widest for extent in extents]
    floors = [extent.narrowest for extent in extents]
    free_first = [*free]
    for number in free_first:
        share = max(READABLE_FREE_TEXT // len(free_first), READABLE_SHARED)
        readable = min(extents[number].widest, share)
        floors[number] = max(floors[number], readable)
    excess = sum(widths) - room
    others = [number for number in range(len(extents)) if number not in free_first]
    for giving_way in (free_first, others):
        while excess > 0:
            slack = [n for n in giving_way if widths[n] > floors[n]]
            if not slack:
                break
            widest = max(slack, key=lambda n: widths[n])
            widths[widest] -= 1
            excess -= 1
    return widths if excess <= 0 else None


def _rich_table(listing: Listing, widths: Sequence[int] | None = None) -> Any:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(
        title=Text(visible(listing.title)) if listing.title else None,
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        title_justify="left",
    )
    for number, header in enumerate(listing.headers):
        # The `whole` columns (ids, codes, numbers, statuses, links) are never split; the others
        # wrap at spaces, and are given widths (`fitted_widths`) that fit their longest word.
        table.add_column(
            Text(header),
            overflow="fold",
            no_wrap=number in listing.whole,
            width=None if widths is None else widths[number],
        )
    styles = list(listing.styles) or [""] * len(listing.cells)
    for row, style in zip(listing.cells, styles, strict=True):
        table.add_row(*(Text(visible(cell)) for cell in row), style=style or None)
    return table


# continuation lines of a stacked field are indented, so that they read as part of it
HANGING_INDENT = 2


class Overlong(NamedTuple):
    """A value with a word wider than the terminal (a long link): printed on a line of its own
    as it is, for the terminal to soft-wrap, rather than broken by a newline of ours (which
    would break it when copied)."""

    text: Any  # rich.text.Text

    def __rich_console__(self, console: Console, options: Any) -> Any:
        yield self.text  # where lines cannot be left long (a picture), rich folds it


def _stacked(listing: Listing, console: Console, width: int) -> list[Any]:
    """One block per row, a `field: value` line each: what a terminal too narrow for the table
    gets, so that no word is split. Lines wrap at spaces, continuation lines indented; empty
    cells are left out."""
    from rich.cells import cell_len
    from rich.text import Text

    parts: list[Any] = []
    if listing.title:
        parts += [Text(visible(listing.title), style="table.title"), Text("")]
    styles = list(listing.styles) or [""] * len(listing.cells)
    room = max(width - HANGING_INDENT, 1)
    for row, style in zip(listing.cells, styles, strict=True):
        for header, cell in zip(listing.headers, row, strict=True):
            if not cell.strip():
                continue
            label = Text(f"{header}:", style="table.header")
            if max(cell_len(word) for word in visible(cell).split()) > room:
                parts += [label, Overlong(Text(visible(cell), style=style))]
                continue
            field = Text(style=style) + label + Text(f" {visible(cell)}")
            lines = field.wrap(console, room)
            parts.append(lines[0])
            parts += [Text(" " * HANGING_INDENT) + line for line in lines[1:]]
        parts.append(Text(""))
    return parts


class FittedListing:
    """A listing as a table no wider than the space it is printed in, or stacked where no
    table fits without splitting a word. Decided at render time: only then is the width known."""

    def __init__(self, listing: Listing) -> None:
        self.listing = listing

    def __rich_measure__(self, console: Console, options: Any) -> Any:
        return console.measure(_rich_table(self.listing), options=options)

    def __rich_console__(self, console: Console, options: Any) -> Any:
        yield from self.pieces(console, options.max_width)

    def pieces(self, console: Console, width: int) -> list[Any]:
        """The table fitted to `width`, or the stacked blocks."""
        extents = column_extents(self.listing)
        # what the table adds to its columns (edges, separators, padding), whatever their width
        probe = _rich_table(self.listing, [1] * len(extents))
        frame = console.measure(probe, options=console.options.update_width(UNLIMITED_WIDTH))
        room = width - (frame.maximum - len(extents))
        widths = fitted_widths(extents, self.listing.free, room)
        if widths is None:
            return _stacked(self.listing, console, width)
        return [_rich_table(self.listing, widths)]


def listing_parts(listing: Listing) -> list[Any]:
    from rich.text import Text

    parts: list[Any] = [FittedListing(listing)]
    if listing.footer:
        parts.append(Text(visible(listing.footer)))
    return parts


def detail_parts(detail: Detail) -> list[Any]:
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    for name, value in detail.fields:
        grid.add_row(Text(name), Text(visible(value)))
    parts: list[Any] = [TitledPanel(Text(visible(detail.title).expandtabs(1)), grid), Text("")]
    parts += [FittedListing(section) for section in detail.sections]
    if detail.notes:
        parts.append(Text(detail.notes_title, style="bold"))
        # a grid, so that a note's wrapped lines hang under its first word, not under the dash
        notes = Table.grid(padding=(0, 1))
        notes.add_column(no_wrap=True)
        notes.add_column()
        for note in detail.notes:
            notes.add_row("-", Text(visible(note)))
        parts.append(notes)
    return parts


# rich's panel border takes two columns a side, its title a space a side
PANEL_TITLE_FRAME = 6


class TitledPanel:
    """A panel whose title is in its top border where it fits there, else its first lines,
    wrapped at spaces: rich would cut a long title at the border, and it is never cut."""

    def __init__(self, title: Any, body: Any) -> None:
        self.title = title
        self.body = body

    def _panel(self, max_width: int) -> Any:
        from rich.console import Group
        from rich.panel import Panel

        # Panel titles are parsed as markup even with markup off: always pass Text.
        if self.title.cell_len + PANEL_TITLE_FRAME <= max_width:
            return Panel(self.body, title=self.title, title_align="left", expand=False)
        heading = self.title.copy()
        heading.stylize("bold")
        return Panel(Group(heading, self.body), expand=False)

    def __rich_measure__(self, console: Console, options: Any) -> Any:
        return console.measure(self._panel(UNLIMITED_WIDTH), options=options)

    def __rich_console__(self, console: Console, options: Any) -> Any:
        yield self._panel(options.max_width)


def chart_parts(lines: Sequence[Sequence[tuple[str, str]]]) -> list[Any]:
    from rich.text import Text

    rendered = []
    for line in lines:
        text = Text(no_wrap=True, overflow="crop")
        for part, style in line:
            text.append(visible(part), style=style or None)
        rendered.append(text)
    return rendered


# The end of a line made of spaces and colour codes only: rich pads every cell, and a styled
# cell pads inside its codes. The spaces go; the codes stay, so that colours still close.
_LINE_END = re.compile(r"(?:\x1b\[[0-9;]*m| )+$", re.MULTILINE)


def trimmed(text: str) -> str:
    return _LINE_END.sub(lambda end: end.group().replace(" ", ""), text)


def sentence_parts(sentence: str) -> list[Any]:
    from rich.text import Text

    return [Text(visible(sentence))]


def show(parts: list[Any], picture: bool, out: TextIO, width: int | None = None) -> None:
    """To the terminal (captured, so that padding is trimmed and a closed pipe raises in our
    own write), or as the terminal's picture in SVG."""
    if picture:
        out.write(export_svg(parts, width))
        return
    terminal = console(out)
    # A chart (`width` given) is drawn line by line to its width: printed as drawn, for a
    # narrower terminal to soft-wrap, never re-wrapped or cut by us.
    drawn = width is not None
    with terminal.capture() as captured:
        for part in parts:
            pieces = (
                part.pieces(terminal, terminal.width) if isinstance(part, FittedListing) else [part]
            )
            for piece in pieces:
                if isinstance(piece, Overlong):
                    terminal.print(piece.text, soft_wrap=True)
                else:
                    terminal.print(piece, soft_wrap=drawn)
    out.write(trimmed(captured.get()))


def export_svg(parts: list[Any], width: int | None = None) -> str:
    """The terminal's picture as SVG, through rich's public export and our own template, whose
    font falls back to a local monospace font: no request leaves the picture."""
    import io

    from rich.console import Console

    if width is None:
        # a height too, or rich takes a TERM=dumb terminal to be 80 by 25
        measuring = Console(width=UNLIMITED_WIDTH, height=50, file=io.StringIO())
        width = max(measuring.measure(part).maximum for part in parts)
    picture = Console(
        record=True,
        file=io.StringIO(),
        width=width,
        height=50,
        markup=False,
        highlight=False,
        emoji=False,
        color_system="truecolor",
        force_terminal=True,
    )
    for part in parts:
        picture.print(part)
    return picture.export_svg(title="oostflank", code_format=SVG_TEMPLATE, unique_id="oostflank")


# rich's terminal picture template (rich 13-15), without the web font it would fetch.
SVG_TEMPLATE = """\
<svg class="rich-terminal" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">
    <!-- Generated with Rich https://www.textualize.io -->
    <style>

    @font-face {{
        font-family: "Fira Code";
        src: local("FiraCode-Regular");
        font-style: normal;
        font-weight: 400;
    }}
    @font-face {{
        font-family: "Fira Code";
        src: local("FiraCode-Bold");
        font-style: bold;
        font-weight: 700;
    }}

    .{unique_id}-matrix {{
        font-family: Fira Code, 'DejaVu Sans Mono', Menlo, Consolas, monospace;
        font-size: {char_height}px;
        line-height: {line_height}px;
        font-variant-east-asian: full-width;
    }}

    .{unique_id}-title {{
        font-size: 18px;
        font-weight: bold;
        font-family: arial;
    }}

    {styles}
    </style>

    <defs>
    <clipPath id="{unique_id}-clip-terminal">
      <rect x="0" y="0" width="{terminal_width}" height="{terminal_height}" />
    </clipPath>
    {lines}
    </defs>

    {chrome}
    <g transform="translate({terminal_x}, {terminal_y})" clip-path="url(#{unique_id}-clip-terminal)">
    {backgrounds}
    <g class="{unique_id}-matrix">
    {matrix}
    </g>
    </g>
</svg>
"""
