"""The typer app: options in, store -> queries -> views -> render out, errors -> exit codes.

Exit codes: 0 ok; 1 findings (`--exit-code`, `check`); 2 bad invocation (unknown option or
format, unreadable date, unknown id); 3 registry unusable (missing, unreadable, not UTF-8,
not TOML, invalid); 70 an internal error, which is a bug; 130 interrupted (Ctrl-C).
"""

import datetime as dt
import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, ParamSpec, TypeVar

import typer

from oostflank import __version__, typed_dates
from oostflank.dates import PartialDate
from oostflank.errors import (
    DateError,
    OostflankError,
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
from oostflank.safetext import visible

if TYPE_CHECKING:
    from oostflank.store import Loaded

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_REGISTRY, EXIT_INTERNAL = 0, 1, 2, 3, 70
EXIT_INTERRUPTED = 130
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
    """One line on stderr, with registry text made inert."""
    sys.stderr.write(visible(message) + "\n")


def _exit_code(error: OostflankError, file: str, lang: str) -> int:
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
            registry = kwargs.get("registry")
            lang = language(str(kwargs["lang"]) if kwargs.get("lang") else None)
            try:
                return function(*args, **kwargs)
            except OostflankError as error:
                raise typer.Exit(_exit_code(error, _file_name(registry), lang)) from None
            except BrokenPipeError:
                sys.stdout = open("/dev/null", "w")  # noqa: SIM115 - quiet exit when piped to head
                raise typer.Exit(EXIT_OK) from None
            except KeyboardInterrupt:
                say("oostflank: " + t("interrupted", lang))
                raise typer.Exit(EXIT_INTERRUPTED) from None
            except (typer.Exit, typer.Abort, SystemExit):
                raise
            except Exception as error:  # a bug: say so in one line, not a traceback
                say("oostflank: " + t("internal", lang, kind=type(error).__name__, error=error))
                raise typer.Exit(EXIT_INTERNAL) from None

        (on or app).command(*names)(run)
        return run

    return register


def _file_name(explicit: object) -> str:
    from oostflank import store

    return str(store.choose(explicit if isinstance(explicit, Path) else None).path)


def as_of_date(text: str | None) -> dt.date:
    """The as-of date: the one given, else today by the clock (`typed_dates.clock_today`)."""
    if text is None:
        return typed_dates.clock_today()
    return date_option("--as-of", text).first


def date_option(option: str, text: str) -> PartialDate:
    try:
        return typed_dates.parse_user_date(text, today=typed_dates.clock_today())
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
            before=date_option("--before", before) if before is not None else None,
            by=date_option("--by", by) if by is not None else None,
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
        sys.stdout.write(f"oostflank {__version__}\n")
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
    """Deployments active on the as-of date whose mandate ends soon, soonest first."""
    from oostflank.queries import expiring as expiring_rows
    from oostflank.views import status_listing

    chosen = choose_format(fmt, LIST_FORMATS, "expiring")
    day = as_of_date(as_of)
    last_day = last_day_of(day, before, by, within, msg("expiring.one_bound"))
    loaded = load_registry(registry)
    rows = expiring_rows(loaded.registry, day, last_day)
    words = language(lang)
    title = t("title.expiring", words, date=human_day(last_day, words))
    emit_listing(status_listing(rows, loaded.registry, day, title, words), chosen)
    if exit_code and rows:
        raise typer.Exit(EXIT_FINDINGS)


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
    from oostflank.registry import nearest
    from oostflank.views import deployment_detail

    show_formats = (OutputFormat.TABLE, OutputFormat.JSON, OutputFormat.MARKDOWN, *PAGE_FORMATS)
    chosen = choose_format(fmt, show_formats, "show")
    day = as_of_date(as_of)
    loaded = load_registry(registry)
    deployment = loaded.registry.deployment(deployment_id)
    if deployment is None:
        ids = [d.id for d in loaded.registry.deployments]
        guesses = nearest(deployment_id, ids)
        if guesses:
            options = " / ".join(map(repr, guesses))
            raise UsageError(msg("id.unknown_hint", id=deployment_id, guesses=options))
        raise UsageError(msg("id.unknown", id=deployment_id, known=", ".join(ids) or "—"))
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
    file = str(path)
    if chosen is OutputFormat.JSON:
        sys.stdout.write(to_json(check_record(problems, file)))
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
    """Console-script entry point."""
    app_for(sys.argv[1:])()


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
