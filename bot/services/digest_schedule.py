"""When digests come: local times and days, zones, and the next occurrences across DST."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.models import Case
from bot.services.errors import Invalid
from bot.services.zones import is_zone

DAY_WORDS = {"weekdays": "weekdays", "weekday": "weekdays", "daily": "daily", "everyday": "daily"}
TIME_RE = re.compile(r"^(\d{1,2})(?::(\d{2}))?(am|pm|a|p)?$")


@dataclass(frozen=True)
class Schedule:
    """When a digest comes: local 'HH:MM', 'weekdays'|'daily'|'off', post even when empty."""

    at: str
    days: str
    always: bool = False
    zone: str | None = None
    paused: str | None = None  # the days `off` paused, which `on` restores


def case_schedule(case: Case) -> Schedule:
    """The case's digest schedule as stored on the Case row."""
    return Schedule(
        case.digest_time,
        case.digest_days,
        case.digest_always,
        case.digest_zone,
        case.digest_paused_days,
    )


def parse_time(word: str) -> str:
    """'9am', '7:45', '5:30pm', 'noon' -> 'HH:MM', or Invalid."""
    word = word.lower().replace(".", "")
    match = TIME_RE.match("12:00" if word == "noon" else word)
    hour, minute = (int(match[1]), int(match[2] or 0)) if match else (99, 0)
    if match and match[3]:
        hour = hour % 12 + (12 if match[3].startswith("p") else 0) if 1 <= hour <= 12 else 99
    if hour > 23 or minute > 59:
        raise Invalid(f"I couldn't read “{word[:20]}” as a time of day (like 9am, 7:45 or 17:30).")
    return f"{hour:02d}:{minute:02d}"


def parse_schedule(text: str, *, current: Schedule, personal: bool = False) -> Schedule:
    """'at 9am weekdays', '7:45 daily always', 'off', 'on' -> a Schedule, or Invalid."""
    words = re.sub(r"(?i)\s+([ap]\.?m\.?)(?=\s|$)", r"\1", text.strip()).split()
    low = [w.lower() for w in words]
    if low in (["off"], ["stop"], ["none"]):
        paused = current.days if current.days != "off" else current.paused
        return Schedule(current.at, "off", current.always, current.zone, paused)
    if low == ["on"]:
        days = current.days if current.days != "off" else (current.paused or "weekdays")
        return Schedule(current.at, days, current.always, current.zone)
    if low[:1] == ["at"]:
        words, low = words[1:], low[1:]
    if not words:
        raise Invalid("At what time? Give a time of day.")
    at, days, always, zone = parse_time(words[0]), "weekdays", False, current.zone
    for word, lowered in zip(words[1:], low[1:], strict=True):
        if lowered in DAY_WORDS:
            days = DAY_WORDS[lowered]
        elif lowered in ("always", "quiet") and not personal:
            always = lowered == "always"
        elif "/" in word and is_zone(word) and not personal:
            zone = word
        else:
            if "/" in word and not personal:
                raise Invalid(
                    f"I don't know the time zone “{word[:40]}”. Use an IANA name such as "
                    "America/Chicago, e.g. `/digest at 8:30 weekdays America/Chicago`."
                )
            raise Invalid(f"I don't understand “{word[:30]}” here: say weekdays or daily.")
    return Schedule(at, days, always, zone)


def _moment(day: date, at: str, zone: ZoneInfo) -> datetime:
    hour, minute = (int(part) for part in at.split(":"))
    local = datetime.combine(day, time(hour, minute), tzinfo=zone)  # a gap time moves forward
    return local.astimezone(UTC)


def occurrences(
    schedule: Schedule, *, zone: str, start: datetime, end: datetime
) -> list[tuple[date, datetime]]:
    """The local dates and UTC moments of the schedule's digests after start, up to end."""
    if schedule.days == "off":
        return []
    tz = ZoneInfo(zone)
    day, last = start.astimezone(tz).date() - timedelta(days=1), end.astimezone(tz).date()
    found = []
    while day <= last:
        if schedule.days == "daily" or day.weekday() < 5:
            due = _moment(day, schedule.at, tz)
            if start < due <= end:
                found.append((day, due))
        day += timedelta(days=1)
    return found
