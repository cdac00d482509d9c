"""Registry text that tries to act on a terminal, on rich, on a spreadsheet, on a calendar or on
a Markdown reader is shown inertly."""

from __future__ import annotations

import csv
import html
import io
import json
import re

import pytest
from markdown_it import MarkdownIt
from support import invoke

PAYLOADS = {
    "markup": "[bold]x[/] [/] [link=https://evil.example]click[/link]",
    "csi": "\x1b[31mred\x1b[0m \x1b[2J\x1b[H",
    "osc8": "\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\",
    "title": "\x1b]0;pwned\x07",
    "bel_nul": "ring\x07 nul\x00",
    "bidi": "abc\u202edcba\u2066x\u2069",
    "zero_width": "in\u200bvis\u200dible\ufeff",
    "c1": "\x9b31m",
}
RAW = ["\x1b", "\x07", "\x00", "\u202e", "\u2066", "\u200b", "\u200d", "\ufeff", "\x9b"]


def toml_string(text: str) -> str:
    return json.dumps(text)  # a TOML basic string, with control characters as \\u escapes


def registry_text(payload: str) -> str:
    quoted = toml_string(payload)
    return f"""format = 1
title = {quoted}
updated = 2026-05-20

[[source]]
id = "s1"
title = {quoted}

[[deployment]]
id = "evil"
name = {quoted}
name_nl = {quoted}
framework = {quoted}
capabilities = [{quoted}]
start = "2026-01"
end = "2026-09"
end_at_least = true
sources = ["s1"]
notes = [{quoted}]
milestones = [{{ due = "2026-06", what = {quoted} }}]
"""


COMMANDS = [
    ("status",),
    ("status", "-f", "markdown"),
    ("status", "-f", "csv"),
    ("status", "-f", "html"),
    ("status", "-f", "svg"),
    ("expiring", "--within", "1y"),
    ("show", "evil"),
    ("show", "evil", "-f", "markdown"),
    ("show", "evil", "-f", "html"),
    ("agenda", "--within", "1y"),
    ("agenda", "--within", "1y", "-f", "csv"),
    ("timeline", "--width", "80"),
    ("timeline", "--width", "80", "-f", "svg"),
    ("budget",),
    ("check",),
    ("export", "ics"),
]


@pytest.mark.parametrize("payload", sorted(PAYLOADS))
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c))
def test_nothing_reaches_the_output_raw(tmp_path, payload, command):
    path = tmp_path / "reg.toml"
    path.write_text(registry_text(PAYLOADS[payload]), encoding="utf-8")
    for lang in ("en", "nl"):
        result = invoke(
            [*command, "--registry", str(path), "--as-of", "2026-05-20", "--lang", lang]
        )
        assert result.exit_code in (0, 1), (result.exit_code, result.stderr)
        out = result.stdout + result.stderr
        for raw in RAW:
            assert raw not in out, (payload, repr(raw))
        if payload == "markup" and command[0] in ("status", "show", "expiring", "agenda"):
            if "markdown" in command:
                out = MarkdownIt("commonmark").enable("table").render(out)
            shown = html.unescape(re.sub(r"<[^>]+>", "", out)).replace("\xa0", " ")
            assert "[bold]x[/]" in shown, command


def test_markup_prints_as_characters_in_tables_and_panels(tmp_path):
    path = tmp_path / "reg.toml"
    path.write_text(registry_text(PAYLOADS["markup"]), encoding="utf-8")
    show = invoke(
        ["show", "evil", "--registry", str(path), "--as-of", "2026-05-20"],
        COLUMNS="300",
    )
    assert (
        "evil — [bold]x[/] [/] [link=https://evil.example]click[/link]" in show.stdout
    )  # the panel title
    status = invoke(["status", "--registry", str(path), "--as-of", "2026-05-20"])
    assert "[bold]x[/] [/] [link=https://evil.example]click[/link]" in status.stdout


def test_check_warns_about_every_kind_of_hidden_character(tmp_path):
    for name, payload in PAYLOADS.items():
        if name == "markup":
            continue
        path = tmp_path / f"{name}.toml"
        path.write_text(registry_text(payload), encoding="utf-8")
        result = invoke(["check", "--registry", str(path), "--as-of", "2026-05-20"])
        assert "deployment#1.name: name holds control or invisible characters" in result.stdout, (
            name
        )
        assert "source#1.title" in result.stdout and "title: title holds" in result.stdout


