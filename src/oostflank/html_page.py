"""A page for the browser: a standalone HTML5 document built from a `Listing`, a `Detail` or a
timeline `Chart`. Pure: data in, one string out.

The page is meant to be mailed or put on an intranet, so it stands alone: styles inline, the
chart as inline SVG, no script, font, image or stylesheet fetched (a Content-Security-Policy
says so to the browser too). Registry text is untrusted: control and invisible characters are
made visible as everywhere else, then everything is escaped, attribute quotes included. Only
`http(s)` links become links; anything else stays text.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING
from urllib.parse import quote

from oostflank.i18n import human_day, t
from oostflank.safetext import visible

if TYPE_CHECKING:
    from oostflank.timeline import Bar, Chart
    from oostflank.view_types import Detail, Listing, Page

# Only inline styles may apply; nothing may be fetched, nothing may run.
POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
WEB_LINK = re.compile(r"https?://", re.IGNORECASE)
URL_SAFE = ":/?#[]@!$&'()*+,;=%~"  # kept as they are; anything else is percent-encoded

STYLE = """
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
  color: #1a1a1a; background: #fff; max-width: 76rem; margin: 1.5rem auto; padding: 0 1rem; }
h1 { font-size: 1.4rem; margin: 0 0 1rem; }
h2 { font-size: 1.1rem; margin: 1.6rem 0 .4rem; }
table { border-collapse: collapse; margin: .3rem 0 1rem; }
th, td { text-align: left; vertical-align: top; padding: .25rem .9rem .25rem 0;
  border-bottom: 1px solid #d0d0d0; }
thead th { border-bottom: 2px solid #444; }
.whole { white-space: nowrap; }
dl { display: grid; grid-template-columns: max-content auto; gap: .2rem 1.5rem; margin: 0; }
dt { font-weight: bold; }
dd { margin: 0; }
a { color: #0b57d0; }
.footer, .empty { color: #444; }
.s-bold { font-weight: bold; }
.s-dim { color: #6a6a6a; }
.s-red { color: #b00020; }
.s-yellow { color: #8a5a00; }
.s-green { color: #1b7a2f; }
.s-cyan { color: #00727a; }
.s-magenta { color: #8e24aa; }
figure { margin: 0 0 1rem; }
svg.chart { width: 100%; height: auto; font: 12px system-ui, "DejaVu Sans", sans-serif; }
svg.chart text { fill: #1a1a1a; }
svg.chart .axis { stroke: #444; }
svg.chart .grid { stroke: #e2e2e2; }
.as-of { stroke: #000; stroke-width: 1.5; stroke-dasharray: 4 3; }
svg.chart .edge { fill: #fff; font-weight: bold; }
.minimum { fill-opacity: .45; }
svg rect.unknown { fill: none; stroke-dasharray: 3 2; }
.status-active rect { fill: #2e7d32; stroke: #2e7d32; }
.status-planned rect { fill: #00838f; stroke: #00838f; }
.status-ended rect { fill: #8a8a8a; stroke: #8a8a8a; }
.status-unconfirmed rect { fill: #8e24aa; stroke: #8e24aa; }
.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .3rem 1.5rem; }
.legend svg { vertical-align: middle; }
.legend rect { fill: #555; stroke: #555; }
@media print {
  body { font-size: 10pt; max-width: none; margin: 0; padding: 0; color: #000; }
  a { color: #000; }
  th, td { border-bottom-color: #999; }
  thead { display: table-header-group; }
  tr, figure, dt, dd { break-inside: avoid; }
  h1, h2 { break-after: avoid; }
  svg.chart, .legend { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
""".strip()


def text(value: str) -> str:
    """Registry text for a page: control characters as visible escapes, then HTML-escaped."""
    return html.escape(visible(value), quote=True)


def link(label: str, href: str | None) -> str:
    """A link where `href` is a web address, else the label as text: `javascript:` and other
    schemes never become clickable; spaces, quotes and control characters are percent-encoded."""
    if href is None or WEB_LINK.match(href) is None:
        return text(label)
    return f'<a href="{html.escape(quote(href, safe=URL_SAFE), quote=True)}">{text(label)}</a>'


def classes(style: str, *more: str) -> str:
    """A rich style (`bold red`) as CSS classes (`s-bold s-red`): colour in addition to the
    words, never instead of them."""
    names = [f"s-{word}" for word in style.split() if word.isalpha()] + [m for m in more if m]
    return f' class="{" ".join(names)}"' if names else ""


def page_title(page: Page) -> str:
    if page.as_of is None:
        return f"oostflank {page.view}".strip()
    return t("page.title", page.lang, view=page.view, date=human_day(page.as_of, page.lang))


def document(page: Page, heading: str, body: Sequence[str]) -> str:
    """The whole page around its body: language, title, styles for screen and paper."""
    lang = "nl" if page.lang == "nl" else "en"
    head = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">',
        f"<title>{text(page_title(page))}</title>",
        f"<style>\n{STYLE}\n</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>{text(heading)}</h1>",
    ]
    return "\n".join([*head, *body, "</main>", "</body>", "</html>"]) + "\n"


# ---------------------------------------------------------------- tables


def table(listing: Listing) -> str:
    """A semantic table: column headers in <thead>, a row per record, links where given."""
    header = "".join(f'<th scope="col">{text(name)}</th>' for name in listing.headers)
    styles = list(listing.styles) or [""] * len(listing.cells)
    links = list(listing.links) or [()] * len(listing.cells)
    rows = [
        f"<tr{classes(style)}>{_cells(cells, hrefs, listing.whole)}</tr>"
        for cells, style, hrefs in zip(listing.cells, styles, links, strict=True)
    ]
    return "\n".join(
        ["<table>", f"<thead><tr>{header}</tr></thead>", "<tbody>", *rows, "</tbody>", "</table>"]
    )


def _cells(cells: Sequence[str], hrefs: Sequence[str | None], whole: frozenset[int]) -> str:
    padded = [*hrefs, *[None] * (len(cells) - len(hrefs))]
    return "".join(
        f"<td{classes('', 'whole' if number in whole else '')}>{link(cell, href)}</td>"
        for number, (cell, href) in enumerate(zip(cells, padded, strict=False))
    )


def listing_page(listing: Listing, page: Page) -> str:
    """`status`, `expiring`, `agenda`, `budget`: a table, or the empty sentence when no rows."""
    heading = listing.title or page_title(page)
    if not listing.cells and listing.empty is not None:
        return document(page, heading, [f'<p class="empty">{text(listing.empty)}</p>'])
    body = [table(listing)]
    if listing.footer:
        body.append(f'<p class="footer">{text(listing.footer)}</p>')
    return document(page, heading, body)


def detail_page(detail: Detail, page: Page) -> str:
    """`show`: the facts as a definition list, then a titled table per section, then notes."""
    fields = [f"<dt>{text(name)}</dt><dd>{text(value)}</dd>" for name, value in detail.fields]
    body = ["<dl>", *fields, "</dl>"]
    for section in detail.sections:
        body += ["<section>", f"<h2>{text(section.title or '')}</h2>", table(section), "</section>"]
    if detail.notes:
        items = [f"<li>{text(note)}</li>" for note in detail.notes]
        body += ["<section>", f"<h2>{text(detail.notes_title)}</h2>", "<ul>", *items, "</ul>"]
        body.append("</section>")
    return document(page, detail.title, body)


# ---------------------------------------------------------------- the timeline chart

PLOT_WIDTH = 720  # the time axis, in SVG units; the picture scales to the page
ROW_HEIGHT = 22
BAR_HEIGHT = 14
CHAR_WIDTH = 7.5  # roughly, for the id labels' column
TOP = 64  # the as-of label, the years, the tick labels and the rule above the first bar


class _Scale:
    """Days to x positions on the plot, clamped to the window."""

    def __init__(self, chart: Chart, left: int) -> None:
        self.start, self.end, self.left = chart.start, chart.end, left
        self.days = (chart.end - chart.start).days + 1

    def x(self, day: dt.date) -> float:
        offset = min(max((day - self.start).days, 0), self.days)
        return round(self.left + offset * PLOT_WIDTH / self.days, 1)

    def after(self, day: dt.date) -> float:
        """The right edge of a day: where a bar ending on it stops."""
        return self.x(day + dt.timedelta(days=1)) if day < dt.date.max else self.x(day)


def chart_page(chart: Chart, bars: Listing, page: Page) -> str:
    """`timeline`: the chart drawn as inline SVG from its bars, its legend, then the same bars
    as a table; the empty sentence when there are no bars."""
    lang = page.lang
    if not chart.bars and chart.empty is not None:
        return document(
            page, t("title.timeline", lang), [f'<p class="empty">{text(chart.empty)}</p>']
        )
    description = t(
        "page.chart",
        lang,
        start=human_day(chart.start, lang),
        end=human_day(chart.end, lang),
        date=human_day(chart.as_of, lang),
    )
    body = ["<figure>", svg(chart, description, lang), legend(lang), "</figure>", table(bars)]
    return document(page, t("title.timeline", lang), body)


def svg(chart: Chart, description: str, lang: str) -> str:
    """The chart: ticks and grid, a labelled bar per deployment, the as-of date as a line."""
    widest = max((len(visible(bar.deployment.id)) for bar in chart.bars), default=2)
    left = round(CHAR_WIDTH * widest) + 12
    scale = _Scale(chart, left)
    height = TOP + ROW_HEIGHT * len(chart.bars) + 8
    width = left + PLOT_WIDTH + 16
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="chart-title">',
        f'<title id="chart-title">{text(description)}</title>',
        *_axis(chart, scale, height),
        *(_bar(bar, number, scale, chart, lang) for number, bar in enumerate(chart.bars)),
        *_as_of(chart, scale, height, lang),
        "</svg>",
    ]
    return "\n".join(parts)


def _axis(chart: Chart, scale: _Scale, height: int) -> list[str]:
    parts = []
    for tick in chart.ticks:
        x = scale.x(tick.day)
        parts.append(f'<line class="grid" x1="{x}" y1="{TOP - 8}" x2="{x}" y2="{height - 4}"/>')
        if tick.year:
            parts.append(f'<text x="{x + 2}" y="32" font-weight="bold">{text(tick.year)}</text>')
        if tick.label:
            parts.append(f'<text x="{x + 2}" y="48">{text(tick.label)}</text>')
    right = scale.left + PLOT_WIDTH
    parts.append(
        f'<line class="axis" x1="{scale.left}" y1="{TOP - 8}" x2="{right}" y2="{TOP - 8}"/>'
    )
    return parts


def _bar(bar: Bar, number: int, scale: _Scale, chart: Chart, lang: str) -> str:
    """One deployment: its id, its mandate as a rectangle, arrows where it runs on past the
    window or has no end, a dashed box where it is unconfirmed."""
    top = TOP + number * ROW_HEIGHT
    middle = top + BAR_HEIGHT / 2 + 4
    word = t(f"status.{bar.status.value}", lang)
    parts = [
        f'<g class="bar status-{bar.status.value}">',
        f"<title>{text(bar.deployment.id)}: {text(word)}</title>",
        f'<text x="4" y="{middle}">{text(bar.deployment.id)}</text>',
    ]
    first, last = bar.first or chart.start, bar.last or chart.end
    if max(first, chart.start) <= min(last, chart.end):
        x1, x2 = scale.x(first), scale.after(min(last, chart.end))
        kind = "minimum" if bar.deployment.end_at_least else "firm"
        parts.append(
            f'<rect class="{kind}" x="{x1}" y="{top}" width="{round(x2 - x1, 1)}" '
            f'height="{BAR_HEIGHT}"/>'
        )
        if bar.first is None or bar.first < chart.start:
            parts.append(f'<text class="edge" x="{x1 + 2}" y="{middle}">◂</text>')
        if bar.last is None or bar.last > chart.end:
            glyph = "→" if bar.last is None else "▸"
            parts.append(f'<text class="edge" x="{x2 - 12}" y="{middle}">{glyph}</text>')
    if bar.status.value == "unconfirmed" and bar.last is not None and bar.last < chart.end:
        x1, x2 = scale.after(bar.last), scale.after(min(chart.as_of, chart.end))
        parts.append(
            f'<rect class="unknown" x="{x1}" y="{top}" width="{max(round(x2 - x1, 1), 4)}" '
            f'height="{BAR_HEIGHT}"/>'
        )
    parts.append("</g>")
    return "".join(parts)


def _as_of(chart: Chart, scale: _Scale, height: int, lang: str) -> list[str]:
    day = human_day(chart.as_of, lang)
    if not chart.start <= chart.as_of <= chart.end:
        return [
            f'<text x="{scale.left}" y="14">{text(t("timeline.outside", lang, date=day))}</text>'
        ]
    x = scale.x(chart.as_of)
    anchor = "end" if x > scale.left + PLOT_WIDTH * 0.7 else "start"
    return [
        f'<line class="as-of" x1="{x}" y1="18" x2="{x}" y2="{height - 4}"/>',
        f'<text x="{x}" y="14" text-anchor="{anchor}" font-weight="bold">▼ {text(day)}</text>',
    ]


def legend(lang: str) -> str:
    """What the shapes mean, in words; the table below gives each bar's status in words."""
    swatch = (
        '<svg width="28" height="12" aria-hidden="true">'
        '<rect{} x="0" y="0" width="28" height="12"/></svg>'
    )
    line = (
        '<svg width="10" height="14" aria-hidden="true">'
        '<line class="as-of" x1="5" y1="0" x2="5" y2="14"/></svg>'
    )
    items = [
        (swatch.format(' class="firm"'), t("timeline.firm", lang)),
        (swatch.format(' class="minimum"'), t("timeline.minimum", lang)),
        (swatch.format(' class="unknown"'), t("timeline.unknown", lang)),
        ("→", t("timeline.open", lang)),
        ("◂ ▸", t("timeline.beyond", lang)),
        (line, t("timeline.as_of", lang)),
    ]
    entries = [f"<li>{mark} {text(words)}</li>" for mark, words in items]
    return "\n".join(['<ul class="legend">', *entries, "</ul>"])
