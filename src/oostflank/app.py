"""The typer app and what every command shares: options read the same way, errors turned into
one message and an exit code, output flushed and its failures told apart from bugs.

Exit codes: 0 ok; 1 findings (`--exit-code`, `check`); 2 bad invocation (unknown option or
format, unreadable date, unknown id); 3 registry unusable (missing, unreadable, not UTF-8,
not TOML, invalid); 4 the official record could not be reached or read; 70 an internal error,
which is a bug; 74 standard output could not be written; 130 interrupted (Ctrl-C).

The command modules (`read_commands`, `view_commands`, `write_commands`) import this one and
register on its `app`; `cli` imports only the modules a call needs.
"""

import contextlib
import datetime as dt
import functools
import io
import os
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any, ParamSpec, TypeVar

import typer
from typer._click.core import Context
from typer._click.exceptions import ClickException, NoArgsIsHelpError
from typer._click.exceptions import UsageError as ParseError
from typer.core import TyperGroup

from oostflank import __version__, typed_dates
from oostflank.dates import PartialDate
from oostflank.errors import (
    DateError,
    OostflankError,
    OutputFailed,
    Problem,
    RecordUnavailable,
    RegistryInvalid,
    RegistryUnreadable,
    Severity,
    UsageError,
    WriteInvalid,
)
from oostflank.i18n import language, t, text_of
from oostflank.messages import Msg, msg
from oostflank.render import OutputFormat
from oostflank.safetext import shown_path, single_line, visible

if TYPE_CHECKING:
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
    """The program's command group. Errors of typer's parser (an unknown option or command, a
    missing or wrong value) become one line in the user's language, worded by `usage`, instead
    of click's usage block and English `Error:` line; same exit code 2, in-process as well as
    from `cli`. A group called bare (`oostflank source`) still shows its help."""

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