def test_json_keeps_the_exact_text(tmp_path):
    path = tmp_path / "reg.toml"
    payload = "".join(PAYLOADS.values())
    path.write_text(registry_text(payload), encoding="utf-8")
    result = invoke(
        ["show", "evil", "--registry", str(path), "--as-of", "2026-05-20", "-f", "json"]
    )
    assert json.loads(result.stdout)["name"] == payload
    assert all(raw not in result.stdout for raw in RAW)


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_formula_injection_is_neutralised(tmp_path, start):
    path = tmp_path / "reg.toml"
    evil = start + 'HYPERLINK("http://evil.example","x")'
    path.write_text(
        f'format = 1\n[[deployment]]\nid = "a"\nname = {toml_string(evil)}\nend = "2026-03"\n'
        f'milestones = [{{ due = "2026-01", what = {toml_string(evil)} }}]\n',
        encoding="utf-8",
    )
    status = invoke(["status", "--registry", str(path), "--as-of", "2026-05-20", "-f", "csv"])
    (row,) = csv.DictReader(io.StringIO(status.stdout))
    assert row["name"][0] not in "=+-@\t\r" and row["days_left"] == "-50"  # numbers stay numbers
    assert row["name"].startswith("'") or row["name"].startswith("\\x0d")  # CR shows as an escape
    agenda = invoke(
        ["agenda", "--within", "1y", "--registry", str(path), "--as-of", "2026-05-20", "-f", "csv"]
    )
    (event,) = csv.DictReader(io.StringIO(agenda.stdout))
    assert event["what"][0] not in "=+-@\t\r" and event["days_left"] == "-109"
    as_json = invoke(["status", "--registry", str(path), "--as-of", "2026-05-20", "-f", "json"])
    assert json.loads(as_json.stdout)[0]["name"] == evil  # JSON is never altered


# ---------------------------------------------------------------- iCalendar

ICS_PAYLOADS = {
    "forged_crlf": "x\r\nEND:VCALENDAR\r\nBEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:forged",
    "forged_cr": "x\rEND:VEVENT\rBEGIN:VEVENT\rUID:forged\rSUMMARY:forged",
    "forged_lf": "x\nEND:VEVENT\nBEGIN:VEVENT\nSUMMARY:forged",
    "osc": "\x1b]0;pwn\x07",
    "newline": "a\nb",
    "separators": "semi;colon,comma\\back",
    "escape_lookalike": "not a \\N break, not a \\n break, \\; \\,",
    "hidden": "abc\u202edcba in\u200bvisible\x9b",
}
ICS_LINE = re.compile(r"(?P<name>[A-Z][A-Z0-9-]*)(?P<params>(?:;[^:]*)?):(?P<value>.*)")
ICS_PROPERTIES = {
    *("BEGIN", "END", "VERSION", "PRODID", "CALSCALE", "X-WR-CALNAME", "UID", "DTSTAMP"),
    *("DTSTART", "DTEND", "SUMMARY", "DESCRIPTION", "TRANSP", "ACTION", "TRIGGER"),
}


def ics_registry(payload: str) -> str:
    """The payload in the title, both names, a milestone's text and two source ids."""
    quoted = toml_string(payload)
    milestone_source = toml_string(payload + " (2)")
    return f"""format = 1
title = {quoted}
updated = 2026-05-20

[[source]]
id = {quoted}

[[source]]
id = {milestone_source}

[[deployment]]
id = "evil"
name = {quoted}
name_nl = {quoted}
end = "2026-09"
sources = [{quoted}]
milestones = [
    {{ due = "2026-06", what = {quoted}, source = {milestone_source} }},
    {{ due = "2026-07", what = "plain" }},
]

[[deployment]]
id = "calm"
name = "Calm"
end = "2027-01"
"""


def unescape_text(value: str) -> str:
    """RFC 5545 TEXT unescaping, written out here so the test does not trust the library."""
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], value)


