"""A paper's text as `propose` reads it: paragraphs, the headings above them, sentences, and
footnotes attached to the paragraph that cites them. Pure and linear; offsets are the text's.

The text is what `papertext` makes of a paper (or the paper itself, when it is plain text):
paragraphs are lines or blocks of lines; a wrapped line is joined to the next when that one
goes on in lower case; a short line without closing punctuation is a heading. A footnote is
written `[N: body]` (as Word's text export and `papertext` write it) and cited `[footnoteRef:N]`.
"""

from __future__ import annotations

import re
from typing import NamedTuple

FOOTNOTE = re.compile(r"\[(?P<number>[0-9]{1,4}):[ \t]*(?P<body>[^\[\]\n]{0,20000})\]")
FOOTNOTE_REF = re.compile(r"\[footnoteRef:(?P<number>[0-9]{1,4})\]")
BULLET = re.compile(r"[\s]*(?:[·•▪◦*\-\u2013]|[a-z0-9]{1,2}[.)])\s")
ENDING = re.compile(r"[.!?;](?:[\"'\u201d\u2019)\]]{0,3})(?:\[footnoteRef:[0-9]{1,4}\])?(?=\s|$)")
ABBREVIATIONS = frozenset(
    [
        "nr",
        "nrs",
        "bijv",
        "o.a",
        "e.g",
        "i.e",
        "dhr",
        "mevr",
        "drs",
        "ir",
        "mr",
        "dr",
        "art",
        "vs",
        "resp",
        "ca",
        "zgn",
        "blz",
        "p",
        "pp",
        "no",
        "jl",
        "jr",
        "st",
    ]
)
HEADING_WORDS = 12
OPENING = "·•[(\"'\u2018\u201c-"  # what may open a sentence besides a capital or a digit


class Sentence(NamedTuple):
    """One sentence: where it is in the text (`start`, `end`) and its words. `footnote` is the
    footnote's number for a sentence in one."""

    start: int
    end: int
    text: str
    footnote: str | None = None
    cites: tuple[str, ...] = ()


class Paragraph(NamedTuple):
    """A paragraph's sentences, the heading above it, and its footnotes' sentences (each after
    the sentence that cites it, in `cited_at`: footnote number → index of the citing sentence)."""

    sentences: tuple[Sentence, ...]
    heading: Sentence | None
    footnotes: dict[str, tuple[Sentence, ...]]
    cited_at: dict[str, int]


def paragraphs(text: str) -> list[Paragraph]:
    """The text's paragraphs in order, headings left out (each paragraph knows its own)."""
    found: list[Paragraph] = []
    heading: Sentence | None = None
    for start, end in _blocks(text):
        body = text[start:end]
        if _is_heading(body):
            # also read as a paragraph of its own: a list item or a line without its full stop
            # (`De MQ-9 loopt tot en met maart 2027`) looks like a heading
            found.append(_paragraph(text, start, end, heading))
            heading = Sentence(start, end, _squeezed(body))
            continue
        lone = FOOTNOTE.fullmatch(body.strip())
        if lone is not None and found:  # a footnote set apart, after its citing paragraph
            _attach(found, text, start + body.index("["), lone)
            continue
        found.append(_paragraph(text, start, end, heading))
    return found


def _blocks(text: str) -> list[tuple[int, int]]:
    """Spans of paragraphs: blank lines separate them; within a block, a line starts a new one
    unless it goes on in lower case after a line without closing punctuation."""
    blocks: list[tuple[int, int]] = []
    position = 0
    current: tuple[int, int] | None = None
    previous_line = ""
    for line in text.split("\n"):
        start, end = position, position + len(line)
        position = end + 1
        stripped = line.strip()
        if not stripped:
            if current is not None:
                blocks.append(current)
            current, previous_line = None, ""
            continue
        lead = start + (len(line) - len(line.lstrip()))
        tail = start + len(line.rstrip())
        continues = (
            current is not None
            and stripped[:1].islower()
            and not previous_line.endswith((".", ";", ":", "!", "?", "]"))
            and not BULLET.match(line)
        )
        if continues and current is not None:
            current = (current[0], tail)
        else:
            if current is not None:
                blocks.append(current)
            current = (lead, tail)
        previous_line = stripped
    if current is not None:
        blocks.append(current)
    return blocks


def _is_heading(body: str) -> bool:
    stripped = body.strip()
    return (
        "\n" not in stripped
        and len(stripped.split()) <= HEADING_WORDS
        and not stripped.endswith((".", ";", ":", "!", "?", ",", "]"))
        and not BULLET.match(stripped + " ")
        and any(char.isalpha() for char in stripped)
        and not stripped.startswith("[")
    )


