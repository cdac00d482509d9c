"""Errors of typer's own parser read as every other error of the tool: one line on stderr,
`oostflank: ` first, in the user's language, exit 2, nothing on stdout; never click's usage
block and English `Error:` line."""

from __future__ import annotations

import subprocess
import sys

import pytest
from support import clean_env

from oostflank.program import app

# (arguments, English, Dutch): the arguments as the command gets them, options after it.
CASES = [
    (
        ["show"],
        "show needs ID (the deployment's id); see oostflank show --help",
        "show heeft ID nodig (de id van de inzet); zie oostflank show --help",
    ),
    (
        ["budget", "--year", "abc"],
        "--year: 'abc' is not a whole number; see oostflank budget --help",
        "--year: 'abc' is geen geheel getal; zie oostflank budget --help",
    ),
    (
        ["budget", "--year=0"],
        "--year: 0 is not between 1 and 9999",
        "--year: 0 ligt niet tussen 1 en 9999",
    ),
    (
        ["status", "--lang", "de"],
        "--lang: 'de' is not one of en, nl",
        "--lang: 'de' is niet een van en, nl",
    ),
    (
        ["status", "--bogus"],
        "no such option --bogus for status; see oostflank status --help",
        "status kent geen optie --bogus; zie oostflank status --help",
    ),
    (
        ["status", "--actve"],
        "no such option --actve for status; did you mean --active?",
        "status kent geen optie --actve; bedoelt u --active?",
    ),
    (
        ["stauts"],
        "no such command 'stauts'; did you mean status / start?",
        "geen opdracht 'stauts'; bedoelt u status / start?",
    ),
    (
        ["source", "ad"],
        "no such command 'ad'; did you mean add?",
        "geen opdracht 'ad'; bedoelt u add?",
    ),
    (
        ["status", "extra-arg"],
        "unexpected argument for status: extra-arg; see oostflank status --help",
        "onverwacht argument voor status: extra-arg; zie oostflank status --help",
    ),
    (
        ["extend", "x", "--until"],
        "--until needs a value; see oostflank extend --help",
        "--until heeft een waarde nodig; zie oostflank extend --help",
    ),
    (
        ["milestone", "done", "x", "1", "--on"],
        "--on needs a value; see oostflank milestone done --help",
        "--on heeft een waarde nodig; zie oostflank milestone done --help",
    ),
    (
        ["extend", "x"],
        "extend needs --until; see oostflank extend --help",
        "extend heeft --until nodig; zie oostflank extend --help",
    ),
    (
        ["expiring", "--exit-code=yes"],
        "--exit-code takes no value; see oostflank expiring --help",
        "--exit-code krijgt geen waarde; zie oostflank expiring --help",
    ),
    (
        ["milestone", "done", "x", "abc"],
        "N: 'abc' is not a whole number; see oostflank milestone done --help",
        "N: 'abc' is geen geheel getal; zie oostflank milestone done --help",
    ),
    (
        ["add", "x", "--name", "X", "--personnel", "-5"],
        "--personnel must be 0 or more, not -5",
        "--personnel moet 0 of meer zijn, niet -5",
    ),
]
IDS = [" ".join(args) for args, _, _ in CASES]


def _one_line(result, line: str) -> None:
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"oostflank: {line}\n"


@pytest.mark.parametrize(("args", "english", "dutch"), CASES, ids=IDS)
def test_in_english(cli, args, english, dutch):
    _one_line(cli(*args), english)


def _after_command(args: list[str], *options: str) -> list[str]:
    """The options just after the command's name, where `cli` puts them too (at the end, an
    option missing its value would take them as its value)."""
    words = 2 if args[0] in ("source", "milestone") else 1
    return [*args[:words], *options, *args[words:]]


@pytest.mark.parametrize(("args", "english", "dutch"), CASES, ids=IDS)
def test_in_dutch_by_option(cli, args, english, dutch):
    """--lang is read from the line even when the parser failed before it got to it, or on
    another --lang."""
    _one_line(cli(*_after_command(args, "--lang", "nl")), dutch)
    _one_line(cli(*_after_command(args, "--lang=NL")), dutch)


@pytest.mark.parametrize(("args", "english", "dutch"), CASES, ids=IDS)
def test_in_dutch_by_environment(cli, args, english, dutch):
    _one_line(cli(*args, env={"OOSTFLANK_LANG": "nl"}), dutch)


def test_the_option_wins_over_the_environment(cli):
    _one_line(cli("show", "--lang", "en", env={"OOSTFLANK_LANG": "nl"}), CASES[0][1])


def test_an_unknown_wording_keeps_clicks_words_on_one_line():
    from typer._click.exceptions import UsageError

    from oostflank.usage import usage_line

    line = usage_line(UsageError("Something new\nover two lines."), "nl", "oostflank show")
    assert line == "Something new over two lines.; zie oostflank show --help"


def test_every_command_group_words_its_errors():
    """A group left to typer's default class would print click's usage block again."""
    import typer

    from oostflank.app import OneLineUsageErrors

    def groups(command):
        yield command
        context = typer.Context(command)
        for name in command.list_commands(context):
            sub = command.get_command(context, name)
            if hasattr(sub, "list_commands"):
                yield from groups(sub)

    found = list(groups(typer.main.get_command(app)))
    assert len(found) == 5
    assert all(isinstance(group, OneLineUsageErrors) for group in found)


def test_a_bare_group_still_shows_its_help(cli):
    result = cli("source")
    assert result.exit_code == 2 and "Usage: oostflank source" in result.stderr
    assert "add" in result.stderr


def _run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "oostflank", *args],
        capture_output=True,
        text=True,
        env=clean_env(**env),
        timeout=60,
    )


@pytest.mark.parametrize(
    ("args", "env", "line"),
    [
        (["show"], {}, CASES[0][1]),
        (["--lang", "nl", "stauts"], {}, CASES[6][2]),
        (["--lang=nl", "status", "--bogus"], {}, CASES[4][2]),
        (["budget", "--year", "abc"], {"OOSTFLANK_LANG": "nl"}, CASES[1][2]),
        (["extend", "x", "--until"], {"LANG": "nl_NL.UTF-8"}, CASES[9][2]),
    ],
)
def test_as_a_real_process(args, env, line):
    result = _run(*args, **env)
    assert (result.returncode, result.stdout, result.stderr) == (2, "", f"oostflank: {line}\n")


def test_a_real_process_still_shows_help_when_called_bare():
    result = _run()
    assert result.returncode == 2 and result.stderr.startswith("Usage: oostflank [OPTIONS]")
    assert "Traceback" not in result.stderr
