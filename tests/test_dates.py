from __future__ import annotations

import datetime as dt

import pytest

from oostflank.dates import Precision, add_duration, parse_partial
from oostflank.errors import DateError

D = dt.date


@pytest.mark.parametrize(
    ("text", "precision", "first", "last"),
    [
        ("2017", Precision.YEAR, D(2017, 1, 1), D(2017, 12, 31)),
        ("2026-Q1", Precision.QUARTER, D(2026, 1, 1), D(2026, 3, 31)),
        ("2026-Q2", Precision.QUARTER, D(2026, 4, 1), D(2026, 6, 30)),
        ("2026-Q4", Precision.QUARTER, D(2026, 10, 1), D(2026, 12, 31)),
        ("2026-09", Precision.MONTH, D(2026, 9, 1), D(2026, 9, 30)),
        ("2024-02", Precision.MONTH, D(2024, 2, 1), D(2024, 2, 29)),
        ("2026-02", Precision.MONTH, D(2026, 2, 1), D(2026, 2, 28)),
        ("2026-12", Precision.MONTH, D(2026, 12, 1), D(2026, 12, 31)),
        ("2024-02-29", Precision.DAY, D(2024, 2, 29), D(2024, 2, 29)),
    ],
)
def test_partial_dates_resolve_to_first_and_last_day(text, precision, first, last):
    value = parse_partial(text)
    assert (value.precision, value.first, value.last) == (precision, first, last)
    assert value.iso() == text


@pytest.mark.parametrize(
    "text",
    [
        "2026-13",
        "2026-00",
        "2026-Q5",
        "2026-Q0",
        "2025-02-29",
        "2026-04-31",
        "26",
        "0000",
        "2026-6",
        "x",
    ],
)
def test_impossible_registry_dates_are_refused(text):
    with pytest.raises(DateError):
        parse_partial(text)


@pytest.mark.parametrize(
    ("start", "duration", "expected"),
    [
        (D(2026, 5, 20), "90d", D(2026, 8, 18)),
        (D(2026, 5, 20), "6w", D(2026, 7, 1)),
        (D(2026, 1, 31), "1m", D(2026, 2, 28)),
        (D(2024, 1, 31), "1m", D(2024, 2, 29)),
        (D(2024, 2, 29), "1y", D(2025, 2, 28)),
        (D(2026, 5, 20), "3m", D(2026, 8, 20)),
        (D(2026, 11, 30), "3m", D(2027, 2, 28)),
        (D(2026, 5, 20), "0d", D(2026, 5, 20)),
    ],
)
def test_durations_clamp_to_month_end(start, duration, expected):
    assert add_duration(start, duration) == expected


@pytest.mark.parametrize("text", ["90", "d", "3 months", "-1d", "99999y"])
def test_bad_durations(text):
    with pytest.raises(DateError):
        add_duration(D(2026, 5, 20), text)
