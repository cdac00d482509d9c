"""The official record over real HTTP on 127.0.0.1: the query sent, paging, and every way the
service can fail, each a RecordUnavailable that says what went wrong (never "nothing new")."""

from __future__ import annotations

import datetime as dt
import socket
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler

import pytest
from sru_fake import SRU12, FakeSru, record, response, xml
from support import refused

from oostflank import __version__
from oostflank.errors import OostflankError, RecordUnavailable, UsageError
from oostflank.i18n import text_of
from oostflank.model import Deployment, Registry, Source
from oostflank.news import news_rows
from oostflank.sru import MAX_BODY, Paper, endpoint, fetch_paper, fetch_papers

SINCE = dt.date(2026, 5, 20)
PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "no_proxy", "OOSTFLANK_SRU_URL")


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


def fetch(server_url: str, dossiers: list[str] | None = None, **options: object) -> list[Paper]:
    options.setdefault("sleep", Sleeps())
    return fetch_papers(dossiers or ["99999"], SINCE, base_url=server_url, **options)


def unavailable(server_url: str, **options: object) -> str:
    with pytest.raises(RecordUnavailable) as caught:
        fetch(server_url, **options)
    return text_of(caught.value, "en")


# The query and the answer


def test_the_query_names_the_collection_kamerstukken_each_dossier_and_the_day(sru: FakeSru):
    sru.replies = [xml(response([record("kst-36045-212")]))]
    fetch(sru.url, ["36045", "21501-28", "37020-ix", "36 045"])
    [seen] = sru.seen
    assert seen.params["operation"] == "searchRetrieve"
    assert seen.params["version"] == "2.0"
    assert seen.params["startRecord"] == "1"
    assert seen.headers["User-Agent"] == f"oostflank/{__version__}"
    assert seen.params["query"] == (
        "c.product-area==officielepublicaties AND w.publicatienaam==Kamerstuk AND "
        '(w.dossiernummer=="36045" OR w.dossiernummer=="21501-28" OR w.dossiernummer=="37020-IX")'
        " AND dt.available>=2026-05-20"
    )


def test_more_than_twenty_dossiers_go_in_several_queries(sru: FakeSru):
    sru.replies = [xml(response([]))]
    dossiers = [str(30000 + n) for n in range(45)]
    fetch(sru.url, dossiers)
    assert [query.count("w.dossiernummer==") for query in sru.queries] == [20, 20, 5]
    asked = [d for d in dossiers if any(f'=="{d}"' in query for query in sru.queries)]
    assert asked == dossiers


@pytest.mark.parametrize("dossier", ['36045" OR "1', "36045 OR x", "kst-36045-212", ""])
def test_a_dossier_that_is_not_one_never_reaches_the_query(sru: FakeSru, dossier: str):
    with refused(UsageError, "not a dossier number"):
        fetch(sru.url, [dossier])
    assert sru.seen == []


def test_a_paper_holds_the_record_s_fields(sru: FakeSru):
    sru.replies = [xml(response([record("kst-21501-28-296", document_title="Eigen titel")]))]
    [paper] = fetch(sru.url)
    assert paper == Paper(
        id="kst-21501-28-296",
        date=dt.date(2030, 1, 2),
        published=dt.date(2030, 1, 3),
        dossier="21501-28",
        number="296",
        kind="Brief",
        title="Eigen titel",
        link="https://zoek.officielebekendmakingen.nl/kst-21501-28-296.html",
        is_attachment=False,
    )


def test_missing_optional_fields_are_tolerated(sru: FakeSru):
    bare = record(
        "kst-36045-9",
        available=None,
        date="not a date",
        dossier="",
        number="",
        kind=None,
        title=None,
        url=None,
    )
    sru.replies = [xml(response([bare]))]
    [paper] = fetch(sru.url)
    assert paper == Paper(
        "kst-36045-9", None, None, "36045", "9", None, None,
        "https://zoek.officielebekendmakingen.nl/kst-36045-9.html",
    )  # fmt: skip


def test_a_link_that_is_not_http_is_replaced_by_the_public_page(sru: FakeSru):
    sru.replies = [xml(response([record("kst-36045-9", url="javascript:alert(1)")]))]
    [paper] = fetch(sru.url)
    assert paper.link == "https://zoek.officielebekendmakingen.nl/kst-36045-9.html"


def test_the_older_sru_namespace_is_read_as_well(sru: FakeSru):
    sru.replies = [xml(response([record("kst-36045-212")], namespace=SRU12))]
    assert [paper.id for paper in fetch(sru.url)] == ["kst-36045-212"]