def ics_lines(text: str) -> list[tuple[str, str]]:
    """Unfolded content lines as (name, raw value); fails on anything that is not one."""
    assert text.endswith("\r\n")
    physical = text[:-2].split("\r\n")
    for line in physical:
        assert "\r" not in line and "\n" not in line, repr(line)
        assert not re.search(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]", line), repr(line)
    unfolded: list[str] = []
    for line in physical:
        if line.startswith(" "):
            unfolded[-1] += line[1:]
        else:
            unfolded.append(line)
    parsed = []
    for line in unfolded:
        match = ICS_LINE.fullmatch(line)
        assert match, repr(line)
        assert match["name"] in ICS_PROPERTIES, line  # nothing forged
        parsed.append((match["name"], match["value"]))
    return parsed


@pytest.mark.parametrize("payload", sorted(ICS_PAYLOADS))
@pytest.mark.parametrize("lang", ["en", "nl"])
def test_calendar_text_cannot_make_lines_properties_or_calendars(tmp_path, payload, lang):
    from icalendar import Calendar

    from oostflank.i18n import t
    from oostflank.safetext import visible

    evil = ICS_PAYLOADS[payload]
    path = tmp_path / "reg.toml"
    path.write_text(ics_registry(evil), encoding="utf-8")
    result = invoke(["export", "ics", "--remind", "2w", "--registry", str(path), "--lang", lang])
    assert result.exit_code == 0, (result.stderr, result.exception)
    text = result.stdout_bytes.decode("utf-8")  # `stdout` would turn a lone CR into a newline
    lines = ics_lines(text)
    names = [name for name, _ in lines]
    assert names.count("BEGIN") == names.count("END") == 1 + 4 + 4  # calendar, events, alarms
    assert [value for name, value in lines if name == "BEGIN"].count("VCALENDAR") == 1
    assert [value for name, value in lines if name == "BEGIN"].count("VEVENT") == 4
    assert names.count("UID") == names.count("SUMMARY") == 4
    values = {name: [unescape_text(v) for n, v in lines if n == name] for name in set(names)}
    shown = visible(evil)  # what each text says: control characters as visible escapes
    assert values["X-WR-CALNAME"] == [shown]
    assert sum(summary.startswith(f"{shown}: ") for summary in values["SUMMARY"]) == 3
    deployment, source = t("col.deployment", lang), t("col.source", lang)
    assert f"{shown}\n{deployment}: evil\n{source}: {shown} (2)" in values["DESCRIPTION"]
    assert any(
        d.endswith(f"\n{deployment}: evil\n{source}: {shown}") for d in values["DESCRIPTION"]
    )
    if payload == "separators":
        assert "X-WR-CALNAME:semi\\;colon\\,comma\\\\back\r\n" in text
    calendars = Calendar.from_ical(text, multiple=True)
    assert len(calendars) == 1 and len(calendars[0].walk("VEVENT")) == 4
    # icalendar reads an X- property back raw, unescaped
    assert unescape_text(str(calendars[0]["X-WR-CALNAME"])) == shown
    if "\\N" not in evil:  # icalendar reads `\\N` after an escaped backslash as a break
        summaries = [str(event["SUMMARY"]) for event in calendars[0].walk("VEVENT")]
        assert sum(summary.startswith(f"{shown}: ") for summary in summaries) == 3


# ---------------------------------------------------------------- Markdown

MD_PAYLOADS = {
    "script": "<script>alert(1)</script>",
    "img": "<img src=x onerror=alert(1)>",
    "comment": "<!-- hidden -->",
    "autolink": "<https://evil.example>",
    "heading": "# heading",
    "closing_hashes": "title ##",
    "quote": "> quote",
    "dash": "- item",
    "plus": "+ item",
    "ordered": "1. item",
    "ordered_paren": "2026) item",
    "thematic": "---",
    "setext": "===",
    "fence": "```\ncode\n```",
    "backticks": "`code` ``more``",
    "indent": "    indented code",
    "pipes": "a | b || c |",
    "stars": "*em* **strong** ***both***",
    "underscores": "_em_ __strong__",
    "link": "[link](x)",
    "image": "![alt](x)",
    "reference": "[ref]: https://evil.example",
    "entities": "&amp; &lt;b&gt; &#60;i&#x3e; &copy",
    "backslashes": "\\*not em\\* \\",
    "strike": "~~strike~~",
    "math": "$x$",
    "breaks": "one\ntwo\r\n# three\n\n- four\u2028five",
}
MD_COMMANDS = [
    ("status",),
    ("expiring", "--within", "1y"),
    ("budget",),
    ("agenda", "--within", "1y"),
    ("show", "evil"),
]


