"""`news`, `news ack`, `source add --fetch` and `check --max-age` end to end: the command line
against a real HTTP server on 127.0.0.1 that answers like the official record."""

from __future__ import annotations

import csv
import io
import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sru_fake import FakeSru, record, response, xml
from support import invoke

DOSSIERS = ["29521", "21501-28", "36045"]  # what the bundled registry's sources cite
CITING_36045 = ["f35-poland", "amdtf-poland"]  # deployments citing papers of dossier 36045


@pytest.fixture
def sru() -> Iterator[FakeSru]:
    with FakeSru() as server:
        yield server


@pytest.fixture
def news(sru: FakeSru, registry_copy: Path):
    """Run a command against the fake record and the private registry copy."""

    def run(*args: str, registry: Path = registry_copy):
        result = invoke((*args, "-r", str(registry)), OOSTFLANK_SRU_URL=sru.url, no_proxy="*")
        assert not (result.exception and not isinstance(result.exception, SystemExit)), result
        return result

    return run


def papers(*records: str) -> list:
    return [xml(response(list(records)))]


# The question asked


def test_the_query_holds_the_collection_every_followed_dossier_and_the_date(news, sru):
    sru.replies = papers()
    run = news("news", "--since", "2026-06-01", "--dossier", "28676")
    assert run.exit_code == 0, run.stderr
    query = sru.queries[0]
    assert "c.product-area==officielepublicaties" in query
    assert "w.publicatienaam==Kamerstuk" in query
    for dossier in [*DOSSIERS, "28676"]:
        assert f'w.dossiernummer=="{dossier}"' in query
    assert "dt.available>=2026-06-01" in query


def test_the_date_defaults_to_the_registrys_update(news, sru):
    sru.replies = papers()
    assert news("news").exit_code == 0
    assert "dt.available>=2026-05-20" in sru.queries[0]


def test_a_registry_without_an_update_date_needs_since(news, sru, registry_copy):
    text = registry_copy.read_text(encoding="utf-8")
    registry_copy.write_text(text.replace("updated = 2026-05-20\n", ""), encoding="utf-8")
    run = news("news")
    assert run.exit_code == 2 and "--since" in run.stderr
    assert sru.seen == []


def test_followed_dossiers_come_from_the_registrys_follow_list(news, sru, registry_copy):
    text = registry_copy.read_text(encoding="utf-8")
    registry_copy.write_text('follow = ["28676"]\n' + text, encoding="utf-8")
    sru.replies = papers()
    assert news("news").exit_code == 0, news("news").stderr
    assert 'w.dossiernummer=="28676"' in sru.queries[0]


def test_three_pages_make_one_list_newest_first(news, sru):
    sru.replies = [
        xml(response([record("kst-36045-230", available="2026-06-01")], total=3, next_position=2)),
        xml(response([record("kst-36045-231", available="2026-06-03")], total=3, next_position=3)),
        xml(response([record("kst-29521-490", available="2026-06-02")], total=3)),
    ]
    run = news("news", "--format", "json")
    assert run.exit_code == 0, run.stderr
    assert sru.starts == [1, 2, 3]
    rows = json.loads(run.stdout)
    assert [row["id"] for row in rows] == ["kst-36045-231", "kst-29521-490", "kst-36045-230"]
    assert rows[0]["deployments"] == CITING_36045
    assert " ".join(rows[0]) == "id date published dossier number kind title link deployments known"


# Known papers, attachments, acknowledging


def test_known_papers_are_hidden_unless_all(news, sru):
    sru.replies = papers(record("kst-36045-212"), record("kst-36045-230"))
    hidden = json.loads(news("news", "--format", "json").stdout)
    assert [row["id"] for row in hidden] == ["kst-36045-230"]
    shown = json.loads(news("news", "--all", "--format", "json").stdout)
    assert {row["id"]: row["known"] for row in shown} == {
        "kst-36045-212": True,
        "kst-36045-230": False,
    }


def test_attachments_are_left_out(news, sru):
    attachment = record("blg-36045-1", type_="Bijlage", kind="Bijlage", parent="kst-36045-230")
    sru.replies = papers(attachment, record("kst-36045-230"))
    rows = json.loads(news("news", "--all", "--format", "json").stdout)
    assert [row["id"] for row in rows] == ["kst-36045-230"]