def _squeezed(text: str) -> str:
    return " ".join(text.split())


def _paragraph(text: str, start: int, end: int, heading: Sentence | None) -> Paragraph:
    """A paragraph's sentences, its inline footnotes (`[N: body]`) taken out as their own."""
    footnotes: dict[str, tuple[Sentence, ...]] = {}
    pieces: list[tuple[int, int]] = []
    position = start
    for match in FOOTNOTE.finditer(text, start, end):
        pieces.append((position, match.start()))
        footnotes[match["number"]] = tuple(
            _sentences(text, match.start("body"), match.end("body"), match["number"])
        )
        position = match.end()
    pieces.append((position, end))
    sentences = tuple(s for piece in pieces for s in _sentences(text, *piece))
    cited = _cited(sentences, footnotes)
    return Paragraph(sentences, heading, footnotes, cited)


def _cited(
    sentences: tuple[Sentence, ...], footnotes: dict[str, tuple[Sentence, ...]]
) -> dict[str, int]:
    """Which sentence cites each footnote; one no sentence cites belongs to the last."""
    cited: dict[str, int] = {}
    for index, sentence in enumerate(sentences):
        for number in sentence.cites:
            cited.setdefault(number, index)
    return {number: cited.get(number, len(sentences) - 1) for number in footnotes}


def _attach(found: list[Paragraph], text: str, start: int, match: re.Match[str]) -> None:
    """A footnote standing alone belongs to the latest paragraph that cites it (else the one
    before it)."""
    number = match["number"]
    body_start = start + match.start("body")
    sentences = tuple(_sentences(text, body_start, body_start + len(match["body"]), number))
    for index in range(len(found) - 1, -1, -1):
        paragraph = found[index]
        citing = [i for i, s in enumerate(paragraph.sentences) if number in s.cites]
        if citing or (index == len(found) - 1 and not _anyone_cites(found, number)):
            at = citing[0] if citing else max(len(paragraph.sentences) - 1, 0)
            footnotes = {**paragraph.footnotes, number: sentences}
            found[index] = paragraph._replace(
                footnotes=footnotes, cited_at={**paragraph.cited_at, number: at}
            )
            return


def _anyone_cites(found: list[Paragraph], number: str) -> bool:
    return any(number in s.cites for p in found for s in p.sentences)


def _sentences(text: str, start: int, end: int, footnote: str | None = None) -> list[Sentence]:
    """Sentences between `start` and `end`: ended by . ! ? or ; before a space and a capital,
    a digit, a bullet or a bracket, except after an abbreviation (`nr.`, `bijv.`, `e.g.`)."""
    sentences: list[Sentence] = []
    begin = start
    for match in ENDING.finditer(text, start, end):
        following = text[match.end() : match.end() + 3].lstrip()[:1]
        if following and not (following.isupper() or following.isdigit() or following in OPENING):
            continue
        if match.group(0)[0] == "." and _abbreviation(text, begin, match.start()):
            continue
        sentences.append(_sentence(text, begin, match.end(), footnote))
        begin = match.end()
    if text[begin:end].strip():
        sentences.append(_sentence(text, begin, end, footnote))
    return [s for s in sentences if s.text]


def _abbreviation(text: str, begin: int, dot: int) -> bool:
    word_start = dot
    while word_start > begin and not text[word_start - 1].isspace() and dot - word_start < 8:
        word_start -= 1
    word = text[word_start:dot].lower().lstrip("(")
    # `nr.`, `e.g.`, an initial, or a list's number (`1. Geopolitieke context`)
    return (
        word in ABBREVIATIONS
        or (len(word) == 1 and word.isalpha())
        or (word.isdigit() and len(word) <= 2 and not text[begin:word_start].strip())
    )


def _sentence(text: str, start: int, end: int, footnote: str | None) -> Sentence:
    """A sentence without the spaces around it or a citation after its full stop."""
    piece = text[start:end]
    cites = tuple(match["number"] for match in FOOTNOTE_REF.finditer(piece))
    ref = FOOTNOTE_REF.search(piece)
    if ref is not None and ref.end() == len(piece.rstrip()) and ref.start() > 0:
        end = start + ref.start()
        piece = text[start:end]
    lead = len(piece) - len(piece.lstrip())
    end = start + len(piece.rstrip())
    return Sentence(start + lead, end, _squeezed(piece), footnote, cites)
