"""Written dates (`1 juli 2026`, `01-07-2026`, `July 2026`) through python-dateutil.

Kept apart from `dates` so that dateutil (about 35 ms to import) loads only when a user types
a date that is not in ISO or partial form.
"""

from __future__ import annotations

import datetime as dt
import re

from dateutil import parser as dateutil_parser

from oostflank.dates import PartialDate, Precision

_MONTHS_EN_NL = [
    ("Jan", "January", "januari"),
    ("Feb", "February", "februari"),
    ("Mar", "March", "maart", "mrt"),
    ("Apr", "April"),
    ("May", "mei"),
    ("Jun", "June", "juni"),
    ("Jul", "July", "juli"),
    ("Aug", "August", "augustus"),
    ("Sep", "Sept", "September"),
    ("Oct", "October", "okt", "oktober"),
    ("Nov", "November"),
    ("Dec", "December"),
]

# Year first with slashes or dots: dateutil's dayfirst would swap month and day (its issue 1448).
_YEAR_FIRST = re.compile(r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})")


class _EnglishAndDutch(dateutil_parser.parserinfo):
    MONTHS = _MONTHS_EN_NL  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__(dayfirst=True, yearfirst=False)


_INFO = _EnglishAndDutch()
# Two defaults that differ in every field: a field that comes back different was not written.
_DEFAULTS = (dt.datetime(2001, 1, 1), dt.datetime(2002, 2, 2))


def parse_written(text: str) -> PartialDate | None:
    """A day or a month, or None when the text is not a whole date with a year."""
    year_first = _YEAR_FIRST.fullmatch(text)
    if year_first:
        year, month, day = (int(part) for part in year_first.groups())
        try:
            return PartialDate.of_day(dt.date(year, month, day))
        except ValueError:
            return None
    try:
        first, second = (
            dateutil_parser.parse(text, parserinfo=_INFO, default=default, fuzzy=False)
            for default in _DEFAULTS
        )
    except (ValueError, OverflowError, TypeError):
        return None
    if first.year != second.year or first.month != second.month:
        return None
    if first.day != second.day:
        return PartialDate(Precision.MONTH, dt.date(first.year, first.month, 1))
    return PartialDate.of_day(first.date())