def test_exit_code_says_whether_anything_unknown_was_listed(news, sru):
    sru.replies = papers(record("kst-36045-230"))
    assert news("news", "--exit-code").exit_code == 1
    sru.replies = papers(record("kst-36045-212"))
    quiet = news("news", "--exit-code", "--all")
    assert quiet.exit_code == 0, "a known paper shown with --all is no news"
    assert news("news").exit_code == 0


def test_ack_then_news_shows_only_what_is_left(news, sru, registry_copy):
    sru.replies = papers(record("kst-36045-230"), record("kst-36045-231"))
    run = news("news", "ack", "36 045, nr. 230")
    assert run.exit_code == 0, run.stderr
    assert 'reviewed = [\n    "kst-36045-230",\n]' in registry_copy.read_text(encoding="utf-8")
    left = json.loads(news("news", "--format", "json").stdout)
    assert [row["id"] for row in left] == ["kst-36045-231"]
    assert news("news", "--exit-code").exit_code == 1


def test_ack_without_ids_marks_everything_listed_now(news, sru, registry_copy):
    sru.replies = papers(record("kst-36045-230"), record("kst-29521-490"))
    run = news("news", "ack")
    assert run.exit_code == 0, run.stderr
    assert "2 papers" in run.stdout
    assert news("news", "--exit-code").exit_code == 0
    again = news("news", "ack")
    assert again.exit_code == 0 and "nothing to mark" in again.stdout


def test_ack_dry_run_writes_nothing(news, sru, registry_copy):
    before = registry_copy.read_bytes()
    run = news("news", "ack", "kst-36045-230", "--dry-run")
    assert run.exit_code == 0 and '+    "kst-36045-230",' in run.stdout
    assert registry_copy.read_bytes() == before
    assert sru.seen == []


def test_ack_refuses_what_is_not_a_kamerstuk(news, registry_copy):
    before = registry_copy.read_bytes()
    run = news("news", "ack", "blg-1234")
    assert run.exit_code == 2 and "is not a Kamerstuk" in run.stderr
    assert registry_copy.read_bytes() == before


def test_a_reviewed_entry_that_is_not_a_kamerstuk_is_an_error(news, registry_copy):
    text = registry_copy.read_text(encoding="utf-8")
    registry_copy.write_text('reviewed = ["not-a-paper"]\n' + text, encoding="utf-8")
    run = invoke(("check", "--as-of", "2026-05-20", "-r", str(registry_copy)))
    assert run.exit_code == 1
    assert f"{registry_copy}:1: error: reviewed: 'not-a-paper' is not a Kamerstuk id" in run.stdout


# source add --fetch


def test_fetch_fills_in_title_and_date(news, sru, registry_copy):
    sru.replies = papers(
        record("kst-36045-230", date="2026-06-20", document_title="Brief over de inzet")
    )
    run = news("source", "add", "36 045, nr. 230", "--fetch")
    assert run.exit_code == 0, run.stderr
    assert 'w.ondernummer=="230"' in sru.queries[0]
    text = registry_copy.read_text(encoding="utf-8")
    assert 'id = "kst-36045-230"\ndate = 2026-06-20\ntitle = "Brief over de inzet"' in text


def test_fetch_keeps_what_the_user_typed(news, sru, registry_copy):
    sru.replies = papers(record("kst-36045-230", date="2026-06-20"))
    run = news("source", "add", "kst-36045-230", "--fetch", "--title", "Mine", "--date", "2026-06")
    assert run.exit_code == 0, run.stderr
    assert 'id = "kst-36045-230"\ndate = "2026-06"\ntitle = "Mine"' in registry_copy.read_text(
        encoding="utf-8"
    )


@pytest.mark.parametrize("reference", ["kst-36045-999", "letter-2026"])
def test_fetch_refuses_a_paper_the_record_does_not_know(news, sru, registry_copy, reference):
    sru.replies = papers()
    before = registry_copy.read_bytes()
    run = news("source", "add", reference, "--fetch")
    assert run.exit_code == 2, run.stderr
    assert registry_copy.read_bytes() == before


# Failures: exit 4, one message, nothing on stdout


def _html(handler) -> None:
    body = b"<!DOCTYPE html><html><body>Portal</body></html>"
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


@pytest.mark.parametrize(
    ("replies", "says"),
    [
        ([(500, b"oops", {}), (500, b"oops", {})], "HTTP 500"),
        ([(404, b"no", {})], "HTTP 404"),
        ([_html], "web page"),
        ([xml(b"<sru:searchRetrieveResponse xmlns:sru='x'><unclosed")], "not well-formed"),
        (
            [xml(response(diagnostic=("info:srw/diagnostic/1/10", "Query syntax error")))],
            "Query syntax error",
        ),
    ],
)
def test_a_record_that_cannot_be_read_is_exit_4(news, sru, replies, says):
    sru.replies = replies
    run = news("news", "--exit-code")
    assert run.exit_code == 4, run.stderr
    assert run.stdout == ""
    assert says in run.stderr and len(run.stderr.strip().splitlines()) == 1


