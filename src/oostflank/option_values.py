"""What the text of the shared options means: the as-of date, a window (--before, --by,
--within), a duration, a format, the registries a command works on. Each refusal is a
UsageError (exit 2) naming the option and what it accepts.

Options are declared once in `options`; this module reads their values, the same way for every
command.
"""

import datetime as dt
import math
from pathlib import Path

from oostflank import typed_dates
from oostflank.dates import PartialDate
from oostflank.errors import DateError, UsageError
from oostflank.i18n import t
from oostflank.messages import Msg, msg
from oostflank.render import OutputFormat
from oostflank.safetext import visible


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


# The window of `expiring` and `agenda` when none is given.
DEFAULT_WINDOW = "90d"


class Window:
    """The days a command looks ahead: through `last_day`; `words` say how the user put it
    ("before 1 Jul 2026"); `default` when no window was given (`DEFAULT_WINDOW`)."""

    __slots__ = ("default", "last_day", "words")

    def __init__(self, last_day: dt.date, words: Msg, default: bool = False) -> None:
        self.last_day, self.words, self.default = last_day, words, default

    def title(self, title: str, lang: str) -> str:
        """A table's title, saying so when the window is the default one."""
        if not self.default:
            return title
        return t("title.default_window", lang, title=title, duration=DEFAULT_WINDOW)


def window_option(
    as_of: dt.date, before: str | None, by: str | None, within: str | None, too_many: Msg
) -> Window:
    """--before, --by or --within (none: --within 90d); two at once is refused."""
    if before is None and by is None and within is None:
        last_day = last_day_of(as_of, None, None, DEFAULT_WINDOW, too_many)
        return Window(last_day, window_words(last_day, None, None, DEFAULT_WINDOW), default=True)
    last_day = last_day_of(as_of, before, by, within, too_many)
    return Window(last_day, window_words(last_day, before, by, within))


def last_day_of(
    as_of: dt.date, before: str | None, by: str | None, within: str | None, too_many: Msg
) -> dt.date:
    """The last day a window covers: exactly one of --before, --by, --within must be given."""
    from oostflank.queries import expiry_limit

    given = [
        n for n, v in (("--before", before), ("--by", by), ("--within", within)) if v is not None
    ]
    if len(given) != 1:
        raise UsageError(too_many)
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


MAX_TIMEOUT = 3600  # seconds; the socket layer overflows somewhere past 1e9


def timeout_seconds(text: str) -> float:
    """--timeout: seconds above 0 and at most MAX_TIMEOUT, for the official record."""
    try:
        seconds = float(text)
    except ValueError:
        seconds = math.nan
    if not (math.isfinite(seconds) and 0 < seconds <= MAX_TIMEOUT):
        raise UsageError(msg("news.bad_timeout", text=text, most=MAX_TIMEOUT))
    return seconds
