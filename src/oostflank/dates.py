"""Dates of mixed precision, as the letters write them and the registry stores them.

A mandate may end "in September 2026" or "in 2026-Q2": the precision written is part of the fact,
so it is kept. Starts resolve to the first day of their period; ends, due and done dates to the
last, inclusive. Everything here is pure. Dates users type are read in `typed_dates`.
"""

import datetime as dt
import re
from enum import StrEnum
from typing import NamedTuple

from oostflank.errors import DateError
from oostflank.lazy_regex import Regex
from oostflank.messages import msg


class Precision(StrEnum):
    YEAR = "year"
    QUARTER = "quarter"
    MONTH = "month"
    DAY = "day"


ISO_PARTIAL = re.compile(
    r"(?P<year>[0-9]{4})(?:-(?:Q(?P<quarter>[1-4])|(?P<month>[0-9]{2})(?:-(?P<day>[0-9]{2}))?))?"
)


def month_end(year: int, month: int) -> dt.date:
    """Last day of a month: the day before the first of the next."""
    if month == 12:
        return dt.date(year, 12, 31)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)


class PartialDate(NamedTuple):
    """A year, quarter, month or day; `first` is the first day of that period."""

    precision: Precision
    first: dt.date

    @classmethod
    def of_day(cls, day: dt.date) -> "PartialDate":
        return cls(Precision.DAY, day)

    @property
    def last(self) -> dt.date:
        first, precision = self.first, self.precision
        if precision is Precision.DAY:
            return first
        if precision is Precision.MONTH:
            return month_end(first.year, first.month)
        if precision is Precision.QUARTER:
            return month_end(first.year, first.month + 2)
        return dt.date(first.year, 12, 31)

    @property
    def quarter(self) -> int:
        return (self.first.month - 1) // 3 + 1

    def iso(self) -> str:
        """The canonical text: `2026`, `2026-Q2`, `2026-09` or `2026-09-30`."""
        first, precision = self.first, self.precision
        if precision is Precision.DAY:
            return first.isoformat()
        if precision is Precision.MONTH:
            return f"{first.year:04d}-{first.month:02d}"
        if precision is Precision.QUARTER:
            return f"{first.year:04d}-Q{self.quarter}"
        return f"{first.year:04d}"

    def __str__(self) -> str:
        return self.iso()


def parse_partial(text: str) -> PartialDate:
    """Parse the registry's own forms: `2026`, `2026-Q2`, `2026-09`, `2026-09-30`.

    Raises DateError with what is wrong; never anything else.
    """
    match = ISO_PARTIAL.fullmatch(text.strip())
    if match is None:
        raise DateError(msg("date.not_a_date", text=text))
    year = int(match["year"])
    if year < 1:
        raise DateError(msg("date.year_zero", text=text))
    if match["quarter"]:
        return PartialDate(Precision.QUARTER, dt.date(year, 3 * int(match["quarter"]) - 2, 1))
    if match["month"] is None:
        return PartialDate(Precision.YEAR, dt.date(year, 1, 1))
    month = int(match["month"])
    if not 1 <= month <= 12:
        raise DateError(msg("date.no_month", text=text, month=month))
    if match["day"] is None:
        return PartialDate(Precision.MONTH, dt.date(year, month, 1))
    day = int(match["day"])
    try:
        return PartialDate(Precision.DAY, dt.date(year, month, day))
    except ValueError:
        raise DateError(
            msg("date.no_day", text=text, month=f"{year:04d}-{month:02d}", day=day)
        ) from None


def add_months(day: dt.date, months: int) -> dt.date:
    """Move by whole months, clamping to the month's last day (31 Jan + 1 month = 28 Feb)."""
    year, month_index = divmod(day.year * 12 + day.month - 1 + months, 12)
    if not 1 <= year <= 9999:
        raise DateError(msg("date.range"))
    return dt.date(year, month_index + 1, min(day.day, month_end(year, month_index + 1).day))


_DURATION = Regex(r"(?P<count>[0-9]{1,9})\s*(?P<unit>[dwmy])")  # ASCII digits only


def add_duration(day: dt.date, text: str) -> dt.date:
    """The day DURATION after `day`: `90d`, `6w`, `3m`, `1y`; months and years clamp."""
    match = _DURATION.fullmatch(text.strip().lower())
    if match is None:
        raise DateError(msg("date.duration", text=text))
    count, unit = int(match["count"]), match["unit"]
    try:
        if unit == "d":
            return day + dt.timedelta(days=count)
        if unit == "w":
            return day + dt.timedelta(weeks=count)
    except OverflowError:
        raise DateError(msg("date.past_9999", text=text)) from None
    return add_months(day, count if unit == "m" else 12 * count)
