"""A calendar feed as RFC 5545 text (icalendar): all-day deadlines, timed tasks in their zone."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event

from bot.services.feeds import Feed, Item

PRODID = "-//Docket//Case deadlines//EN"
TIMED_LENGTH = timedelta(minutes=30)


def slack_link(item: Item) -> str:
    """Back to Slack: the message the task came from, else its case channel."""
    if item.task.source_url:
        return item.task.source_url
    case = item.case
    return f"https://slack.com/app_redirect?channel={case.channel_id}&team={case.team_id}"


def _event(item: Item, *, now: datetime, host: str) -> Event:
    task, case = item.task, item.case
    assert task.due_at is not None
    court = task.kind == "deadline"
    event = Event()
    event.add("uid", f"task-{task.id}@{host}")
    event.add("dtstamp", now)
    event.add("last-modified", task.updated_at)
    label = "Court deadline" if court else "Task"
    event.add("summary", f"{'⚖ ' if court else ''}#{task.number} {task.title}"[:250])
    zone = ZoneInfo(item.zone)
    if task.all_day:
        day = task.due_date or task.due_at.astimezone(zone).date()  # the court date, for all
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        event.add("transp", "TRANSPARENT")
    else:
        local = task.due_at.astimezone(zone)
        event.add("dtstart", local)
        event.add("dtend", local + TIMED_LENGTH)
    matter = f" ({case.matter_number})" if case.matter_number else ""
    verify = (
        "\nA computed court deadline: verify it against the rules and any order." if court else ""
    )
    event.add(
        "description", f"{label} in {case.name}{matter}.\nOpen in Slack: {slack_link(item)}{verify}"
    )
    event.add("url", slack_link(item))
    event.add("categories", [label, case.name[:60]])
    for moment in item.alarms:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"Docket: #{task.number} {task.title}"[:250])
        # absolute (UTC), the same moment Docket alerts; RFC 5545 requires VALUE=DATE-TIME here
        alarm.add("trigger", moment, parameters={"VALUE": "DATE-TIME"})
        event.add_component(alarm)
    return event


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
    cal.add_missing_timezones()
    return cal.to_ical()
