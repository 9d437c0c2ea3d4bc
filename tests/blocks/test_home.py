"""The desk stays inside Slack's 100 blocks whatever the number of tasks, and says what it hid."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.blocks.home import desk
from bot.models import Case, Task
from bot.services.desk import CaseLine, Desk
from bot.services.listing import Listing
from sandbox.slack_objects import check_view

NOW = datetime(2026, 12, 1, 14, 0, tzinfo=UTC)


def _case(n: int) -> Case:
    return Case(
        id=n,
        team_id="T1",
        channel_id=f"C{n:04d}",
        name=f"Case {n}",
        created_by="U1",
        created_at=NOW,
        updated_at=NOW,
    )


def _task(n: int, case: Case) -> Task:
    return Task(
        id=n,
        case_id=case.id or 0,
        number=n,
        title=f"task {n}",
        assignee_id="U1",
        created_by="U1",
        due_at=NOW + timedelta(days=n),
        created_at=NOW,
        updated_at=NOW,
    )


def test_a_crowded_desk_stays_within_100_blocks_and_counts_the_rest():
    cases = [_case(n) for n in range(1, 41)]
    tasks = [_task(n, cases[n % 40]) for n in range(1, 121)]
    listing = Listing(
        title="Your open tasks", groups={"Later": tasks}, cases={c.id or 0: c for c in cases}
    )
    view = desk(
        Desk(tasks=listing, cases=[CaseLine(c, None) for c in cases], digest=None), tz="UTC"
    )
    check_view(view, home=True)
    assert len(view["blocks"]) <= 100
    text = str(view["blocks"])
    assert "and 80 more" in text and "…and 10 more" in text  # tasks, then cases


def test_an_empty_desk_still_offers_the_forms():
    view = desk(Desk(tasks=Listing(title="Your open tasks"), cases=[], digest=None), tz="UTC")
    assert "Nothing open on your desk" in str(view["blocks"])
    labels = [e["text"]["text"] for e in view["blocks"][1]["elements"]]
    assert labels == ["New task", "New deadline"]


def test_long_case_names_keep_every_case_line_and_the_digest_line():
    cases = [_case(n) for n in range(1, 41)]
    for case in cases:
        case.name = f"{case.name} " + "v" * 190
    tasks = [_task(n, cases[n % 40]) for n in range(1, 121)]
    listing = Listing(
        title="Your open tasks", groups={"Later": tasks}, cases={c.id or 0: c for c in cases}
    )
    lines = [CaseLine(c, None) for c in cases[:30]]
    view = desk(Desk(tasks=listing, cases=lines, digest=None, case_count=40), tz="UTC")
    check_view(view, home=True)
    text = str(view["blocks"])
    assert all(f"*Case {n} v" in text for n in range(1, 31))  # none clipped away
    assert "…and 10 more (`/case`" in text and "Morning digest" in text
