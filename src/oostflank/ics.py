"""The registry's dates as an iCalendar file (RFC 5545), through the `icalendar` package.

UIDs name the deployment and the kind of event (and the milestone's number), never the date:
re-importing after an extension moves the event instead of adding a second one. DTSTAMP is the
registry's `updated` date, so the same registry always gives the same bytes.
"""

from __future__ import annotations

import datetime as dt

from icalendar import Alarm, Calendar
from icalendar import Event as CalendarEvent

from oostflank import __version__
from oostflank.i18n import t
from oostflank.model import Registry
from oostflank.queries import Event, events
from oostflank.views import event_kind, event_what, name_in, source_record

NO_DATE = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def calendar_text(registry: Registry, lang: str = "en", remind_days: int | None = None) -> str:
    stamp = (
        dt.datetime.combine(registry.updated.last, dt.time(), tzinfo=dt.UTC)
        if registry.updated
        else NO_DATE
    )
    calendar = Calendar()
    calendar.add("prodid", f"-//oostflank//oostflank {__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", registry.title or "oostflank")
    for event in sorted(events(registry, include_done=True), key=lambda e: (e.date, e.uid_key)):
        calendar.add_component(_vevent(event, registry, lang, stamp, remind_days))
    return str(calendar.to_ical().decode("utf-8"))


def _vevent(
    event: Event, registry: Registry, lang: str, stamp: dt.datetime, remind_days: int | None
) -> CalendarEvent:
    summary = t(
        "ics.summary", lang, name=name_in(event.deployment, lang), what=event_kind(event, lang)
    )
    vevent = CalendarEvent()
    vevent.add("uid", f"{event.uid_key}@oostflank")
    vevent.add("dtstamp", stamp)
    vevent.add("dtstart", event.date)
    vevent.add("dtend", event.date + dt.timedelta(days=1))
    vevent.add("summary", summary)
    vevent.add("description", _description(event, registry, lang))
    vevent.add("transp", "TRANSPARENT")
    if remind_days is not None:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary)
        alarm.add("trigger", dt.timedelta(days=-remind_days))
        vevent.add_component(alarm)
    return vevent


def _description(event: Event, registry: Registry, lang: str) -> str:
    deployment = event.deployment
    cited = list(deployment.sources)
    if event.milestone is not None:
        milestone_source = deployment.milestones[event.milestone - 1].source
        cited = [milestone_source] if milestone_source else cited
    lines = [event_what(event, lang), f"{t('col.deployment', lang)}: {deployment.id}"]
    for source_id in dict.fromkeys(cited):
        record = source_record(source_id, registry)
        lines.append(
            f"{t('col.source', lang)}: {source_id}"
            + (f" {record['link']}" if record["link"] else "")
        )
    return "\n".join(lines)
