"""The registry's dates as an iCalendar file (RFC 5545), through the `icalendar` package.

UIDs name the deployment and the kind of event (and the milestone's number), never the date:
re-importing after an extension moves the event instead of adding a second one. DTSTAMP is the
registry's `updated` date, so the same registry always gives the same bytes.

Registry text is untrusted: every TEXT value is escaped here (see `ical_text`), never left to
the library, so a title or a name cannot end a line and start a forged property or calendar.
"""

from __future__ import annotations

import datetime as dt

from icalendar import Alarm, Calendar, vText
from icalendar import Event as CalendarEvent

from oostflank import __version__
from oostflank.i18n import t
from oostflank.model import Registry, Source
from oostflank.queries import Event, events
from oostflank.safetext import visible
from oostflank.views import event_kind, event_what, name_in

NO_DATE = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)

_TEXT_ESCAPES = str.maketrans({"\\": "\\\\", ";": "\\;", ",": "\\,", "\n": "\\n"})


def ical_text(text: str) -> str:
    """RFC 5545 TEXT (section 3.3.11): control characters as visible escapes first (TEXT forbids
    them, and a CR would end the content line), then backslash, `;`, `,` and newline escaped."""
    return visible(text).translate(_TEXT_ESCAPES)


class EscapedText(vText):
    """A TEXT value escaped by `ical_text`. icalendar escapes an X- property given a `str` not
    at all, and its own escaping has changed between versions (7 turns a literal `\\N` into a
    line break): ours is the same with every version."""

    __slots__ = ()

    def to_ical(self) -> bytes:
        return ical_text(str(self)).encode("utf-8")


def calendar_text(registry: Registry, lang: str = "en", remind_days: int | None = None) -> str:
    """The whole calendar; `remind_days` (checked by the command: 0 to 36500) adds an alarm that
    many days before each event, as a relative trigger, so no date is computed from it."""
    stamp = (
        dt.datetime.combine(registry.updated.last, dt.time(), tzinfo=dt.UTC)
        if registry.updated
        else NO_DATE
    )
    calendar = Calendar()
    calendar.add("prodid", f"-//oostflank//oostflank {__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", EscapedText(registry.title or "oostflank"))
    sources = _source_index(registry)
    for event in sorted(events(registry, include_done=True), key=lambda e: (e.date, e.uid_key)):
        calendar.add_component(_vevent(event, sources, lang, stamp, remind_days))
    return str(calendar.to_ical().decode("utf-8"))


def _source_index(registry: Registry) -> dict[str, Source]:
    """Sources by id, built once: a lookup per event stays constant time (the first of a
    duplicated id wins, as `Registry.source` has it)."""
    index: dict[str, Source] = {}
    for source in registry.sources:
        index.setdefault(source.id, source)
    return index


def _vevent(
    event: Event,
    sources: dict[str, Source],
    lang: str,
    stamp: dt.datetime,
    remind_days: int | None,
) -> CalendarEvent:
    summary = t(
        "ics.summary", lang, name=name_in(event.deployment, lang), what=event_kind(event, lang)
    )
    vevent = CalendarEvent()
    vevent.add("uid", EscapedText(f"{event.uid_key}@oostflank"))
    vevent.add("dtstamp", stamp)
    vevent.add("dtstart", event.date)
    if event.date < dt.date.max:
        # An all-day DTSTART alone is one day (RFC 5545, 3.6.1): the last day there is needs no
        # DTEND, which would fall in year 10000.
        vevent.add("dtend", event.date + dt.timedelta(days=1))
    vevent.add("summary", EscapedText(summary))
    vevent.add("description", EscapedText(_description(event, sources, lang)))
    vevent.add("transp", "TRANSPARENT")
    if remind_days is not None:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", EscapedText(summary))
        alarm.add("trigger", dt.timedelta(days=-remind_days))
        vevent.add_component(alarm)
    return vevent


def _description(event: Event, sources: dict[str, Source], lang: str) -> str:
    deployment = event.deployment
    cited = list(deployment.sources)
    if event.milestone is not None:
        milestone_source = deployment.milestones[event.milestone - 1].source
        cited = [milestone_source] if milestone_source else cited
    lines = [event_what(event, lang), f"{t('col.deployment', lang)}: {deployment.id}"]
    for source_id in dict.fromkeys(cited):
        link = (sources.get(source_id) or Source(source_id)).link
        lines.append(f"{t('col.source', lang)}: {source_id}" + (f" {link}" if link else ""))
    return "\n".join(lines)
