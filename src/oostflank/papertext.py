"""A paper's bytes as the text `propose` reads: plain text as it is, HTML and the official XML
reduced to paragraphs with safe parsers (the standard library's HTML parser; defusedxml, which
refuses DTDs and entities). Paragraphs are separated by blank lines; a footnote is cited as
`[footnoteRef:N]` and its text given as a paragraph `[N: …]` (the shape of the letter's own
text export), so that `prose` attaches it to the paragraph that cites it. Scripts, styles,
comments and markup never reach the text; it stays untrusted and is rendered inert later.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import TYPE_CHECKING

from oostflank.errors import UsageError
from oostflank.messages import msg

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

HTML_SIGN = re.compile(
    rb"<\s*(?:!doctype\s+html|html|head|body|p|div|br|h[1-6]|table|span|a)\b", re.IGNORECASE
)
# elements that make a paragraph of their own, in HTML and in the official XML
BLOCKS = frozenset(
    [
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "tr",
        "table",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "section",
        "article",
        "header",
        "footer",
        "blockquote",
        "dt",
        "dd",
        "pre",
        "address",
        "al",
        "alinea",
        "tussenkop",
        "kop",
        "titel",
        "regel",
        "lijst",
        "li.nr",
        "item",
        "lid",
        "dagtekening",
        "ondertekening",
        "aanhef",
        "slotformule",
    ]
)
SKIPPED = frozenset({"script", "style", "head", "title", "template", "noscript", "svg", "object"})
FOOTNOTE_CLASS = re.compile(r"\b(?:noot|voetnoot|footnote|note)\b", re.IGNORECASE)


class PaperUnreadable(UsageError):
    """The paper cannot be read as text, HTML or XML (exit 2)."""


def paper_text(data: bytes, *, name: str) -> str:
    """The paper's text: paragraphs apart by blank lines, footnotes as `[N: …]` paragraphs."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    head = data[:4096].lstrip()
    if head.startswith(b"<?xml"):
        return _xml_text(data, name)
    if HTML_SIGN.search(head) is not None:
        return _html_text(_decoded(data, name))
    if head.startswith(b"<"):
        return _xml_text(data, name)
    return _decoded(data, name).replace("\r\n", "\n").replace("\r", "\n")


