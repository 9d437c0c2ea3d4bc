"""The workspace's chat.postMessage budget: a sliding minute shared by every sender."""

from __future__ import annotations

import threading
from datetime import timedelta

from sqlmodel import Session

from bot.db import session_scope
from bot.services import post_budget
from bot.services.post_budget import MARGIN, WINDOW
from tests.factories import NOW

NONE = timedelta(0)


def _take(engine, now, *, per_minute=3, within=NONE, team="T1") -> post_budget.Slot:
    with session_scope(engine) as s:
        return post_budget.take(s, team_id=team, now=now, per_minute=per_minute, within=within)


def test_the_first_per_minute_go_at_once_the_next_when_the_first_leaves_the_window(engine):
    assert [_take(engine, NOW + timedelta(seconds=n)) for n in range(3)] == [
        post_budget.Slot(NOW + timedelta(seconds=n), taken=True) for n in range(3)
    ]
    fourth = NOW + WINDOW + MARGIN  # the first slot's minute, and the margin for latency
    assert _take(engine, NOW + timedelta(seconds=3)) == post_budget.Slot(fourth, taken=False)
    # Not taken, so it cost nothing: asked again, the same moment; taken once within reach.
    assert _take(engine, NOW + timedelta(seconds=4), within=WINDOW) == post_budget.Slot(
        fourth, taken=True
    )
    # The next waits for the second slot to leave the window.
    fifth = NOW + timedelta(seconds=1) + WINDOW + MARGIN
    assert _take(engine, fourth, within=WINDOW) == post_budget.Slot(fifth, taken=True)


def test_any_minute_holds_at_most_per_minute_slots_however_the_senders_ask(engine):
    now, taken = NOW, []
    for step in range(40):  # two senders, one asking without waiting, one willing to wait
        now += timedelta(seconds=7 * (step % 3))
        within = WINDOW if step % 2 else NONE
        slot = _take(engine, now, per_minute=5, within=within)
        assert slot.at >= now
        if slot.taken:
            taken.append(slot.at)
    assert taken == sorted(taken) and len(taken) > 10
    for first in taken:
        assert sum(1 for at in taken if first <= at < first + WINDOW) <= 5


def test_workspaces_have_budgets_of_their_own(engine):
    for _ in range(3):
        assert _take(engine, NOW, team="T1").taken
    assert not _take(engine, NOW, team="T1").taken
    assert _take(engine, NOW, team="T2") == post_budget.Slot(NOW, taken=True)


def test_a_429_holds_every_sender_off_until_retry_after(engine):
    assert _take(engine, NOW).taken
    with session_scope(engine) as s:
        post_budget.hold_off(s, team_id="T1", until=NOW + timedelta(seconds=7))
        post_budget.hold_off(s, team_id="T1", until=NOW + timedelta(seconds=2))  # never shortened
    later = NOW + timedelta(seconds=7)
    assert _take(engine, NOW + timedelta(seconds=1)) == post_budget.Slot(later, taken=False)
    assert _take(engine, NOW + timedelta(seconds=1), within=WINDOW) == post_budget.Slot(
        later, taken=True
    )


def test_no_pacing_when_the_budget_is_off(engine):
    for _ in range(5):
        assert _take(engine, NOW, per_minute=0) == post_budget.Slot(NOW, taken=True)
    with Session(engine) as s:
        assert s.get(post_budget.PostBudget, "T1") is None


def test_senders_taking_slots_at_once_share_the_budget_exactly(engine):
    slots: list[post_budget.Slot] = []
    lock = threading.Lock()
    start = threading.Barrier(8)

    def sender() -> None:
        start.wait()
        for _ in range(3):
            slot = _take(engine, NOW, per_minute=10, within=WINDOW * 3)
            with lock:
                slots.append(slot)

    threads = [threading.Thread(target=sender) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ats = sorted(slot.at for slot in slots)
    assert all(slot.taken for slot in slots) and len(ats) == 24
    assert ats[:10] == [NOW] * 10  # the first minute's ten, at once
    assert ats[10:20] == [NOW + WINDOW + MARGIN] * 10  # the next ten as they leave the window
    assert ats[20:] == [NOW + 2 * (WINDOW + MARGIN)] * 4
