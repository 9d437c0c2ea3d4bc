"""The workspace's chat.postMessage budget: two lanes, each a sliding minute of its own."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

from sqlmodel import Session

from bot.db import session_scope
from bot.services import post_budget
from bot.services.post_budget import MARGIN, WINDOW, Shares, Slot
from bot.vocab import PostLane
from tests.factories import NOW

NONE = timedelta(0)
URGENT, BULK = PostLane.URGENT, PostLane.BULK
GAP = WINDOW + MARGIN


def _take(engine, now, *, bulk=3, urgent=1, lane=BULK, within=NONE, team="T1") -> post_budget.Slot:
    shares = Shares(per_minute=bulk + urgent, urgent=urgent)
    with session_scope(engine) as s:
        return post_budget.take(s, team_id=team, lane=lane, now=now, shares=shares, within=within)


def _at(seconds: float) -> datetime:
    return NOW + timedelta(seconds=seconds)


def test_the_first_share_go_at_once_the_next_when_the_first_leaves_the_window(engine):
    assert [_take(engine, _at(n)) for n in range(3)] == [
        Slot(_at(n), taken=True, lane=BULK) for n in range(3)
    ]
    fourth = NOW + GAP  # the first slot's minute, and the margin for latency
    assert _take(engine, _at(3)) == Slot(fourth, taken=False, lane=BULK)
    # Not taken, so it cost nothing: asked again, the same moment; taken once within reach.
    assert _take(engine, _at(4), within=WINDOW) == Slot(fourth, taken=True, lane=BULK)
    # The next waits for the second slot to leave the window.
    assert _take(engine, fourth, within=WINDOW) == Slot(_at(1) + GAP, taken=True, lane=BULK)


def test_any_minute_holds_at_most_the_share_however_the_senders_ask(engine):
    now, taken = NOW, []
    for step in range(40):  # two senders, one asking without waiting, one willing to wait
        now += timedelta(seconds=7 * (step % 3))
        within = WINDOW if step % 2 else NONE
        slot = _take(engine, now, bulk=5, within=within)
        assert slot.at >= now
        if slot.taken:
            taken.append(slot.at)
    assert taken == sorted(taken) and len(taken) > 10
    for first in taken:
        assert sum(1 for at in taken if first <= at < first + WINDOW) <= 5


def test_an_urgent_post_goes_at_once_while_the_bulk_lane_is_full_and_reserved_ahead(engine):
    # 10 a minute, 2 of them urgent: the clocks fill their 8 and reserve the next 8 a minute on.
    bulk = [_take(engine, NOW, bulk=8, urgent=2, within=WINDOW + MARGIN) for _ in range(16)]
    assert [s.at for s in bulk] == [NOW] * 8 + [NOW + GAP] * 8 and all(s.taken for s in bulk)
    # A card a second later does not queue behind them (with one budget it waited 60.5 s).
    for _ in range(2):
        assert _take(engine, _at(1), bulk=8, urgent=2, lane=URGENT) == Slot(_at(1), True, URGENT)
    # Its lane spent and no bulk slot free now: refused until the urgent lane's window moves.
    assert _take(engine, _at(1), bulk=8, urgent=2, lane=URGENT) == Slot(
        _at(1) + GAP, taken=False, lane=URGENT
    )
    # The clocks' next slot is where it was: the urgent posts took none of theirs.
    assert _take(engine, _at(1), bulk=8, urgent=2, within=3 * WINDOW) == Slot(
        NOW + 2 * GAP, taken=True, lane=BULK
    )


def test_an_urgent_post_borrows_a_bulk_slot_free_now_never_one_ahead(engine):
    def urgent() -> Slot:
        return _take(engine, NOW, bulk=8, urgent=2, lane=URGENT)

    assert [urgent(), urgent()] == [Slot(NOW, True, URGENT)] * 2
    # Outside a rush the courier is not held to its share: the clocks' free slots are lent.
    assert [urgent() for _ in range(8)] == [Slot(NOW, True, BULK)] * 8
    assert urgent() == Slot(NOW + GAP, taken=False, lane=URGENT)  # none ahead is ever borrowed
    assert _take(engine, NOW, bulk=8, urgent=2) == Slot(NOW + GAP, taken=False, lane=BULK)


def test_both_lanes_together_never_exceed_per_minute_in_any_window(engine):
    now, taken = NOW, []
    for step in range(90):  # clocks waiting up to a minute, a courier never waiting
        now += timedelta(seconds=(0, 3, 11, 1)[step % 4])
        lane = URGENT if step % 3 == 0 else BULK
        within = NONE if lane == URGENT else WINDOW
        slot = _take(engine, now, bulk=8, urgent=2, lane=lane, within=within)
        assert slot.at >= now
        if slot.taken:
            taken.append(slot)
    assert {s.lane for s in taken} == {URGENT, BULK} and len(taken) > 40
    for first in taken:
        window = [s for s in taken if first.at <= s.at < first.at + WINDOW]
        assert len(window) <= 10
        assert sum(1 for s in window if s.lane == URGENT) <= 2


def test_workspaces_have_budgets_of_their_own(engine):
    for _ in range(3):
        assert _take(engine, NOW, team="T1").taken
    assert not _take(engine, NOW, team="T1").taken
    assert _take(engine, NOW, team="T2") == Slot(NOW, taken=True, lane=BULK)


def test_a_429_holds_every_sender_of_both_lanes_off_until_retry_after(engine):
    assert _take(engine, NOW).taken
    with session_scope(engine) as s:
        post_budget.hold_off(s, team_id="T1", until=_at(7))
        post_budget.hold_off(s, team_id="T1", until=_at(2))  # never shortened
    assert _take(engine, _at(1)) == Slot(_at(7), taken=False, lane=BULK)
    assert _take(engine, _at(1), lane=URGENT) == Slot(_at(7), taken=False, lane=URGENT)
    assert _take(engine, _at(1), within=WINDOW) == Slot(_at(7), taken=True, lane=BULK)
    assert _take(engine, _at(7), lane=URGENT) == Slot(_at(7), taken=True, lane=URGENT)


def test_no_pacing_when_the_budget_is_off(engine):
    off = Shares(per_minute=0, urgent=30)
    for lane in (URGENT, BULK, BULK):
        with session_scope(engine) as s:
            slot = post_budget.take(s, team_id="T1", lane=lane, now=NOW, shares=off, within=NONE)
        assert slot == Slot(NOW, taken=True, lane=lane)
    with Session(engine) as s:
        assert s.get(post_budget.PostBudget, ("T1", BULK)) is None


def test_senders_taking_slots_at_once_share_the_budget_exactly(engine):
    slots: list[Slot] = []
    lock = threading.Lock()
    start = threading.Barrier(8)

    def sender() -> None:
        start.wait()
        for _ in range(3):
            slot = _take(engine, NOW, bulk=10, within=WINDOW * 3)
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
    assert ats[10:20] == [NOW + GAP] * 10  # the next ten as they leave the window
    assert ats[20:] == [NOW + 2 * GAP] * 4


def test_both_lanes_taken_at_once_never_exceed_either_share(engine):
    slots: list[Slot] = []
    lock = threading.Lock()
    start = threading.Barrier(8)

    def sender(lane: PostLane) -> None:
        start.wait()
        for _ in range(4 if lane == BULK else 2):  # clocks willing to wait, a courier not
            within = 2 * WINDOW if lane == BULK else NONE
            slot = _take(engine, NOW, bulk=8, urgent=2, lane=lane, within=within)
            with lock:
                slots.append(slot)

    lanes = [BULK, URGENT] * 4
    threads = [threading.Thread(target=sender, args=(lane,)) for lane in lanes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    taken = [s for s in slots if s.taken]
    now = [s for s in taken if s.at == NOW]
    assert len(now) == 10  # the minute's whole budget at once, and not one more
    assert sum(1 for s in now if s.lane == URGENT) == 2  # the urgent lane's own two
    assert [s.at for s in taken if s.at != NOW] == [NOW + GAP] * 8  # the clocks' next minute
    assert all(s.lane == BULK for s in taken if s.at != NOW)
