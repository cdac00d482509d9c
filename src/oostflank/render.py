"""Rows to text, once per format, shared by every command.

A command builds a `Listing` (or a `Detail` for `show`) holding both the machine values (for
JSON and CSV) and the human cells (for tables and Markdown); `emit` writes it in the chosen
format. rich is imported only for tables. Registry text is untrusted: every cell is a
`rich.text.Text` (never parsed as markup) with control characters turned into visible escapes.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from collections.abc import Iterable, Sequence
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Any, NamedTuple, TextIO

from oostflank.dates import PartialDate
from oostflank.safetext import UNSAFE, one_line, visible

if TYPE_CHECKING:
    from rich.console import Console

    from oostflank.timeline import Chart


class OutputFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    MARKDOWN = "markdown"
    TEXT = "text"
    HTML = "html"
    SVG = "svg"
    GITHUB = "github"  # GitHub Actions workflow commands: `check` only


def date_fields(key: str, value: PartialDate | None, *, last: bool) -> dict[str, Any]:
    """`key` as the ISO day it resolves to (first or last of its period), and its precision."""
    if value is None:
        return {key: None, f"{key}_precision": None}
    day = value.last if last else value.first
    return {key: day.isoformat(), f"{key}_precision": value.precision.value}


class Listing(NamedTuple):
    """One table: human cells for table/Markdown, records for JSON/CSV."""

    headers: tuple[str, ...]
    cells: Sequence[tuple[str, ...]]
    records: Sequence[dict[str, Any]] = ()
    keys: tuple[str, ...] = ()  # the record keys, in order: CSV's header even when empty
    styles: Sequence[str] = ()
    title: str | None = None
    footer: str | None = None
    whole: frozenset[int] = frozenset()  # columns never split in a terminal: ids, codes, numbers
    free: frozenset[int] = frozenset()  # free text, the first to wrap where the width is short
    empty: str | None = None  # said instead of a table with no rows: "No mandate ends …"
    links: Sequence[tuple[str | None, ...]] = ()  # per cell, where a page makes it a link


class Page(NamedTuple):
    """What a page says about itself: the view (the command), its language and as-of date."""

    view: str
    lang: str = "en"
    as_of: dt.date | None = None


class Detail(NamedTuple):
    """Everything about one thing: a field list and sections, or one JSON object."""

    title: str
    fields: Sequence[tuple[str, str]]
    sections: Sequence[Listing]
    record: dict[str, Any]
    notes: Sequence[str] = ()
    notes_title: str = "Notes"
    field_headers: tuple[str, str] = ("Field", "Value")


# ---------------------------------------------------------------- machine formats


def _json_default(value: object) -> str:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def to_json(data: object) -> str:
    """JSON with non-ASCII kept readable, but invisible or control characters as \\u escapes."""
    text = json.dumps(data, ensure_ascii=False, indent=2, default=_json_default)
    return UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


def _csv_value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ";".join(_csv_value(item) for item in value)
    if isinstance(value, str):
        return _csv_text(value)
    return str(value)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_text(value: str) -> str:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe (OWASP's advice
    for CSV injection); numbers are never touched."""
    text = visible(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def to_csv(records: Sequence[dict[str, Any]], keys: Sequence[str]) -> str:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(keys)
    for record in records:
        writer.writerow([_csv_value(record.get(key)) for key in keys])
    return buffer.getvalue()


# Characters that mean something inside a CommonMark line (escape, code, emphasis, links, a
# table's cell border) or in GitHub's dialect (strikethrough, math): backslash-escaped wherever
# they stand. Other punctuation only acts at the start of a block, or (`#`) in a heading.
_MD_INLINE = re.compile(r"[\\`*_\[\]|~$]")
# `<` could open HTML or an autolink, `&` a character reference (only before a name or `#`:
# "Air & Missile" stays as it is): written as entities, which every Markdown reads.
_MD_ENTITY = re.compile(r"<|&(?=[#A-Za-z0-9])")
# What would open a block at the start of a line: a heading, a list item (`-`, `+`, `1.`, `1)`),
# a quote, a setext underline (`=`). Code fences and `*` lists are covered by _MD_INLINE.
_MD_BLOCK_START = re.compile(r"[-+>=#]|[0-9]{1,9}(?=[.)])")


def md_inline(text: str) -> str:
    """Registry text as literal Markdown text on one line: control characters visible, line
    breaks as spaces, every character that could make markup escaped."""
    text = one_line(text).strip()
    text = _MD_ENTITY.sub(lambda m: "&lt;" if m.group() == "<" else "&amp;", text)
    return _MD_INLINE.sub(lambda m: "\\" + m.group(), text)


def md_block(text: str) -> str:
    """`md_inline`, and safe at the start of a line (a paragraph, a list item's text)."""
    text = md_inline(text)
    start = _MD_BLOCK_START.match(text)
    if start is None:
        return text
    end = start.end()
    # `-` becomes `\-`; `2026.` becomes `2026\.`: the marker itself is escaped
    return (text[:end] + "\\" + text[end:]) if text[0].isdigit() else "\\" + text


def md_heading(text: str) -> str:
    """`md_inline` for an ATX heading's text, whose trailing `#`s would be taken as its end."""
    return md_inline(text).replace("#", "\\#")


def _md_cell(text: str) -> str:
    return md_inline(text) or " "


def markdown_table(listing: Listing) -> str:
    lines = []
    title = md_inline(listing.title or "")
    if title:  # never `****` alone: that is a thematic break
        lines += [f"**{title}**", ""]
    lines.append("| " + " | ".join(_md_cell(h) for h in listing.headers) + " |")
    lines.append("|" + "|".join("---" for _ in listing.headers) + "|")
    lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in listing.cells]
    if listing.footer:
        lines += ["", md_block(listing.footer)]
    return "\n".join(lines) + "\n"


