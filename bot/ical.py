"""A calendar feed as RFC 5545 text (icalendar): all-day deadlines, timed tasks in their zone.

A repeating task is one recurring VEVENT (RRULE, EXDATE) with an override (RECURRENCE-ID) for
each occurrence Docket has made or the court calendar moves; its DTSTART, EXDATEs and
RECURRENCE-IDs share one value type (a DATE, or a local time with TZID), and UNTIL is a DATE or
UTC as RFC 5545 3.3.10 requires: Google and Outlook ignore an EXDATE that does not match.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event, vRecur

from bot.models import Case, Series
from bot.services.feed_series import Repeat
from bot.services.feeds import Feed, Item

PRODID = "-//Docket//Case deadlines//EN"
TIMED_LENGTH = timedelta(minutes=30)


def case_link(case: Case) -> str:
    """The case's channel in Slack."""
    return f"https://slack.com/app_redirect?channel={case.channel_id}&team={case.team_id}"


def slack_link(item: Item) -> str:
    """Back to Slack: the message the task came from, else its case channel."""
    return item.task.source_url or case_link(item.case)


def _span(event: Event, start: date | datetime) -> None:
    event.add("dtstart", start)
    if isinstance(start, datetime):
        event.add("dtend", start + TIMED_LENGTH)
    else:
        event.add("dtend", start + timedelta(days=1))
        event.add("transp", "TRANSPARENT")


def _about(event: Event, *, court: bool, case: Case, link: str, lead: str) -> None:
    label = "Court deadline" if court else "Task"
    matter = f" ({case.matter_number})" if case.matter_number else ""
    verify = (
        "\nA computed court deadline: verify it against the rules and any order." if court else ""
    )
    event.add(
        "description", f"{lead}{label} in {case.name}{matter}.\nOpen in Slack: {link}{verify}"
    )
    event.add("url", link)
    event.add("categories", [label, case.name[:60]])


def _event(
    item: Item,
    *,
    now: datetime,
    host: str,
    uid: str | None = None,
    recurrence_id: date | datetime | None = None,
) -> Event:
    task, case = item.task, item.case
    assert task.due_at is not None
    court = task.kind == "deadline"
    event = Event()
    event.add("uid", uid or f"task-{task.id}@{host}")
    if recurrence_id is not None:  # this occurrence of a repeating item, as Docket made it
        event.add("recurrence-id", recurrence_id)
    event.add("dtstamp", now)
    event.add("last-modified", task.updated_at)
    event.add("summary", f"{'⚖ ' if court else ''}#{task.number} {task.title}"[:250])
    if task.all_day:  # the court date, for all
        _span(event, task.due_date or task.due_at.astimezone(ZoneInfo(item.zone)).date())
    else:
        _span(event, task.due_at.astimezone(ZoneInfo(item.zone)))
    _about(event, court=court, case=case, link=slack_link(item), lead="")
    for moment in item.alarms:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"Docket: #{task.number} {task.title}"[:250])
        # absolute (UTC), the same moment Docket alerts; RFC 5545 requires VALUE=DATE-TIME here
        alarm.add("trigger", moment, parameters={"VALUE": "DATE-TIME"})
        event.add_component(alarm)
    return event


def _on(series: Series, day: date) -> date | datetime:
    """A day of the series as its DTSTART's value type: a DATE, or its wall time in its zone."""
    if series.at_time is None:
        return day
    return datetime.combine(day, series.at_time or time(0)).replace(tzinfo=ZoneInfo(series.zone))


def _series_events(rep: Repeat[Item], *, now: datetime, host: str) -> list[Event]:
    series, case = rep.series, rep.case
    uid = f"series-{series.id}@{host}"
    court = series.kind == "deadline"
    summary = f"{'⚖ ' if court else ''}↻ {series.title}"[:250]
    lead = (
        f"Repeats {rep.words}; Docket makes each occurrence a task when the one before is done.\n"
    )
    master = Event()
    master.add("uid", uid)
    master.add("dtstamp", now)
    master.add("last-modified", series.updated_at)
    master.add("summary", summary)
    _span(master, _on(series, rep.first))
    rule = vRecur.from_ical(";".join(f"{k}={v}" for k, v in rep.rule.items()))
    if rep.last is not None:
        rule["UNTIL"] = rep.until_utc if series.at_time is not None else rep.last
    master.add("rrule", rule)
    if rep.exdates:
        master.add("exdate", [_on(series, day) for day in rep.exdates])
    _about(master, court=court, case=case, link=case_link(case), lead=lead)
    events = [master]
    for slot, item in rep.made:
        events.append(_event(item, now=now, host=host, uid=uid, recurrence_id=_on(series, slot)))
    for moved in rep.moved:  # the court is closed on the rule's day: the day Docket will use
        event = Event()
        event.add("uid", uid)
        event.add("recurrence-id", _on(series, moved.slot))
        event.add("dtstamp", now)
        event.add("summary", summary)
        _span(event, _on(series, moved.day))
        _about(event, court=court, case=case, link=case_link(case), lead=f"{moved.note}.\n{lead}")
        events.append(event)
    return events


def render(feed: Feed, *, now: datetime, host: str) -> bytes:
    """The feed as an iCalendar document."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{feed.name} — Docket")
    cal.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT1H")
    for item in feed.items:
        cal.add_component(_event(item, now=now, host=host))
    for rep in feed.repeats:
        for event in _series_events(rep, now=now, host=host):
            cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
