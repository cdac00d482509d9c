"""Dates users type, read one way or refused.

A typed date has exactly one reading or it is refused with the forms that are accepted: a
four-digit year first means year-month-day whatever the separator, a four-digit year last
means day-month-year as the Dutch write it, eight digits are ISO basic. Two-digit years,
times, zones and mixed separators could mean more than one day, so they are refused. Numeric
forms are read by our own code; python-dateutil (about 35 ms to import) is loaded only for
month names, and its reading must agree with the words it was given.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import TYPE_CHECKING

from oostflank.dates import ISO_PARTIAL, PartialDate, Precision, parse_partial
from oostflank.errors import DateError
from oostflank.lazy_regex import Regex
from oostflank.messages import Msg, msg

if TYPE_CHECKING:
    from dateutil.parser import parserinfo

ACCEPTED_FORMS = msg("date.accepted")

_RELATIVE_DAYS = {
    "today": 0,
    "vandaag": 0,
    "tomorrow": 1,
    "morgen": 1,
    "yesterday": -1,
    "gisteren": -1,
}
_QUARTER = Regex(
    r"(?P<year>[0-9]{4})[ -]?Q(?P<quarter>[0-9])|Q(?P<quarter2>[0-9])[ -]?(?P<year2>[0-9]{4})",
    re.IGNORECASE,
)
# Digits and the four separators only: such text is decided here and never reaches dateutil.
# The one separator is written once and then required again (`(?P=s)`): `2026-7/1` is refused.
_NUMERIC = Regex(r"[0-9 ./-]+")
_SEPARATORS = Regex(r"[^0-9]+")
_YEAR_FIRST = Regex(r"(?P<y>[0-9]{4})(?P<s>[-/. ])(?P<m>[0-9]{1,2})(?:(?P=s)(?P<d>[0-9]{1,2}))?")
_YEAR_LAST = Regex(
    r"(?:(?P<d>[0-9]{1,2})(?P<s>[-/. ]))?(?P<m>[0-9]{1,2})(?P<t>[-/. ])(?P<y>[0-9]{4})"
)
_BASIC = Regex(r"(?P<y>[0-9]{4})(?:(?P<m>[0-9]{2})(?P<d>[0-9]{2}))?")
# A clock time (`12:00`), the ISO `T` before one, or a zone (`Z`, `+02:00`) after a digit.
_TIME_OR_ZONE = Regex(
    r"[0-9] ?: ?[0-9]|[0-9]T[0-9]|[0-9] ?Z$|[0-9] ?\+[0-9]{2}(:?[0-9]{2})?$", re.IGNORECASE
)
# In text with a month name: separators, then a number (`1st` counts as 1) or a word.
_TOKEN = Regex(r"[ ,./-]*(?:(?P<number>[0-9]+)(?:st|nd|rd|th)?|(?P<word>[a-z]+))")

MONTH_NAMES: tuple[tuple[str, ...], ...] = (
    ("jan", "january", "januari"),
    ("feb", "february", "februari"),
    ("mar", "march", "maart", "mrt"),
    ("apr", "april"),
    ("may", "mei"),
    ("jun", "june", "juni"),
    ("jul", "july", "juli"),
    ("aug", "august", "augustus"),
    ("sep", "sept", "september"),
    ("oct", "october", "okt", "oktober"),
    ("nov", "november"),
    ("dec", "december"),
)
_MONTH_OF_NAME = {name: index + 1 for index, names in enumerate(MONTH_NAMES) for name in names}


def clock_today() -> dt.date:
    """Today by the computer's clock: the one place it is read, so tests replace this function
    (monkeypatch `oostflank.typed_dates.clock_today`) instead of freezing time."""
    return dt.date.today()


def parse_user_date(text: str, *, today: dt.date) -> PartialDate:
    """Parse a date a user typed; `today` is the day `today`/`vandaag` and the like count from.

    Raises DateError naming the accepted forms; never anything else, never a second reading.
    """
    cleaned = " ".join(text.split())
    if ISO_PARTIAL.fullmatch(cleaned):  # the registry's own forms, the usual case
        try:
            return parse_partial(cleaned)
        except DateError:
            pass  # impossible (2026-13): the readings below say why, naming the accepted forms
    if _NUMERIC.fullmatch(cleaned):
        return _parse_numeric(cleaned, text)
    if not cleaned:
        raise DateError(msg("date.empty", accepted=ACCEPTED_FORMS))
    relative = _RELATIVE_DAYS.get(cleaned.lower())
    if relative is not None:
        return _relative(today, relative)
    if _TIME_OR_ZONE.search(cleaned):
        raise _refused("date.time", text)
    quarter = _QUARTER.fullmatch(cleaned)
    if quarter:
        year = int(quarter["year"] or quarter["year2"])
        number = int(quarter["quarter"] or quarter["quarter2"])
        if not 1 <= number <= 4:
            raise _impossible(msg("date.no_quarter", text=text, quarter=number))
        first = _month(year, 3 * number - 2, text).first
        return PartialDate(Precision.QUARTER, first)
    return _parse_month_name(cleaned.lower(), text)


def _relative(today: dt.date, days: int) -> PartialDate:
    try:
        return PartialDate.of_day(today + dt.timedelta(days=days))
    except OverflowError:
        raise DateError(msg("date.range")) from None


def _refused(key: str, text: str) -> DateError:
    return DateError(msg(key, text=text, accepted=ACCEPTED_FORMS))


def _impossible(reason: Msg) -> DateError:
    return DateError(msg("date.with_accepted", error=reason, accepted=ACCEPTED_FORMS))


def _parse_numeric(cleaned: str, text: str) -> PartialDate:
    """Digits and separators, read by where the four-digit year stands, or refused."""
    shape = _YEAR_FIRST.fullmatch(cleaned) or _BASIC.fullmatch(cleaned)
    if shape is None:
        shape = _YEAR_LAST.fullmatch(cleaned)
        if shape and shape["s"] not in (None, shape["t"]):
            shape = None
    if shape is None:
        raise _numeric_refusal(cleaned, text)
    year, month, day = shape["y"], shape["m"], shape["d"]
    if month is None:
        if int(year) < 1:
            raise _impossible(msg("date.year_zero", text=text))
        return PartialDate(Precision.YEAR, dt.date(int(year), 1, 1))
    if day is None:
        return _month(int(year), int(month), text)
    return _day(int(year), int(month), int(day), text)


def _numeric_refusal(cleaned: str, text: str) -> DateError:
    """Why digits and separators that fit no accepted form are refused."""
    separators = _SEPARATORS.findall(cleaned.strip(" ./-"))
    widths = [len(part) for part in _SEPARATORS.split(cleaned.strip(" ./-")) if part]
    if len(set(separators)) > 1 or any(len(separator) > 1 for separator in separators):
        return _refused("date.mixed_separators", text)
    if len(widths) in (2, 3) and max(widths) <= 2:
        return _refused("date.two_digit_year", text)
    return _refused("date.unreadable", text)


def _month(year: int, month: int, text: str) -> PartialDate:
    if year < 1:
        raise _impossible(msg("date.year_zero", text=text))
    if not 1 <= month <= 12:
        raise _impossible(msg("date.no_month", text=text, month=month))
    return PartialDate(Precision.MONTH, dt.date(year, month, 1))


def _day(year: int, month: int, day: int, text: str) -> PartialDate:
    try:
        return PartialDate(Precision.DAY, dt.date(year, month, day))
    except ValueError:
        _month(year, month, text)  # raises when the year or the month is impossible
        reason = msg("date.no_day", text=text, month=f"{year:04d}-{month:02d}", day=day)
        raise _impossible(reason) from None


def _parse_month_name(lowered: str, text: str) -> PartialDate:
    """One month name, one four-digit year and at most one day, in any order; dateutil reads
    the text and its reading must be the one those words give, or the text is refused."""
    tokens = _tokens(lowered)
    if tokens is None:
        raise _refused("date.unreadable", text)
    words = [word for word in tokens if not word.isdigit()]
    years = [int(number) for number in tokens if number.isdigit() and len(number) == 4]
    days = [int(number) for number in tokens if number.isdigit() and len(number) <= 2]
    if len(words) != 1 or words[0] not in _MONTH_OF_NAME:
        raise _refused("date.unreadable", text)
    if not years and days:
        raise _refused("date.two_digit_year", text)
    if len(years) != 1 or len(days) > 1 or len(years) + len(days) + 1 != len(tokens):
        raise _refused("date.unreadable", text)
    month = _MONTH_OF_NAME[words[0]]
    wanted = _day(years[0], month, days[0], text) if days else _month(years[0], month, text)
    if _dateutil_reading(lowered) != wanted:
        raise _refused("date.unreadable", text)
    return wanted


def _tokens(lowered: str) -> list[str] | None:
    """The numbers (`1st` as `1`) and words of the text, or None when anything else is in it."""
    tokens: list[str] = []
    position = 0
    while position < len(lowered):
        token = _TOKEN.match(lowered, position)
        if token is None:
            return None
        tokens.append(token["number"] or token["word"])
        position = token.end()
    return tokens


@functools.cache
def _dateutil_info() -> parserinfo:
    """English and Dutch month names for dateutil, built on first use (dateutil is slow to load)."""
    from dateutil import parser as dateutil_parser

    months = list(MONTH_NAMES)

    class EnglishAndDutch(dateutil_parser.parserinfo):
        MONTHS = months  # type: ignore[assignment]

    return EnglishAndDutch(dayfirst=True, yearfirst=False)


def _dateutil_reading(lowered: str) -> PartialDate | None:
    """What dateutil makes of the text, parsed twice with defaults that differ in every field
    so that a field it filled in is seen; None when it cannot read it."""
    from dateutil import parser as dateutil_parser

    info = _dateutil_info()
    try:
        first, second = (
            dateutil_parser.parse(lowered, parserinfo=info, default=default, fuzzy=False)
            for default in (dt.datetime(2001, 1, 1), dt.datetime(2002, 2, 2))
        )
    except (ValueError, OverflowError, TypeError):
        return None
    if first.year != second.year or first.month != second.month:
        return None
    if first.day != second.day:
        return PartialDate(Precision.MONTH, dt.date(first.year, first.month, 1))
    return PartialDate.of_day(first.date())
