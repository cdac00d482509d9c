"""`--format html` is a page built from the data: semantic tables and lists, links for sources,
the user's language, a title with the as-of date, a print stylesheet, nothing fetched, and every
piece of registry text escaped. `--format svg` stays the terminal's picture."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from page_dom import read_page

from oostflank.html_page import link, listing_page
from oostflank.view_types import Listing, Page

SOURCE = Path(__file__).resolve().parent.parent / "src"
AS_OF = ("--as-of", "2026-05-20")
VIEWS = [
    ("status",),
    ("expiring", "--within", "2y"),
    ("agenda", "--within", "2y"),
    ("budget",),
    ("show", "mnbg-lithuania"),
    ("timeline", "--width", "80"),
]
HOSTILE = 'Evil <script>alert(1)</script> [bold]b[/] "quoted" \x1b[31m \u202erev \x07'
SHOWN = 'Evil <script>alert(1)</script> [bold]b[/] "quoted" \\x1b[31m \\u202erev \\x07'


def page(cli, *args: str) -> str:
    run = cli(*args, *AS_OF, "-f", "html")
    assert run.exit_code in (0, 1), run.stderr
    return run.stdout


@pytest.fixture
def hostile(write_registry):
    text = json.dumps(HOSTILE)  # a TOML basic string, control characters as \u escapes
    return write_registry(
        f"""format = 1
title = {text}
updated = 2026-05-20

[[source]]
id = "kst-36045-212"
title = {text}

[[deployment]]
id = "evil"
name = {text}
framework = {text}
start = "2026-01"
end = "2026-09"
sources = ["kst-36045-212"]
notes = [{text}]
decisions = [{{ date = "2026-01-10", end = "2026-09", source = "kst-36045-212" }}]
milestones = [{{ due = "2026-06", what = {text}, source = "kst-36045-212" }}]
"""
    )


@pytest.mark.parametrize(
    "args",
    [
        ("status",),
        ("expiring", "--within", "1y"),
        ("agenda", "--within", "1y"),
        ("show", "evil"),
        ("timeline", "--width", "80"),
    ],
)
def test_registry_text_is_escaped(cli, hostile, args):
    out = page(cli, *args, "--registry", str(hostile))
    assert "<script>" not in out and "&lt;script&gt;" in out
    for raw in ("\x1b", "\x07", "\u202e"):
        assert raw not in out
    assert '"quoted"' not in out and "&quot;quoted&quot;" in out
    dom = read_page(out)
    shown = [cell for row in dom.rows for cell in row] + [v for _, v in dom.terms]
    shown += [dom.title, *dom.paragraphs]
    if args[0] in ("status", "expiring", "agenda", "show"):
        assert any(SHOWN in cell for cell in shown), shown
    if args[0] == "show":
        assert ("https://zoek.officielebekendmakingen.nl/kst-36045-212.html", SHOWN) in dom.links


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("args", VIEWS, ids=lambda a: a[0])
def test_language_title_print_and_nothing_fetched(cli, args, lang):
    out = page(cli, *args, "--lang", lang)
    dom = read_page(out)
    assert out.startswith("<!DOCTYPE html>\n")
    assert dom.lang == lang
    date = "as of 20 May 2026" if lang == "en" else "peildatum 20 mei 2026"
    assert dom.title.startswith(f"oostflank {args[0]}") and dom.title.endswith(date)
    assert "@media print" in out
    assert dom.rows and all(header for table in dom.headers for header in table)
    for fetching in ("<script", "<link", "<img", "<iframe", "@import", "url(", " src="):
        assert fetching not in out.lower()
    sources = {href for href, _ in dom.links}
    assert set(re.findall(r"https?://[^\s\"<>]+", out)) <= sources


def test_show_links_every_source_wherever_it_is_cited(cli):
    dom = read_page(page(cli, "show", "mq9-romania"))
    record = json.loads(cli("show", "mq9-romania", *AS_OF, "-f", "json").stdout)
    links = {s["id"]: s["link"] for s in record["sources"] if s["link"]}
    assert links
    for source_id, href in links.items():
        assert (href, source_id) in dom.links
        assert (href, href) in dom.links
    assert len(dom.tables) == len([k for k in ("decisions", "milestones") if record[k]]) + 1


def test_an_empty_result_is_its_sentence_on_the_page(cli):
    for lang, sentence in (
        ("en", "No mandate ends before 1 Jan 2025 (as of 20 May 2026)."),
        ("nl", "Geen mandaat loopt af vóór 1 januari 2025 (peildatum 20 mei 2026)."),
    ):
        out = page(cli, "expiring", "--before", "2025-01-01", "--lang", lang)
        dom = read_page(out)
        assert dom.paragraphs == [sentence] and dom.tables == []
        assert dom.lang == lang


def test_the_builder_links_only_web_addresses():
    assert link("x", "javascript:alert(1)") == "x"
    assert link("x", "data:text/html,hi") == "x"
    assert link("<b>", None) == "&lt;b&gt;"
    assert link("p", 'https://e.example/a"b c') == '<a href="https://e.example/a%22b%20c">p</a>'
    listing = Listing(
        headers=("<th>",),
        cells=[("\x1b[2J",)],
        links=[("javascript:void(0)",)],
        styles=["bold red"],
        title='a "title"',
        footer="[dim]f[/]",
    )
    out = listing_page(listing, Page("status", "nl"))
    dom = read_page(out)
    assert dom.lang == "nl" and dom.title == "oostflank status"
    assert dom.headers == [["<th>"]] and dom.rows == [["\\x1b[2J"]]
    assert dom.links == [] and dom.paragraphs == ["[dim]f[/]"]
    assert '<tr class="s-bold s-red">' in out and "<h1>a &quot;title&quot;</h1>" in out


def test_svg_is_the_terminal_picture_without_fetching_a_font(cli):
    svg = cli("status", *AS_OF, "-f", "svg").stdout
    assert svg.startswith('<svg class="rich-terminal"') and "mnbg-lithuania" in svg
    assert "url(" not in svg.replace('clip-path="url(#', "") and "cdnjs" not in svg


def test_no_private_rich_module_is_used():
    used = [
        str(path.relative_to(SOURCE))
        for path in SOURCE.rglob("*.py")
        if "_export_format" in path.read_text(encoding="utf-8")
    ]
    assert used == []