def _decoded(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise PaperUnreadable(msg("paper.not_utf8", name=name, offset=error.start)) from None


class _Text:
    """Paragraphs being written: text is gathered into the open one, and a block's start or
    end closes it. Footnotes are kept apart and written after everything else."""

    def __init__(self) -> None:
        self.paragraphs: list[str] = []
        self.words: list[str] = []
        self.footnotes: list[str] = []

    def add(self, text: str) -> None:
        self.words.append(text)

    def close(self) -> None:
        paragraph = " ".join("".join(self.words).split())
        if paragraph:
            self.paragraphs.append(paragraph)
        self.words = []

    def footnote(self, number: str, body: str) -> None:
        text = " ".join(body.split())
        if text:
            self.footnotes.append(f"[{number}: {text}]")

    def text(self) -> str:
        self.close()
        return "\n\n".join(self.paragraphs + self.footnotes) + "\n"


def _html_text(source: str) -> str:
    reader = _HtmlReader()
    reader.feed(source)
    reader.close()
    return reader.text.text()


class _HtmlReader(HTMLParser):
    """Text of the body; `<sup>1</sup>` or a link to `#…` whose text is a number is a footnote
    citation; an element whose class or id names a footnote is one."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text = _Text()
        self.skipping = 0
        self.citation: list[str] | None = None
        self.citation_depth = 0
        self.note: list[str] | None = None
        self.note_tag = ""
        self.note_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED:
            self.skipping += 1
            return
        values = dict(attrs)
        if self.note is not None:
            self.note_depth += tag == self.note_tag
            return
        named = (values.get("class") or "") + " " + (values.get("id") or "")
        if tag in ("div", "p", "li", "aside", "section") and FOOTNOTE_CLASS.search(named):
            self.note, self.note_tag, self.note_depth = [], tag, 1
            return
        if tag in BLOCKS:
            self.text.close()
        if tag == "sup" or (tag == "a" and (values.get("href") or "").startswith("#")):
            if self.citation is None:
                self.citation, self.citation_depth = [], 0
            self.citation_depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif self.note is not None:
            if tag == self.note_tag:
                self.note_depth -= 1
                if self.note_depth == 0:
                    self._footnote("".join(self.note).strip())
        else:
            if self.citation is not None and tag in ("sup", "a"):
                self.citation_depth -= 1
                if self.citation_depth <= 0:
                    cited = "".join(self.citation).strip()
                    self.text.add(f"[footnoteRef:{cited}]" if cited.isdigit() else cited)
                    self.citation = None
            if tag in BLOCKS:
                self.text.close()

    def _footnote(self, body: str) -> None:
        """A footnote's text, numbered by its leading number (else in order)."""
        number, _, rest = body.partition(" ")
        if number.rstrip(".").isdigit():
            self.text.footnote(number.rstrip("."), rest)
        else:
            self.text.footnote(str(len(self.text.footnotes) + 1), body)
        self.note = None

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        if self.note is not None:
            self.note.append(data)
        elif self.citation is not None:
            self.citation.append(data)
        else:
            self.text.add(data)


def _xml_text(data: bytes, name: str) -> str:
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        root = fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        raise PaperUnreadable(msg("paper.unsafe_xml", name=name)) from None
    except (ParseError, ValueError) as error:
        raise PaperUnreadable(msg("paper.bad_xml", name=name, error=str(error)[:200])) from None
    if _local(root.tag).lower() == "html":
        return _html_text(_decoded(data, name))
    text = _Text()
    numbers: dict[str, str] = {}
    _walk(root, text, numbers)
    return text.text()


def _walk(root: Element, text: _Text, numbers: dict[str, str]) -> None:
    """The official XML in document order, without recursion (a hostile file may nest deep):
    `al`, `tussenkop` and the like are paragraphs; `noot` (a footnote, written where it is
    cited) becomes `[footnoteRef:N]` there and `[N: …]` after the text; `nootref` cites one
    again."""
    stack: list[tuple[Element, bool]] = [(root, False)]
    while stack:
        element, done = stack.pop()
        local = _local(element.tag).lower() if isinstance(element.tag, str) else ""
        if done:
            if local in BLOCKS:
                text.close()
            if element.tail:
                text.add(element.tail)
            continue
        if local in SKIPPED:
            if element.tail:
                text.add(element.tail)
            continue
        if local == "noot":
            number = _footnote_number(element, len(numbers) + 1)
            numbers[element.get("id") or number] = number
            text.add(f"[footnoteRef:{number}]")
            text.footnote(number, _plain(element, skip=("noot.nr", "nootnr")))
            if element.tail:
                text.add(element.tail)
            continue
        if local == "nootref":
            number = numbers.get(element.get("refid") or "", "")
            if number:
                text.add(f"[footnoteRef:{number}]")
            if element.tail:
                text.add(element.tail)
            continue
        if local in BLOCKS:
            text.close()
        if element.text:
            text.add(element.text)
        stack.append((element, True))
        stack.extend((child, False) for child in reversed(list(element)))


def _footnote_number(element: Element, fallback: int) -> str:
    for child in element.iter():
        if isinstance(child.tag, str) and _local(child.tag).lower() in ("noot.nr", "nootnr"):
            number = "".join(child.itertext()).strip()
            if number.isdigit():
                return number
    return str(fallback)


def _plain(element: Element, skip: tuple[str, ...]) -> str:
    """A footnote's text, without its number."""
    parts = [element.text or ""]
    for child in element:
        if not (isinstance(child.tag, str) and _local(child.tag).lower() in skip):
            parts.append(" " + "".join(child.itertext()) + " ")
        parts.append(child.tail or "")
    return "".join(parts)


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]