def detail_markdown(detail: Detail) -> str:
    parts = [f"## {md_heading(detail.title)}\n"]
    parts.append(markdown_table(Listing(detail.field_headers, detail.fields)))
    for section in detail.sections:
        title = section.title or ""
        parts.append(
            f"### {md_heading(title)}\n\n" + markdown_table(Listing(section.headers, section.cells))
        )
    if detail.notes:
        parts.append(
            f"### {md_heading(detail.notes_title)}\n\n"
            + "\n".join(f"- {md_block(note)}" for note in detail.notes)
            + "\n"
        )
    return "\n".join(parts)


# ---------------------------------------------------------------- terminal tables (rich)


UNLIMITED_WIDTH = 10_000
COLOR_CHOICES = ("auto", "always", "never")
# `--color` of the command being run; `app.guarded` sets it for every call (in-process tests
# run many), `auto` when not given.
_color = {"choice": "auto"}


def use_color(choice: str) -> None:
    """`--color`: auto (a terminal gets colour, $NO_COLOR and $FORCE_COLOR apply), always or
    never (either wins over both variables)."""
    _color["choice"] = choice


def _color_settings() -> dict[str, Any]:
    import os

    if _color["choice"] == "never":
        return {"color_system": None}
    if _color["choice"] == "always":
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
    # rich never writes to `out` itself: `_print` captures and writes (a closed pipe then
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


def fitted_widths(
    extents: Sequence[ColumnExtent], free: Iterable[int], room: int
) -> list[int] | None:
    """Column widths adding up to at most `room`: the free-text columns give way first, then
    the other wrapping ones (dates, kinds), the widest first, none below its narrowest. None
    when even that is too wide: no table then, since it would split words."""
    widths = [extent.widest for extent in extents]
    excess = sum(widths) - room
    free_first = [*free]
    others = [number for number in range(len(extents)) if number not in free_first]
    for giving_way in (free_first, others):
        while excess > 0:
            slack = [n for n in giving_way if widths[n] > extents[n].narrowest]
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


def _stacked(listing: Listing) -> list[Any]:
    """One block per row, a `field: value` line each: what a terminal too narrow for the table
    gets, so that no word is split. Lines wrap at spaces; empty cells are left out."""
    from rich.text import Text

    parts: list[Any] = []
    if listing.title:
        parts += [Text(visible(listing.title), style="table.title"), Text("")]
    styles = list(listing.styles) or [""] * len(listing.cells)
    for row, style in zip(listing.cells, styles, strict=True):
        block = Text(style=style)
        for header, cell in zip(listing.headers, row, strict=True):
            if cell.strip():
                block.append(f"{header}:", style="table.header")
                block.append(f" {visible(cell)}\n")
        block.rstrip()
        parts += [block, Text("")]
    return parts


class FittedListing:
    """A listing as a table no wider than the space it is printed in, or stacked where no
    table fits without splitting a word. Decided at render time: only then is the width known."""

    def __init__(self, listing: Listing) -> None:
        self.listing = listing

    def __rich_measure__(self, console: Console, options: Any) -> Any:
        return console.measure(_rich_table(self.listing), options=options)

    def __rich_console__(self, console: Console, options: Any) -> Any:
        extents = column_extents(self.listing)
        # what the table adds to its columns (edges, separators, padding), whatever their width
        probe = _rich_table(self.listing, [1] * len(extents))
        frame = console.measure(probe, options=options.update_width(UNLIMITED_WIDTH)).maximum
        room = options.max_width - (frame - len(extents))
        widths = fitted_widths(extents, self.listing.free, room)
        if widths is None:
            yield from _stacked(self.listing)
        else:
            yield _rich_table(self.listing, widths)


