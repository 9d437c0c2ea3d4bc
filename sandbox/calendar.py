"""Sandbox instruction :calendar [URL] — fetch a Docket calendar feed and print its events.

The feed is fetched over HTTP from Docket's web process, parsed back with `icalendar`, and each
event printed as a row in the acting user's zone: all-day events as a date (the same for every
reader), timed ones as a wall time with the zone, and each alarm's moment.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from datetime import date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from icalendar import Calendar

if TYPE_CHECKING:
    from sandbox.shell import Shell

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
    rows = []
    for event in cal.walk("VEVENT"):
        start = event.decoded("dtstart")
        when = (
            f"{_day(start)} (all day)" if not isinstance(start, datetime) else _moment(start, zone)
        )
        alarms = [
            _moment(alarm.decoded("trigger"), zone)
            for alarm in event.walk("VALARM")
            if isinstance(alarm.decoded("trigger"), datetime)
        ]
        rows.append((when, str(event.get("summary")), "; ".join(alarms) or "-"))
    lines = [f"[calendar] {cal.get('x-wr-calname')} · {len(rows)} event(s)"]
    width = max([len(r[0]) for r in rows] + [4])
    lines += [f"{when:<{width}} | {summary} | alarms: {alarms}" for when, summary, alarms in rows]
    shell._print("\n".join(lines) + "\n")
