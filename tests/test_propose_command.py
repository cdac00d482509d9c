"""`oostflank propose`: a paper in (file, standard input, the official record), proposals out in
every format, exit codes, and `--apply` writing only what a person (or `--yes`) confirmed."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sru_fake import FakeSru, html, record, response, xml
from support import copy_of_bundled, invoke

from oostflank import api

PAPERS = Path(__file__).parent / "papers"
LETTER = PAPERS / "mindef-20260027577.txt"
SOURCE = "mindef-20260027577"
KEYS = [
    "deployment",
    "change",
    "date",
    "precision",
    "at_least",
    "readings",
    "status",
    "evidence",
    "offset",
    "source",
    "command",
]


def run(*args: str, stdin: str | bytes | None = None, **env: str | None):
    result = invoke(args, stdin=stdin, **env)
    assert not (result.exception and not isinstance(result.exception, SystemExit)), result
    return result


def as_json(*args: str, **env: str | None) -> list[dict]:
    result = run(*args, "--format", "json", **env)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def bare(tmp_path: Path) -> Path:
    """The bundled registry's deployments with none of the letter's dates, and without the
    letter as a source: what a registry looks like before the letter is read."""
    registry = api.load()
    deployments = tuple(
        d._replace(
            start=None,
            end=None,
            end_at_least=False,
            decisions=(),
            milestones=(),
            sources=tuple(s for s in d.sources if s != SOURCE),
        )
        for d in registry.deployments
    )
    registry = registry._replace(
        deployments=deployments,
        sources=tuple(s for s in registry.sources if s.id != SOURCE),
        updated=None,
        updated_from=None,
        budget=(),
    )
    path = tmp_path / "bare.toml"
    api.save(registry, path)
    return path


def test_the_letter_against_the_bundled_registry_is_all_recorded():
    found = as_json("propose", str(LETTER), "--source", SOURCE)
    assert len(found) == 16
    assert all(list(item) == KEYS for item in found)
    assert {item["status"] for item in found} == {"already-recorded"}
    assert {item["command"] for item in found} == {None}
    assert run("propose", str(LETTER), "--source", SOURCE, "--exit-code").exit_code == 0


def test_the_letter_against_a_registry_without_its_dates_proposes_them(bare):
    args = ("propose", str(LETTER), "--source", SOURCE, "-r", str(bare))
    found = as_json(*args)
    assert {item["status"] for item in found} == {"proposed"}
    first = found[0]
    assert first == {
        "deployment": "mnbg-lithuania",
        "change": "extend",
        "date": "2026-12-31",
        "precision": "day",
        "at_least": False,
        "readings": [],
        "status": "proposed",
        "evidence": "Het mandaat voor deze inzet loopt tot en met 31 december 2026;",
        "offset": LETTER.read_text(encoding="utf-8").index("Het mandaat voor deze inzet"),
        "source": SOURCE,
        "command": f"oostflank source add {SOURCE} --date 2026-05-20 -r {bare} && "
        f"oostflank extend mnbg-lithuania --until 2026-12-31 --decided 2026-05-20 "
        f"--source {SOURCE} -r {bare}",
    }
    amdtf = [item for item in found if item["change"] == "minimum-end"]
    assert {(i["deployment"], i["date"], i["at_least"]) for i in amdtf} == {
        ("amdtf-poland", "2026-06-30", True)
    }
    assert "--at-least" in amdtf[0]["command"]
    milestone = next(item for item in found if item["change"] == "milestone")
    assert (milestone["date"], milestone["precision"]) == ("2026-06-30", "quarter")
    assert run(*args, "--exit-code").exit_code == 1


def test_the_paper_date_comes_from_the_letters_heading_and_the_table_says_so():
    result = run("propose", str(LETTER), "--source", SOURCE)
    assert result.exit_code == 0
    assert f"{SOURCE}: dated 2026-05-20 (the letter's heading)." in result.stdout
    assert "0 proposed, 16 already recorded, 0 for a person to decide" in result.stdout
    dated = run("propose", str(LETTER), "--source", SOURCE, "--date", "2026-05-21")
    assert "dated 2026-05-21 (--date)." in dated.stdout


def test_table_csv_and_markdown_show_the_same_rows(bare):
    args = ("propose", str(LETTER), "--source", SOURCE, "-r", str(bare))
    csv = run(*args, "--format", "csv").stdout.splitlines()
    assert csv[0] == ",".join(KEYS)
    assert len(csv) == 17
    markdown = run(*args, "--format", "markdown").stdout
    rows = [line for line in markdown.splitlines() if line.startswith("| ")]
    assert rows[0] == "| Deployment | Change | Date | Evidence | Source | Status | Command |"
    assert len(rows) == 17
    table = run(*args, "--format", "table").stdout
    assert [line.split()[0] for line in table.splitlines() if line.startswith(" mnbg-")] == [
        "mnbg-lithuania"
    ] * 4


def test_a_table_shortens_the_sentence_around_the_phrase_json_keeps_it_whole(bare):
    args = ("propose", str(LETTER), "--source", SOURCE, "-r", str(bare))
    found = as_json(*args)
    whole = next(i["evidence"] for i in found if (i["change"], i["precision"]) == ("end", "day"))
    assert len(whole) > 200
    table = run(*args, "--format", "markdown").stdout
    assert whole not in table
    assert (
        "…eerder aan uw Kamer gecommuniceerd, in de periode 1 september tot en met 1 december 2025"
        in table
    )


def test_without_a_source_nothing_can_be_applied(bare):
    found = as_json("propose", str(LETTER), "-r", str(bare))
    assert {(i["status"], i["source"], i["command"]) for i in found} == {("proposed", None, None)}
    table = run("propose", str(LETTER), "-r", str(bare)).stdout
    assert "no source given" in table


def test_a_paper_from_standard_input(bare):
    text = "Inzet MQ-9\n\nHet mandaat loopt tot en met maart 2027.\n"
    result = run(
        "propose",
        "-",
        "--source",
        "kst-1-2",
        "--date",
        "2026-03-02",
        "--format",
        "json",
        stdin=text,
    )
    assert result.exit_code == 0
    (item,) = json.loads(result.stdout)
    assert (item["deployment"], item["date"], item["offset"]) == ("mq9-romania", "2027-03-31", 12)


def test_an_ambiguous_tot_carries_both_readings_and_no_command(tmp_path):
    paper = tmp_path / "brief.txt"
    paper.write_text("De inzet van de MQ-9 loopt tot 1 juni 2027.\n", encoding="utf-8")
    (item,) = as_json("propose", str(paper), "--source", "kst-1-2", "--date", "2026-03-02")
    assert (item["status"], item["date"], item["readings"], item["command"]) == (
        "ambiguous",
        None,
        ["2027-05-31", "2027-06-01"],
        None,
    )
    table = run("propose", str(paper), "--source", "kst-1-2").stdout
    assert "2027-05-31 or 2027-06-01" in table


@pytest.mark.parametrize("name", ["brief-verlenging.txt", "letter-extension.txt"])
def test_our_own_letters_in_dutch_and_english(name):
    found = as_json("propose", str(PAPERS / name), "--source", "kst-36045-300")
    assert [
        (i["deployment"], i["change"], i["date"], i["precision"], i["at_least"]) for i in found
    ] == [
        ("mq9-romania", "extend", "2027-03-31", "month", False),
        ("mq9-romania", "milestone", "2026-09-30", "quarter", False),
        ("amdtf-poland", "minimum-end", "2026-12-31", "month", True),
        ("amdtf-poland", "milestone", "2026-06-30", "quarter", False),
    ]
    assert {i["status"] for i in found} == {"proposed"}
    assert all(
        i["command"].startswith("oostflank source add kst-36045-300 --date 2026-03-02 && ")
        for i in found
    )


@pytest.mark.parametrize(
    ("fmt", "inert"),
    [
        ("json", "\\u001b[2J"),
        ("csv", "\\x1b[2J"),
        ("markdown", "\\\\x1b\\[2J"),
        ("table", "\\x1b[2J"),
    ],
)
def test_paper_text_is_shown_inert(tmp_path, fmt, inert):
    paper = tmp_path / "hostile.txt"
    paper.write_text(
        "Inzet MQ-9\n\nDe MQ-9 loopt tot en met juni 2027 [bold]x[/bold] \x1b[2J\x07 en verder.\n",
        encoding="utf-8",
    )
    result = run("propose", str(paper), "--format", fmt)
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert inert in result.stdout
    assert "bold" in result.stdout


def test_apply_refuses_without_a_terminal_and_writes_nothing(bare):
    before = bare.read_bytes()
    result = run("propose", str(LETTER), "--source", SOURCE, "-r", str(bare), "--apply")
    assert result.exit_code == 2
    assert "--apply asks for each change on a terminal" in result.stderr
    assert bare.read_bytes() == before


@pytest.mark.parametrize("flag", ["--yes", "--dry-run"])
def test_yes_and_dry_run_need_apply(flag):
    result = run("propose", str(LETTER), flag)
    assert (result.exit_code, result.stdout) == (2, "")
    assert f"{flag} only goes with --apply" in result.stderr


@pytest.mark.parametrize("date", ["2026-05", "2026-Q2", "2026"])
def test_the_papers_date_is_a_day(date):
    result = run("propose", str(LETTER), "--date", date)
    assert (result.exit_code, result.stdout) == (2, "")
    assert "is not a day; a paper is dated to the day" in result.stderr


def test_a_source_with_a_control_character_is_refused_before_anything_is_written(bare):
    before = bare.read_bytes()
    result = run("propose", str(LETTER), "-r", str(bare), "--apply", "--yes", "--source", "x\x1by")
    assert result.exit_code == 2
    assert bare.read_bytes() == before


def test_apply_never_writes_the_bundled_registry():
    result = run("propose", str(LETTER), "--apply", "--yes", "--source", SOURCE)
    assert result.exit_code == 2
    assert "bundled" in result.stderr


def test_apply_yes_writes_the_proposed_changes_through_the_write_path(bare):
    args = ("propose", str(LETTER), "--source", SOURCE, "-r", str(bare))
    result = run(*args, "--apply", "--yes")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(
        f"11 changes from {SOURCE}: mnbg-lithuania: mandate now runs through 31 Dec 2026"
    )
    assert {i["status"] for i in as_json(*args)} == {"already-recorded"}
    written = api.load(bare)
    assert written.source(SOURCE) is not None
    f35 = written.deployment("f35-poland")
    assert (f35.start.iso(), f35.end.iso()) == ("2025-09-01", "2025-12-01")
    assert [d.source for d in f35.decisions] == [SOURCE, SOURCE]
    assert written.updated.iso() == "2026-05-20"
    check = run("check", "-r", str(bare))
    assert check.exit_code == 0, check.stdout
    again = run(*args, "--apply", "--yes")
    assert (again.exit_code, again.stdout) == (0, "")
    assert again.stderr.endswith("Nothing applied.\n")


def test_apply_dry_run_shows_the_diff_and_writes_nothing(bare):
    before = bare.read_bytes()
    args = ("propose", str(LETTER), "--source", SOURCE, "-r", str(bare))
    result = run(*args, "--apply", "--yes", "--dry-run")
    assert result.exit_code == 0
    assert "+end = 2026-12-31" in result.stdout
    assert bare.read_bytes() == before


def test_apply_asks_on_a_terminal(bare, monkeypatch):
    from oostflank import propose_commands

    monkeypatch.setattr(propose_commands, "on_terminal", lambda: True)
    args = ("propose", str(LETTER), "--source", SOURCE, "-r", str(bare), "--apply")
    result = run(*args, stdin="y\nmaybe\nn\nq\n")
    assert result.exit_code == 0, result.stderr
    assert "Apply 1 of 16? extend mnbg-lithuania 2026-12-31  [y/n/q]" in result.stderr
    assert "please answer y, n or q" in result.stderr
    assert result.stdout.startswith("1 change from mindef-20260027577: mnbg-lithuania")
    written = api.load(bare)
    assert written.deployment("mnbg-lithuania").end.iso() == "2026-12-31"
    assert written.deployment("mq9-romania").start is None


def test_apply_lets_a_person_choose_a_reading(tmp_path, monkeypatch):
    from oostflank import propose_commands

    registry = copy_of_bundled(tmp_path)
    paper = tmp_path / "brief.txt"
    paper.write_text("De inzet van de MQ-9 loopt tot 1 december 2026.\n", encoding="utf-8")
    monkeypatch.setattr(propose_commands, "on_terminal", lambda: True)
    args = (
        "propose",
        str(paper),
        "--source",
        "kst-1-2",
        "--date",
        "2026-06-01",
        "-r",
        str(registry),
        "--apply",
    )
    result = run(*args, stdin="2\n")
    assert result.exit_code == 0, result.stderr
    assert "reading 1 (2026-11-30), 2 (2026-12-01)" in result.stderr
    assert api.load(registry).deployment("mq9-romania").end.iso() == "2026-12-01"


def test_yes_applies_only_proposed_items(tmp_path):
    registry = copy_of_bundled(tmp_path)
    paper = tmp_path / "brief.txt"
    paper.write_text(
        "De inzet van de MQ-9 loopt tot 1 december 2026.\n\nDe AMDTF blijft tot en met december 2026.\n",
        encoding="utf-8",
    )
    args = (
        "propose",
        str(paper),
        "--source",
        "kst-1-2",
        "--date",
        "2026-06-01",
        "-r",
        str(registry),
    )
    result = run(*args, "--apply", "--yes")
    assert result.exit_code == 0, result.stderr
    written = api.load(registry)
    assert written.deployment("mq9-romania").end.iso() == "2026-09"
    amdtf = written.deployment("amdtf-poland")
    assert (amdtf.end.iso(), amdtf.end_at_least) == ("2026-12", False)


def test_a_shortening_proposal_says_so_and_its_command_says_shorten(tmp_path):
    paper = tmp_path / "brief.txt"
    paper.write_text("De inzet van de MQ-9 loopt tot en met juni 2026.\n", encoding="utf-8")
    (item,) = as_json("propose", str(paper), "--source", "kst-1-2", "--date", "2026-03-01")
    assert item["command"].endswith("--shorten --source kst-1-2")
    args = ("propose", str(paper), "--source", "kst-1-2", "--date", "2026-03-01")
    table = run(*args, "--format", "markdown").stdout
    assert "proposed; shortens the recorded end Sep 2026" in table


@pytest.mark.parametrize(
    ("make", "code", "says"),
    [
        (lambda p: None, 2, "no paper"),
        (lambda p: p.mkdir(), 2, "cannot read"),
        (lambda p: p.write_bytes(b"De MQ-9 loopt \xff tot"), 2, "not UTF-8 text (byte 14)"),
        (
            lambda p: p.write_bytes(
                b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY b "c">]><a>&b;</a>'
            ),
            2,
            "XML with a DTD or entities is not read",
        ),
        (lambda p: p.write_bytes(b"<?xml version='1.0'?><a><b></a>"), 2, "not well-formed XML"),
    ],
)
def test_a_paper_that_cannot_be_read_is_one_message(tmp_path, make, code, says):
    paper = tmp_path / "paper"
    make(paper)
    result = run("propose", str(paper))
    assert (result.exit_code, result.stdout) == (code, "")
    assert result.stderr.startswith("oostflank: ") and says in result.stderr
    assert result.stderr.count("\n") == 1


def test_a_name_that_is_both_a_file_and_a_kamerstuk_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "kst-36045-212").write_text("x", encoding="utf-8")
    result = run("propose", "kst-36045-212")
    assert result.exit_code == 2
    assert "write ./kst-36045-212 for the file" in result.stderr
    assert run("propose", "./kst-36045-212").exit_code == 0


# The official record


@pytest.fixture
def sru() -> Iterator[FakeSru]:
    with FakeSru() as server:
        yield server


def on_record(sru: FakeSru, *args: str):
    return run(*args, OOSTFLANK_SRU_URL=sru.url, no_proxy="*")


@pytest.mark.parametrize("kind", ["xml", "html"])
def test_a_kamerstuk_is_read_from_the_record(sru, kind):
    body = (PAPERS / f"brief-kort.{kind}").read_bytes()
    link = sru.serve(f"/kst-36045-300.{kind}", xml(body) if kind == "xml" else html(body))
    sru.replies = [
        xml(response([record("kst-36045-300", date="2026-03-02", items=[(kind, link)])]))
    ]
    result = on_record(sru, "propose", "kst-36045-300", "--format", "json")
    assert result.exit_code == 0, result.stderr
    (item,) = json.loads(result.stdout)
    assert (item["deployment"], item["date"], item["source"]) == (
        "mq9-romania",
        "2027-03-31",
        "kst-36045-300",
    )
    assert "--decided 2026-03-02" in item["command"]
    table = on_record(sru, "propose", "kst-36045-300")
    assert "dated 2026-03-02 (the official record)." in table.stdout


def test_the_xml_is_preferred_to_the_html(sru):
    link_xml = sru.serve("/p.xml", xml((PAPERS / "brief-kort.xml").read_bytes()))
    link_html = sru.serve("/p.html", html(b"<p>De MQ-9 loopt tot en met 2030.</p>"))
    sru.replies = [
        xml(response([record("kst-36045-300", items=[("html", link_html), ("xml", link_xml)])]))
    ]
    (item,) = json.loads(on_record(sru, "propose", "kst-36045-300", "--format", "json").stdout)
    assert item["date"] == "2027-03-31"


@pytest.mark.parametrize(
    ("items", "code", "says"),
    [
        ([], 4, "gives no HTML or XML of kst-36045-300"),
        ([("xml", "file:///etc/passwd")], 4, "not http(s)"),
    ],
)
def test_a_record_without_text_to_read_is_exit_4(sru, items, code, says):
    sru.replies = [xml(response([record("kst-36045-300", items=items)]))]
    result = on_record(sru, "propose", "kst-36045-300")
    assert result.exit_code == code
    assert says in result.stderr


def test_a_paper_the_record_does_not_know_is_exit_2(sru):
    sru.replies = [xml(response([]))]
    result = on_record(sru, "propose", "kst-36045-999")
    assert result.exit_code == 2
    assert "has no Kamerstuk kst-36045-999" in result.stderr


def test_news_propose_reads_each_unknown_paper(sru, tmp_path):
    registry = copy_of_bundled(tmp_path)
    link = sru.serve("/p.xml", xml((PAPERS / "brief-kort.xml").read_bytes()))
    listed = xml(
        response(
            [
                record(
                    "kst-36045-300",
                    available="2026-05-25",
                    date="2026-05-22",
                    items=[("xml", link)],
                ),
                record("kst-36045-208", available="2026-05-25"),  # a source already: not read
            ]
        )
    )
    sru.replies = [listed, listed]
    result = on_record(
        sru, "news", "--propose", "--format", "json", "--exit-code", "-r", str(registry)
    )
    assert result.exit_code == 1, result.stderr
    (item,) = json.loads(result.stdout)
    assert (item["deployment"], item["source"], item["status"]) == (
        "mq9-romania",
        "kst-36045-300",
        "proposed",
    )


def test_the_table_speaks_dutch():
    result = run("propose", str(PAPERS / "brief-verlenging.txt"), "--lang", "nl", "-f", "markdown")
    assert result.exit_code == 0
    assert "| mq9-romania | extend | 2027-03 (maand) |" in result.stdout
    assert "| amdtf-poland | minimum-end | 2026-12 (maand, minimaal) |" in result.stdout
    assert "voorgesteld; genoemd in de zin ervoor" in result.stdout


def test_moving_a_minimum_end_back_is_for_a_person_not_for_yes(tmp_path, monkeypatch):
    from oostflank import propose_commands

    registry = copy_of_bundled(tmp_path)
    before = registry.read_bytes()
    paper = tmp_path / "brief.txt"
    paper.write_text("De AMDTF blijft in ieder geval tot en met maart 2026.\n", encoding="utf-8")
    args = (
        "propose",
        str(paper),
        "--source",
        "kst-1-2",
        "--date",
        "2026-06-01",
        "-r",
        str(registry),
    )
    (item,) = as_json(*args)
    assert "--at-least --shorten" in item["command"]
    left = run(*args, "--apply", "--yes")
    assert left.exit_code == 0
    assert "1 proposal that shortens an end or replaces a start left for a person" in left.stderr
    assert registry.read_bytes() == before
    monkeypatch.setattr(propose_commands, "on_terminal", lambda: True)
    assert run(*args, "--apply", stdin="y\n").exit_code == 0
    amdtf = api.load(registry).deployment("amdtf-poland")
    assert (amdtf.end.iso(), amdtf.end_at_least) == ("2026-03", True)


def test_a_past_end_after_a_firm_recorded_end_is_an_extension(tmp_path):
    registry = copy_of_bundled(tmp_path)
    paper = tmp_path / "brief.txt"
    text = "De inzet van F-35's liep van 1 september tot en met 31 december 2025.\n"
    paper.write_text(text, encoding="utf-8")
    args = (
        "propose",
        str(paper),
        "--source",
        "kst-1-2",
        "--date",
        "2026-06-01",
        "-r",
        str(registry),
    )
    start, end = as_json(*args)
    assert (start["status"], end["change"], end["date"]) == (
        "already-recorded",
        "extend",
        "2025-12-31",
    )
    assert run(*args, "--apply", "--yes").exit_code == 0
    assert api.load(registry).deployment("f35-poland").end.iso() == "2025-12-31"


def test_a_closed_standard_input_is_one_message(tmp_path):
    import os
    import subprocess
    import sys

    from support import clean_env

    for args in (
        ["propose", "-"],
        [
            "propose",
            str(PAPERS / "brief-verlenging.txt"),
            "--apply",
            "-r",
            str(copy_of_bundled(tmp_path)),
            "--source",
            "x",
        ],
    ):
        done = subprocess.run(
            [sys.executable, "-m", "oostflank", *args],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            env=clean_env(),
            close_fds=True,
            preexec_fn=lambda: os.close(0),  # started with standard input closed
        )
        assert done.returncode == 2, done.stderr
        assert done.stderr.count("\n") == 1 and "internal error" not in done.stderr
