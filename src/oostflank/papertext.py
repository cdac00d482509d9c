"""A paper's bytes as the text `propose` reads: plain text as it is, HTML and the official XML
reduced to paragraphs with safe parsers (the standard library's HTML parser; defusedxml, which
refuses DTDs and entities). Paragraphs are separated by blank lines; a footnote is cited as
`[footnoteRef:N]` and its text given as a paragraph `[N: …]` right after the paragraph that
first cites it (the shape of the letter's own text export), so that `prose` attaches it to that
paragraph. Scripts, styles, comments and markup never reach the text; it stays untrusted and is
rendered inert later. Every step is linear: a hostile megabyte is read in well under a second.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from oostflank.errors import UsageError
from oostflank.lazy_regex import Regex
from oostflank.messages import msg

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

BOM = b"\xef\xbb\xbf"
HTML_SIGN = Regex(
    r"<\s*(?:!doctype\s+html|html|head|body|p|div|br|h[1-6]|table|span|a)\b", re.IGNORECASE
)
# a root element by which a file without `<?xml` is HTML (a fragment such as `<p>…</p>` too)
HTML_ROOTS = frozenset(
    [
        "html",
        "head",
        "body",
        "title",
        "meta",
        "link",
        "style",
        "script",
        "p",
        "div",
        "span",
        "a",
        "b",
        "i",
        "em",
        "strong",
        "br",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "table",
        "ul",
        "ol",
        "li",
        "section",
        "article",
        "header",
        "footer",
        "main",
        "nav",
        "aside",
        "figure",
        "blockquote",
        "pre",
        "sup",
    ]
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
        "main",
        "aside",
        "nav",
        "blockquote",
        "dt",
        "dd",
        "pre",
        "address",
        "figure",
        "figcaption",
        "body",
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
# an HTML element whose class or id says it holds one footnote (not `voetnoten`, their list)
FOOTNOTE_CLASS = Regex(r"\b(?:noot|voetnoot|footnote|note|fn-?[0-9]+)\b", re.IGNORECASE)
# a footnote's own number at the start of its text: `1 De inzet…`, `1. De…`, `1)De…`
FOOTNOTE_NUMBER = Regex(r"\s*(?P<number>[0-9]{1,3})(?![0-9])[.)]?\s*(?P<body>.*)", re.DOTALL)
NUMBER = Regex(r"[0-9]{1,4}")
LESSER = "\ufdd0"
SECTION = Regex(r"<!\[[^>]*>")  # `<![CDATA[…]]>` and the like: a bogus comment in HTML
LONE_LESSER = Regex(r"<(?![A-Za-z/!?])")  # text to HTML's parser, one call each: kept out


class PaperUnreadable(UsageError):
    """The paper cannot be read as text, HTML or XML (exit 2)."""


def paper_text(data: bytes, *, name: str) -> str:
    """The paper's text: paragraphs apart by blank lines, each footnote as a `[N: …]` paragraph
    after the paragraph citing it. Plain text is kept as it is, with `\\n` line ends."""
    skipped = len(BOM) if data.startswith(BOM) else 0
    data = data[skipped:]
    kind = _kind(data[:4096].lstrip())
    if kind == "xml":
        stripped = data.lstrip()
        return _xml_text(stripped, name, skipped + len(data) - len(stripped))
    text = _decoded(data, name, skipped)
    if kind == "html":
        return _html_text(text)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _kind(head: bytes) -> str:
    """`xml`, `html` or `text`, by the file's start. Past an XML declaration, comments and a
    doctype, the root element says which: with the declaration only `<html>` (XHTML) is HTML;
    without it HTML's elements are (a fragment such as `<p>…</p>` too), any other root is XML.
    Text that does not start with markup is HTML only when it holds HTML's elements."""
    rest = head
    while rest.startswith((b"<?", b"<!--")):
        close = b"?>" if rest.startswith(b"<?") else b"-->"
        end = rest.find(close)
        if end < 0:
            break
        rest = rest[end + len(close) :].lstrip()
    if rest[:9].lower() == b"<!doctype":
        words = rest[9:].lower().replace(b">", b" ").split(None, 1)
        return "html" if words[:1] == [b"html"] else "xml"
    if rest.startswith(b"<") and rest[1:2].isalpha():
        name = rest[1:].split(None, 1)[0].split(b">", 1)[0].split(b"/", 1)[0].lower()
        if head.startswith(b"<?xml"):
            return "html" if name == b"html" else "xml"
        return "html" if name.decode("latin-1") in HTML_ROOTS else "xml"
    if head.startswith(b"<?xml"):
        return "xml"
    if HTML_SIGN.search(head.decode("latin-1")) is not None:
        return "html"
    return "text"


