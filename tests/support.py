"""What the tests share: one predictable environment for every run of the command, in-process or
as a real process, and one way to copy the bundled registry. Names from the CLI's modules are
imported here and nowhere else in the tests, so a move in src changes one line."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest
from typer._click.core import Command
from typer.core import TyperGroup as Group
from typer.testing import CliRunner, Result

from oostflank.i18n import text_of
from oostflank.program import app
from oostflank.store import bundled_path

BUNDLED = bundled_path()
APP = app

# Variables that change what the command prints: removed, so a developer's shell cannot leak
# in. With no language variable left the command speaks English; OOSTFLANK_* go too.
UNSET = ("COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR", "LC_ALL", "LC_MESSAGES", "LANG")
FIXED = {"TERM": "dumb", "OOSTFLANK_CACHE": "off"}  # the cache's own tests turn it on


def clean_env(**overrides: str | None) -> dict[str, str]:
    """The whole environment for a run: this process's less UNSET and OOSTFLANK_*, TERM=dumb,
    then a test's own overrides (None removes a variable)."""
    kept = {
        k: v for k, v in os.environ.items() if k not in UNSET and not k.startswith("OOSTFLANK_")
    }
    chosen: dict[str, str | None] = {**kept, **FIXED, **overrides}
    return {k: v for k, v in chosen.items() if v is not None}


def runner_env(**overrides: str | None) -> dict[str, str | None]:
    """clean_env as CliRunner takes it: it changes only the variables it is given, so the ones
    clean_env leaves out are given as None."""
    return {**dict.fromkeys(os.environ), **clean_env(**overrides)}


# The letter's six deployments, in its order.
BUNDLED_IDS = [
    "mnbg-lithuania",
    "mq9-romania",
    "f35-poland",
    "amdtf-poland",
    "sof-efp-baltic",
    "baltic-sentry",
]


def command_tree() -> list[tuple[tuple[str, ...], Command]]:
    """Every command and group by the words that reach it (`("source", "add")`), in the order
    `oostflank --help` lists them, a group before its subcommands: found through the groups'
    own listings, as help and completion find them."""
    import typer

    found: list[tuple[tuple[str, ...], Command]] = []

    def walk(group: Group, words: tuple[str, ...]) -> None:
        context = typer.Context(group)
        for name in group.list_commands(context):
            command = group.get_command(context, name)
            assert command is not None, name
            found.append(((*words, name), command))
            if isinstance(command, Group):
                walk(command, (*words, name))

    walk(program(), ())
    return found


def program() -> Group:
    """The program's own group, as the command line runs it."""
    import typer

    group = typer.main.get_command(APP)
    assert isinstance(group, Group)
    return group


def every_command() -> list[tuple[tuple[str, ...], Command]]:
    """Every command the program runs; a group that runs alone (`news`) is one too."""
    return [
        (words, command)
        for words, command in command_tree()
        if not isinstance(command, Group) or command.invoke_without_command
    ]


def invoke(args: Sequence[str], *, stdin: str | bytes | None = None, **env: str | None) -> Result:
    """Run `oostflank ARGS` in-process in the clean environment; env overrides variables, and
    `stdin` is what standard input holds. Each call starts as a new process would: with no
    registry written yet."""
    from oostflank import store

    store.REPLACED.clear()
    return CliRunner().invoke(APP, list(args), input=stdin, env=runner_env(**env))


def copy_of_bundled(folder: Path, name: str = "registry.toml") -> Path:
    """A private copy of the bundled registry for commands that write: the shipped one stays."""
    path = folder / name
    shutil.copyfile(BUNDLED, path)
    return path


@contextmanager
def refused(error: type[BaseException], saying: str, lang: str = "en") -> Iterator[None]:
    """pytest.raises for this package's errors: they carry a catalogue message, not text, so the
    check is on the message as the user reads it in `lang`."""
    with pytest.raises(error) as caught:
        yield
    assert saying in text_of(caught.value, lang), text_of(caught.value, lang)