def test_a_failing_write_command_fetch_is_exit_4_and_writes_nothing(news, sru, registry_copy):
    sru.replies = [(404, b"no", {})]
    before = registry_copy.read_bytes()
    assert news("source", "add", "kst-36045-230", "--fetch").exit_code == 4
    assert news("news", "ack").exit_code == 4
    assert registry_copy.read_bytes() == before


def test_connection_refused_is_exit_4(registry_copy):
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    url = f"http://127.0.0.1:{port}/sru"
    run = invoke(("news", "-r", str(registry_copy)), OOSTFLANK_SRU_URL=url, no_proxy="*")
    assert run.exit_code == 4 and "could not be reached" in run.stderr


def test_a_server_that_never_answers_is_exit_4(news, sru):
    sru.replies = [lambda handler: sru.finished.wait(5)]
    run = news("news", "--timeout", "0.2")
    assert run.exit_code == 4 and "did not answer within 0.2 s" in run.stderr


@pytest.mark.parametrize("timeout", ["0", "-1", "nan", "inf", "soon", "3600.5", "1e300"])
def test_a_timeout_must_be_seconds_above_zero(news, sru, timeout):
    run = news("news", "--timeout", timeout)
    assert run.exit_code == 2 and "--timeout" in run.stderr
    assert sru.seen == []


@pytest.mark.parametrize("url", ["ftp://x/sru", "file:///etc/passwd"])
def test_an_address_that_is_not_http_is_exit_2(registry_copy, url):
    run = invoke(("news", "-r", str(registry_copy)), OOSTFLANK_SRU_URL=url)
    assert run.exit_code == 2 and "OOSTFLANK_SRU_URL" in run.stderr


# Untrusted text from the service


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown"])
def test_markup_and_control_characters_from_the_record_are_inert(news, sru, fmt):
    """XML 1.0 cannot carry ESC, but it can carry C1 controls (U+009B is a one-character CSI)
    and bidi overrides: they come out as escapes, markup as its characters."""
    title = "[bold red]Loud[/] \x9b31mred \u202eevil | *star* <b>x</b>"
    sru.replies = papers(record("kst-36045-230", document_title=title))
    run = news("news", "--format", fmt)
    assert run.exit_code == 0, run.stderr
    assert "\x9b" not in run.stdout and "\u202e" not in run.stdout
    if fmt == "json":
        assert json.loads(run.stdout)[0]["title"] == title
    elif fmt == "csv":
        row = next(csv.DictReader(io.StringIO(run.stdout)))
        assert row["title"] == "[bold red]Loud[/] \\x9b31mred \\u202eevil | *star* <b>x</b>"
    else:
        shown = run.stdout.replace("\\", "")  # Markdown escapes [ and *
        assert "[bold red]Loud[/]" in shown and "x9b31mred" in shown and "u202eevil" in shown


# Nothing else goes on the network


def _refuse(*args: object, **kwargs: object) -> None:
    raise AssertionError("a command other than news opened a network connection")


OFFLINE = [
    ("status", "--as-of", "2026-05-20"),
    ("expiring", "--before", "2027-01-01", "--as-of", "2026-05-20", "--format", "json"),
    ("show", "mnbg-lithuania", "--as-of", "2026-05-20"),
    ("check", "--as-of", "2026-05-20", "--max-age", "90d"),
    ("budget",),
    ("agenda", "--within", "1y", "--as-of", "2026-05-20"),
    ("timeline", "--as-of", "2026-05-20"),
    ("export", "ics", "--as-of", "2026-05-20"),
    ("extend", "mnbg-lithuania", "--until", "2027-12-31", "--decided", "2026-05-20",
     "--source", "kst-36045-212"),
    ("end", "mq9-romania", "--on", "2026-05-01", "--decided", "2026-05-20"),
    ("source", "add", "kst-36045-230", "--date", "2026-06-20"),
    ("milestone", "add", "mq9-romania", "--due", "2026-Q4", "--what", "x"),
    ("milestone", "done", "mnbg-lithuania", "1", "--on", "2026-05-20"),
    ("news", "ack", "kst-36045-231"),
    ("fmt",),
]  # fmt: skip


