"""Calendar feeds over HTTP, parsed back with icalendar: right days, stable UIDs, revocation."""

from __future__ import annotations

import urllib.error
import urllib.request
from datetime import date, datetime

from icalendar import Calendar

from sandbox.world import PUBLIC_URL


def _get(world, url: str) -> tuple[int, bytes]:
    local = world.server.url.rsplit("/slack/events", 1)[0] + url[len(PUBLIC_URL) :]
    try:
        with urllib.request.urlopen(local, timeout=10) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def _link(reply) -> str:
    return next(w.strip("`") for w in reply.json["text"].split() if "/ical/" in w)


def _setup(team):
    team.cmd("alice", "/case", "new Smith v. Jones 2026-CV-0142")
    team.cmd("alice", "/deadline", "@bob Answer 21 days after service on Dec 1")
    team.cmd("alice", "/deadline", "@bob Reply brief due Dec 18")
    team.cmd("alice", "/task", "@bob pull the transcripts by Thursday noon")
    team.cmd("alice", "/task", "@bob index the exhibits by Dec 9 2pm")
    team.cmd("alice", "/task", "done 4")


def test_a_case_feed_shows_every_open_deadline_once_on_the_right_day(world, team):
    _setup(team)
    url = _link(team.cmd("alice", "/case", "calendar"))
    status, body = _get(world, url)
    assert status == 200
    cal = Calendar.from_ical(body)
    events = cal.walk("VEVENT")
    starts = {str(e["summary"]): e.decoded("dtstart") for e in events}
    assert len(events) == 3 and len({e["uid"] for e in events}) == 3  # the done task is left out
    assert starts["⚖ #1 Answer"] == date(2026, 12, 22)  # all-day: a date, not a moment
    assert starts["⚖ #2 Reply brief"] == date(2026, 12, 18)
    assert b"DTSTART;VALUE=DATE:20261222" in body and b"DTEND;VALUE=DATE:20261223" in body
    timed = starts["#3 pull the transcripts"]
    assert isinstance(timed, datetime) and timed.tzinfo is not None
    assert b"DTSTART;TZID=America/New_York:20261203T120000" in body and b"BEGIN:VTIMEZONE" in body
    assert all(a.decoded("trigger").tzinfo for e in events for a in e.walk("VALARM"))
    assert b"TRIGGER;VALUE=DATE-TIME:" in body
    assert "2026-CV-0142" in str(events[0]["description"]) and "slack.com" in str(events[0]["url"])
    # the same link again, and the same UIDs on the next fetch
    assert _link(team.cmd("alice", "/case", "calendar")) == url
    again = Calendar.from_ical(_get(world, url)[1])
    assert [e["uid"] for e in again.walk("VEVENT")] == [e["uid"] for e in events]


def test_reset_and_leaving_the_channel_stop_a_link(world, team):
    _setup(team)
    old = _link(team.cmd("bob", "/case", "calendar"))
    new = _link(team.cmd("bob", "/case", "calendar reset"))
    assert new != old and _get(world, old)[0] == 404 and _get(world, new)[0] == 200
    mine = _link(team.cmd("bob", "/task", "calendar"))
    assert len(Calendar.from_ical(_get(world, mine)[1]).walk("VEVENT")) == 3
    world.slack.leave(team.ids["bob"], team.channel)
    world.driver.event(
        {"type": "member_left_channel", "user": team.ids["bob"], "channel": team.channel}
    )
    assert _get(world, new)[0] == 404
    assert Calendar.from_ical(_get(world, mine)[1]).walk("VEVENT") == []
    assert _get(world, PUBLIC_URL + "/ical/not-a-real-token-at-all.ics")[0] == 404
