"""Commands that show the time: `agenda`, `timeline` and `export ics`."""

import os
import re
import sys
from pathlib import Path
from typing import Annotated

import typer

from oostflank.app import command, group, opening, verdict
from oostflank.dates import PartialDate
from oostflank.errors import UsageError
from oostflank.i18n import t
from oostflank.messages import msg
from oostflank.option_values import date_option, window_option
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

export_app = group("export", help="Write the registry's dates in other formats.")

WithinOpt = Annotated[
    str | None,
    typer.Option(
        "--within",
        metavar="DURATION",
        help="From the as-of date through this much later: 90d, 6w, 3m, 1y. The default "
        "window: 90d.",
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
    """Dated events of the next 90 days (or a window), overdue first. Mandate ends, minimum
    ends, milestones; with no --within, --before or --by the window is --within 90d."""
    from oostflank.api import agenda as agenda_events
    from oostflank.render import emit_listing
    from oostflank.view_types import Page
    from oostflank.views import agenda_listing

    with opening(
        "agenda", LIST_FORMATS, registry=registry, as_of=as_of, fmt=fmt, lang=lang, color=color
    ) as call:
        words, day = call.lang, call.day
        window = window_option(day, before, by, within, msg("agenda.one_bound"))
        found = agenda_events(call.registry, day, by=window.last_day)
        empty = t("empty.agenda", words, window=window.words, as_of=PartialDate.of_day(day))
        listing = agenda_listing(found, day, window.last_day, words)
        title = window.title(listing.title or "", words)
        listing = listing._replace(empty=empty, title=title)
        with verdict(bool(found), exit_code):
            emit_listing(listing, call.format, page=Page("agenda", words, day))


def chart_width(width: int | None) -> int:
    """`--width`, else the terminal's, else $COLUMNS, else 80; at least 60."""
    from oostflank.streams import MAX_COLUMNS
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
    from oostflank.render import OutputFormat, emit_chart
    from oostflank.view_types import Page
    from oostflank.views import bar_listing

    with opening(
        "timeline", CHART_FORMATS, registry=registry, as_of=as_of, fmt=fmt, lang=lang, color=color
    ) as call:
        words, day = call.lang, call.day
        default_start, default_end = chart.default_window(day)
        first = date_option("--from", start, relative_to=day).first if start else default_start
        last = date_option("--to", end, relative_to=day).last if end else default_end
        if last < first:  # a window of one day is a window
            raise UsageError(msg("timeline.window", to=last.isoformat(), start=first.isoformat()))
        columns = chart_width(width)
        empty = t("empty.timeline", words, as_of=PartialDate.of_day(day))
        drawn = chart.build(call.registry, day, first, last, columns, words)._replace(empty=empty)
        bars = bar_listing(drawn.bars, words) if call.format is OutputFormat.HTML else None
        emit_chart(drawn, call.format, page=Page("timeline", words, day), table=bars)


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

    with opening("export ics", registry=registry, as_of=as_of, lang=lang, color=color) as call:
        days = _remind_days(remind)
        text = calendar_text(call.registry, call.lang, days)
        if output is None or store.is_stdout(output):
            sys.stdout.write(text)
            return
        store.write_output(Path(output), text, registry=call.registry_path)
        count = text.count("BEGIN:VEVENT")
        sys.stderr.write(t("ics.written", call.lang, path=output, count=count) + "\n")
