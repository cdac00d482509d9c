"""The entry point: prepare the standard streams, build the part of the app a call needs, run it,
and turn whatever escapes into an exit code. Only `__main__` imports this module; the app and
its commands live in `app` and the `*_commands` modules."""

from __future__ import annotations

import errno
import io
import sys
from typing import TYPE_CHECKING, NamedTuple

import typer

from oostflank.app import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_OUTPUT,
    EXIT_USAGE,
    app,
    internal_error,
    interrupted,
    quiet_after_broken_pipe,
    say,
    stream_failure,
)
from oostflank.i18n import LANGUAGES, language, t, text_of
from oostflank.messages import Msg, msg

if TYPE_CHECKING:
    from oostflank.completion import ScriptRequest


def main() -> None:
    """Run the command line; `oostflank.__main__` calls this once Ctrl-C is guarded."""
    prepare_streams()
    from oostflank import completion

    instruction = completion.requested()
    if instruction is not None:  # the shell asks what may come next on its line
        line = completion.CommandLine(options_after_command, LEADING_OPTIONS, app_for)
        sys.exit(_flushed(completion.run(instruction, line)))
    args = sys.argv[1:]
    if any(not _is_utf8(arg) for arg in args):
        say("oostflank: " + t("args.not_utf8", language(None)))
        sys.exit(EXIT_USAGE)
    script = completion.script_request(_split_leading(args).rest)  # they change nothing
    if script is not None:
        sys.exit(_flushed(_completion_script(script)))
    moved = options_after_command(args)
    if moved is None:
        say("oostflank: " + text_of(misplaced(args), language(_lang_before(args))))
        sys.exit(EXIT_USAGE)
    args = sys.argv[1:] = moved  # typer reads sys.argv
    try:
        # named as installed, also under `python -m`: --install-completion writes for it
        app_for(args)(prog_name=completion.PROG_NAME)
        code: int = EXIT_OK
    except SystemExit as exit:
        code = exit.code if isinstance(exit.code, int) else EXIT_USAGE
        if type(sys.stdout).__name__ == "PacifyFlushWrapper":
            code = EXIT_OK  # typer's sign that the pipe broke while printing help: exit 0
    except KeyboardInterrupt:
        say("oostflank: " + interrupted(language(None)))
        code = EXIT_INTERRUPTED
    except BrokenPipeError:
        code = quiet_after_broken_pipe()
    except OSError as error:  # outside a command: writing --help or --version failed
        code = stream_failure(error, language(None))
    except Exception as error:
        code = internal_error(error, language(None)).exit_code
    sys.exit(_flushed(code))


def _completion_script(request: ScriptRequest) -> int:
    """`--show-completion`/`--install-completion`, with its errors as one line each."""
    from oostflank import completion
    from oostflank.errors import UsageError

    lang = language(None)
    try:
        script, installed = completion.answer_script(request)
    except UsageError as error:
        say("oostflank: " + text_of(error, lang))
        return EXIT_USAGE
    except OSError as error:
        reason = f"{error.filename}: {error.strerror}" if error.filename else str(error)
        say("oostflank: " + t("completion.install_failed", lang, reason=reason))
        return EXIT_OUTPUT
    try:
        text = script if installed is None else text_of(installed, lang)
        sys.stdout.write(text.rstrip("\n") + "\n")
        sys.stdout.flush()
    except BrokenPipeError:
        return quiet_after_broken_pipe()
    except OSError as error:
        return stream_failure(error, lang)
    return EXIT_OK


