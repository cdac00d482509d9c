"""Commands that show the time: `agenda`, `timeline` and `export ics`."""

import os
import re
import sys
from pathlib import Path
from typing import Annotated

import typer

from oostflank.app import (
    MAX_COLUMNS,
    OneLineUsageErrors,
    app,
    as_of_date,
    choose_format,
    command,
    date_option,
    last_day_of,
    load_registry,
    verdict,
    window_words,
)
from oostflank.dates import PartialDate
from oostflank.errors import UsageError
from oostflank.i18n import language, t
from oostflank.messages import msg
from oostflank.options import (
    CHART_FORMATS,
    LIST_FORMATS,
    AsOfOpt,
    ChartFormatOpt,
    ColorOpt,
    ExitCodeOpt,
    LangOpt,
    ListFormatOpt,
    RegistryOpt,
)

export_app = typer.Typer(
    cls=OneLineUsageErrors,
    help="Write the registry's dates in other formats.",
    no_args_is_help=True,
)
app.add_typer(export_app, name="export")

WithinOpt = Annotated[
    str | None,
    typer.Option(
        "--within",
        metavar="DURATION",
        help="From the as-of date through this much later: 90d, 6w, 3m, 1y.",
    ),
]
BeforeOpt = Annotated[
    str | None, typer.Option("--before", metavar="DATE", help="Up to this date (exclusive).")
]
ByOpt = Annotated[
    str | None, typer.Option("--by", metavar="DATE", help="Up to and including this date.")
]


@command("agenda")
def agenda(
    within: WithinOpt = None,
    before: BeforeOpt = None,
    by: ByOpt = None,
    exit_code: ExitCodeOpt = False,
    registry: RegistryOpt = None,
    as_of: AsOfOpt = None,
    fmt: ListFormatOpt = None,
    lang: LangOpt = None,
    color: ColorOpt = None,
) -> None:
    """Dated events from the as-of date on. Mandate ends, minimum ends, milestones (overdue first)."""
    from oostflank.queries import agenda as agenda_events
    from oostflank.render import Page, emit_listing
    from oostflank.views import agenda_listing

    chosen = choose_format(fmt, LIST_FORMATS, "agenda")
    day = as_of_date(as_of)
    last_day = last_day_of(day, before, by, within, msg("agenda.one_bound"))
    loaded = load_registry(registry)
    found = agenda_events(loaded.registry, day, last_day)
    words = language(lang)
    window = window_words(last_day, before, by, within)
    empty = t("empty.agenda", words, window=window, as_of=PartialDate.of_day(day))
    listing = agenda_listing(found, day, last_day, words)._replace(empty=empty)
    with verdict(bool(found), exit_code):
        emit_listing(listing, chosen, page=Page("agenda", words, day))


def chart_width(width: int | None) -> int:
    """`--width`, else the terminal's, else $COLUMNS, else 80; at least 60."""
    from oostflank.timeline import MIN_WIDTH

    if width is not None:
        if not MIN_WIDTH <= width <= MAX_COLUMNS:
            raise UsageError(msg("timeline.width", minimum=MIN_WIDTH, maximum=MAX_COLUMNS))
        return width
    if sys.stdout.isatty():
        try:
            return max(os.get_terminal_size(sys.stdout.fileno()).columns, MIN_WIDTH)
        except OSError:
            pass
    columns = os.environ.get("COLUMNS", "")  # made usable or removed by the command wrapper
    return max(int(columns), MIN_WIDTH) if columns.isascii() and columns.isdigit() else 80


@command("timeline")
def timeline(
    start: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="DATE",
            help="First day shown (default: two years before the as-of date).",
        ),
    ] = None,
    end: Annotated[
        str | None,
        typer.Option(
            "--to", metavar="DATE", help="Last day shown (default: a year after the as-of date)."
        ),
    ] = None,
    width: Annotated[
        int | None,
        typer.Option(
            "--width",
            metavar="N",
            help="Columns (default: the terminal's, else $COLUMNS, else 80; at least 60).",
        ),
    ] = None,
    registry: RegistryOpt = None,
    as_of: AsOfOpt = None,
    fmt: ChartFormatOpt = None,
    lang: LangOpt = None,
    color: ColorOpt = None,
) -> None:
    """The mandates on a time axis. A bar per deployment, the as-of date marked."""
    from oostflank import timeline as chart
    from oostflank.render import OutputFormat, Page, emit_chart
    from oostflank.views import bar_listing

    chosen = choose_format(fmt, CHART_FORMATS, "timeline")
    day = as_of_date(as_of)
    default_start, default_end = chart.default_window(day)
    first = date_option("--from", start, relative_to=day).first if start else default_start
    last = date_option("--to", end, relative_to=day).last if end else default_end
    if last < first:  # a window of one day is a window
        raise UsageError(msg("timeline.window", to=last.isoformat(), start=first.isoformat()))
    columns = chart_width(width)
    loaded = load_registry(registry)
    words = language(lang)
    empty = t("empty.timeline", words, as_of=PartialDate.of_day(day))
    built = chart.build(loaded.registry, day, first, last, columns, words)._replace(empty=empty)
    bars = bar_listing(built.bars, words) if chosen is OutputFormat.HTML else None
    emit_chart(built, chosen, page=Page("timeline", words, day), table=bars)


MAX_REMIND_DAYS = 36500  # a hundred years: past that an alarm means nothing
_REMIND = re.compile(r"([0-9]+)([dw])")


def _remind_days(text: str | None) -> int | None:
    """`30d` or `2w` as days, from 0 through MAX_REMIND_DAYS. ASCII digits only: `str.isdigit`
    takes `²` too, which `int` then refuses."""
    if text is None:
        return None
    match = _REMIND.fullmatch(text.strip().lower())
    if match is None:
        raise UsageError(msg("ics.remind", text=text))
    digits = match[1].lstrip("0") or "0"
    # Compare the length first: int() of thousands of digits is slow, then refused.
    days = int(digits) * (7 if match[2] == "w" else 1) if len(digits) <= 6 else None
    if days is None or days > MAX_REMIND_DAYS:
        raise UsageError(
            msg("ics.remind_range", text=text, days=MAX_REMIND_DAYS, weeks=MAX_REMIND_DAYS // 7)
        )
    return days


@command("ics", on=export_app)
def export_ics(
    output: Annotated[
        str | None,  # as typed: `./-` is a file named "-", which a Path would make `-`
        typer.Option(
            "--output", "-o", metavar="PATH", help="Write to this file; - or none: standard output."
        ),
    ] = None,
    remind: Annotated[
        str | None,
        typer.Option(
            "--remind",
            metavar="DURATION",
            help="Add an alarm this long before each event: 30d, 2w.",
        ),
    ] = None,
    registry: RegistryOpt = None,
    as_of: AsOfOpt = None,
    lang: LangOpt = None,
    color: ColorOpt = None,
) -> None:
    """An iCalendar file with an all-day event for every mandate end, minimum end and milestone.

    Every event is written whatever the as-of date (`--as-of` is accepted, as everywhere)."""
    from oostflank import store
    from oostflank.ics import calendar_text

    as_of_date(as_of)
    days = _remind_days(remind)
    loaded = load_registry(registry)
    words = language(lang)
    text = calendar_text(loaded.registry, words, days)
    if output is None or store.is_stdout(output):
        sys.stdout.write(text)
        return
    store.write_output(Path(output), text, registry=store.choose(registry).path)
    count = text.count("BEGIN:VEVENT")
    sys.stderr.write(t("ics.written", words, path=output, count=count) + "\n")
