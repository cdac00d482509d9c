"""Read an HTML page the way a browser's DOM holds it: its language, title, table rows, links,
definition list and chart bars. The same reader serves the page as written and as Chromium
dumps it after parsing (`--dump-dom`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class PageDom:
    lang: str | None = None
    title: str = ""
    tables: list[list[list[str]]] = field(default_factory=list)  # body rows' cell texts
    headers: list[list[str]] = field(default_factory=list)  # each table's <th scope="col">
    links: list[tuple[str, str]] = field(default_factory=list)  # href, text
    terms: list[tuple[str, str]] = field(default_factory=list)  # <dt>, <dd>
    bars: list[str] = field(default_factory=list)  # the chart's <g class="bar …"> titles
    paragraphs: list[str] = field(default_factory=list)
    svgs: int = 0

    @property
    def rows(self) -> list[list[str]]:
        return [row for rows in self.tables for row in rows]


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.dom = PageDom()
        self.open: dict[str, list[str]] = {}  # element name -> its text so far
        self.href: str | None = None
        self.in_body = False
        self.in_svg = 0
        self.bar_open = False
        self.term = ""  # the last <dt>, which the next <dd> describes

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "html":
            self.dom.lang = found.get("lang")
        elif tag == "svg":
            self.in_svg += 1
            self.dom.svgs += 1
        elif tag == "table":
            self.dom.tables.append([])
            self.dom.headers.append([])
        elif tag == "tbody":
            self.in_body = True
        elif tag == "tr" and self.in_body:
            self.dom.tables[-1].append([])
        elif tag == "a":
            self.href = found.get("href")
        elif tag == "g" and (found.get("class") or "").startswith("bar "):
            self.bar_open = True
        if tag == "th" and found.get("scope") != "col":
            raise AssertionError("a header cell without scope=col")
        if tag in ("title", "td", "th", "a", "dt", "dd", "p", "tr"):
            self.open[tag] = []

    def handle_data(self, data: str) -> None:
        for texts in self.open.values():
            texts.append(data)

    def handle_endtag(self, tag: str) -> None:
        text = "".join(self.open.pop(tag, [])).strip()
        dom = self.dom
        if tag == "svg":
            self.in_svg -= 1
        elif tag == "tbody":
            self.in_body = False
        elif tag == "title" and self.in_svg and self.bar_open:
            dom.bars.append(text)
            self.bar_open = False
        elif tag == "title" and not self.in_svg:
            dom.title = text
        elif tag == "th":
            dom.headers[-1].append(text)
        elif tag == "td" and self.in_body:
            dom.tables[-1][-1].append(text)
        elif tag == "a":
            dom.links.append((self.href or "", text))
        elif tag == "dd":
            dom.terms.append((self.term, text))
        elif tag == "dt":
            self.term = text
        elif tag == "p":
            dom.paragraphs.append(text)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in ("svg",):
            self.handle_endtag(tag)


def read_page(page: str) -> PageDom:
    reader = _Reader()
    reader.feed(page)
    reader.close()
    return reader.dom