def _is_utf8(arg: str) -> bool:
    """Python hands over undecodable bytes as lone surrogates; those are no text to act on."""
    try:
        arg.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _flushed(code: int) -> int:
    """The exit code once stdout is flushed: help and version text go out late, at exit."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        quiet_after_broken_pipe()
    except OSError as error:
        return stream_failure(error, language(None))
    return code


class _ClosedOutput(io.TextIOBase):
    """Stands in for a closed stdout (`oostflank status >&-`), so printing fails as an OSError
    (exit 74) instead of crashing on None."""

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "standard output is closed")

    def flush(self) -> None:
        return None


def prepare_streams() -> None:
    """Standard streams that cannot fail on text: a closed stdout becomes a failing stream, and
    characters the encoding cannot hold (cp1252 on Windows, ASCII) become ASCII stand-ins or
    visible escapes instead of a UnicodeEncodeError."""
    from oostflank.safetext import register_fallback

    if sys.stdout is None:
        sys.stdout = _ClosedOutput()
    handler = register_fallback()
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors=handler)


# Where each command is registered; a name not here (a write command, a typo, help) loads all.
_READ, _VIEW, _WRITE, _NEWS, _SCHEMA = (
    "oostflank.read_commands",
    "oostflank.view_commands",
    "oostflank.write_commands",
    "oostflank.news_commands",
    "oostflank.schema_command",
)
_HOMES = {
    **dict.fromkeys(("status", "expiring", "show", "check", "budget"), _READ),
    **dict.fromkeys(("agenda", "timeline", "export"), _VIEW),
    "news": _NEWS,
    "schema": _SCHEMA,
}
COMMAND_MODULES = (_READ, _VIEW, _WRITE, _NEWS, _SCHEMA)


def full_app() -> typer.Typer:
    """The app with every command: each command module registers its commands when imported."""
    import importlib

    for module in COMMAND_MODULES:
        importlib.import_module(module)
    return app


# Options that may also come before the command, as git and hledger allow
# (`oostflank -r my.toml --lang nl status`); each takes a value.
LEADING_OPTIONS = frozenset({"-r", "--registry", "--lang", "--color", "--as-of"})
# Commands whose name is two words: the options go after both.
SUBCOMMANDS = {"source": {"add"}, "milestone": {"add", "done"}, "news": {"ack"}, "export": {"ics"}}
# Groups that are a command themselves when no subcommand follows (`news` lists papers).
GROUP_DEFAULTS = frozenset({"news"})


class _Leading(NamedTuple):
    """The options before the command, and what follows them."""

    moved: list[str]
    rest: list[str]
    last: str  # the last of those options, as typed without its value ("" if none)
    lacks_value: bool  # the line ends where that option's value should be


def _split_leading(args: list[str]) -> _Leading:
    moved: list[str] = []
    last = ""
    index = 0
    while index < len(args) and _leading(args[index]):
        takes_next = "=" not in args[index] and args[index] in LEADING_OPTIONS
        last = "-r" if args[index].startswith("-r") else args[index].partition("=")[0]
        moved += args[index : index + 1 + takes_next]
        index += 1 + takes_next
    return _Leading(moved, args[index:], last, index > len(args))


def options_after_command(args: list[str]) -> list[str] | None:
    """The arguments with options given before the command moved to just after its name, so
    that the same option given after the command (later on the line) wins. An option the
    command does not take (`--as-of` before a write command) is then refused by it, exit 2.
    None when such options are not followed by a command (`misplaced` says why)."""
    moved, rest, _, _ = _split_leading(args)
    if rest[:1] in (["-h"], ["--help"], ["--version"]):
        return rest[:1]  # the program's help or version, whatever follows: as click does
    if not moved:
        return args
    if not rest or rest[0].startswith("-"):
        return None
    named = len(rest) > 1 and rest[1] in SUBCOMMANDS.get(rest[0], ())
    if rest[0] in SUBCOMMANDS and rest[0] not in GROUP_DEFAULTS and not named:
        return rest  # a group's own help or its list of commands: the options change nothing
    words = 2 if named else 1
    return [*rest[:words], *moved, *rest[words:]]


def _lang_before(args: list[str]) -> str | None:
    """`--lang` as given before the command (the last, if twice), for the message that says no
    command followed."""
    moved = _split_leading(args).moved
    chosen = []
    for index, arg in enumerate(moved):
        if arg == "--lang" and index + 1 < len(moved):
            chosen.append(moved[index + 1])
        elif arg.startswith("--lang="):
            chosen.append(arg.partition("=")[2])
    return next((value for value in reversed(chosen) if value in LANGUAGES), None)


def misplaced(args: list[str]) -> Msg:
    """Why `options_after_command` found no command after the options before it."""
    _, rest, last, lacks_value = _split_leading(args)
    if lacks_value:
        return msg("args.no_value", option=last)
    if rest:
        return msg("args.not_leading", option=rest[0].partition("=")[0])
    return msg("args.no_command", option=last)


def _leading(arg: str) -> bool:
    """`-r FILE`, `-rFILE`, `--registry=FILE`, `--lang nl`, `--as-of=2026-05-20`…"""
    return arg.partition("=")[0] in LEADING_OPTIONS or (arg.startswith("-r") and arg[2:3] != "-")


def app_for(args: list[str]) -> typer.Typer:
    """The app with only the command that `args` names (all of them for help or a typo).

    typer inspects every registered command's signature on every call: importing and building
    only what was asked for keeps a read command's start-up close to the cost of importing
    typer itself.
    """
    import copy
    import importlib

    name = next((arg for arg in args if not arg.startswith("-")), None)
    home = _HOMES.get(name or "")
    if home is None:
        full_app()
    else:
        importlib.import_module(home)
    commands = [c for c in app.registered_commands if c.name == name]
    groups = [g for g in app.registered_groups if g.name == name]
    if not commands and not groups:
        full_app()
        return app
    slim = copy.copy(app)
    slim.registered_commands, slim.registered_groups = commands, groups
    return slim
