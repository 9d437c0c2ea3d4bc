"""A repeating task in a calendar feed: one RRULE, parsed back and expanded to Docket's days."""

from __future__ import annotations

import json
import urllib.request
from datetime import date, datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar
from sqlmodel import Session, select

from bot.dates.occurrences import following
from bot.models import Series, Task
from bot.services.series import spec_of
from bot.vocab import TaskStatus
from sandbox.calendar import exdates, expand
from sandbox.world import PUBLIC_URL

NY = ZoneInfo("America/New_York")


def _feed(world, team, who: str, command: str) -> tuple[bytes, Calendar]:
    reply = team.cmd(who, command, "calendar")
    url = next(w.strip("`") for w in reply.json["text"].split() if "/ical/" in w)
    local = world.server.url.rsplit("/slack/events", 1)[0] + url[len(PUBLIC_URL) :]
    with urllib.request.urlopen(local, timeout=10) as resp:
        body = resp.read()
    return body, Calendar.from_ical(body)


def _docket_days(world, count: int) -> list[date | datetime]:
    """What Docket will make: its open occurrences, then the series' next ones (one series)."""
    with Session(world.engine) as s:
        series = s.exec(select(Series)).one()
        spec, due_time = spec_of(series), series.day_due_time
        query = select(Task).where(Task.series_id == series.id, Task.status == TaskStatus.OPEN)
        open_ = sorted(s.exec(query), key=lambda t: t.slot or date.min)
        days: list[date | datetime] = [t.due_date or t.due_at for t in open_]  # type: ignore[misc]
        occ = following(spec, after=series.last_slot, due_time=due_time)
        while occ is not None and len(days) < count:
            days.append(occ.day if occ.all_day else occ.due)
            occ = following(spec, after=occ.slot, due_time=due_time)
    return days


def _expanded(cal: Calendar, count: int) -> list[date | datetime]:
    events = cal.walk("VEVENT")
    (master,) = [e for e in events if e.get("rrule") is not None]
    return [e.decoded("dtstart") for e in expand(master, events)[:count]]


def _open(team):
    team.cmd("alice", "/case", "new Smith v. Jones 2026-CV-0142")


def test_a_fortnightly_timed_task_is_one_rule_in_its_zone_across_a_holiday_and_dst(world, team):
    _open(team)  # Tue Dec 1, 2026, New York
    team.cmd("alice", "/task", "@bob send the client a status update every other Friday 3pm")
    body, cal = _feed(world, team, "alice", "/case")
    events = cal.walk("VEVENT")
    assert len({str(e["uid"]) for e in events}) == 1  # one item, not copies
    assert b"DTSTART;TZID=America/New_York:20261204T150000" in body
    assert b"RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=FR" in body
    assert b"RECURRENCE-ID;TZID=America/New_York:20261204T150000" in body  # #1 as Docket made it
    # Fri Jan 1, 2027 is New Year's Day: Docket moves it to Mon Jan 4, and so does the feed
    assert b"RECURRENCE-ID;TZID=America/New_York:20270101T150000" in body
    assert b"DTSTART;TZID=America/New_York:20270104T150000" in body
    got = _expanded(cal, 12)
    assert got == _docket_days(world, 12)
    assert got[0] == datetime(2026, 12, 4, 15, tzinfo=NY) and got[2].date() == date(2027, 1, 4)
    march = [d for d in got if isinstance(d, datetime) and d.month == 3]  # after DST starts
    assert march and all(d.astimezone(NY).hour == 15 for d in march)
    first = next(e for e in events if e.get("recurrence-id") is not None and e.walk("VALARM"))
    assert "#1 send the client a status update" in str(first["summary"])


def test_a_weekly_date_only_task_left_open_then_done_skips_the_done_day(world, team):
    _open(team)
    team.cmd("alice", "/task", "check the docket every Monday")  # all day, Mon Dec 7
    world.advance_to(datetime(2026, 12, 8, 0, 1, tzinfo=NY))  # #1 overdue: #2 (Dec 14) made
    team.cmd("alice", "/task", "done 2")  # #3 (Dec 21) made; #1 still open
    body, cal = _feed(world, team, "alice", "/case")
    assert b"DTSTART;VALUE=DATE:20261207" in body and b"EXDATE;VALUE=DATE:20261214" in body
    assert b"RECURRENCE-ID;VALUE=DATE:20261221" in body
    (master,) = [e for e in cal.walk("VEVENT") if e.get("rrule") is not None]
    assert exdates(master) == [date(2026, 12, 14)]
    got = _expanded(cal, 8)
    assert got == _docket_days(world, 8)
    assert got[:3] == [date(2026, 12, 7), date(2026, 12, 21), date(2026, 12, 28)]
    summaries = [str(e["summary"]) for e in expand(master, cal.walk("VEVENT"))[:3]]
    assert summaries == ["#1 check the docket", "#3 check the docket", "↻ check the docket"]


def test_a_counted_rule_ends_with_an_until_of_the_same_type(world, team):
    _open(team)
    team.cmd("alice", "/task", "check the docket every Monday 4 times")
    team.cmd("alice", "/task", "skip 1")
    body, cal = _feed(world, team, "alice", "/case")
    assert b"UNTIL=20261228" in body and b"COUNT" not in body  # DTSTART moved on: no COUNT
    assert _expanded(cal, 10) == [date(2026, 12, d) for d in (14, 21, 28)]
    team.cmd("alice", "/task", "check in with the expert every Tuesday 10am 2 times")
    body = _feed(world, team, "alice", "/case")[0]
    assert b"UNTIL=20261208T150000Z" in body  # Tue Dec 1 and 8, 10 AM: UTC with TZID (3.3.10)


def test_mine_shows_only_my_series_and_a_stopped_one_as_its_last_task(world, team):
    _open(team)
    team.cmd("alice", "/task", "@bob pull the docket every Monday")
    team.cmd("alice", "/task", "call the client every Friday")
    _, cal = _feed(world, team, "bob", "/task")
    masters = [e for e in cal.walk("VEVENT") if e.get("rrule") is not None]
    assert [str(m["summary"]) for m in masters] == ["↻ pull the docket"]
    team.cmd("alice", "/task", "stop 1")
    _, cal = _feed(world, team, "bob", "/task")
    events = cal.walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["#1 pull the docket"]
    assert events[0].get("rrule") is None and str(events[0]["uid"]).startswith("task-")


def test_feed_uids_stay_the_same_across_fetches(world, team):
    _open(team)
    team.cmd("alice", "/task", "check the docket every Monday")
    first = _feed(world, team, "alice", "/case")[1]
    again = _feed(world, team, "alice", "/case")[1]
    uids = [(str(e["uid"]), json.dumps(str(e.get("recurrence-id")))) for e in first.walk("VEVENT")]
    assert uids == [
        (str(e["uid"]), json.dumps(str(e.get("recurrence-id")))) for e in again.walk("VEVENT")
    ]
    events = first.walk("VEVENT")
    assert len([e for e in events if e.get("recurrence-id") is None]) == 1  # the rule only
    moved = {e.decoded("recurrence-id"): e.decoded("dtstart") for e in events[2:]}
    assert moved[date(2027, 1, 18)] == date(2027, 1, 19)  # MLK Day: Docket uses the Tuesday
    assert "Martin Luther King" in str(events[2]["description"])