def test_markup_and_control_characters_in_a_title_stay_data(sru: FakeSru):
    title = "[bold red]Brief[/bold red] <b>over</b> \u202eevil\u202c \x9b31m & more"
    sru.replies = [xml(response([record("kst-36045-212", document_title=title)]))]
    [paper] = fetch(sru.url)
    assert paper.title == title


# Paging


def test_paging_follows_next_record_position_across_three_pages(sru: FakeSru):
    ids = [f"kst-36045-{n}" for n in range(1, 8)]
    pages = [ids[0:3], ids[3:6], ids[6:7]]
    sru.replies = [
        xml(response([record(i) for i in pages[0]], total=7, next_position=4)),
        xml(response([record(i) for i in pages[1]], total=7, next_position=7)),
        xml(response([record(i) for i in pages[2]], total=7)),
    ]
    assert [paper.id for paper in fetch(sru.url)] == ids
    assert sru.starts == [1, 4, 7]
    assert len({query for query in sru.queries}) == 1


def test_without_a_next_position_paging_advances_by_what_arrived(sru: FakeSru):
    sru.replies = [
        xml(response([record(f"kst-36045-{n}"), record(f"kst-36045-{n}a")], total=5))
        for n in range(3)
    ]
    fetch(sru.url)
    assert sru.starts == [1, 3, 5]


def test_an_empty_page_ends_the_paging(sru: FakeSru):
    sru.replies = [xml(response([record("kst-36045-1")], total=-1)), xml(response([], total=-1))]
    assert [paper.id for paper in fetch(sru.url)] == ["kst-36045-1"]
    assert sru.starts == [1, 2]


def test_a_next_position_that_goes_back_is_refused(sru: FakeSru):
    sru.replies = [xml(response([record("kst-36045-1")], total=9, next_position=1))]
    assert "pages inconsistently" in unavailable(sru.url)


def test_more_than_a_thousand_papers_announced_are_refused_at_once(sru: FakeSru):
    sru.replies = [xml(response([record("kst-36045-1")], total=1001, next_position=2))]
    with refused(UsageError, "narrow it with --since"):
        fetch(sru.url)
    assert len(sru.seen) == 1


def test_more_than_a_thousand_papers_delivered_are_refused_not_cut_short(sru: FakeSru):
    page = [record(f"kst-36045-{n}") for n in range(50)]
    sru.replies = [xml(response(page, total=-1, next_position=1 + 50 * (n + 1))) for n in range(25)]
    with refused(UsageError, "1050 papers since 2026-05-20"):
        fetch(sru.url)
    assert len(sru.seen) == 21


def test_a_thousand_over_several_queries_count_together(sru: FakeSru):
    sru.replies = [
        xml(response([record("kst-30000-1")], total=1)),
        xml(response([record("kst-30020-1")], total=1000)),
    ]
    with refused(UsageError, "1001 papers since 2026-05-20, more than 1000"):
        fetch(sru.url, [str(30000 + n) for n in range(21)])
    assert len(sru.seen) == 2


# The news rows: attachments and known papers


def test_attachments_and_known_papers_are_left_out_unless_all_are_asked_for(sru: FakeSru):
    sru.replies = [
        xml(
            response(
                [
                    record("kst-36045-212", available="2030-01-01"),
                    record("kst-36045-213", available="2030-01-02"),
                    record("kst-36045-214", available="2030-01-03"),
                    record("blg-1234567", type_="Bijlage", kind=None, parent="kst-36045-214"),
                ]
            )
        )
    ]
    papers = fetch(sru.url, ["36045"])
    assert [paper.is_attachment for paper in papers] == [False, False, False, True]
    registry = Registry(
        sources=(Source("kst-36045-212"),),
        deployments=(Deployment("efp-lithuania", "eFP", sources=("kst-36045-212",)),),
    )
    new = news_rows(papers, registry._replace(reviewed=("kst-36045-213",)), show_all=False)
    assert [(row.paper.id, row.deployments, row.known) for row in new] == [
        ("kst-36045-214", ("efp-lithuania",), False)
    ]
    everything = news_rows(papers, registry._replace(reviewed=("kst-36045-213",)), show_all=True)
    assert [(row.paper.id, row.known) for row in everything] == [
        ("kst-36045-214", False),
        ("kst-36045-213", True),
        ("kst-36045-212", True),
    ]


def test_fetch_paper_asks_for_one_number_and_returns_that_paper(sru: FakeSru):
    sru.replies = [xml(response([record("blg-9", type_="Bijlage"), record("kst-21501-28-296")]))]
    paper = fetch_paper("21501-28", "296", base_url=sru.url, sleep=Sleeps())
    assert paper is not None and paper.id == "kst-21501-28-296"
    assert sru.queries == [
        "c.product-area==officielepublicaties AND w.publicatienaam==Kamerstuk AND "
        'w.dossiernummer=="21501-28" AND w.ondernummer=="296"'
    ]


