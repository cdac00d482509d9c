"""timeline, agenda, export ics, and the html/svg page formats."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from icalendar import Calendar
from page_dom import PageDom, read_page

from oostflank import store
from oostflank.store import bundled_path

IDS = [d.id for d in store.load(bundled_path()).registry.deployments]
DOCS = Path(__file__).parent.parent / "docs"


# ---------------------------------------------------------------- agenda


def agenda(cli, *args):
    run = cli("agenda", *args, "-f", "json")
    assert run.exit_code in (0, 1), run.stderr
    return json.loads(run.stdout)


def test_agenda_lists_ends_minimum_ends_and_milestones_in_order(cli):
    events = agenda(cli, "--within", "1y", "--as-of", "2026-05-20")
    assert [(e["date"], e["deployment"], e["kind"]) for e in events] == [
        ("2026-06-30", "amdtf-poland", "minimum-end"),
        ("2026-06-30", "mnbg-lithuania", "milestone"),
        ("2026-09-30", "mq9-romania", "end"),
        ("2026-12-31", "mnbg-lithuania", "end"),
    ]
    first = events[0]
    assert set(first) >= {"date", "deployment", "kind", "what", "days_left"}
    assert first["days_left"] == 41 and first["overdue"] is False


def test_overdue_milestones_come_first_with_negative_days(cli):
    events = agenda(cli, "--within", "90d", "--as-of", "2026-07-15")
    # the AMDTF's minimum end passed with no decision: overdue too; same date, by kind
    assert events[0] == {
        "date": "2026-06-30",
        "deployment": "amdtf-poland",
        "kind": "minimum-end",
        "milestone": None,
        "what": "Mandate runs at least through Jun 2026; decide on what follows",
        "days_left": -15,
        "overdue": True,
    }
    assert events[1] == {
        "date": "2026-06-30",
        "deployment": "mnbg-lithuania",
        "kind": "milestone",
        "milestone": 1,
        "what": "Inform parliament about a possible continuation of this deployment",
        "days_left": -15,
        "overdue": True,
    }
    assert [e["deployment"] for e in events[2:]] == ["mq9-romania"]


@pytest.mark.parametrize(
    ("args", "count"),
    [
        (("--before", "2026-06-30"), 0),
        (("--by", "2026-06-30"), 2),
        (("--by", "2026-Q3"), 3),
        (("--within", "41d"), 2),
        (("--within", "40d"), 0),
    ],
)
def test_agenda_bounds(cli, args, count):
    assert len(agenda(cli, *args, "--as-of", "2026-05-20")) == count


def test_agenda_exit_code_and_bad_invocations(cli):
    assert cli("agenda", "--within", "90d", "--as-of", "2026-05-20", "--exit-code").exit_code == 1
    assert cli("agenda", "--within", "10d", "--as-of", "2026-05-20", "--exit-code").exit_code == 0
    both = cli("agenda", "--within", "9d", "--by", "2026")
    assert both.exit_code == 2
    assert both.stderr == (
        "oostflank: agenda takes one window: --within DURATION, --before DATE or --by DATE "
        "(none: --within 90d), not two\n"
    )
    assert cli("agenda", "--within", "soon").exit_code == 2


@pytest.mark.parametrize("command", ["agenda", "expiring"])
@pytest.mark.parametrize("fmt", ["table", "json"])
def test_with_no_window_agenda_and_expiring_look_90_days_ahead_and_say_so(cli, command, fmt):
    as_of = ("--as-of", "2026-05-20", "--format", fmt, "--exit-code")
    bare = cli(command, *as_of)
    explicit = cli(command, "--within", "90d", *as_of)
    assert bare.exit_code == explicit.exit_code == 1  # amdtf-poland ends within 90 days
    if fmt == "json":
        assert bare.stdout == explicit.stdout
        return
    title, _, rest = bare.stdout.partition("\n")
    assert title.endswith(" (the default window: within 90d)")
    assert explicit.stdout == title.removesuffix(" (the default window: within 90d)") + "\n" + rest
    dutch = cli(command, *as_of, "--lang", "nl").stdout
    assert dutch.partition("\n")[0].endswith(" (het standaardvenster: binnen 90d)")


def test_agenda_table_and_dutch(cli, golden):
    run = cli("agenda", "--within", "1y", "--as-of", "2026-07-15")
    assert run.exit_code == 0
    golden("agenda.table", run.stdout)
    dutch = cli("agenda", "--within", "1y", "--as-of", "2026-07-15", "--lang", "nl").stdout
    assert "mijlpaal 1 (te laat)" in dutch and "mandaat loopt af" in dutch


# ---------------------------------------------------------------- timeline


def timeline(cli, *args, env=None):
    run = cli("timeline", "--as-of", "2026-05-20", *args, env=env)
    assert run.exit_code == 0, run.stderr
    return run.stdout


def test_timeline_golden(cli, golden):
    golden("timeline-80.txt", timeline(cli, "--width", "80"))


@pytest.mark.parametrize("width", [60, 61, 80, 99, 140])
def test_timeline_fits_its_width_and_shows_everything(cli, width):
    out = timeline(cli, "--width", str(width))
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= width
    assert "\x1b" not in out
    for deployment_id in IDS:
        assert any(line.startswith(deployment_id) for line in lines), deployment_id
    assert "▼ 20 May 2026" in out and "█ mandate" in out


def test_timeline_marks(cli):
    rows = {
        line.split()[0]: line
        for line in timeline(cli, "--width", "100").splitlines()
        if line[:1].isalpha()
    }
    assert rows["sof-efp-baltic"].rstrip().endswith("→")  # open-ended
    assert "◂" in rows["mnbg-lithuania"]  # began before the window
    assert "▒" in rows["amdtf-poland"]  # minimum end
    later = cli("timeline", "--as-of", "2026-11-28", "--width", "100").stdout
    amdtf = next(line for line in later.splitlines() if line.startswith("amdtf-poland"))
    assert "▒?" in amdtf  # unconfirmed since its minimum end


def test_timeline_width_from_columns_else_80(cli):
    assert max(len(line) for line in timeline(cli).splitlines()) <= 80
    wide = timeline(cli, env={"COLUMNS": "120"})
    assert 100 < max(len(line) for line in wide.splitlines()) <= 120


def test_timeline_window_and_refusals(cli):
    out = timeline(cli, "--from", "2026", "--to", "2026", "--width", "80")
    assert "Jan" in out and "Dec" in out  # a year fits month ticks
    assert cli("timeline", "--width", "59").exit_code == 2
    backwards = cli("timeline", "--from", "2026-06", "--to", "2026-01")
    assert backwards.exit_code == 2 and "before --from" in backwards.stderr
    assert cli("timeline", "-f", "json").exit_code == 2


@pytest.mark.parametrize("days", [1, 2, 3, 10])
def test_a_bar_through_the_window_fills_it_however_short(cli, days):
    """A bar covers its last day to that day's end: in a window of a few days each day spans
    many columns, and a bar through the window used to stop about halfway."""
    to = (dt.date(2026, 1, 1) + dt.timedelta(days=days - 1)).isoformat()
    out = timeline(cli, "--from", "2026-01-01", "--to", to, "--width", "80")
    rule = next(line for line in out.splitlines() if "┬" in line)
    bar = next(line for line in out.splitlines() if line.startswith("mnbg-lithuania"))
    assert len(bar) == len(rule) and bar.endswith("█▸"), out


def test_an_unconfirmed_span_that_began_before_the_window_starts_at_its_edge(cli):
    """amdtf-poland ran at least through Jun 2026: from a window opening in August to the
    as-of date it is unconfirmed, from the first column on."""
    run = cli("timeline", "--from", "2026-08-01", "--to", "2027-08-01", "--as-of", "2026-11-29",
              "--width", "60")  # fmt: skip
    lines = run.stdout.splitlines()
    rule = next(line for line in lines if "┬" in line)
    first_column = len(rule) - len(rule.lstrip())
    (row,) = [line for line in lines if line.startswith("amdtf-poland")]
    assert row[first_column] == "?" and set(row[first_column:]) == {"?"}, run.stdout


def test_a_window_inside_one_month_names_its_month(cli):
    out = timeline(cli, "--from", "2026-05-20", "--to", "2026-05-22", "--width", "60")
    assert [line.strip() for line in out.splitlines()[1:3]] == ["2026", "May"], out


LONG_IDS = ["sof-efp-baltic-region-2026-extended", "sof-efp-baltic-region-2026-extended-two"]


def long_id_registry(folder: Path) -> Path:
    """The bundled registry with two ids renamed to long ones sharing a 35-character prefix."""
    text = bundled_path().read_text(encoding="utf-8")
    for old, new in zip(('id = "sof-efp-baltic"', 'id = "baltic-sentry"'), LONG_IDS, strict=True):
        assert old in text
        text = text.replace(old, f'id = "{new}"')
    path = folder / "long.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("width", [60, 80, 120, None])  # None: a pipe, no --width, no $COLUMNS
def test_timeline_never_cuts_an_id(cli, tmp_path, width):
    path = long_id_registry(tmp_path)
    args = ("--registry", str(path)) + (("--width", str(width)) if width else ())
    lines = timeline(cli, *args).splitlines()
    assert max(len(line) for line in lines) <= (width or 80)
    for deployment_id in [*IDS[:4], *LONG_IDS]:
        assert [line for line in lines if line.split()[:1] == [deployment_id]], (width, lines)
    for deployment_id in LONG_IDS:  # its bar on its line, or the next when it has its own
        row = next(n for n, line in enumerate(lines) if line.split()[:1] == [deployment_id])
        bar = lines[row] if lines[row] != deployment_id else lines[row + 1]
        assert bar.rstrip().endswith("→") and bar.startswith((f"{deployment_id} ", " ")), lines


def test_timeline_of_a_long_id_runs_past_a_narrow_width_rather_than_cut_it(cli, write_registry):
    long_id = "x" * 70
    path = write_registry(f'format = 1\n[[deployment]]\nid = "{long_id}"\nname = "X"\n')
    lines = timeline(cli, "--registry", str(path), "--width", "60").splitlines()
    assert long_id in lines
    assert max(len(line) for line in lines if line != long_id) <= 60


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        ("en", "No deployments to draw (as of 20 May 2026)."),
        ("nl", "Geen inzetten om te tekenen (peildatum 20 mei 2026)."),
    ],
)
def test_timeline_of_no_deployments_is_one_sentence(cli, write_registry, lang, sentence):
    path = write_registry("format = 1\n")
    args = ("--registry", str(path), "--lang", lang)
    assert timeline(cli, *args) == sentence + "\n"
    page = timeline(cli, *args, "-f", "html")
    assert sentence in page_text(page) and "<table" not in page and "<svg" not in page
    assert sentence in page_text(timeline(cli, *args, "-f", "svg"))


# ---------------------------------------------------------------- calendar


def calendar(cli, *args):
    run = cli("export", "ics", *args)
    assert run.exit_code == 0, run.stderr
    return run.stdout


def vevents(text):
    return {str(e["UID"]): e for e in Calendar.from_ical(text).walk("VEVENT")}


def test_ics_has_every_end_minimum_end_and_milestone(cli):
    text = calendar(cli)
    events = vevents(text)
    assert set(events) == {
        "mnbg-lithuania.end@oostflank",
        "mnbg-lithuania.milestone.1@oostflank",
        "mq9-romania.end@oostflank",
        "f35-poland.end@oostflank",
        "amdtf-poland.minimum-end@oostflank",
    }
    milestone = events["mnbg-lithuania.milestone.1@oostflank"]
    assert str(milestone["DTSTART"].to_ical().decode()) == "20260630"
    assert milestone["DTSTAMP"].dt.isoformat() == "2026-05-20T00:00:00+00:00"
    mq9 = events["mq9-romania.end@oostflank"]
    assert "https://zoek.officielebekendmakingen.nl/kst-21501-28-296.html" in str(
        mq9["DESCRIPTION"]
    )
    assert text == calendar(cli)  # the same registry gives the same bytes


def test_ics_reminders(cli):
    events = vevents(calendar(cli, "--remind", "30d"))
    alarms = [a for e in events.values() for a in e.walk("VALARM")]
    assert len(alarms) == len(events) and all(
        str(a["TRIGGER"].to_ical().decode()) == "-P30D" for a in alarms
    )
    assert cli("export", "ics", "--remind", "1m").exit_code == 2


def test_ics_uid_survives_an_extension(cli, registry_copy):
    before = vevents(calendar(cli, "--registry", str(registry_copy)))
    assert (
        cli(
            "extend",
            "mq9-romania",
            "--until",
            "2027-03",
            "--decided",
            "2026-06-01",
            "--source",
            "kst-21501-28-296",
            "--registry",
            str(registry_copy),
        ).exit_code
        == 0
    )
    after = vevents(calendar(cli, "--registry", str(registry_copy)))
    assert set(after) == set(before)
    moved = after["mq9-romania.end@oostflank"]["DTSTART"].dt
    assert moved.isoformat() == "2027-03-31"


def test_ics_to_a_file(cli, tmp_path):
    target = tmp_path / "out.ics"
    run = cli("export", "ics", "-o", str(target))
    assert run.exit_code == 0 and run.stdout == ""
    assert "5 events" in run.stderr
    assert len(vevents(target.read_text())) == 5
    raw = target.read_bytes()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and b"\n" not in raw.replace(b"\r\n", b"")


# ---------------------------------------------------------------- pages


def page_text(page):
    return html.unescape(re.sub(r"<[^>]+>", "", page)).replace("\xa0", " ")


@pytest.mark.parametrize(
    "args",
    [
        ("status",),
        ("timeline", "--width", "80"),
        ("agenda", "--within", "2y"),
        ("show", "mnbg-lithuania"),
    ],
)
def test_html_and_svg_pages(cli, args):
    page = cli(*args, "--as-of", "2026-05-20", "--format", "html")
    assert page.exit_code == 0 and page.stdout.startswith("<!DOCTYPE html>")
    text = page_text(page.stdout)
    wanted = IDS if args[0] in ("status", "timeline") else ["mnbg-lithuania"]
    for deployment_id in wanted:
        assert deployment_id in text
    svg = cli(*args, "--as-of", "2026-05-20", "--format", "svg").stdout
    assert svg.startswith("<svg") and "monospace" in svg and 'url("https' not in svg
    assert "mnbg-lithuania" in page_text(svg)


def test_pages_show_hostile_text_inertly(cli, write_registry):
    path = write_registry(
        'format = 1\n[[deployment]]\nid = "x"\nname = "<script>alert(1)</script> [bold]b[/] \\u001b[31m"\n'
    )
    page = cli("status", "--registry", str(path), "--as-of", "2026-05-20", "-f", "html").stdout
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "\x1b" not in page and "[bold]b[/]" in page_text(page)
    svg = cli("timeline", "--registry", str(path), "--as-of", "2026-05-20", "-f", "svg").stdout
    assert "\x1b" not in svg and "<script>" not in svg


def test_readme_picture_is_what_the_tool_makes_now(cli, golden):
    svg = cli("timeline", "--as-of", "2026-05-20", "--width", "80", "--format", "svg").stdout
    assert svg == (DOCS / "timeline.svg").read_text(encoding="utf-8"), (
        "docs/timeline.svg is stale: oostflank timeline --as-of 2026-05-20 --width 80 --format svg > docs/timeline.svg"
    )


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


PAGES = {
    "status": ("status",),
    "expiring": ("expiring", "--within", "2y"),
    "agenda": ("agenda", "--within", "2y"),
    "budget": ("budget",),
    "show": ("show", "mnbg-lithuania"),
    "timeline": ("timeline", "--width", "80"),
}
STATUS_WORDS = {
    "en": {"active": "active", "planned": "planned", "ended": "ended"},
    "nl": {"active": "actief", "planned": "gepland", "ended": "beëindigd"},
}
TITLE_DATE = {"en": "as of 20 May 2026", "nl": "peildatum 20 mei 2026"}


def browser_dom(page_file: Path, profile: Path) -> PageDom:
    """The page as headless Chromium holds it after parsing, offline: every host name fails to
    resolve, background and update traffic is off."""
    assert CHROMIUM is not None
    result = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            f"--user-data-dir={profile}",
            "--dump-dom",
            page_file.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return read_page(result.stdout)


def expected_rows(cli, view: str, args: tuple[str, ...]) -> list[dict]:
    """What the page must show, as the JSON of the same command gives it."""
    as_json = ("status",) if view == "timeline" else args
    run = cli(*as_json, "--as-of", "2026-05-20", "-f", "json")
    return json.loads(run.stdout)


@pytest.mark.skipif(
    CHROMIUM is None, reason="Debian's chromium is not installed here (.ci/run installs it)"
)
@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("view", sorted(PAGES))
def test_each_page_reads_in_a_real_browser(cli, tmp_path, view, lang):
    args = PAGES[view]
    page_file = tmp_path / "page.html"
    run = cli(*args, "--as-of", "2026-05-20", "--lang", lang, "-f", "html")
    page_file.write_text(run.stdout, encoding="utf-8")
    dom = browser_dom(page_file, tmp_path / "profile")
    assert dom.lang == lang
    assert dom.title.startswith(f"oostflank {view}") and dom.title.endswith(TITLE_DATE[lang])
    expected = expected_rows(cli, view, args)
    words = STATUS_WORDS[lang]
    if view in ("status", "expiring", "timeline"):
        assert [row[0] for row in dom.rows] == [r["id"] for r in expected]
        assert [row[-1] for row in dom.rows] == [words[r["status"]] for r in expected]
    if view == "timeline":
        assert dom.svgs >= 1
        assert dom.bars == [f"{r['id']}: {words[r['status']]}" for r in expected]
    if view == "agenda":
        assert [row[2] for row in dom.rows] == [r["deployment"] for r in expected]
    if view == "budget":
        assert len(dom.rows) == len(expected) > 0
    if view == "show":
        assert dict(dom.terms)["Status"].startswith(words[expected["status"]])
        hrefs = {href for href, _ in dom.links}
        links = {s["link"] for s in expected["sources"] if s["link"]}
        assert links and links <= hrefs
        assert {d["source"] for d in expected["decisions"]} <= {text for _, text in dom.links}
    assert all(href.startswith("https://") for href, _ in dom.links)


@pytest.mark.parametrize("columns", ["40", "59"])
def test_a_chart_wider_than_the_terminal_is_printed_as_drawn(cli, columns):
    """Below 60 columns the chart is still drawn at 60: its lines come out as drawn, for the
    terminal to soft-wrap, not re-wrapped by us (which scattered the axis and the bars)."""
    narrow = cli("timeline", "--as-of", "2026-05-20", env={"COLUMNS": columns}).stdout
    drawn = cli("timeline", "--as-of", "2026-05-20", "--width", "60").stdout
    assert narrow == drawn
