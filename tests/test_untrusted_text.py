"""Registry text is untrusted: markup prints as characters, control characters as escapes."""

from __future__ import annotations

import html
import json
import re

import pytest

HOSTILE_NAME = "[bold]Evil[/] \x1b[31mred\x1b]0;title\x07 \u202egnp.exe [link=http://x]y[/link]"
Q = json.dumps  # a TOML basic string with \u escapes: TOML forbids raw control characters
SOURCE_TITLE = Q("[red]title[/red] \x1b[2J")
NOTE = Q("note [bold]x[/bold] \x07")
WHAT = Q("[i]x[/i]\x1b[0m")
REGISTRY = f"""format = 1
[[source]]
id = "src-[b]"
title = {SOURCE_TITLE}

[[deployment]]
id = "evil"
name = {Q(HOSTILE_NAME)}
name_nl = "[/]"
notes = [{NOTE}]
sources = ["src-[b]"]
end = "2026-12"
milestones = [{{ due = "2026-06", what = {WHAT} }}]
"""


def read_markdown(text: str) -> str:
    from markdown_it import MarkdownIt

    page = MarkdownIt("commonmark").enable("table").render(text)
    return html.unescape(re.sub(r"<[^>]+>", "", page))


@pytest.fixture
def hostile(write_registry):
    return write_registry(REGISTRY)


@pytest.mark.parametrize(
    "args",
    [
        ("status",),
        ("status", "-f", "markdown"),
        ("status", "-f", "csv"),
        ("expiring", "--within", "1y"),
        ("show", "evil"),
        ("show", "evil", "-f", "markdown"),
    ],
)
def test_markup_is_printed_and_controls_escaped(cli, hostile, args):
    run = cli(*args, "--registry", str(hostile), "--as-of", "2026-05-20")
    assert run.exit_code == 0, run.stderr
    out = run.stdout
    for raw in ("\x1b", "\x07", "\u202e"):
        assert raw not in out
    if "markdown" in args:  # Markdown escapes `[`: check the text a reader sees
        out = read_markdown(out)
    assert "[bold]Evil[/]" in out
    assert "\\x1b[31mred" in out and "\\u202e" in out and "\\x07" in out
    assert "[link=http://x]y[/link]" in out


def test_show_panel_title_and_sources_are_inert(cli, hostile):
    out = cli("show", "evil", "--registry", str(hostile), "--as-of", "2026-05-20").stdout
    assert "evil — [bold]Evil[/]" in out  # rich parses panel titles as markup unless given Text
    assert "[red]title[/red] \\x1b[2J" in out
    assert "[i]x[/i]\\x1b[0m" in out
    assert "[/]" in out


def test_json_keeps_the_data_but_escapes_invisible_characters(cli, hostile):
    out = cli("status", "--registry", str(hostile), "--as-of", "2026-05-20", "-f", "json").stdout
    assert "\x1b" not in out and "\u202e" not in out
    assert json.loads(out)[0]["name"] == HOSTILE_NAME


def test_check_warns_about_control_characters(cli, hostile):
    run = cli("check", "--registry", str(hostile), "--as-of", "2026-05-20")
    assert run.exit_code == 0
    warned = {line.split(": warning: ")[1].split(":")[0] for line in run.stdout.splitlines()}
    assert {
        "source#1.title",
        "deployment#1.name",
        "deployment#1.notes",
        "deployment#1.milestones#1.what",
    } <= warned
    assert "\x1b" not in run.stdout
    assert (
        cli("check", "--registry", str(hostile), "--as-of", "2026-05-20", "--strict").exit_code == 1
    )


def test_error_messages_escape_registry_text(cli, write_registry):
    path = write_registry(
        'format = 1\n[[deployment]]\nid = "a"\nname = "x"\ncountry = "\\u001b[31m"\n'
    )
    run = cli("status", "--registry", str(path))
    assert run.exit_code == 3
    assert "\x1b" not in run.stderr and "\\x1b[31m" in run.stderr


def test_markdown_escapes_pipes(cli, write_registry):
    path = write_registry('format = 1\n[[deployment]]\nid = "a"\nname = "x | y\\nz"\n')
    out = cli("status", "--registry", str(path), "--as-of", "2026-05-20", "-f", "markdown").stdout
    assert "| x \\| y z |" in out


def test_unicode_tag_characters_are_escaped_they_hide_text():
    from oostflank.safetext import has_unsafe, visible

    hidden = "ok\U000e0041\U000e007f"
    assert has_unsafe(hidden)
    assert visible(hidden) == "ok\\U000e0041\\U000e007f"


def test_a_line_break_in_registry_text_cannot_forge_a_check_line(cli, tmp_path):
    path = tmp_path / "forge.toml"
    path.write_text(
        'format = 1\n[[deployment]]\nid = "x"\nname = "n"\nmilestones = [{ due = "2026-Q1", '
        'what = "Inform\\nforged.toml:1: error: forged" }]\n',
        encoding="utf-8",
    )
    run = cli("check", "--as-of", "2026-07-01", "-r", str(path))
    lines = run.stdout.splitlines()
    assert all(line.startswith(f"{path}:") for line in lines), lines
    assert any("Inform\\x0aforged.toml:1: error: forged" in line for line in lines)


def test_every_unsafe_character_is_one_python_calls_unprintable():
    """`safetext` skips its search (and compiling its pattern) for text that Python calls
    printable once tab and newline are set aside: sound only while this holds."""
    from oostflank.safetext import UNSAFE, has_unsafe, visible

    unsafe = [chr(code) for code in range(0x110000) if UNSAFE.fullmatch(chr(code))]
    assert len(unsafe) > 200
    assert [c for c in unsafe if c.isprintable()] == []
    for char in unsafe:
        assert has_unsafe(f"plain {char} text") and visible(char) != char
    assert not has_unsafe("tab\tand\nnewline, ë ≥ \u2019")
