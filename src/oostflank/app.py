"""Commands registered and run: each command's typer app (its parser's errors worded as ours),
and the guard every command opens with, which turns whatever it raises into one message and an
exit code.

Exit codes: 0 ok; 1 findings (`--exit-code`, `check`); 2 bad invocation (unknown option or
format, unreadable date, unknown id); 3 registry unusable (missing, unreadable, not UTF-8,
not TOML, invalid); 4 the official record could not be reached or read; 70 an internal error,
which is a bug; 74 standard output could not be written; 130 interrupted (Ctrl-C).

The command modules named in `commands.COMMANDS` register here with `command` and `group`;
`program` builds a command from its app here when that command is asked for.
"""

import contextlib
import datetime as dt
import functools
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, ParamSpec, TypeVar

import typer
from typer._click.core import Context
from typer._click.exceptions import ClickException, NoArgsIsHelpError
from typer._click.exceptions import UsageError as ParseError
from typer.core import TyperGroup

from oostflank.errors import OostflankError, OutputFailed, RecordUnavailable
from oostflank.i18n import language, t, text_of
from oostflank.option_values import as_of_date, choose_format
from oostflank.problems import (
    Problem,
    RegistryInvalid,
    RegistryUnreadable,
    WriteInvalid,
    errors_in,
)
from oostflank.render import OutputFormat
from oostflank.safetext import shown_path
from oostflank.streams import (
    flush_output,
    quiet_after_broken_pipe,
    reader_may_leave,
    say,
    usable_terminal_environment,
    use_color_option,
)

if TYPE_CHECKING:
    from oostflank.model import Registry
    from oostflank.store import Loaded

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_REGISTRY, EXIT_RECORD = 0, 1, 2, 3, 4
EXIT_INTERNAL = 70
EXIT_OUTPUT, EXIT_INTERRUPTED = 74, 130

# Where the raw command line waits in the context, for the language of a parser error.
_RAW_ARGS = "oostflank.raw_args"


class _UsageLine(ClickException):
    """A parser error already worded: typer shows it with `show`, then exits with its code."""

    exit_code = EXIT_USAGE

    def show(self, file: IO[Any] | None = None) -> None:
        say("oostflank: " + self.message)


class OneLineUsageErrors(TyperGroup):
    """A command group whose parser errors (an unknown option or command, a missing or wrong
    value) become one line in the user's language, worded by `usage`, instead of click's usage
    block and English `Error:` line; same exit code 2. A group called bare (`oostflank
    source`) still shows its help."""

    def make_context(
        self, info_name: str | None, args: list[str], parent: Context | None = None, **extra: Any
    ) -> Context:
        raw = list(args)
        try:
            context = super().make_context(info_name, args, parent, **extra)
        except ParseError as error:
            where = " ".join(filter(None, (parent.command_path if parent else "", info_name)))
            raw = parent.meta.get(_RAW_ARGS, raw) if parent else raw
            raise _reworded(error, raw, where) from None
        context.meta.setdefault(_RAW_ARGS, raw)  # the whole line, as the program's group got it
        return context

    def invoke(self, ctx: Context) -> Any:
        try:
            return super().invoke(ctx)
        except ParseError as error:  # the command named was being parsed, or failed to be found
            where = " ".join(filter(None, (ctx.command_path, ctx.invoked_subcommand)))
            raise _reworded(error, ctx.meta.get(_RAW_ARGS, []), where) from None


def _reworded(error: ParseError, args: list[str], where: str) -> ClickException:
    if isinstance(error, NoArgsIsHelpError):
        return error
    from oostflank.usage import chosen_language, usage_line

    return _UsageLine(usage_line(error, chosen_language(args), where))


# Each command's own typer app, registered by its module as it is imported.
APPS: dict[str, typer.Typer] = {}


def _typer(**settings: Any) -> typer.Typer:
    """A typer app as the program's: no completion options, help as written, no rich."""
    return typer.Typer(
        add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None, **settings
    )


P = ParamSpec("P")
R = TypeVar("R")


