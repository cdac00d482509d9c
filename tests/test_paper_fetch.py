"""A paper's text from the official record over real HTTP on 127.0.0.1: the record found by the
search, its XML read before its HTML, and every way it can fail said as `news` says it: the
paper unknown is the user's to fix (exit 2), a record or download that fails is exit 4. The
addresses come from an untrusted answer: only http(s) to a host is ever opened."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
from sru_fake import FakeSru, html, raw, record, response, xml
from support import refused

from oostflank import __version__
from oostflank.errors import RecordUnavailable, UsageError
from oostflank.sru import Publication, fetch_paper, fetch_publication

PAPERS = Path(__file__).parent / "papers"
PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "no_proxy", "OOSTFLANK_SRU_URL")
MQ9 = "De inzet van de MQ-9 wordt verlengd tot en met september 2026.[footnoteRef:1]"


@pytest.fixture(autouse=True)
def no_proxy_no_override(monkeypatch: pytest.MonkeyPatch) -> None:
    """A developer's proxy must not swallow requests to 127.0.0.1."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)


@pytest.fixture
def sru() -> Iterator[FakeSru]:
    with FakeSru() as server:
        yield server


class Sleeps(list[float]):
    """An injected sleep: records the delay instead of waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def fetch(sru: FakeSru, paper_id: str = "kst-36045-300", **options: Any) -> Publication:
    options.setdefault("sleep", Sleeps())
    return fetch_publication(paper_id, base_url=sru.url, timeout=5, **options)


def letter(kind: str) -> bytes:
    return (PAPERS / f"brief-voetnoten.{kind}").read_bytes()


# Read


@pytest.mark.parametrize("kind", ["xml", "html"])
def test_a_paper_is_read_from_its_manifestation(sru, kind):
    reply = xml(letter(kind)) if kind == "xml" else html(letter(kind))
    sru.paper("kst-36045-300", {kind: reply}, date="2026-03-02", title="Voortgang; Brief")
    publication = fetch(sru)
    assert publication.id == "kst-36045-300"
    assert publication.date == dt.date(2026, 3, 2)
    assert publication.title == "Voortgang; Brief"
    paragraphs = publication.text.split("\n\n")
    assert paragraphs[
        paragraphs.index(MQ9 + " Het detachement telt ± 80 militairen & burgers.") + 1
    ] == ("[1: Kamerstuk 21501-28, nr. 296 van 10 februari 2026.]")
    assert [seen.path for seen in sru.fetched] == [f"/kst-36045-300.{kind}"]
    (search,) = sru.queries
    assert 'w.dossiernummer=="36045"' in search and 'w.ondernummer=="300"' in search


def test_the_xml_is_preferred_to_the_html_in_whatever_order_listed(sru):
    sru.paper(
        "kst-36045-300",
        {"html": html(b"<p>De MQ-9 loopt tot en met 2030.</p>"), "xml": xml(letter("xml"))},
    )
    assert MQ9 in fetch(sru).text
    assert [seen.path for seen in sru.fetched] == ["/kst-36045-300.xml"]


def test_the_first_of_a_kind_is_read(sru):
    first = sru.serve("/een.html", html(b"<p>Een.</p>"))
    second = sru.serve("/twee.html", html(b"<p>Twee.</p>"))
    items = [("html", first), ("html", second), ("pdf", "https://example.invalid/x.pdf")]
    sru.replies = [xml(response([record("kst-36045-300", items=items)]))]
    assert fetch(sru).text == "Een.\n"


def test_the_download_says_who_asks_and_takes_html_too(sru):
    sru.paper("kst-36045-300", {"html": html(letter("html"))})
    fetch(sru)
    (seen,) = sru.fetched
    assert seen.headers["User-Agent"] == f"oostflank/{__version__}"
    assert "text/html" in seen.headers["Accept"] and "application/xml" in seen.headers["Accept"]


def test_a_manifestation_is_read_by_what_it_holds_not_what_it_is_called(sru):
    sru.paper("kst-36045-300", {"xml": raw(letter("html"), "text/plain")})
    assert MQ9 in fetch(sru).text


def test_a_reference_as_letters_write_it_is_taken(sru):
    sru.paper("kst-21501-28-296", {"xml": xml(letter("xml"))})
    assert fetch(sru, "Kamerstuk 21501-28, nr. 296").id == "kst-21501-28-296"
    assert 'w.dossiernummer=="21501-28"' in sru.queries[0]


def test_the_items_are_read_with_the_record(sru):
    sru.paper("kst-36045-300", {"html": html(b""), "xml": xml(b"")})
    paper = fetch_paper("36045", "300", base_url=sru.url, sleep=Sleeps())
    assert paper is not None
    assert [kind for kind, _ in paper.items] == ["html", "xml"]  # not the pdf every record has
    assert all(url.startswith(sru.url.removesuffix("/sru")) for _, url in paper.items)


# The user's to fix: exit 2


@pytest.mark.parametrize(
    "paper_id", ["kst-36045", "36045-300x", "blg-123456", "", "kst-36045-300; x"]
)
def test_what_is_not_a_kamerstuk_is_refused_saying_what_is(sru, paper_id):
    with refused(UsageError, "is not a Kamerstuk such as kst-36045-212 or"):
        fetch(sru, paper_id)
    assert sru.seen == []


def test_a_paper_the_record_does_not_know_is_a_usage_error(sru):
    sru.replies = [xml(response([]))]
    with refused(UsageError, "the official record has no Kamerstuk kst-36045-999"):
        fetch(sru, "kst-36045-999")


def test_another_paper_in_the_answer_is_not_taken_for_the_one_asked(sru):
    sru.paper("kst-36045-301", {"xml": xml(letter("xml"))})
    with refused(UsageError, "has no Kamerstuk kst-36045-300"):
        fetch(sru, "kst-36045-300")
    assert sru.fetched == []


# The record's to fix, or the network's: exit 4


def test_a_record_without_html_or_xml_is_unavailable(sru):
    sru.replies = [xml(response([record("kst-36045-300")]))]  # only the pdf
    with refused(RecordUnavailable, "the official record gives no HTML or XML of kst-36045-300"):
        fetch(sru)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://127.0.0.1/kst-36045-300.xml",
        "javascript:alert(1)",
        "http:///kst-36045-300.xml",
        "http://user:secret@127.0.0.1/kst-36045-300.xml",
        "http://127.0.0.1:99999/kst-36045-300.xml",
        "http://127.0.0.1/kst 36045.xml",
        "//127.0.0.1/kst-36045-300.xml",
    ],
)
def test_an_item_address_that_is_not_http_to_a_host_is_never_opened(sru, url):
    sru.replies = [xml(response([record("kst-36045-300", items=[("xml", url)])]))]
    with refused(RecordUnavailable, "at an address that is not http(s)"):
        fetch(sru)
    assert sru.fetched == []


def test_an_html_fallback_is_not_tried_when_the_xml_address_is_refused(sru):
    link = sru.serve("/p.html", html(letter("html")))
    items = [("xml", "file:///etc/passwd"), ("html", link)]
    sru.replies = [xml(response([record("kst-36045-300", items=items)]))]
    with refused(RecordUnavailable, "not http(s): file:///etc/passwd"):
        fetch(sru)


@pytest.mark.parametrize(
    ("body", "says"),
    [
        (
            b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY b "c">]><a>&b;</a>',
            "kst-36045-300: XML with a DTD or entities is not read",
        ),
        (b"<?xml version='1.0'?><a><b></a>", "kst-36045-300: not well-formed XML"),
        (b"<p>De inzet \xff</p>", "kst-36045-300: not UTF-8 text (byte 12)"),
    ],
)
def test_a_manifestation_that_cannot_be_read_is_unavailable_naming_the_paper(sru, body, says):
    """Exit 4, not 2: nothing in the command is wrong."""
    sru.paper("kst-36045-300", {"xml": xml(body)})
    with refused(RecordUnavailable, says):
        fetch(sru)


def test_a_download_that_fails_is_unavailable(sru):
    sru.paper("kst-36045-300", {"xml": xml(b"not here", status=404)})
    with refused(RecordUnavailable, "HTTP 404"):
        fetch(sru)


def test_a_server_error_is_tried_once_more(sru):
    calls: list[int] = []

    def flaky(handler: BaseHTTPRequestHandler) -> None:
        calls.append(1)
        status, body = (503, b"busy") if len(calls) == 1 else (200, letter("xml"))
        handler.send_response(status)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    sru.paper("kst-36045-300", {"xml": flaky})
    sleeps = Sleeps()
    assert MQ9 in fetch(sru, sleep=sleeps).text
    assert (len(calls), sleeps) == (2, [1.0])


def test_a_server_error_twice_is_unavailable(sru):
    sru.paper("kst-36045-300", {"xml": xml(b"busy", status=500)})
    sleeps = Sleeps()
    with refused(RecordUnavailable, "HTTP 500"):
        fetch(sru, sleep=sleeps)
    assert (len(sru.fetched), sleeps) == (2, [1.0])


def test_a_redirect_away_from_http_is_not_followed(sru):
    def elsewhere(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(302)
        handler.send_header("Location", "file:///etc/passwd")
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    sru.paper("kst-36045-300", {"xml": elsewhere})
    with refused(RecordUnavailable, "HTTP 302"):
        fetch(sru)


def test_a_manifestation_over_the_cap_is_refused(sru, monkeypatch):
    import oostflank.sru

    monkeypatch.setattr(oostflank.sru, "MAX_BODY", 1000)
    sru.paper("kst-36045-300", {"xml": xml(b"<al>" + b"x" * 2000 + b"</al>")})
    with refused(RecordUnavailable, "larger than"):
        fetch(sru)


def test_a_search_that_fails_is_unavailable_and_nothing_is_downloaded(sru):
    sru.replies = [xml(b"", status=500)]
    with refused(RecordUnavailable, "HTTP 500"):
        fetch(sru)
    assert sru.fetched == []