def md_registry(payload: str) -> str:
    """The payload in every text field a Markdown view shows."""
    quoted = toml_string(payload)
    return f"""format = 1
title = {quoted}
updated = 2026-05-20
updated_from = {quoted}

[[source]]
id = {quoted}
title = {quoted}
reference = {quoted}

[[deployment]]
id = "evil"
name = {quoted}
name_nl = {quoted}
area = {quoted}
framework = {quoted}
capabilities = [{quoted}]
units = [{quoted}, {quoted}]
start = "2026-01"
end = "2026-09"
decisions = [{{ date = 2026-02-10, end = "2026-09", source = {quoted} }}]
notes = [{quoted}, {quoted}]
sources = [{quoted}]
milestones = [{{ due = "2026-06", what = {quoted}, source = {quoted} }}]

[[budget]]
year = 2026
total_eur_million = 3
notes = [{quoted}]

[[budget.articles]]
article = {quoted}
name = {quoted}
eur_million = 3
"""


def markdown_of(tmp_path, payload: str, command: tuple[str, ...]) -> str:
    path = tmp_path / "reg.toml"
    path.write_text(md_registry(payload), encoding="utf-8")
    result = invoke([*command, "--registry", str(path), "--as-of", "2026-05-20", "-f", "markdown"])
    assert result.exit_code == 0, (result.stderr, result.exception)
    return result.stdout


def shape(tokens) -> list[tuple[str, ...]]:
    """The document's structure: block tokens, and the kinds of token inside each line."""
    return [
        (token.type, token.tag, *(child.type for child in token.children or ())) for token in tokens
    ]


def literal(token) -> str:
    """An inline token as the text a reader sees (runs of spaces as one: a cell is trimmed)."""
    text = "".join(child.content for child in token.children or () if child.type == "text")
    return " ".join(text.split())


@pytest.mark.parametrize("payload", sorted(MD_PAYLOADS))
@pytest.mark.parametrize("command", MD_COMMANDS, ids=lambda c: c[0])
def test_markdown_shows_registry_text_as_literal_text(tmp_path, payload, command):
    """Parsed as CommonMark with GFM tables, the document has the structure it has for plain
    text (no extra row, cell, heading, list item, link or HTML), and the payload is the
    literal text of its cells: on one line, control characters as visible escapes."""
    from oostflank.safetext import one_line

    parser = MarkdownIt("commonmark").enable("table")
    evil = parser.parse(markdown_of(tmp_path, MD_PAYLOADS[payload], command))
    plain = parser.parse(markdown_of(tmp_path, "plain", command))
    assert shape(evil) == shape(plain)
    inline = {child.type for token in evil for child in token.children or ()}
    assert inline <= {"text", "strong_open", "strong_close"}, inline
    shown = " ".join(one_line(MD_PAYLOADS[payload]).split())
    cells = [literal(token) for token in evil if token.type == "inline"]
    if command[0] == "show":
        assert f"evil — {shown}" in cells  # the heading
        assert cells.count(shown) >= 8  # fields, tables and both notes
    else:
        assert shown in cells, cells
    expected_plain = [literal(token) for token in plain if token.type == "inline"]
    assert [cell.replace(shown, "plain") for cell in cells] == expected_plain


def test_markdown_keeps_ordinary_text_readable():
    from oostflank.render import md_block, md_inline

    for text in (
        "Air & Missile Defence",
        "NATO\u2019s eastern flank",
        "31 Dec 2026",
        "-170",
        "1.1",
    ):
        assert md_inline(text) == text
    assert md_inline("R&D <b>") == "R&amp;D &lt;b>"
    assert md_inline("~~x~~ $y$") == "\\~\\~x\\~\\~ \\$y\\$"  # GitHub's strikethrough and math
    assert md_block("- item") == "\\- item" and md_block("2026. Year") == "2026\\. Year"
    assert md_block("-170") == "\\-170" and md_block("1.1 total") == "1\\.1 total"