app = typer.Typer(
    cls=OneLineUsageErrors,
    name="oostflank",
    help="Track the Netherlands' military deployments on NATO's eastern flank and their mandates.",
    epilog="Exit codes: 0 ok; 1 findings (--exit-code, check, fmt --check, a refused invalid "
    "write); 2 bad invocation; 3 registry unusable; 4 official record unreachable (news); "
    "70 internal error; 74 output failed; 130 interrupted. -r, --lang, --color and --as-of may "
    "also come before the command (oostflank -r my.toml --lang nl status).",
    add_completion=True,  # --install-completion, --show-completion; answered by `completion`
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

P = ParamSpec("P")
R = TypeVar("R")


def say(message: str) -> None:
    """One line on stderr, with registry text made inert. A stderr that cannot be written
    (full, closed) is given up quietly: the exit code still says what happened."""
    try:
        # a line break in a typed value or registry text would start a line of its own
        sys.stderr.write(single_line(message) + "\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        sys.stderr = io.StringIO()  # nowhere left to say it; keep the exit code truthful


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
        errors = sum(p.severity is Severity.ERROR for p in error.problems)
        say("oostflank: " + t("registry.has_errors", lang, file=file, count=errors) + origin)
        return EXIT_REGISTRY
    if isinstance(error, RegistryUnreadable):
        say("oostflank: " + text_of(error, lang) + origin)
        return EXIT_REGISTRY
    say("oostflank: " + text_of(error, lang))
    return EXIT_RECORD if isinstance(error, RecordUnavailable) else EXIT_USAGE


def registry_origin(registry: object, paths: object, lang: str) -> str:
    """ " (the registry named by $OOSTFLANK_REGISTRY)" when that is where its name came from."""
    from oostflank import store

    if registry is not None or paths or not os.environ.get(store.ENV_VAR):
        return ""
    return " " + t("registry.from_env", lang, variable=store.ENV_VAR)


def _report_problems(problems: list[Problem], file: str, lang: str) -> None:
    from oostflank.views import problem_line

    for problem in problems:
        say(problem_line(problem, file, lang))


def command(
    *names: str, on: typer.Typer | None = None
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Register a command whose errors become one message and an exit code, never a traceback."""

    def register(function: Callable[P, R]) -> Callable[P, R]:
        run = guarded(function)
        (on or app).command(*names)(run)
        return run

    return register


def group_default(group: typer.Typer) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Register what a command group does by itself (`oostflank news`), guarded like a command;
    it runs before a subcommand too, and should do nothing then."""

    def register(function: Callable[P, R]) -> Callable[P, R]:
        run = guarded(function)
        group.callback(invoke_without_command=True)(run)
        return run

    return register


def guarded(function: Callable[P, R]) -> Callable[P, R]:
    """The function with its errors turned into one message and an exit code."""

    @functools.wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        lang = language(str(kwargs["lang"]) if kwargs.get("lang") else None)
        try:
            usable_terminal_environment()
            use_color_option(kwargs.get("color"))
            try:
                return function(*args, **kwargs)
            finally:
                # a failure here replaces what was raised (it is news), except a reader
                # gone away: that must not turn an exit code already decided into 0
                with reader_may_leave() if sys.exc_info()[0] else contextlib.nullcontext():
                    flush_output()
        except OostflankError as error:
            file = _file_name(kwargs.get("registry"))
            raise typer.Exit(
                report_error(
                    error,
                    file,
                    lang,
                    registry_origin(kwargs.get("registry"), kwargs.get("paths"), lang),
                )
            ) from None
        except BrokenPipeError:
            raise typer.Exit(quiet_after_broken_pipe()) from None
        except KeyboardInterrupt:
            say("oostflank: " + interrupted(lang))
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except OSError as error:
            raise typer.Exit(stream_failure(error, lang)) from None
        except Exception as error:
            raise internal_error(error, lang) from None

    return run


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


def flush_output() -> None:
    """Push out what is buffered, so that a full or closed stdout is reported here (exit 74),
    while it can still be told apart from a bug; a broken pipe (`| head`) is not a failure."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as error:
        raise OutputFailed(error.strerror or str(error)) from None


def quiet_after_broken_pipe() -> int:
    """The reader went away (`oostflank status | head -1`): nothing more to say, exit 0."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass  # an in-memory stdout (tests) has no descriptor to redirect
    finally:
        os.close(devnull)
    return EXIT_OK


@contextlib.contextmanager
def reader_may_leave() -> Iterator[None]:
    """Printing that may stop when the reader of a pipe goes away, the command carrying on to
    the exit code it owes (`check a.toml b.toml | head -1` still judges both files)."""
    try:
        yield
    except BrokenPipeError:
        quiet_after_broken_pipe()


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


def use_color_option(text: object) -> None:
    """`--color` for this call (auto when not given); an unknown value is exit 2."""
    from oostflank.terminal import COLOR_CHOICES, use_color

    choice = "auto" if text is None else str(text).strip().lower()
    if choice not in COLOR_CHOICES:
        use_color("auto")
        raise UsageError(msg("color.bad", text=text, choices=", ".join(COLOR_CHOICES)))
    use_color(choice)


_TERMINAL_SIZE = re.compile(r"[0-9]{1,5}")
MAX_COLUMNS = 10_000


def usable_terminal_environment() -> None:
    """COLUMNS and LINES that are not a whole number from 1 to 10,000 (`0`, `²`, `abc`) count as
    unset: rich would print nothing for 0 and crash on `²`."""
    import os

    for variable in ("COLUMNS", "LINES"):
        value = os.environ.get(variable)
        if value is None:
            continue
        if not _TERMINAL_SIZE.fullmatch(value) or not 1 <= int(value) <= MAX_COLUMNS:
            del os.environ[variable]


def _file_name(explicit: object) -> str:
    from oostflank import store

    return shown_path(store.choose(explicit if isinstance(explicit, Path) else None).path)


def as_of_date(text: str | None) -> dt.date:
    """The as-of date: the one given, else today by the clock (`typed_dates.clock_today`)."""
    if text is None:
        return typed_dates.clock_today()
    return date_option("--as-of", text).first


def date_option(option: str, text: str, *, relative_to: dt.date | None = None) -> PartialDate:
    """A typed date; `today`/`vandaag` and friends count from `relative_to` (the as-of date
    for windows such as --before), else from the clock (--as-of, the write commands)."""
    today = relative_to if relative_to is not None else typed_dates.clock_today()
    try:
        return typed_dates.parse_user_date(text, today=today)
    except DateError as error:
        raise UsageError(msg("option.bad", option=option, error=error.args[0])) from None


def last_day_of(
    as_of: dt.date, before: str | None, by: str | None, within: str | None, missing: Msg
) -> dt.date:
    """The last day a window covers: exactly one of --before, --by, --within must be given."""
    from oostflank.queries import expiry_limit

    given = [
        n for n, v in (("--before", before), ("--by", by), ("--within", within)) if v is not None
    ]
    if len(given) != 1:
        raise UsageError(missing)
    try:
        return expiry_limit(
            as_of,
            before=date_option("--before", before, relative_to=as_of)
            if before is not None
            else None,
            by=date_option("--by", by, relative_to=as_of) if by is not None else None,
            within=within,
        )
    except DateError as error:
        raise UsageError(msg("option.bad", option=given[0], error=error.args[0])) from None


def duration_option(name: str, text: str, day: dt.date) -> dt.date:
    """A duration option (`90d`, `6w`, `3m`, `1y`) counted from `day`; unreadable is exit 2."""
    from oostflank.dates import add_duration

    try:
        return add_duration(day, text)
    except DateError as error:
        raise UsageError(msg("option.bad", option=name, error=error.args[0])) from None


def window_words(last_day: dt.date, before: str | None, by: str | None, within: str | None) -> Msg:
    """How the user put the window, for a sentence: "before 1 Jan 2025", "by 31 Dec 2026",
    "within 90d (by 18 Aug 2026)"."""
    if before is not None:
        return msg("window.before", date=PartialDate.of_day(last_day + dt.timedelta(days=1)))
    if by is not None:
        return msg("window.by", date=PartialDate.of_day(last_day))
    return msg("window.within", duration=within, date=PartialDate.of_day(last_day))


def choose_format(
    fmt: str | None, allowed: tuple[OutputFormat, ...], command_name: str
) -> OutputFormat:
    """The --format asked for, if the command gives it (any case); else the command's first."""
    if fmt is None:
        return allowed[0]
    chosen = next((f for f in allowed if f.value == fmt.strip().lower()), None)
    if chosen is None:
        import shlex

        names = ", ".join(f.value for f in allowed)
        # as the shell would show it, so that an empty or spaced value is seen for what it is
        shown = shlex.quote(visible(fmt))
        raise UsageError(
            msg("format.unsupported", command=command_name, format=shown, choices=names)
        )
    return chosen


def registry_paths(paths: list[Path] | None, registry: Path | None) -> list[Path]:
    """The files a command that takes several works on: its arguments, else the one registry
    -r (or the environment, or the bundled one) names; both at once is ambiguous."""
    from oostflank import store

    if paths and registry is not None:
        raise UsageError(msg("paths.and_registry"))
    return list(paths) if paths else [store.choose(registry).path]


def load_registry(registry: Path | None) -> "Loaded":
    from oostflank import store

    return store.load(store.choose(registry).path)


def _version(ctx: typer.Context, value: bool) -> None:
    if value and not ctx.resilient_parsing:  # not while the shell completes a line
        try:
            sys.stdout.write(f"oostflank {__version__}\n")
            sys.stdout.flush()
        except BrokenPipeError:
            quiet_after_broken_pipe()
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """The options before any command: --version (the help and exit codes are the app's own
    `help` and `epilog` above)."""
