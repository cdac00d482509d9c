"""The commands that read a registry and answer for a date: `status`, `expiring`, `show`,
`check` and `budget`."""

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated

import typer

from oostflank.app import (
    EXIT_FINDINGS,
    EXIT_OK,
    command,
    opening,
    registry_origin,
    report_error,
    verdict,
)
from oostflank.dates import PartialDate
from oostflank.errors import OostflankError, UsageError
from oostflank.i18n import human_day, t
from oostflank.messages import msg
from oostflank.option_values import duration_option, registry_paths, window_option
from oostflank.options import (
    CHECK_FORMATS,
    LIST_FORMATS,
    SHOW_FORMATS,
    AsOfOpt,
    CheckFormatOpt,
    ColorOpt,
    DeploymentIdArg,
    ExitCodeOpt,
    LangOpt,
    ListFormatOpt,
    PathsArg,
    RegistryOpt,
    ShowFormatOpt,
)
from oostflank.problems import Problem, RegistryInvalid, Severity
from oostflank.render import OutputFormat, emit_detail, emit_listing, to_json
from oostflank.safetext import shown_path, visible
from oostflank.streams import reader_may_leave, say
from oostflank.view_types import Page


@command("status")
def status(
    registry: RegistryOpt = None,
    as_of: AsOfOpt = None,
    fmt: ListFormatOpt = None,
    lang: LangOpt = None,
    color: ColorOpt = None,
    active: Annotated[
        bool, typer.Option("--active", help="Only deployments active on the date.")
    ] = False,
) -> None:
    """Every deployment and its mandate on the as-of date."""
    from oostflank.queries import status_rows
    from oostflank.views import status_listing

    with opening(
        "status", LIST_FORMATS, registry=registry, as_of=as_of, fmt=fmt, lang=lang, color=color
    ) as call:
        words, day = call.lang, call.day
        rows = status_rows(call.registry, day, active_only=active)
        title = call.registry.title or t("title.deployments", words)
        empty = t("empty.active", words, date=PartialDate.of_day(day)) if active else None
        empty = empty or t("empty.deployments", words)
        listing = status_listing(rows, call.registry, day, title, words)._replace(empty=empty)
        emit_listing(listing, call.format, page=Page("status", words, day))


@command("expiring")
def expiring(
    registry: RegistryOpt = None,
    as_of: AsOfOpt = None,
    fmt: ListFormatOpt = None,
    lang: LangOpt = None,
    color: ColorOpt = None,
    before: Annotated[
        str | None,
        typer.Option(
            "--before",
            metavar="DATE",
            help="Ends before this date (exclusive; 2026-07 = before 1 July).",
        ),
    ] = None,
    by: Annotated[
        str | None,
        typer.Option(
            "--by",
            metavar="DATE",
            help="Ends by this date (inclusive; 2026 = by 31 December 2026).",
        ),
    ] = None,
    within: Annotated[
        str | None,
        typer.Option(
            "--within",
            metavar="DURATION",
            help="Ends within this time of the as-of date: 90d, 6w, 3m, 1y. The default window: "
            "90d.",
        ),
    ] = None,
    exit_code: ExitCodeOpt = False,
) -> None:
    """Mandates that end within 90 days (or a window), soonest first. A lapsed minimum end
    stays listed; with no --before, --by or --within the window is --within 90d."""
    from oostflank.api import expiring as expiring_rows
    from oostflank.views import status_listing

    with opening(
        "expiring", LIST_FORMATS, registry=registry, as_of=as_of, fmt=fmt, lang=lang, color=color
    ) as call:
        words, day = call.lang, call.day
        window = window_option(day, before, by, within, msg("expiring.one_bound"))
        rows = expiring_rows(call.registry, day, by=window.last_day)
        title = t("title.expiring", words, date=human_day(window.last_day, words))
        title = window.title(title, words)
        empty = t("empty.expiring", words, window=window.words, as_of=PartialDate.of_day(day))
        listing = status_listing(rows, call.registry, day, title, words)._replace(empty=empty)
        with verdict(bool(rows), exit_code):
            emit_listing(listing, call.format, page=Page("expiring", words, day))


@command("show")
def show(
    deployment_id: DeploymentIdArg,
    registry: RegistryOpt = None,
    as_of: AsOfOpt = None,
    fmt: ShowFormatOpt = None,
    lang: LangOpt = None,
    color: ColorOpt = None,
) -> None:
    """One deployment in full. Its mandate, decisions, milestones and sources with links."""
    from oostflank.api import find
    from oostflank.detail import deployment_detail

    with opening(
        "show", SHOW_FORMATS, registry=registry, as_of=as_of, fmt=fmt, lang=lang, color=color
    ) as call:
        deployment = find(call.registry, deployment_id)
        detail = deployment_detail(deployment, call.registry, call.day, call.lang)
        page = Page(f"show {deployment.id}", call.lang, call.day)
        emit_detail(detail, call.format, page=page)