def _decoded(data: bytes, name: str, skipped: int = 0) -> str:
    """UTF-8 or refused, naming the first bad byte's offset in the file as given."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        offset = skipped + error.start
        raise PaperUnreadable(msg("paper.not_utf8", name=name, offset=offset)) from None


class _Text:
    """Paragraphs being written: text is gathered into the open one, and a block's start or
    end closes it. Each paragraph remembers the footnotes it cites, so that a footnote's text
    (wherever the file keeps it) follows the first paragraph citing it."""

    def __init__(self) -> None:
        self.paragraphs: list[tuple[str, list[str]]] = []
        self.words: list[str] = []
        self.cites: list[str] = []
        self.footnotes: dict[str, str] = {}

    def add(self, text: str) -> None:
        self.words.append(text)

    def cite(self, number: str) -> None:
        self.words.append(f"[footnoteRef:{number}]")
        self.cites.append(number)

    def close(self) -> None:
        paragraph = " ".join("".join(self.words).split())
        if paragraph:
            self.paragraphs.append((paragraph, self.cites))
        self.words, self.cites = [], []

    def footnote(self, number: str, body: str) -> None:
        """A footnote's text, on one line and without brackets: `prose` reads `[N: …]` only
        when its body holds neither."""
        text = " ".join(body.split()).replace("[", "(").replace("]", ")")
        if text:
            self.footnotes.setdefault(number, text)

    def text(self) -> str:
        self.close()
        written: list[str] = []
        placed: set[str] = set()
        for paragraph, cites in self.paragraphs:
            written.append(paragraph)
            for number in cites:
                if number in self.footnotes and number not in placed:
                    placed.add(number)
                    written.append(f"[{number}: {self.footnotes[number]}]")
        notes = self.footnotes.items()
        written.extend(f"[{number}: {body}]" for number, body in notes if number not in placed)
        return "\n\n".join(written) + "\n"


def _html_text(source: str) -> str:
    from html.parser import HTMLParser

    # a `<` that is text is handed to the parser as this character (a non-character, kept out
    # of interchange) rather than `&lt;`: a megabyte of `<` would be a million entities
    lesser = "&lt;" if LESSER in source else LESSER
    state = _Html(lesser)

    class Reader(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            state.start(tag, dict(attrs))

        def handle_endtag(self, tag: str) -> None:
            state.end(tag)

        def handle_data(self, data: str) -> None:
            state.data(data)

    reader = Reader(convert_charrefs=True)
    reader.feed(_tamed(source, lesser))
    reader.close()
    return state.finish()


def _tamed(source: str, lesser: str) -> str:
    """The HTML with every `<` that cannot open complete markup written `lesser` (it is text),
    and `<![…>` sections left out. Python 3.11's parser searches to the end of the input again
    for each unfinished `</`, `<?`, `<!` or `<!--` (a megabyte of `</` took a minute), and
    raises AssertionError on `<![x`; every `<` it is given here ends before the input does."""
    last_close = source.rfind(">")
    head, tail = source[: last_close + 1], source[last_close + 1 :]
    head = SECTION.sub("", head)  # each `<![` in `head` has a `>` after it: linear
    comment_close = head.rfind("-->")
    if comment_close < 0:
        head = head.replace("<!--", lesser + "!--")
    else:  # a `<!--` starting here or later is not closed
        cut = max(comment_close - 3, 0)
        head = head[:cut] + head[cut:].replace("<!--", lesser + "!--")
    head = LONE_LESSER.sub(lesser, head)
    return head + tail.replace("<", lesser)


class _Html:
    """What the parser reports, made into `_Text`. A `<sup>` or a link to `#…` whose text is a
    number and that links or names a footnote cites one; an element whose class or id names a
    footnote is one. Skipping `<head>`, `<title>` and the like also ends where `<body>` or a
    block starts: an unclosed one must not swallow the paper."""

    def __init__(self, lesser: str) -> None:
        self.lesser = lesser
        self.text = _Text()
        self.skip = ""  # the element being left out, "" when none
        self.skip_depth = 0
        self.citation: list[str] | None = None
        self.citation_depth = 0
        self.citation_linked = False
        self.note: list[str] | None = None
        self.note_tag = ""
        self.note_depth = 0
        self.notes_seen = 0

    def start(self, tag: str, attrs: dict[str, str | None]) -> None:
        if self.skip:
            if tag == self.skip:
                self.skip_depth += 1
                return
            if self.skip in ("script", "style") or not (tag == "body" or tag in BLOCKS):
                return
            self.skip, self.skip_depth = "", 0
        if tag in SKIPPED:
            self.skip, self.skip_depth = tag, 1
            return
        if self.note is not None:
            self.note_depth += tag == self.note_tag
            return
        named = f"{attrs.get('class') or ''} {attrs.get('id') or ''}" if attrs else ""
        href = attrs.get("href") or ""
        noted = bool(named) and FOOTNOTE_CLASS.search(named) is not None
        if noted and tag in ("div", "p", "li", "aside", "section"):
            self._end_citation()
            self.text.close()
            self.note, self.note_tag, self.note_depth = [], tag, 1
            return
        if tag in BLOCKS:
            self._end_citation()
            self.text.close()
        if tag == "sup" or (tag == "a" and href.startswith("#")):
            if self.citation is None:
                self.citation, self.citation_depth, self.citation_linked = [], 0, False
            self.citation_depth += 1
            self.citation_linked = self.citation_linked or noted or href.startswith("#")

    def end(self, tag: str) -> None:
        if self.skip:
            if tag == self.skip:
                self.skip_depth -= 1
                if self.skip_depth <= 0:
                    self.skip, self.skip_depth = "", 0
            return
        if self.note is not None:
            if tag == self.note_tag:
                self.note_depth -= 1
                if self.note_depth == 0:
                    self._end_note()
            return
        if self.citation is not None and tag in ("sup", "a"):
            self.citation_depth -= 1
            if self.citation_depth <= 0:
                self._end_citation()
        if tag in BLOCKS:
            self._end_citation()
            self.text.close()

    def data(self, data: str) -> None:
        if self.skip:
            return
        if self.lesser == LESSER:
            data = data.replace(LESSER, "<")
        if self.note is not None:
            self.note.append(data)
        elif self.citation is not None:
            self.citation.append(data)
        else:
            self.text.add(data)

    def finish(self) -> str:
        if self.note is not None:
            self._end_note()
        self._end_citation()
        return self.text.text()

    def _end_citation(self) -> None:
        if self.citation is None:
            return
        cited = "".join(self.citation).strip()
        if self.citation_linked and NUMBER.fullmatch(cited):
            self.text.cite(cited)
        else:
            self.text.add("".join(self.citation))
        self.citation = None

    def _end_note(self) -> None:
        """A footnote's text, numbered by its leading number (else by its place)."""
        body = "".join(self.note or [])
        self.note = None
        self.notes_seen += 1
        numbered = FOOTNOTE_NUMBER.fullmatch(body)
        if numbered is not None and numbered["body"].strip():
            self.text.footnote(numbered["number"], numbered["body"])
        else:
            self.text.footnote(str(self.notes_seen), body)


