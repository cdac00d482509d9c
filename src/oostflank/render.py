"""Rows to text, once per format, shared by every command.

A command builds a `Listing` (or a `Detail` for `show`, a `Chart` for `timeline`) holding both
the machine values (for JSON and CSV) and the human cells (for tables and Markdown); `emit_*`
writes it in the chosen format through `WRITERS`, one entry a format: JSON, CSV and Markdown
here, tables and SVG pictures in `terminal`, HTML pages in `html_page`, each imported only when
its format is asked for. Registry text is untrusted: it
is escaped for the format it goes into, control characters made visible.
"""

import datetime as dt
import json
import sys
from collections.abc import Callable, Sequence
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TextIO

from oostflank.lazy_regex import Regex
from oostflank.safetext import UNSAFE, has_unsafe, one_line, visible
from oostflank.view_types import Detail, Listing, Page

if TYPE_CHECKING:
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
    if has_unsafe(text):
        text = UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return text + "\n"


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
_MD_INLINE = Regex(r"[\\`*_\[\]|~$]")
# `<` could open HTML or an autolink, `&` a character reference (only before a name or `#`:
# "Air & Missile" stays as it is): written as entities, which every Markdown reads.
_MD_ENTITY = Regex(r"<|&(?=[#A-Za-z0-9])")
# What would open a block at the start of a line: a heading, a list item (`-`, `+`, `1.`, `1)`),
# a quote, a setext underline (`=`). Code fences and `*` lists are covered by _MD_INLINE.
_MD_BLOCK_START = Regex(r"[-+>=#]|[0-9]{1,9}(?=[.)])")


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


# ---------------------------------------------------------------- one dispatch


class Writer:
    """How one format writes each kind of view; None where it has no such view. `sentence`
    says an empty result in words (a table with no rows says nothing); formats without one
    write their own empty form (JSON `[]`, CSV its header, a page its own sentence)."""

    __slots__ = ("chart", "detail", "listing", "sentence")

    def __init__(
        self,
        listing: Callable[[Listing, Page, TextIO], object] | None = None,
        detail: Callable[[Detail, Page, TextIO], object] | None = None,
        chart: Callable[["Chart", Listing, Page, TextIO], object] | None = None,
        sentence: Callable[[str, TextIO], object] | None = None,
    ) -> None:
        self.listing, self.detail, self.chart, self.sentence = listing, detail, chart, sentence


def _terminal(picture: bool) -> Writer:
    """Tables, panels and charts through rich (imported only here), in the terminal or as its
    picture in SVG."""

    def listing(listing: Listing, page: Page, out: TextIO) -> None:
        if not picture:
            from oostflank import plain_table

            if plain_table.write(listing, out):
                return
        from oostflank import terminal

        terminal.show(terminal.listing_parts(listing), picture, out)

    def detail(detail: Detail, page: Page, out: TextIO) -> None:
        from oostflank import terminal

        terminal.show(terminal.detail_parts(detail), picture, out)

    def chart(chart: "Chart", table: Listing, page: Page, out: TextIO) -> None:
        if not picture:
            from oostflank import plain_table

            if plain_table.write_chart(chart.lines, out):
                return
        from oostflank import terminal

        terminal.show(terminal.chart_parts(chart.lines), picture, out, chart.width)

    def sentence(text: str, out: TextIO) -> None:
        if not picture:
            out.write(visible(text) + "\n")
            return
        from oostflank import terminal

        terminal.show(terminal.sentence_parts(text), picture, out)

    return Writer(listing, detail, chart, sentence)


def _page_listing(listing: Listing, page: Page, out: TextIO) -> None:
    from oostflank.html_page import listing_page

    out.write(listing_page(listing, page))


def _page_detail(detail: Detail, page: Page, out: TextIO) -> None:
    from oostflank.html_page import detail_page

    out.write(detail_page(detail, page))


def _page_chart(chart: "Chart", table: Listing, page: Page, out: TextIO) -> None:
    from oostflank.html_page import chart_page

    out.write(chart_page(chart, table, page))


# Every format a view can be written in, in the order `--help` offers them: a new format is
# one entry here. (`check` writes its own three: text, json, github.)
WRITERS: dict[OutputFormat, Writer] = {
    OutputFormat.TABLE: _terminal(picture=False),
    OutputFormat.JSON: Writer(
        listing=lambda listing, page, out: out.write(to_json(list(listing.records))),
        detail=lambda detail, page, out: out.write(to_json(detail.record)),
    ),
    OutputFormat.CSV: Writer(
        listing=lambda listing, page, out: out.write(to_csv(listing.records, listing.keys)),
    ),
    OutputFormat.MARKDOWN: Writer(
        listing=lambda listing, page, out: out.write(markdown_table(listing)),
        detail=lambda detail, page, out: out.write(detail_markdown(detail)),
        sentence=lambda text, out: out.write(md_block(text) + "\n"),
    ),
    OutputFormat.HTML: Writer(_page_listing, _page_detail, _page_chart),
    OutputFormat.SVG: _terminal(picture=True),
}


def formats_for(view: str) -> tuple[OutputFormat, ...]:
    """The formats that can write a view (`listing`, `detail` or `chart`), in table order."""
    return tuple(fmt for fmt, writer in WRITERS.items() if getattr(writer, view) is not None)


def _writer(fmt: OutputFormat, view: str) -> Any:
    write = getattr(WRITERS[fmt], view)
    if write is None:  # the command offered a format that cannot show its view: a bug
        raise ValueError(f"--format {fmt.value} cannot show a {view}")
    return write


def emit_listing(
    listing: Listing, fmt: OutputFormat, stream: TextIO | None = None, *, page: Page | None = None
) -> None:
    """A listing in the format; with no rows, its `empty` sentence instead of a bare header
    (JSON stays `[]` and CSV its header: scripts read those)."""
    out = stream or sys.stdout
    sentence = WRITERS[fmt].sentence
    if not listing.cells and listing.empty is not None and sentence is not None:
        sentence(listing.empty, out)
    else:
        _writer(fmt, "listing")(listing, page or Page(""), out)


def emit_detail(
    detail: Detail, fmt: OutputFormat, stream: TextIO | None = None, *, page: Page | None = None
) -> None:
    _writer(fmt, "detail")(detail, page or Page("show"), stream or sys.stdout)


def emit_chart(
    chart: "Chart",
    fmt: OutputFormat,
    stream: TextIO | None = None,
    *,
    page: Page | None = None,
    table: Listing | None = None,
) -> None:
    """A chart is drawn to its width exactly: the terminal (or the picture) gets no wider. A
    page draws it as inline SVG from its bars, with `table` (the same bars) below. With no
    bars, its `empty` sentence instead, as a listing with no rows."""
    out = stream or sys.stdout
    sentence = WRITERS[fmt].sentence
    if not chart.bars and chart.empty is not None and sentence is not None:
        sentence(chart.empty, out)
    else:
        _writer(fmt, "chart")(chart, table or Listing((), ()), page or Page("timeline"), out)
