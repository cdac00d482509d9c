"""Registry text that tries to act on a terminal, on rich, or on a spreadsheet is shown inertly."""

from __future__ import annotations

import csv
import html
import io
import json
import re

import pytest
from typer.testing import CliRunner

from oostflank.cli import full_app

APP = full_app()
ENV = {
    "COLUMNS": None,
    "OOSTFLANK_REGISTRY": None,
    "OOSTFLANK_LANG": "en",
    "TERM": "dumb",
    "NO_COLOR": None,
}

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
    return f"""title = {quoted}
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
        result = CliRunner().invoke(
            APP,
            [*command, "--registry", str(path), "--as-of", "2026-05-20", "--lang", lang],
            env=ENV,
        )
        assert result.exit_code in (0, 1), (result.exit_code, result.stderr)
        out = result.stdout + result.stderr
        for raw in RAW:
            if command[:2] == ("export", "ics"):
                continue  # iCalendar text is data for a calendar, escaped by icalendar
            assert raw not in out, (payload, repr(raw))
        if payload == "markup" and command[0] in ("status", "show", "expiring", "agenda"):
            shown = html.unescape(re.sub(r"<[^>]+>", "", out)).replace("\xa0", " ")
            assert "[bold]x[/]" in shown, command


def test_markup_prints_as_characters_in_tables_and_panels(tmp_path):
    path = tmp_path / "reg.toml"
    path.write_text(registry_text(PAYLOADS["markup"]), encoding="utf-8")
    show = CliRunner().invoke(
        APP,
        ["show", "evil", "--registry", str(path), "--as-of", "2026-05-20"],
        env={**ENV, "COLUMNS": "300"},
    )
    assert (
        "evil — [bold]x[/] [/] [link=https://evil.example]click[/link]" in show.stdout
    )  # the panel title
    status = CliRunner().invoke(
        APP, ["status", "--registry", str(path), "--as-of", "2026-05-20"], env=ENV
    )
    assert "[bold]x[/] [/] [link=https://evil.example]click[/link]" in status.stdout


def test_check_warns_about_every_kind_of_hidden_character(tmp_path):
    for name, payload in PAYLOADS.items():
        if name == "markup":
            continue
        path = tmp_path / f"{name}.toml"
        path.write_text(registry_text(payload), encoding="utf-8")
        result = CliRunner().invoke(
            APP, ["check", "--registry", str(path), "--as-of", "2026-05-20"], env=ENV
        )
        assert "deployment[1].name: name holds control or invisible characters" in result.stdout, (
            name
        )
        assert "source[1].title" in result.stdout and "title: title holds" in result.stdout


def test_json_keeps_the_exact_text(tmp_path):
    path = tmp_path / "reg.toml"
    payload = "".join(PAYLOADS.values())
    path.write_text(registry_text(payload), encoding="utf-8")
    result = CliRunner().invoke(
        APP,
        ["show", "evil", "--registry", str(path), "--as-of", "2026-05-20", "-f", "json"],
        env=ENV,
    )
    assert json.loads(result.stdout)["name"] == payload
    assert all(raw not in result.stdout for raw in RAW)


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_formula_injection_is_neutralised(tmp_path, start):
    path = tmp_path / "reg.toml"
    evil = start + 'HYPERLINK("http://evil.example","x")'
    path.write_text(
        f'[[deployment]]\nid = "a"\nname = {toml_string(evil)}\nend = "2026-03"\n'
        f'milestones = [{{ due = "2026-01", what = {toml_string(evil)} }}]\n',
        encoding="utf-8",
    )
    status = CliRunner().invoke(
        APP, ["status", "--registry", str(path), "--as-of", "2026-05-20", "-f", "csv"], env=ENV
    )
    (row,) = csv.DictReader(io.StringIO(status.stdout))
    assert row["name"][0] not in "=+-@\t\r" and row["days_left"] == "-50"  # numbers stay numbers
    assert row["name"].startswith("'") or row["name"].startswith("\\x0d")  # CR shows as an escape
    agenda = CliRunner().invoke(
        APP,
        ["agenda", "--within", "1y", "--registry", str(path), "--as-of", "2026-05-20", "-f", "csv"],
        env=ENV,
    )
    (event,) = csv.DictReader(io.StringIO(agenda.stdout))
    assert event["what"][0] not in "=+-@\t\r" and event["days_left"] == "-109"
    as_json = CliRunner().invoke(
        APP, ["status", "--registry", str(path), "--as-of", "2026-05-20", "-f", "json"], env=ENV
    )
    assert json.loads(as_json.stdout)[0]["name"] == evil  # JSON is never altered