def _xml_text(data: bytes, name: str, skipped: int) -> str:
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
        return _html_text(_decoded(data, name, skipped))
    text = _Text()
    _walk(root, text)
    return text.text()


def _walk(root: Element, text: _Text) -> None:
    """The official XML in document order, without recursion (a hostile file may nest deep):
    `al`, `tussenkop` and the like are paragraphs; `noot` (a footnote, written where it is
    cited) becomes `[footnoteRef:N]` there and `[N: …]` after its paragraph; `nootref` cites
    one again."""
    numbers: dict[str, str] = {}
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
        if local == "noot":
            number = _footnote_number(element, len(numbers) + 1)
            numbers[element.get("id") or number] = number
            text.cite(number)
            text.footnote(number, _plain(element, skip=("noot.nr", "nootnr")))
        elif local == "nootref":
            number = numbers.get(element.get("refid") or "", "")
            if number:
                text.cite(number)
        elif local not in SKIPPED:
            if local in BLOCKS:
                text.close()
            if element.text:
                text.add(element.text)
            stack.append((element, True))
            stack.extend((child, False) for child in reversed(list(element)))
            continue
        if element.tail:
            text.add(element.tail)


def _footnote_number(element: Element, fallback: int) -> str:
    for child in element.iter():
        if isinstance(child.tag, str) and _local(child.tag).lower() in ("noot.nr", "nootnr"):
            number = "".join(child.itertext()).strip()
            if NUMBER.fullmatch(number):
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
