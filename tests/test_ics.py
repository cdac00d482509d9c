"""`export ics` at the edges: the last day there is, reminders out of range, and a registry with
tens of thousands of sources (linear: counted in function calls, not timed)."""

from __future__ import annotations

import cProfile
import datetime as dt
import pstats
from collections.abc import Iterator

import pytest
from icalendar import Calendar

from oostflank.dates import PartialDate
from oostflank.ics import calendar_text
from oostflank.model import Deployment, Milestone, Registry, Source


def vevents(text: str) -> dict[str, object]:
    return {str(event["UID"]): event for event in Calendar.from_ical(text).walk("VEVENT")}


def test_the_last_day_there_is_is_an_event_without_dtend(cli, write_registry):
    path = write_registry(
        'format = 1\ntitle = "Far"\nupdated = 2026-05-20\n'
        '[[deployment]]\nid = "far"\nname = "Far"\nend = "9999-12-31"\n'
        'milestones = [{ due = "9999-12", what = "x" }, { due = "9999-12-30", what = "y" }]\n'
        '[[deployment]]\nid = "near"\nname = "Near"\nstart = "0001"\nend = "0001-01-01"\n'
    )
    assert cli("check", "--registry", str(path)).exit_code == 0
    run = cli("export", "ics", "--remind", "36500d", "--registry", str(path))
    assert run.exit_code == 0, run.stderr
    events = vevents(run.stdout)
    far = events["far.end@oostflank"]
    assert far["DTSTART"].to_ical() == b"99991231" and "DTEND" not in far
    assert "DTEND" not in events["far.milestone.1@oostflank"]
    assert events["far.milestone.2@oostflank"]["DTEND"].to_ical() == b"99991231"
    assert events["near.end@oostflank"]["DTEND"].to_ical() == b"00010102"
    alarms = [alarm for event in events.values() for alarm in event.walk("VALARM")]  # type: ignore[attr-defined]
    assert len(alarms) == 4 and {a["TRIGGER"].to_ical() for a in alarms} == {b"-P36500D"}


@pytest.mark.parametrize(
    ("remind", "trigger"),
    [("0d", b"P0D"), ("36500d", b"-P36500D"), ("5214w", b"-P36498D"), (" 030D ", b"-P30D")],
)
def test_reminders_within_a_hundred_years(cli, remind, trigger):
    run = cli("export", "ics", "--remind", remind)
    assert run.exit_code == 0, run.stderr
    alarms = [a for e in vevents(run.stdout).values() for a in e.walk("VALARM")]  # type: ignore[attr-defined]
    assert alarms and {a["TRIGGER"].to_ical() for a in alarms} == {trigger}


@pytest.mark.parametrize(
    "remind", ["36501d", "5215w", "1000000000d", "1000000000w", "9" * 5000 + "d"]
)
def test_reminders_beyond_a_hundred_years_are_refused(cli, remind):
    run = cli("export", "ics", "--remind", remind)
    assert run.exit_code == 2 and run.stdout == ""
    assert "--remind takes 0d to 36500d or 0w to 5214w" in run.stderr
    dutch = cli("export", "ics", "--remind", remind, "--lang", "nl")
    assert dutch.exit_code == 2 and "0d tot en met 36500d" in dutch.stderr


@pytest.mark.parametrize(
    "remind", ["\u00b2d", "\u0663d", "\uff13d", "1.5d", "-1d", "d", "30", "1m", "+3d"]
)
def test_reminders_take_ascii_digits_only(cli, remind):
    run = cli("export", "ics", "--remind", remind)
    assert run.exit_code == 2 and run.stdout == ""
    assert "--remind takes days or weeks, such as 30d or 2w" in run.stderr


# ---------------------------------------------------------------- linear in the sources


class Counted(tuple[Source, ...]):
    """Sources handed out one by one by a Python generator: the profile counts every source
    read as a call, so a scan of the list per event shows as quadratic work."""

    def __iter__(self) -> Iterator[Source]:
        yield from tuple.__iter__(self)


def many(count: int) -> Registry:
    """`count` deployments, each citing its own source and with a milestone citing another."""
    end = PartialDate.of_day(dt.date(2027, 1, 31))
    sources = Counted(Source(f"kst-{i}-1") for i in range(2 * count))
    deployments = tuple(
        Deployment(
            id=f"d{i}",
            name=f"Deployment {i}",
            end=end,
            sources=(f"kst-{2 * i}-1",),
            milestones=(Milestone(end, "report", source=f"kst-{2 * i + 1}-1"),),
        )
        for i in range(count)
    )
    return Registry(title="Many", sources=sources, deployments=deployments)


def calls(registry: Registry) -> int:
    profiler = cProfile.Profile()
    profiler.enable()
    calendar_text(registry)
    profiler.disable()
    return pstats.Stats(profiler).total_calls  # type: ignore[attr-defined, no-any-return]


def test_calendar_work_grows_linearly_with_the_sources():
    """A source looked up by scanning the list made 32,000 sources take 35 s."""
    small, large = many(100), many(1000)
    text = calendar_text(small)
    assert "kst-199-1.html" in text and text.count("BEGIN:VEVENT") == 200
    small_calls, large_calls = calls(small), calls(large)
    assert large_calls <= 10.5 * small_calls, (small_calls, large_calls)