@command("check")
def check(
    paths: PathsArg = None,
    registry: RegistryOpt = None,
    as_of: AsOfOpt = None,
    fmt: CheckFormatOpt = None,
    lang: LangOpt = None,
    color: ColorOpt = None,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail the check too.")] = False,
    max_age: Annotated[
        str | None,
        typer.Option(
            "--max-age",
            metavar="DURATION",
            help="Warn when the registry's `updated` date is older than this: 90d, 6w, 3m, 1y.",
        ),
    ] = None,
) -> None:
    """Validate the registry and list every problem. One per line: FILE:LINE: error|warning: ..."""
    with opening(
        "check",
        CHECK_FORMATS,
        registry=registry,
        paths=paths,
        as_of=as_of,
        fmt=fmt,
        lang=lang,
        color=color,
    ) as call:
        day, words = call.day, call.lang
        if max_age is not None:
            duration_option("--max-age", max_age, day)
        files = registry_paths(paths, registry)
        if call.format is OutputFormat.JSON and len(files) > 1:
            raise UsageError(msg("check.json_one_file"))
        origin = registry_origin(registry, paths, words)
        codes = [
            _check_file(path, day, max_age, call.format, strict, words, origin) for path in files
        ]
        raise typer.Exit(max(codes, default=EXIT_OK))


def _check_file(
    path: Path,
    day: dt.date,
    max_age: str | None,
    chosen: OutputFormat,
    strict: bool,
    lang: str,
    origin: str,
) -> int:
    """Check one file and print what was found; its exit code. A file that cannot be read is
    reported and the next one checked: pre-commit passes many."""
    from oostflank import store
    from oostflank.model import Registry
    from oostflank.queries import dated_after, outdated, stale
    from oostflank.typed_dates import clock_today
    from oostflank.views import check_record, github_line

    def findings(built: Registry) -> list[Problem]:
        old = outdated(built, day, max_age) if max_age is not None else []
        return [*stale(built, day), *old, *dated_after(built, clock_today())]

    file = shown_path(path)
    try:
        built, problems = store.examine(store.read_text(path), findings=findings)
        # a deployment left out for its errors does not make the registry empty
        if not built.deployments and not any(p.severity is Severity.ERROR for p in problems):
            problems.append(Problem(Severity.WARNING, (), msg("registry.empty")))
    except RegistryInvalid as error:
        problems = error.problems
    except OostflankError as error:
        return report_error(error, file, lang, origin)
    with reader_may_leave():  # the verdict below stands whoever stopped reading
        if chosen is OutputFormat.JSON:
            sys.stdout.write(to_json(check_record(problems, str(path))))
        else:
            github = chosen is OutputFormat.GITHUB
            for problem in problems:
                line = github_line(problem, file, lang) if github else problem.line_text(file, lang)
                sys.stdout.write(visible(line) + "\n")
            sys.stdout.flush()
    if chosen is not OutputFormat.JSON:
        errors = sum(p.severity is Severity.ERROR for p in problems)
        warnings = len(problems) - errors
        hint = t("check.strict_hint", lang) if warnings and not strict else ""
        say(t("check.summary", lang, file=file, errors=errors, warnings=warnings, strict=hint))
    failed = any(p.severity is Severity.ERROR for p in problems) or (strict and problems)
    return EXIT_FINDINGS if failed else EXIT_OK


@command("budget")
def budget(
    registry: RegistryOpt = None,
    as_of: AsOfOpt = None,
    fmt: ListFormatOpt = None,
    lang: LangOpt = None,
    color: ColorOpt = None,
    year: Annotated[
        int | None,
        typer.Option("--year", metavar="YEAR", min=1, max=9999, help="Only this fiscal year."),
    ] = None,
) -> None:
    """What the deployments cost per fiscal year and budget article. As the letter gives it."""
    from oostflank.views import budget_listing

    with opening(
        "budget", LIST_FORMATS, registry=registry, as_of=as_of, fmt=fmt, lang=lang, color=color
    ) as call:
        words = call.lang
        empty = t("empty.budget", words)
        if year is not None:
            empty = t("empty.budget_year", words, year=year)
        listing = budget_listing(call.registry, year, words)._replace(empty=empty)
        emit_listing(listing, call.format, page=Page("budget", words, call.day))
