"""People acting at the same moment, through signed requests on PostgreSQL: one change wins.

Real threads send real signed requests to Docket's HTTP endpoint (waitress, 8 threads) at once;
a barrier releases them together. These run on PostgreSQL only (`make test-postgres`), where the
races happen for real; SQLite serialises writers anyway.
"""

from __future__ import annotations

import json
import os
import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlmodel import Session, col, func, select

from bot.models import AuditEvent, Case, Outbox, Task, UserProfile, Workspace
from tests.handlers.conftest import Team

pytestmark = pytest.mark.skipif(
    not os.environ.get("DOCKET_TEST_DATABASE_URL"), reason="needs PostgreSQL (make test runs it)"
)


def _together(count: int, send: Callable[[int], object]) -> list:
    """Run send(0..count-1) on `count` threads released at the same instant."""
    start = threading.Barrier(count)

    def one(i: int) -> object:
        start.wait(timeout=30)
        return send(i)

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(one, range(count)))


def _said(reply) -> str:
    assert reply.status == 200, reply.body
    return json.dumps(reply.json)


def _count(world, model, *where) -> int:
    with Session(world.engine) as s:
        return s.exec(select(func.count()).select_from(model).where(*where)).one()


def test_twenty_concurrent_adds_in_one_case_number_1_to_20(team):
    team.cmd("alice", "/case", "new Smith v. Jones")
    replies = _together(
        20, lambda i: team.cmd("alice", "/task", f"item {i} of the brief by Dec 11")
    )
    said = [_said(r) for r in replies]
    assert not [s for s in said if "went wrong" in s], said
    with Session(team.world.engine) as s:
        numbers = sorted(s.exec(select(Task.number)))
        case = s.exec(select(Case)).one()
    assert numbers == list(range(1, 21))
    assert case.next_task_number == 21
    assert _count(team.world, AuditEvent, AuditEvent.action == "task.create") == 20


def _done_and_cancel(team, number: int) -> list[str]:
    verbs = ["done", "cancel"]
    return [
        _said(r) for r in _together(2, lambda i: team.cmd("alice", "/task", f"{verbs[i]} {number}"))
    ]


def test_done_and_cancel_together_one_wins_ten_times_out_of_ten(team):
    team.cmd("alice", "/case", "new Smith v. Jones")
    for n in range(1, 11):
        team.cmd("alice", "/task", f"exhibit {n} binder by Dec 11")
    for n in range(1, 11):
        said = _done_and_cancel(team, n)
        won = [s for s in said if f"Marked #{n} done" in s or f"Cancelled #{n}" in s]
        lost = [s for s in said if f"#{n} was already" in s]
        assert len(won) == 1 and len(lost) == 1, said
        assert "a moment ago" in lost[0] and team.ids["alice"] in lost[0]
    with Session(team.world.engine) as s:
        tasks = list(s.exec(select(Task).order_by(col(Task.number))))
        closing = Counter(
            e.task_id
            for e in s.exec(
                select(AuditEvent).where(col(AuditEvent.action).in_(["task.done", "task.cancel"]))
            )
        )
        updates = Counter(
            o.task_id for o in s.exec(select(Outbox).where(Outbox.kind == "card_update"))
        )
    assert {t.status for t in tasks} <= {"done", "cancelled"}
    assert all(closing[t.id] == 1 for t in tasks), closing
    assert all(updates[t.id] == 1 for t in tasks), updates  # one message per accepted change


def test_fifty_concurrent_done_one_marked_done(team):
    team.cmd("alice", "/case", "new Smith v. Jones")
    team.cmd("alice", "/task", "@bob serve the subpoena by Dec 11")
    said = [_said(r) for r in _together(50, lambda i: team.cmd("bob", "/task", "done 1"))]
    assert sum("Marked #1 done" in s for s in said) == 1, said
    assert sum("#1 was already marked done" in s for s in said) == 49, said
    assert _count(team.world, AuditEvent, AuditEvent.action == "task.done") == 1


def test_first_requests_of_a_new_workspace_and_user_all_succeed(world):
    team = Team(world, channel="first-1", users=("newbie",))
    channels = [team.channel] + [world.slack.add_channel(f"first-{i}").id for i in range(2, 9)]
    for channel in channels[1:]:
        world.slack.join(world.slack.bot_user_id, channel)
        world.slack.join(team.ids["newbie"], channel)
    # A brand-new workspace and user: eight channels' first /case new at the same moment.
    replies = _together(
        8, lambda i: team.cmd("newbie", "/case", f"new Matter {i}", channel=channels[i])
    )
    said = [_said(r) for r in replies]
    assert not [s for s in said if "went wrong" in s], said
    assert _count(world, Workspace) == 1 and _count(world, Case) == 8
    # A new user's first eight requests at the same moment: their profile is stored once.
    rookie = world.slack.add_user("rookie").id
    for channel in channels:
        world.slack.join(rookie, channel)
        world.driver.event({"type": "member_joined_channel", "user": rookie, "channel": channel})
    team.ids["rookie"] = rookie
    replies = _together(
        8, lambda i: team.cmd("rookie", "/task", "read the file by Dec 11", channel=channels[i])
    )
    said = [_said(r) for r in replies]
    assert sum("Added task #1" in s for s in said) == 8, said
    assert _count(world, UserProfile, UserProfile.id == rookie) == 1


def test_two_cases_for_one_channel_at_once_one_is_made(team):
    said = [_said(r) for r in _together(4, lambda i: team.cmd("alice", "/case", f"new Matter {i}"))]
    assert _count(team.world, Case) == 1
    assert sum("already the case" in s for s in said) == 3, said
