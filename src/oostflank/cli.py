"""The typer app: options in, store -> queries -> views -> render out, errors -> exit codes.

Exit codes: 0 ok; 1 findings (`--exit-code`, `check`); 2 bad invocation (unknown option or
format, unreadable date, unknown id); 3 registry unusable (missing, unreadable, not UTF-8,
not TOML, invalid); 70 an internal error, which is a bug; 130 interrupted (Ctrl-C).
"""

import contextlib
import datetime as dt
import errno
import functools
import io
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, ParamSpec, TypeVar

import typer

from oostflank import __version__, typed_dates
from oostflank.dates import PartialDate
from oostflank.errors import (
    DateError,
    OostflankError,
    OutputFailed,
    Problem,
    RegistryInvalid,
    RegistryUnreadable,
    Severity,
    UsageError,
    WriteInvalid,
)
from oostflank.i18n import Msg, human_day, language, msg, t, text_of
from oostflank.options import AsOfOpt, ExitCodeOpt, FormatOpt, LangOpt, RegistryOpt
from oostflank.render import PAGE_FORMATS, OutputFormat, emit_detail, emit_listing, to_json
from oostflank.safetext import shown_path, visible

if TYPE_CHECKING:
    from oostflank.store import Loaded

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_REGISTRY, EXIT_INTERNAL = 0, 1, 2, 3, 70
EXIT_OUTPUT, EXIT_INTERRUPTED = 74, 130
LIST_FORMATS = (
    OutputFormat.TABLE,
    OutputFormat.JSON,
    OutputFormat.CSV,
    OutputFormat.MARKDOWN,
    OutputFormat.HTML,
    OutputFormat.SVG,
)

