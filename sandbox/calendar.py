"""Sandbox instruction :calendar [URL] — fetch a Docket calendar feed and print its events.

The feed is fetched over HTTP from Docket's web process, parsed back with `icalendar`, and each
event printed as a row in the acting user's zone: all-day events as a date (the same for every
reader), timed ones as a wall time with the zone, and each alarm's moment. A repeating event
(RRULE) is printed as its rule and exceptions, then its next occurrences as a calendar app shows
them: expanded with dateutil (EXDATEs left out, RECURRENCE-ID overrides in their place).
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from datetime import date, datetime, time
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from dateutil.rrule import rruleset, rrulestr
from icalendar import Calendar, Component, Event

if TYPE_CHECKING:
    from sandbox.shell import Shell

SHOWN_REPEATS = 6  # occurrences of a repeating event printed
LONGEST = 500  # occurrences expanded at the most (an endless rule)
URL_RE = re.compile(r"https?://[^\s`<>|]+/ical/[\w-]+\.ics")


class CalendarError(Exception):
    """The feed could not be fetched or read."""


def _day(d: date) -> str:
    return f"{d:%a %b} {d.day}, {d.year}"


def _moment(m: datetime, zone: ZoneInfo) -> str:
    local = m.astimezone(zone)
    return f"{local:%a %b} {local.day}, {local:%-I:%M %p %Z}"


def _newest_url(shell: Shell, user_id: str) -> str:
    for message in reversed(shell.world.slack.messages):
        if message.user == user_id and message.kind in ("ephemeral", "message"):
            found = URL_RE.findall(message.text + str(message.blocks))
            if found:
                return found[-1]
    raise CalendarError("no calendar link has been shown to you; try /case calendar")


def fetch(shell: Shell, url: str) -> tuple[int, bytes]:
    """GET the feed from the local web process (the public address mapped to loopback)."""
    server = shell.world.server
    assert server is not None
    local = server.url.rsplit("/slack/events", 1)[0]
    public = shell.world.settings.public_url
    target = local + url[len(public) :] if url.startswith(public) else url
    if not target.startswith(local):
        raise CalendarError(f"{url} is not one of this sandbox's feeds")
    try:
        with urllib.request.urlopen(target, timeout=10) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def show(shell: Shell, text: str) -> None:
    """:calendar [URL] — print the feed's events as a table in the acting user's zone."""
    user_id, _ = shell._acting()
    url = text.strip() or _newest_url(shell, user_id)
    user = shell.world.slack.user(user_id)
    zone_name = user.tz if user else "UTC"
    if shell.echo:
        shell._print(f"» @{shell._user_name(user_id)} reads the calendar {url} ({zone_name})")
    status, body = fetch(shell, url)
    if status != 200:
        shell._print(f"[calendar] HTTP {status}: {body.decode('utf-8', 'replace').strip()}\n")
        return
    try:
        cal = Calendar.from_ical(body)
    except ValueError as error:
        raise CalendarError(f"the feed does not parse: {error}") from None
    zone = ZoneInfo(zone_name)
    events = cal.walk("VEVENT")
    masters = [e for e in events if e.get("rrule") is not None]
    repeating = {str(e["uid"]) for e in masters}
    rows = [_row(e, zone) for e in events if str(e["uid"]) not in repeating]
    width = max([len(r[0]) for r in rows] + [4])
    more = f", {len(masters)} repeating" if masters else ""
    lines = [f"[calendar] {cal.get('x-wr-calname')} · {len(rows)} event(s){more}"]
    lines += [f"{when:<{width}} | {summary} | alarms: {alarms}" for when, summary, alarms in rows]
    for master in masters:
        lines.append(f"{master.get('summary')} | RRULE:{_rule(master)}")
        excluded = [_when(d, zone) for d in exdates(master)]
        if excluded:
            lines.append(f"  except {', '.join(excluded)}")
        shown = [_row(e, zone) for e in expand(master, events)[:SHOWN_REPEATS]]
        width = max(len(r[0]) for r in shown) if shown else 4
        lines += [
            f"  {when:<{width}} | {summary} | alarms: {alarms}" for when, summary, alarms in shown
        ]
    shell._print("\n".join(lines) + "\n")


def _when(start: date | datetime, zone: ZoneInfo) -> str:
    return f"{_day(start)} (all day)" if not isinstance(start, datetime) else _moment(start, zone)


def _row(event: Component, zone: ZoneInfo) -> tuple[str, str, str]:
    alarms = [
        _moment(alarm.decoded("trigger"), zone)
        for alarm in event.walk("VALARM")
        if isinstance(alarm.decoded("trigger"), datetime)
    ]
    return (
        _when(event.decoded("dtstart"), zone),
        str(event.get("summary")),
        "; ".join(alarms) or "-",
    )


def _naive(d: date | datetime) -> datetime:
    return d if isinstance(d, datetime) else datetime.combine(d, time(0))


def exdates(master: Component) -> list[date | datetime]:
    """A repeating event's EXDATEs (one property or several)."""
    found = master.get("exdate")
    lists = found if isinstance(found, list) else [found] if found is not None else []
    return [d.dt for one in lists for d in one.dts]


def expand(master: Component, events: list[Component]) -> list[Component]:
    """A repeating event's occurrences in order, each a copy at its own start, overrides in place.

    RFC 5545 reading: DTSTART is the first instance, RRULE adds the rest, EXDATE takes out, and
    an event with the same UID and a RECURRENCE-ID replaces the instance it names.
    """
    start = master.decoded("dtstart")
    all_day = not isinstance(start, datetime)
    rules = rrulestr(f"RRULE:{_rule(master)}", dtstart=_naive(start), forceset=True)
    assert isinstance(rules, rruleset)
    for day in exdates(master):
        rules.exdate(_naive(day))
    overrides = {
        _naive(e.decoded("recurrence-id")): e
        for e in events
        if e.get("recurrence-id") is not None and str(e["uid"]) == str(master["uid"])
    }
    shown = []
    for moment in rules.xafter(_naive(start), count=LONGEST, inc=True):
        found = overrides.get(moment)
        if found is None:
            found = Event()
            found.add("summary", master["summary"])
            found.add("dtstart", moment.date() if all_day else moment)
        shown.append(found)
    return shown


def _rule(master: Component) -> str:
    """The RRULE's value as text."""
    value = master["rrule"].to_ical()
    return value.decode() if isinstance(value, bytes) else str(value)