def test_no_other_command_opens_a_connection(monkeypatch, registry_copy):
    monkeypatch.setattr(socket.socket, "connect", _refuse)
    monkeypatch.setattr(socket, "create_connection", _refuse)
    monkeypatch.setattr(socket, "getaddrinfo", _refuse)
    for args in OFFLINE:
        result = invoke((*args, "-r", str(registry_copy)))
        assert result.exception is None or isinstance(result.exception, SystemExit), args
        assert result.exit_code in (0, 1), (args, result.stderr)


# check --max-age


@pytest.mark.parametrize(
    ("max_age", "as_of", "warned"),
    [("90d", "2026-08-18", False), ("90d", "2026-08-19", True), ("1y", "2027-05-20", False)],
)
def test_max_age_warns_when_the_update_is_older(registry_copy, max_age, as_of, warned):
    run = invoke(("check", "--as-of", as_of, "--max-age", max_age, "-r", str(registry_copy)))
    line = f"{registry_copy}:3: warning: updated: the registry was last updated 2026-05-20"
    assert (line in run.stdout) is warned
    assert run.exit_code == 0


def test_max_age_without_an_update_date_warns(registry_copy):
    text = registry_copy.read_text(encoding="utf-8")
    registry_copy.write_text(text.replace("updated = 2026-05-20\n", ""), encoding="utf-8")
    run = invoke(("check", "--as-of", "2026-05-20", "--max-age", "90d", "-r", str(registry_copy)))
    assert "has no `updated` date" in run.stdout and run.exit_code == 0


def test_max_age_must_be_a_duration():
    run = invoke(("check", "--max-age", "soon"))
    assert run.exit_code == 2 and "--max-age" in run.stderr


def test_writes_keep_follow_and_reviewed(registry_copy):
    text = registry_copy.read_text(encoding="utf-8")
    head = 'follow = ["28676", "21501-28"]\nreviewed = ["kst-36045-231"]\n'
    registry_copy.write_text(head + text, encoding="utf-8")
    reg = ("-r", str(registry_copy))
    assert invoke(("fmt", *reg)).exit_code == 0
    assert invoke(("source", "add", "kst-36045-230", "--date", "2026-06-20", *reg)).exit_code == 0
    written = registry_copy.read_text(encoding="utf-8")
    assert 'follow = [\n    "28676",\n    "21501-28",\n]' in written
    assert 'reviewed = [\n    "kst-36045-231",\n]' in written
    assert invoke(("fmt", "--check", *reg)).exit_code == 0


def test_a_follow_entry_that_is_not_a_dossier_is_an_error(registry_copy):
    text = registry_copy.read_text(encoding="utf-8")
    registry_copy.write_text('follow = ["36045 OR 1"]\n' + text, encoding="utf-8")
    run = invoke(("check", "--as-of", "2026-05-20", "-r", str(registry_copy)))
    assert run.exit_code == 1
    assert "follow: '36045 OR 1' is not a dossier number" in run.stdout


def test_known_papers_are_marked_in_the_table_not_only_dimmed(news, sru):
    sru.replies = papers(record("kst-36045-212", document_title="Old"), record("kst-36045-230"))
    english = news("news", "--all", "--format", "markdown").stdout
    assert "| Old (known) |" in english
    assert "(known)" not in english.split("| Old")[0]
    assert "| Old (bekend) |" in news("news", "--all", "-f", "markdown", "--lang", "nl").stdout


def test_a_timeout_past_an_hour_is_refused_not_a_crash(news, sru):
    run = news("news", "--timeout", "1e10")
    assert run.exit_code == 2 and "at most 3600" in run.stderr
    sru.replies = papers()
    assert news("news", "--timeout", "3600").exit_code == 0


# What an attack found, kept found


@pytest.mark.parametrize("url", ["https://[::1", "http://x\x1b[31m/", "http://x y/sru"])
def test_an_address_urllib_cannot_read_is_exit_2(registry_copy, url):
    run = invoke(("news", "-r", str(registry_copy)), OOSTFLANK_SRU_URL=url)
    assert run.exit_code == 2 and "must be an http" in run.stderr


def test_credentials_in_the_address_are_refused_and_never_printed(registry_copy):
    url = "http://user:secret@127.0.0.1:1/sru"
    run = invoke(("news", "-r", str(registry_copy)), OOSTFLANK_SRU_URL=url)
    assert run.exit_code == 2 and "user name or password" in run.stderr
    assert "secret" not in run.stderr + run.stdout