app = typer.Typer(
    name="oostflank",
    help="Track the Netherlands' military deployments on NATO's eastern flank and their mandates.",
    add_completion=False,
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
        sys.stderr.write(visible(message) + "\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        sys.stderr = io.StringIO()  # nowhere left to say it; keep the exit code truthful


def _exit_code(error: OostflankError, file: str, lang: str) -> int:
    if isinstance(error, OutputFailed):
        key = "output.failed_after_write" if error.written else "output.failed"
        say("oostflank: " + t(key, lang, reason=error.reason))
        return EXIT_OUTPUT
    if isinstance(error, WriteInvalid):
        _report_problems(error.problems, file, lang)
        say("oostflank: " + t("write.invalid", lang, file=file))
        return EXIT_FINDINGS
    if isinstance(error, RegistryInvalid):
        _report_problems(error.problems, file, lang)
        errors = sum(p.severity is Severity.ERROR for p in error.problems)
        say("oostflank: " + t("registry.has_errors", lang, file=file, count=errors))
        return EXIT_REGISTRY
    say("oostflank: " + text_of(error, lang))
    return EXIT_REGISTRY if isinstance(error, RegistryUnreadable) else EXIT_USAGE


def _report_problems(problems: list[Problem], file: str, lang: str) -> None:
    from oostflank.views import problem_line

    for problem in problems:
        say(problem_line(problem, file, lang))


def command(
    *names: str, on: typer.Typer | None = None
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Register a command whose errors become one message and an exit code, never a traceback."""

    def register(function: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(function)
        def run(*args: P.args, **kwargs: P.kwargs) -> R:
            lang = language(str(kwargs["lang"]) if kwargs.get("lang") else None)
            try:
                usable_terminal_environment()
                try:
                    return function(*args, **kwargs)
                finally:
                    flush_output()  # a failure here replaces what was raised: it is news
            except OostflankError as error:
                raise typer.Exit(
                    _exit_code(error, _file_name(kwargs.get("registry")), lang)
                ) from None
            except BrokenPipeError:
                raise typer.Exit(quiet_after_broken_pipe()) from None
            except KeyboardInterrupt:
                say("oostflank: " + t("interrupted", lang))
                raise typer.Exit(EXIT_INTERRUPTED) from None
            except (typer.Exit, typer.Abort, SystemExit):
                raise
            except OSError as error:
                raise typer.Exit(_stream_failure(error, lang)) from None
            except Exception as error:
                raise _internal(error, lang) from None

        (on or app).command(*names)(run)
        return run

    return register


def _stream_failure(error: OSError, lang: str) -> int:
    """An OSError that reached the edge. Without a file name it is a write to stdout that
    failed (full, closed): not a bug, exit 74. File errors are worded by the store, so one
    with a name getting here is a bug."""
    if error.filename is not None:
        return _internal(error, lang).exit_code
    say("oostflank: " + t("output.failed", lang, reason=error.strerror or error))
    return EXIT_OUTPUT


def _internal(error: Exception, lang: str) -> typer.Exit:
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


def choose_format(
    fmt: OutputFormat | None, allowed: tuple[OutputFormat, ...], command_name: str
) -> OutputFormat:
    chosen = fmt or allowed[0]
    if chosen not in allowed:
        names = ", ".join(f.value for f in allowed)
        raise UsageError(
            msg("format.unsupported", command=command_name, format=chosen.value, choices=names)
        )
    return chosen


def load_registry(registry: Path | None) -> "Loaded":
    from oostflank import store

    return store.load(store.choose(registry).path)


def _version(value: bool) -> None:
    if value:
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
    """Track the Netherlands' military deployments on NATO's eastern flank and their mandates.

    Exit codes: 0 ok, 1 findings (--exit-code, check), 2 bad invocation, 3 registry unusable.
    """


@command("status")
def status(
    registry: RegistryOpt = None,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = None,
    lang: LangOpt = None,
    active: Annotated[
        bool, typer.Option("--active", help="Only deployments active on the date.")
    ] = False,
) -> None:
    """Every deployment and its mandate on the as-of date."""
    from oostflank.queries import status_rows
    from oostflank.views import status_listing

    chosen = choose_format(fmt, LIST_FORMATS, "status")
    day = as_of_date(as_of)
    words = language(lang)
    loaded = load_registry(registry)
    rows = status_rows(loaded.registry, day, active_only=active)
    title = loaded.registry.title or t("title.deployments", words)
    emit_listing(status_listing(rows, loaded.registry, day, title, words), chosen)


@command("expiring")
def expiring(
    registry: RegistryOpt = None,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = None,
    lang: LangOpt = None,
    before: Annotated[
        str | None,
        typer.Option(
            "--before", help="Ends before this date (exclusive; 2026-07 = before 1 July)."
        ),
    ] = None,
    by: Annotated[
        str | None,
        typer.Option("--by", help="Ends by this date (inclusive; 2026 = by 31 December 2026)."),
    ] = None,
    within: Annotated[
        str | None,
        typer.Option("--within", help="Ends within this time of the as-of date: 90d, 6w, 3m, 1y."),
    ] = None,
    exit_code: ExitCodeOpt = False,
) -> None:
    """Mandates that end by then, soonest first; a lapsed minimum end stays listed."""
    from oostflank.queries import expiring as expiring_rows
    from oostflank.views import status_listing

    chosen = choose_format(fmt, LIST_FORMATS, "expiring")
    day = as_of_date(as_of)
    last_day = last_day_of(day, before, by, within, msg("expiring.one_bound"))
    loaded = load_registry(registry)
    rows = expiring_rows(loaded.registry, day, last_day)
    words = language(lang)
    title = t("title.expiring", words, date=human_day(last_day, words))
    with verdict(bool(rows), exit_code):
        emit_listing(status_listing(rows, loaded.registry, day, title, words), chosen)


@command("show")
def show(
    deployment_id: Annotated[
        str, typer.Argument(metavar="ID", help="The deployment's id, e.g. mnbg-lithuania.")
    ],
    registry: RegistryOpt = None,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = None,
    lang: LangOpt = None,
) -> None:
    """Everything about one deployment: mandate, decisions, milestones, sources with links."""
    from oostflank.queries import find_deployment
    from oostflank.views import deployment_detail

    show_formats = (OutputFormat.TABLE, OutputFormat.JSON, OutputFormat.MARKDOWN, *PAGE_FORMATS)
    chosen = choose_format(fmt, show_formats, "show")
    day = as_of_date(as_of)
    loaded = load_registry(registry)
    deployment = find_deployment(loaded.registry, deployment_id)
    emit_detail(deployment_detail(deployment, loaded.registry, day, language(lang)), chosen)


@command("check")
def check(
    registry: RegistryOpt = None,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = None,
    lang: LangOpt = None,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail the check too.")] = False,
) -> None:
    """Validate the registry and list every problem, one per line: FILE:LINE: error|warning: ..."""
    from oostflank import store
    from oostflank.locate import locate
    from oostflank.queries import stale
    from oostflank.registry import read_data
    from oostflank.views import check_record, problem_line

    chosen = choose_format(fmt, (OutputFormat.TEXT, OutputFormat.JSON), "check")
    day = as_of_date(as_of)
    path = store.choose(registry).path
    text = store.read_text(path)
    try:
        built, problems = read_data(store.parse_toml(text), scan_text=store.may_hold_unsafe(text))
        problems = locate([*problems, *stale(built, day)], text)
        if not built.deployments:
            problems.append(Problem(Severity.WARNING, (), msg("registry.empty")))
    except RegistryInvalid as error:
        problems = error.problems
    file = shown_path(path)
    if chosen is OutputFormat.JSON:
        sys.stdout.write(to_json(check_record(problems, str(path))))
    else:
        words = language(lang)
        for problem in problems:
            sys.stdout.write(visible(problem_line(problem, file, words)) + "\n")
        errors = sum(p.severity is Severity.ERROR for p in problems)
        warnings = len(problems) - errors
        say(t("check.summary", words, file=file, errors=errors, warnings=warnings))
    failed = any(p.severity is Severity.ERROR for p in problems) or (strict and problems)
    raise typer.Exit(EXIT_FINDINGS if failed else EXIT_OK)


@command("budget")
def budget(
    registry: RegistryOpt = None,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = None,
    lang: LangOpt = None,
    year: Annotated[int | None, typer.Option("--year", help="Only this fiscal year.")] = None,
) -> None:
    """What the deployments cost per fiscal year and budget article, as the letter gives it."""
    from oostflank.views import budget_listing

    chosen = choose_format(fmt, LIST_FORMATS, "budget")
    as_of_date(as_of)
    loaded = load_registry(registry)
    emit_listing(budget_listing(loaded.registry, year, language(lang)), chosen)


READ_COMMANDS = frozenset({"status", "expiring", "show", "check", "budget"})


def main() -> None:
    """Run the command line; `oostflank.__main__` calls this once Ctrl-C is guarded."""
    prepare_streams()
    args = sys.argv[1:]
    if any(not _is_utf8(arg) for arg in args):
        say("oostflank: " + t("args.not_utf8", language(None)))
        sys.exit(EXIT_USAGE)
    try:
        app_for(args)()
        code: int = EXIT_OK
    except SystemExit as exit:
        code = exit.code if isinstance(exit.code, int) else EXIT_USAGE
        if type(sys.stdout).__name__ == "PacifyFlushWrapper":
            code = EXIT_OK  # typer's sign that the pipe broke while printing help: exit 0
    except KeyboardInterrupt:
        say("oostflank: " + t("interrupted", language(None)))
        code = EXIT_INTERRUPTED
    except BrokenPipeError:
        code = quiet_after_broken_pipe()
    except OSError as error:  # outside a command: writing --help or --version failed
        code = _stream_failure(error, language(None))
    except Exception as error:
        code = _internal(error, language(None)).exit_code
    sys.exit(_flushed(code))


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
        return _stream_failure(error, language(None))
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


def full_app() -> typer.Typer:
    """The app with every command: the write commands register themselves when imported."""
    from oostflank import view_commands, write_commands  # noqa: F401

    return app


def app_for(args: list[str]) -> typer.Typer:
    """The app with only the command that `args` names (all of them for help or a typo).

    typer inspects every registered command's signature on every call, and the write commands
    are a module of their own: building only what was asked for keeps a read command's
    start-up close to the cost of importing typer itself.
    """
    import copy

    name = next((arg for arg in args if not arg.startswith("-")), None)
    if name not in READ_COMMANDS:
        full_app()
    commands = [c for c in app.registered_commands if c.name == name]
    groups = [g for g in app.registered_groups if g.name == name]
    if not commands and not groups:
        return app
    slim = copy.copy(app)
    slim.registered_commands, slim.registered_groups = commands, groups
    return slim
