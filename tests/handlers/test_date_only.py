"""Date-only deadlines: a date in the court's zone, due at its 11:59 PM, the same day for all."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from bot.blocks.task import due_text
from bot.models import Case, Outbox
from bot.services import listing
from bot.vocab import OutboxKind
from tests.factories import tasks_of

NY = ZoneInfo("America/New_York")


def test_a_federal_deadline_typed_in_london_is_due_at_midnight_in_new_york(team, world):
    team.slack.set_tz(team.ids["alice"], "Europe/London")
    team.cmd("alice", "/case", "new Doe v. Acme 1:26-cv-00417")
    court = team.cmd("alice", "/case", "set court SDNY")
    assert "SDNY" in json.dumps(court.json) and "Eastern" in json.dumps(court.json)
    assert "SDNY" in json.dumps(team.cmd("alice", "/case").json)
    reply = team.cmd("alice", "/deadline", "Reply brief due 12/7/2026")
    assert "Mon Dec 7, 2026, 11:59 PM Eastern, court time" in json.dumps(reply.json)
    (task,) = tasks_of(world)
    assert task.due_date == date(2026, 12, 7) and task.due_zone == "America/New_York"
    assert task.due_at == datetime(2026, 12, 8, 0, 0, tzinfo=NY).astimezone(UTC)
    noon = datetime(2026, 12, 7, 12, 0, tzinfo=NY)
    last_minute = datetime(2026, 12, 7, 23, 59, tzinfo=NY)
    for now in (noon, last_minute):
        assert listing.group_of(task, now=now, tz="Europe/London") != "Overdue"
    assert listing.group_of(task, now=datetime(2026, 12, 8, 0, 0, tzinfo=NY), tz="UTC") == (
        "Overdue"
    )
    for reader in ("America/Los_Angeles", "America/New_York", "Europe/London"):
        assert due_text(task, tz=reader) == "Mon Dec 7, 2026"
    with Session(world.engine) as s:
        overdue = s.exec(select(Outbox).where(Outbox.kind == OutboxKind.OVERDUE)).one()
    assert overdue.due_at == task.due_at  # not noon Eastern, not 5 PM London


def test_no_date_token_for_a_date_only_task_on_the_channel_card(team, world):
    team.cmd("alice", "/case", "new Doe v. Acme 1:26-cv-00417")
    start = len(team.slack.messages)
    team.cmd("alice", "/deadline", "Reply brief due 12/7/2026")
    posted = json.dumps([m.blocks for m in team.slack.messages[start:]])
    assert "Mon Dec 7, 2026" in posted and "<!date" not in posted


def test_a_monday_deadlines_reminder_comes_the_friday_before(team, world):
    team.cmd("alice", "/case", "new Doe v. Acme 1:26-cv-00417")
    team.cmd("alice", "/deadline", "@bob Reply brief due 12/14/2026")
    with Session(world.engine) as s:
        alerts = s.exec(
            select(Outbox).where(Outbox.kind == OutboxKind.ALERT).order_by(col(Outbox.due_at))
        ).all()
    days = [a.due_at.astimezone(NY).strftime("%a %b %d %H:%M") for a in alerts]
    assert "Fri Dec 11 09:00" in days and "Sun Dec 13 09:00" not in days
    assert days[-1] == "Mon Dec 14 09:00"


def test_a_california_case_ends_its_days_in_pacific_time(team, world):
    team.cmd("alice", "/case", "new Roe v. Doe 26STCV01234")
    team.cmd("alice", "/case", "set jurisdiction US-CA")
    team.cmd("alice", "/deadline", "Opposition due 12/7/2026")
    (task,) = tasks_of(world)
    assert task.due_zone == "America/Los_Angeles"
    la = ZoneInfo("America/Los_Angeles")
    assert task.due_at == datetime(2026, 12, 8, 0, 0, tzinfo=la).astimezone(UTC)
    with Session(world.engine) as s:
        assert s.exec(select(Case)).one().court_zone is None  # the jurisdiction's zone


def test_an_unknown_court_is_refused_with_examples(team):
    team.cmd("alice", "/case", "new Doe v. Acme 1:26-cv-00417")
    reply = team.cmd("alice", "/case", "set court Mars")
    assert "SDNY" in json.dumps(reply.json) and "America/Chicago" in json.dumps(reply.json)