def _listing_renderables(listing: Listing) -> list[Any]:
    from rich.text import Text

    parts: list[Any] = [FittedListing(listing)]
    if listing.footer:
        parts.append(Text(visible(listing.footer)))
    return parts


def _detail_renderables(detail: Detail) -> list[Any]:
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    for name, value in detail.fields:
        grid.add_row(Text(name), Text(visible(value)))
    parts: list[Any] = [TitledPanel(Text(visible(detail.title)), grid), Text("")]
    parts += [FittedListing(section) for section in detail.sections]
    if detail.notes:
        parts.append(Text(detail.notes_title, style="bold"))
        parts += [Text(f"- {visible(note)}") for note in detail.notes]
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


def _chart_renderables(lines: Sequence[Sequence[tuple[str, str]]]) -> list[Any]:
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


def _trimmed(text: str) -> str:
    return _LINE_END.sub(lambda end: end.group().replace(" ", ""), text)


def _print(parts: list[Any], fmt: OutputFormat, out: TextIO, width: int | None = None) -> None:
    """To the terminal, or as the terminal's picture in SVG."""
    if fmt is not OutputFormat.SVG:
        terminal = console(out)
        if width is not None:
            terminal.width = min(terminal.width, width)
        with terminal.capture() as captured:
            for part in parts:
                terminal.print(part)
        out.write(_trimmed(captured.get()))
        return
    out.write(export_svg(parts, width))


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


# ---------------------------------------------------------------- one dispatch


def emit_listing(
    listing: Listing, fmt: OutputFormat, stream: TextIO | None = None, *, page: Page | None = None
) -> None:
    """A listing in the format; with no rows, its `empty` sentence instead of a bare header
    (JSON stays `[]` and CSV its header: scripts read those)."""
    out = stream or sys.stdout
    if fmt is OutputFormat.HTML:
        from oostflank.html_page import listing_page

        out.write(listing_page(listing, page or Page("")))
    elif not listing.cells and listing.empty is not None and fmt in _SENTENCE_FORMATS:
        _say_empty(listing.empty, fmt, out)
    elif fmt is OutputFormat.JSON:
        out.write(to_json(list(listing.records)))
    elif fmt is OutputFormat.CSV:
        out.write(to_csv(listing.records, listing.keys))
    elif fmt is OutputFormat.MARKDOWN:
        out.write(markdown_table(listing))
    else:
        _print(_listing_renderables(listing), fmt, out)


_SENTENCE_FORMATS = (OutputFormat.TABLE, OutputFormat.MARKDOWN, OutputFormat.SVG)


def _say_empty(sentence: str, fmt: OutputFormat, out: TextIO) -> None:
    if fmt is OutputFormat.MARKDOWN:
        out.write(md_block(sentence) + "\n")
    elif fmt is OutputFormat.TABLE:
        out.write(visible(sentence) + "\n")
    else:
        from rich.text import Text

        _print([Text(visible(sentence))], fmt, out)


def emit_detail(
    detail: Detail, fmt: OutputFormat, stream: TextIO | None = None, *, page: Page | None = None
) -> None:
    out = stream or sys.stdout
    if fmt is OutputFormat.JSON:
        out.write(to_json(detail.record))
    elif fmt is OutputFormat.MARKDOWN:
        out.write(detail_markdown(detail))
    elif fmt is OutputFormat.HTML:
        from oostflank.html_page import detail_page

        out.write(detail_page(detail, page or Page("show")))
    else:
        _print(_detail_renderables(detail), fmt, out)


def emit_chart(
    chart: Chart,
    fmt: OutputFormat,
    stream: TextIO | None = None,
    *,
    page: Page | None = None,
    table: Listing | None = None,
) -> None:
    """A chart is drawn to its width exactly: the terminal (or the picture) gets no wider. A
    page draws it as inline SVG from its bars, with `table` (the same bars) below."""
    out = stream or sys.stdout
    if fmt is OutputFormat.HTML:
        from oostflank.html_page import chart_page

        out.write(chart_page(chart, table or Listing((), ()), page or Page("timeline")))
        return
    _print(_chart_renderables(chart.lines), fmt, out, chart.width)


def joined(values: Iterable[str], *, none: str = "—") -> str:
    return ", ".join(values) or none
