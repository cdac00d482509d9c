"""A paper's HTML or official XML as the text `propose` reads: paragraphs, footnotes after the
text, and nothing of scripts, styles, comments or markup; hostile files refused or read
linearly, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from oostflank.papertext import PaperUnreadable, paper_text

PAPERS = Path(__file__).parent / "papers"


def test_html_becomes_paragraphs_with_footnotes_after_the_text():
    text = paper_text((PAPERS / "brief-kort.html").read_bytes(), name="brief-kort.html")
    assert text.split("\n\n") == [
        "Verlenging inzet MQ-9",
        "Geachte voorzitter,",
        "Inzet MQ-9 Roemenië",
        "De MQ-9\u2019s vliegen vanuit Roemenië langs de grens van het NAVO-verdragsgebied. Het "
        "kabinet verlengt deze inzet tot en met maart 2027.[footnoteRef:1]",
        "[1: De inzet zou eind september 2026 aflopen.]\n",
    ]
    assert "2099" not in text and "2098" not in text and "color" not in text


def test_the_official_xml_becomes_paragraphs_with_its_footnotes():
    text = paper_text((PAPERS / "brief-kort.xml").read_bytes(), name="brief-kort.xml")
    assert text.split("\n\n") == [
        "Verlenging inzet MQ-9",
        "Geachte voorzitter,",
        "Inzet MQ-9 Roemenië",
        "De MQ-9\u2019s vliegen vanuit Roemenië langs de grens van het NAVO-verdragsgebied. Het "
        "kabinet verlengt deze inzet tot en met maart 2027.[footnoteRef:1]",
        "[1: De inzet zou eind september 2026 aflopen.]",  # after the paragraph first citing it
        "Zie ook[footnoteRef:1] de eerdere brief.",
        "Hoogachtend,\n",
    ]


def test_entities_are_decoded_and_markup_is_text_only_as_characters():
    html = b"<p>Air &amp; Missile Defence &lt;b&gt; [bold]x[/bold]</p>"
    assert paper_text(html, name="p.html") == "Air & Missile Defence <b> [bold]x[/bold]\n"


def test_plain_text_is_kept_with_its_lines():
    assert (
        paper_text(b"\xef\xbb\xbfDatum\r\n\t20 mei 2026\r\n", name="a.txt")
        == "Datum\n\t20 mei 2026\n"
    )


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"De inzet \xff loopt", "not UTF-8 text (byte 9)"),
        (b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY b "c">]><a>&b;</a>', "DTD or entities"),
        (b"<?xml version='1.0'?><a><b></a>", "not well-formed XML"),
        (b"<html><p>\xff</p></html>", "not UTF-8 text"),
    ],
)
def test_what_cannot_be_read_is_refused_saying_why(data, says):
    with pytest.raises(PaperUnreadable) as caught:
        paper_text(data, name="paper")
    from oostflank.i18n import text_of

    assert says in text_of(caught.value, "en")
    assert text_of(caught.value, "en").startswith("paper:")


def test_deep_nesting_is_read_without_recursion():
    depth = 50_000
    data = b"<x>" * depth + b"De MQ-9 loopt tot en met 2027." + b"</x>" * depth
    assert "tot en met 2027" in paper_text(data, name="deep.xml")
    html = b"<div>" * depth + b"tot en met 2027" + b"</div>" * depth
    assert "tot en met 2027" in paper_text(html, name="deep.html")


def test_a_megabyte_of_html_is_read():
    body = b"<p>De MQ-9 loopt tot en met maart 2027.<sup><a href='#n1'>1</a></sup></p>" * 15_000
    text = paper_text(b"<html><body>" + body + b"</body></html>", name="big.html")
    assert text.count("[footnoteRef:1]") == 15_000