def command(
    name: str, *, on: typer.Typer | None = None
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Register a command of the program, or (`on`) of one of its groups. Its body opens with
    `opening`, which turns its errors into one message and an exit code."""

    def register(function: Callable[P, R]) -> Callable[P, R]:
        if on is None:
            on_its_own = APPS[name] = _typer()
            on_its_own.command(name)(function)
        else:
            on.command(name)(function)
        return function

    return register


def group(name: str, help: str, *, runs_alone: bool = False) -> typer.Typer:
    """Register a group of commands (`oostflank source add`); bare, it shows its help unless it
    `runs_alone` (then its `group_default` runs)."""
    group_app = APPS[name] = _typer(
        cls=OneLineUsageErrors, name=name, help=help, no_args_is_help=not runs_alone
    )
    return group_app


def group_default(group: typer.Typer) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Register what a command group does by itself (`oostflank news`); it runs before a
    subcommand too, and should do nothing then."""

    def register(function: Callable[P, R]) -> Callable[P, R]:
        group.callback(invoke_without_command=True)(function)
        return function

    return register


# the commands that may read a large registry's checked model from the cache (`model_cache`):
# those that only read it; `check` always checks, and writes read what they rewrite
CACHED_READS = frozenset(
    {"status", "expiring", "show", "budget", "agenda", "timeline", "export ics", "propose", "news"}
)


class Call:
    """What a command opens with: its name, day (the as-of date, else today), language, output
    format, and the registry it reads, loaded when first asked for (after the command's own
    options are read, so that a bad option is reported before a missing registry)."""

    def __init__(
        self, name: str, day: dt.date, lang: str, fmt: OutputFormat, registry: Path | None
    ) -> None:
        self.name, self.day, self.lang, self.format = name, day, lang, fmt
        self.registry_option = registry

    @functools.cached_property
    def registry_path(self) -> Path:
        """-r, else $OOSTFLANK_REGISTRY, else the bundled registry."""
        from oostflank import store

        return store.choose(self.registry_option).path

    @functools.cached_property
    def loaded(self) -> "Loaded":
        """The registry read and checked, with its text (writes compare and diff it)."""
        from oostflank import store

        return store.load(self.registry_path, cached=self.name in CACHED_READS)

    @property
    def registry(self) -> "Registry":
        return self.loaded.registry


@contextlib.contextmanager
def opening(
    name: str,
    formats: tuple[OutputFormat, ...] = (),
    *,
    registry: Path | None = None,
    paths: Sequence[Path] | None = None,
    as_of: str | None = None,
    fmt: str | None = None,
    lang: str | None = None,
    color: str | None = None,
) -> Iterator[Call]:
    """How every command opens: the terminal and `--color` set up, its format and day read (in
    that order), and everything it raises turned into one message in its language and an
    exit code, never a traceback. `registry` and `paths` are the command's -r and PATH
    arguments, as given: an error about a registry names the file and where its name came from.
    """
    words = language(lang)
    try:
        usable_terminal_environment()
        use_color_option(color)
        chosen = choose_format(fmt, formats, name) if formats else OutputFormat.TEXT
        call = Call(name, as_of_date(as_of), words, chosen, registry)
        try:
            yield call
        finally:
            # a failure here replaces what was raised (it is news), except a reader gone
            # away: that must not turn an exit code already decided into 0
            with reader_may_leave() if sys.exc_info()[0] else contextlib.nullcontext():
                flush_output()
    except OostflankError as error:
        file = _file_name(registry)
        origin = registry_origin(registry, paths, words)
        raise typer.Exit(report_error(error, file, words, origin)) from None
    except BrokenPipeError:
        raise typer.Exit(quiet_after_broken_pipe()) from None
    except KeyboardInterrupt:
        say("oostflank: " + interrupted(words))
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except (typer.Exit, typer.Abort, SystemExit):
        raise
    except OSError as error:
        raise typer.Exit(stream_failure(error, words)) from None
    except Exception as error:
        raise internal_error(error, words) from None


def report_error(error: OostflankError, file: str, lang: str, origin: str = "") -> int:
    """Say what went wrong (every problem of an invalid registry first), ending the last line
    with `origin` (where the registry's name came from, when not from the command line); the
    exit code."""
    if isinstance(error, OutputFailed):
        key = "output.failed_after_write" if error.written else "output.failed"
        say("oostflank: " + t(key, lang, reason=error.reason))
        return EXIT_OUTPUT
    if isinstance(error, WriteInvalid):
        _report_problems(error.problems, file, lang)
        say("oostflank: " + t("write.invalid", lang, file=file) + origin)
        return EXIT_FINDINGS
    if isinstance(error, RegistryInvalid):
        _report_problems(error.problems, file, lang)
        count = errors_in(error.problems)
        say("oostflank: " + t("registry.has_errors", lang, file=file, count=count) + origin)
        return EXIT_REGISTRY
    if isinstance(error, RegistryUnreadable):
        say("oostflank: " + text_of(error, lang) + origin)
        return EXIT_REGISTRY
    say("oostflank: " + text_of(error, lang))
    return EXIT_RECORD if isinstance(error, RecordUnavailable) else EXIT_USAGE


def registry_origin(registry: object, paths: object, lang: str) -> str:
    """ " (the registry named by $OOSTFLANK_REGISTRY)" when that is where its name came from."""
    import os

    from oostflank import store

    if registry is not None or paths or not os.environ.get(store.ENV_VAR):
        return ""
    return " " + t("registry.from_env", lang, variable=store.ENV_VAR)


def _report_problems(problems: list[Problem], file: str, lang: str) -> None:
    for problem in problems:
        say(problem.line_text(file, lang))


def _file_name(explicit: Path | None) -> str:
    from oostflank import store

    return shown_path(store.choose(explicit).path)


def interrupted(lang: str) -> str:
    """What a Ctrl-C left behind: a registry written before it came is written."""
    store = sys.modules.get("oostflank.store")  # not loaded: nothing was written
    replaced = getattr(store, "REPLACED", [])
    if replaced:
        return t("interrupted.written", lang, path=shown_path(replaced[-1]))
    return t("interrupted", lang)


def stream_failure(error: OSError, lang: str) -> int:
    """An OSError that reached the edge. Without a file name it is a write to stdout that
    failed (full, closed): not a bug, exit 74. File errors are worded by the store, so one
    with a name getting here is a bug."""
    if error.filename is not None:
        return internal_error(error, lang).exit_code
    say("oostflank: " + t("output.failed", lang, reason=error.strerror or error))
    return EXIT_OUTPUT


def internal_error(error: Exception, lang: str) -> typer.Exit:
    """A bug: say so in one line, not a traceback."""
    say("oostflank: " + t("internal", lang, kind=type(error).__name__, error=error))
    return typer.Exit(EXIT_INTERNAL)


@contextlib.contextmanager
def verdict(found: bool, exit_code: bool) -> Iterator[None]:
    """`--exit-code`: exit 1 when anything is listed, even if the reader of a pipe went away
    halfway through the listing (`| head -1` must not turn a finding green)."""
    flagged = found and exit_code
    try:
        yield
    except BrokenPipeError:
        if not flagged:
            raise
        quiet_after_broken_pipe()
    if flagged:
        raise typer.Exit(EXIT_FINDINGS)
