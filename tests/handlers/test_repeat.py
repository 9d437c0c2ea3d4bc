"""Repeating tasks end to end: /task … every …, skip, stop, the clock, retries, client updates."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from bot.models import AuditEvent, Series
from tests.factories import tasks_of

NY = ZoneInfo("America/New_York")


def _open(team):
    team.cmd("alice", "/case", "new Smith v. Jones 2026-CV-0142")


def test_a_repeating_task_echoes_the_rule_and_makes_one_occurrence(team):
    _open(team)  # Tue Dec 1, 2026 9:00 New York
    reply = team.cmd(
        "alice", "/task", "@bob send the client a status update every other Friday 3pm"
    )
    text = json.dumps(reply.json)
    assert "every other Fri at 3:00 PM" in text and "Fri Dec 4, 2026, 3:00 PM EST" in text
    (task,) = tasks_of(team.world)
    assert task.title == "send the client a status update" and task.series_id is not None
    assert task.due_at == datetime(2026, 12, 4, 15, 0, tzinfo=NY)
    card = [m for m in team.slack.messages if m.channel == team.channel][-1]
    assert ":repeat:" in json.dumps(card.blocks) and "Repeats every other Fri" in json.dumps(
        card.blocks
    )


def test_a_slack_retry_makes_no_second_series(team):
    _open(team)
    for retry in (None, 1):
        team.cmd(
            "alice", "/task", "check the docket every Monday", trigger_id="T-1", retry_num=retry
        )
    assert len(tasks_of(team.world)) == 1
    with Session(team.world.engine) as s:
        assert len(s.exec(select(Series)).all()) == 1


def test_done_brings_the_next_occurrence_once(team):
    _open(team)
    team.cmd("alice", "/task", "check the docket every Monday")
    reply = team.cmd("alice", "/task", "done 1", trigger_id="T-done")
    assert "Next occurrence: #2" in json.dumps(reply.json)
    team.cmd("alice", "/task", "done 1", trigger_id="T-done", retry_num=1)
    tasks = tasks_of(team.world)
    assert [(t.number, t.status) for t in tasks] == [(1, "done"), (2, "open")]
    assert tasks[1].due_date == date(2026, 12, 14)  # a date-only occurrence: that court day
    assert tasks[1].due_at == datetime(2026, 12, 15, 0, 0, tzinfo=NY)


def test_the_clock_makes_the_next_when_the_current_falls_due_and_both_show(team):
    _open(team)
    team.cmd("alice", "/task", "check the docket every Monday 9am")
    team.world.advance_to(datetime(2026, 12, 7, 9, 1, tzinfo=NY))
    tasks = tasks_of(team.world)
    assert [(t.number, t.status) for t in tasks] == [(1, "open"), (2, "open")]
    assert tasks[1].due_at == datetime(2026, 12, 14, 9, 0, tzinfo=NY)
    team.world.advance_to(datetime(2026, 12, 7, 12, 0, tzinfo=NY))
    assert len(tasks_of(team.world)) == 2


def test_skip_and_stop(team):
    _open(team)
    team.cmd("alice", "/task", "@bob check the docket every Monday")
    reply = team.cmd("bob", "/task", "skip 1")
    assert "Skipped #1" in json.dumps(reply.json) and "#2" in json.dumps(reply.json)
    reply = team.cmd("bob", "/task", "stop 2")
    assert "Only the case lead" in json.dumps(reply.json)
    reply = team.cmd("alice", "/task", "stop 2")
    assert "Stopped the repeat" in json.dumps(reply.json)
    team.cmd("alice", "/task", "done 2")
    assert [(t.number, t.status) for t in tasks_of(team.world)] == [(1, "cancelled"), (2, "done")]
    with Session(team.world.engine) as s:
        actions = {e.action for e in s.exec(select(AuditEvent))}
    assert {"series.start", "task.skip", "series.stop"} <= actions


def test_moving_one_occurrence_never_moves_the_series(team):
    _open(team)
    team.cmd("alice", "/task", "check the docket every Monday")
    team.cmd("alice", "/task", "due 1 Wed Dec 9 5pm")
    team.cmd("alice", "/task", "done 1")
    assert tasks_of(team.world)[1].due_date == date(2026, 12, 14)  # the series' own Monday


def test_an_unreadable_repeat_creates_nothing(team):
    _open(team)
    reply = team.cmd("alice", "/task", "check the docket every Monday until trial")
    assert "trial" in json.dumps(reply.json) and tasks_of(team.world) == []
    reply = team.cmd("alice", "/task", "status call biweekly")
    assert "twice a week" in json.dumps(reply.json) and tasks_of(team.world) == []


def test_client_updates_cadence(team):
    _open(team)
    reply = team.cmd("bob", "/case", "set client-updates every 2 weeks")
    assert "Only the case lead" in json.dumps(reply.json)
    reply = team.cmd("alice", "/case", "set client-updates every 2 weeks")
    assert "Tue Dec 15, 2026" in json.dumps(reply.json)
    (task,) = tasks_of(team.world)
    assert task.title == "Update the client" and task.assignee_id == team.ids["alice"]
    reply = team.cmd("alice", "/case", "set client-updates off")
    assert "off" in json.dumps(reply.json)
    team.world.advance_to(datetime(2026, 12, 16, 9, 0, tzinfo=NY) + timedelta(minutes=1))
    assert len(tasks_of(team.world)) == 1  # stopped: no next occurrence


def test_a_new_client_update_cadence_replaces_the_old_one(team):
    _open(team)
    team.cmd("alice", "/case", "set client-updates every 2 weeks")
    reply = team.cmd("alice", "/case", "set client-updates every week")
    assert "every" in json.dumps(reply.json)
    tasks = tasks_of(team.world)
    assert [t.status for t in tasks] == ["cancelled", "open"]  # one coming update, not two
    with Session(team.world.engine) as s:
        cancels = s.exec(
            select(AuditEvent).where(
                AuditEvent.action == "task.cancel", AuditEvent.task_id == tasks[0].id
            )
        ).all()
    assert len(cancels) == 1