def _redirect_to(target: str):
    def reply(handler) -> None:
        handler.send_response(302)
        handler.send_header("Location", target)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return reply


@pytest.mark.parametrize("target", ["http://[::1", "ftp://x/sru"])
def test_a_redirect_to_an_address_that_is_no_http_one_is_exit_4(news, sru, target):
    sru.replies = [_redirect_to(target)]
    assert news("news").exit_code == 4
    assert news("source", "add", "kst-36045-230", "--fetch").exit_code == 4


def test_headers_sent_a_byte_at_a_time_still_time_out(news, sru):
    def trickle(handler) -> None:
        handler.wfile.write(b"HTTP/1.1 200 OK\r\n")
        for _ in range(40):
            if sru.finished.wait(0.1):
                return
            handler.wfile.write(b"X")
            handler.wfile.flush()

    sru.replies = [trickle]
    started = time.monotonic()
    run = news("news", "--timeout", "0.5")
    sru.finished.set()
    assert run.exit_code == 4 and "did not answer within 0.5 s" in run.stderr
    assert time.monotonic() - started < 3.5  # two tries of 0.5 s (+0.5 s grace), 1 s between


def _string_packed() -> bytes:
    inner = record("kst-36045-230").replace("<", "&lt;").replace(">", "&gt;")
    return response([f"<sru:record><sru:recordData>{inner}</sru:recordData></sru:record>"])


@pytest.mark.parametrize(
    "body",
    [
        _string_packed(),
        response(["<sru:record><sru:recordPosition>1</sru:recordPosition></sru:record>"]),
        response([record("KST-36045-230")]),
        response([record("kst-weird")]),
        response(total=3).replace(b"<sru:numberOfRecords>0", b"<sru:numberOfRecords>3"),
    ],
    ids=["string-packing", "no-record-data", "upper-case-id", "not-an-id", "none-of-three"],
)
def test_records_that_cannot_be_read_are_exit_4_not_nothing_new(news, sru, body):
    sru.replies = [xml(body)]
    run = news("news", "--exit-code")
    assert run.exit_code == 4, (run.exit_code, run.stdout, run.stderr)
    assert run.stdout == ""


def test_a_reprint_and_a_senate_letter_are_papers_like_any_other(news, sru, registry_copy):
    sru.replies = papers(record("kst-36045-212-h1", number="212"), record("kst-36045-A"))
    listed = json.loads(news("news", "--format", "json").stdout)
    assert {row["id"] for row in listed} == {"kst-36045-212-h1", "kst-36045-A"}
    assert news("news", "ack").exit_code == 0
    assert news("news", "--exit-code").exit_code == 0
    sru.replies = papers(record("kst-36045-A", date="2026-06-02"))
    assert news("source", "add", "kst-36045-A", "--fetch").exit_code == 0
    assert 'id = "kst-36045-A"\ndate = 2026-06-02' in registry_copy.read_text(encoding="utf-8")


def test_an_update_date_in_the_future_is_refused_not_nothing_new(news, sru, registry_copy):
    text = registry_copy.read_text(encoding="utf-8")
    registry_copy.write_text(text.replace("updated = 2026-05-20", "updated = 9999-01-01"))
    run = news("news", "--exit-code")
    assert run.exit_code == 2 and "cannot be known yet" in run.stderr
    assert sru.seen == []


def test_a_year_for_an_update_counts_from_its_first_day(registry_copy):
    text = registry_copy.read_text(encoding="utf-8")
    registry_copy.write_text(text.replace("updated = 2026-05-20", 'updated = "2026"'))
    run = invoke(("check", "--as-of", "2026-11-30", "--max-age", "30d", "-r", str(registry_copy)))
    assert "the registry was last updated 2026, more than 30d before 2026-11-30" in run.stdout


def test_fetched_titles_go_into_the_file_as_one_visible_line(news, sru, registry_copy):
    title = "Brief\u202e over\u2028de\x85inzet"
    sru.replies = papers(record("kst-36045-230", document_title=title))
    preview = news("source", "add", "kst-36045-230", "--fetch", "--dry-run")
    assert preview.exit_code == 0 and "@@ -" in preview.stdout
    assert news("source", "add", "kst-36045-230", "--fetch").exit_code == 0
    written = registry_copy.read_text(encoding="utf-8")
    assert 'title = "Brief\\\\u202e over\\\\u2028de\\\\x85inzet"' in written
    assert invoke(("check", "--as-of", "2026-05-20", "-r", str(registry_copy))).exit_code == 0
