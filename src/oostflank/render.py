"""Rows to text, once per format, shared by every command.

A command builds a `Listing` (or a `Detail` for `show`) holding both the machine values (for
JSON and CSV) and the human cells (for tables and Markdown); `emit` writes it in the chosen
format: JSON, CSV and Markdown here, tables and SVG pictures in `terminal`, HTML pages in
`html_page`, each imported only when its format is asked for. Registry text is untrusted: it
is escaped for the format it goes into, control characters made visible.
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
        from oostflank import terminal

        terminal.show(terminal.listing_parts(listing), fmt is OutputFormat.SVG, out)


_SENTENCE_FORMATS = (OutputFormat.TABLE, OutputFormat.MARKDOWN, OutputFormat.SVG)


def _say_empty(sentence: str, fmt: OutputFormat, out: TextIO) -> None:
    if fmt is OutputFormat.MARKDOWN:
        out.write(md_block(sentence) + "\n")
    elif fmt is OutputFormat.TABLE:
        out.write(visible(sentence) + "\n")
    else:
        from oostflank import terminal

        terminal.show(terminal.sentence_parts(sentence), picture=True, out=out)


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
        from oostflank import terminal

        terminal.show(terminal.detail_parts(detail), fmt is OutputFormat.SVG, out)


def emit_chart(
    chart: Chart,
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
    if fmt is OutputFormat.HTML:
        from oostflank.html_page import chart_page

        out.write(chart_page(chart, table or Listing((), ()), page or Page("timeline")))
        return
    if not chart.bars and chart.empty is not None:
        _say_empty(chart.empty, fmt, out)
        return
    from oostflank import terminal

    terminal.show(terminal.chart_parts(chart.lines), fmt is OutputFormat.SVG, out, chart.width)


def joined(values: Iterable[str], *, none: str = "—") -> str:
    return ", ".join(values) or none