def test_fetch_paper_is_none_when_the_record_has_no_such_paper(sru: FakeSru):
    sru.replies = [xml(response([]))]
    assert fetch_paper("36045", "999", base_url=sru.url, sleep=Sleeps()) is None


# Failures: all RecordUnavailable, each saying what happened


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_connection_refused_is_tried_twice_then_reported():
    sleeps = Sleeps()
    port = closed_port()
    message = unavailable(f"http://127.0.0.1:{port}/sru", sleep=sleeps)
    assert f"could not be reached at 127.0.0.1:{port}" in message
    assert "refused" in message.lower()
    assert sleeps == [1.0]


def test_a_server_that_never_answers_times_out_twice():
    sleeps = Sleeps()
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(4)  # the kernel accepts the connection; nobody ever answers
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/sru"
        began = time.monotonic()
        message = unavailable(url, timeout=0.3, sleep=sleeps)
    assert "did not answer within 0.3 s" in message
    assert sleeps == [1.0]
    assert time.monotonic() - began < 3


def test_a_trickling_answer_times_out_as_a_whole(sru: FakeSru):
    def trickle(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.end_headers()
        for _ in range(40):  # at most 4 s
            try:
                handler.wfile.write(b" ")
                handler.wfile.flush()
            except OSError:
                return
            time.sleep(0.1)

    sru.replies = [trickle]
    assert "did not answer within 0.3 s" in unavailable(sru.url, timeout=0.3)
    assert len(sru.seen) == 2


def test_a_server_error_is_tried_again_and_the_retry_can_succeed(sru: FakeSru):
    sleeps = Sleeps()
    sru.replies = [(500, b"oops", {}), xml(response([record("kst-36045-212")]))]
    assert [paper.id for paper in fetch(sru.url, sleep=sleeps)] == ["kst-36045-212"]
    assert sleeps == [1.0]
    assert len(sru.seen) == 2


def test_a_server_error_twice_is_reported(sru: FakeSru):
    sru.replies = [(503, b"busy", {})]
    assert "answered HTTP 503" in unavailable(sru.url)
    assert len(sru.seen) == 2


def test_a_client_error_is_not_tried_again(sru: FakeSru):
    sleeps = Sleeps()
    sru.replies = [(404, b"not here", {})]
    assert "answered HTTP 404" in unavailable(sru.url, sleep=sleeps)
    assert (len(sru.seen), sleeps) == (1, [])


def test_a_redirect_to_another_scheme_is_not_followed(sru: FakeSru):
    sru.replies = [(302, b"", {"Location": "ftp://127.0.0.1/sru"})]
    assert "answered HTTP 302" in unavailable(sru.url)


@pytest.mark.parametrize("content_type", ["text/html; charset=utf-8", "application/xml"])
def test_an_html_page_is_not_an_answer(sru: FakeSru, content_type: str):
    page = b"<!DOCTYPE html><html><head><title>Onderhoud</title></head><body><p>Even geduld<br></body></html>"
    sru.replies = [(200, page, {"Content-Type": content_type})]
    assert "sent a web page instead of an SRU answer" in unavailable(sru.url)


def test_truncated_xml_is_malformed(sru: FakeSru):
    whole = response([record("kst-36045-212")])

    def cut_short(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)  # no Content-Length: the end of the body is the end
        handler.end_headers()
        handler.wfile.write(whole[: len(whole) // 2])

    sru.replies = [cut_short]
    assert "is not well-formed XML" in unavailable(sru.url)


def test_a_body_shorter_than_its_content_length_is_tried_again_then_reported(sru: FakeSru):
    whole = response([record("kst-36045-212")])

    def broken_off(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Length", str(len(whole)))
        handler.end_headers()
        handler.wfile.write(whole[:100])
        handler.close_connection = True

    sru.replies = [broken_off]
    assert "broke off after 100 bytes" in unavailable(sru.url)
    assert len(sru.seen) == 2


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<sru:searchRetrieveResponse xmlns:sru="http://docs.oasis-open.org/ns/search-ws/sruResponse">
<sru:numberOfRecords>&lol9;</sru:numberOfRecords></sru:searchRetrieveResponse>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<sru:searchRetrieveResponse xmlns:sru="http://docs.oasis-open.org/ns/search-ws/sruResponse">
<sru:numberOfRecords>&secret;</sru:numberOfRecords></sru:searchRetrieveResponse>"""


@pytest.mark.parametrize("body", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["billion-laughs", "xxe"])
def test_entities_are_refused(sru: FakeSru, body: bytes):
    sru.replies = [xml(body)]
    assert "refused as unsafe XML" in unavailable(sru.url)


def test_a_hundred_megabyte_body_is_refused_at_twenty_without_reading_it_all(sru: FakeSru):
    sent = [0]
    chunk = b" " * 2**20

    def flood(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)  # no Content-Length: only reading tells the size
        handler.send_header("Content-Type", "application/xml")
        handler.end_headers()
        try:
            handler.wfile.write(b"<sru:searchRetrieveResponse>")
            for _ in range(100):
                handler.wfile.write(chunk)
                sent[0] += len(chunk)
        except OSError:
            pass
        finally:
            sru.finished.set()

    sru.replies = [flood]
    assert "larger than 20 MB" in unavailable(sru.url)
    assert sru.finished.wait(timeout=10)
    assert len(sru.seen) == 1
    assert MAX_BODY <= sent[0] < 40 * 2**20  # what the socket buffers took, not 100 MB


def test_a_declared_hundred_megabytes_are_refused_before_reading(sru: FakeSru):
    def promise(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Length", str(100 * 2**20))
        handler.end_headers()
        handler.wfile.write(b"<x/>")

    sru.replies = [promise]
    assert "larger than 20 MB" in unavailable(sru.url)


def test_a_diagnostic_is_reported_with_its_message_not_as_nothing_new(sru: FakeSru):
    diagnostic = ("info:srw/diagnostic/1/10", "Query syntax error: unknown index w.dossier")
    sru.replies = [xml(response([], total=0, diagnostic=diagnostic))]
    message = unavailable(sru.url)
    assert message == (
        "the official record refused the query: Query syntax error: unknown index w.dossier"
        " (info:srw/diagnostic/1/10)"
    )


@pytest.mark.parametrize(
    "body",
    [b'<feed xmlns="http://www.w3.org/2005/Atom"/>', b"<searchRetrieveResponse/>", b"{}"],
)
def test_an_answer_in_neither_sru_namespace_is_refused(sru: FakeSru, body: bytes):
    sru.replies = [xml(body)]
    message = unavailable(sru.url)
    assert "is not an SRU search response" in message or "not well-formed" in message


def test_a_failure_on_a_later_page_fails_the_whole_call(sru: FakeSru):
    sru.replies = [
        xml(response([record("kst-36045-1"), record("kst-36045-2")], total=4, next_position=3)),
        (500, b"oops", {}),
    ]
    message = unavailable(sru.url)
    assert message.startswith("the official record failed part-way, at the page from record 3:")
    assert "HTTP 500" in message


def test_the_failure_speaks_dutch_too(sru: FakeSru):
    sru.replies = [(404, b"", {})]
    with pytest.raises(RecordUnavailable) as caught:
        fetch(sru.url)
    assert isinstance(caught.value, OostflankError)
    assert text_of(caught.value, "nl").startswith("de officiële publicaties op 127.0.0.1:")


# Where the service is, and the way to it


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://x", "gopher://x/", "http://", "https://x:port/", "x"]
)
def test_an_address_that_is_not_http_is_refused(monkeypatch: pytest.MonkeyPatch, url: str):
    monkeypatch.setenv("OOSTFLANK_SRU_URL", url)
    with refused(UsageError, "OOSTFLANK_SRU_URL must be an http"):
        endpoint()
    with pytest.raises(UsageError):
        fetch_papers(["36045"], SINCE, sleep=Sleeps())


def test_the_address_comes_from_the_environment_else_koop(monkeypatch: pytest.MonkeyPatch):
    assert endpoint() == "https://repository.overheid.nl/sru"
    monkeypatch.setenv("OOSTFLANK_SRU_URL", "http://127.0.0.1:8080/sru")
    assert endpoint() == "http://127.0.0.1:8080/sru"


def test_the_environment_address_is_used(monkeypatch: pytest.MonkeyPatch, sru: FakeSru):
    sru.replies = [xml(response([record("kst-36045-212")]))]
    monkeypatch.setenv("OOSTFLANK_SRU_URL", sru.url)
    assert [p.id for p in fetch_papers(["36045"], SINCE, sleep=Sleeps())] == ["kst-36045-212"]


def test_a_proxy_from_the_environment_is_used(monkeypatch: pytest.MonkeyPatch, sru: FakeSru):
    sru.replies = [xml(response([record("kst-36045-212")]))]
    monkeypatch.setenv("HTTP_PROXY", sru.url.removesuffix("/sru"))
    fetch("http://sru.example.invalid/sru")
    assert sru.seen[0].path.startswith("http://sru.example.invalid/sru?operation=searchRetrieve")


def test_no_proxy_is_honoured(monkeypatch: pytest.MonkeyPatch, sru: FakeSru):
    sru.replies = [xml(response([record("kst-36045-212")]))]
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{closed_port()}")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    assert len(fetch(sru.url)) == 1
    assert sru.seen[0].path.startswith("/sru?")
