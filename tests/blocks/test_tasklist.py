"""Task lists stay inside Slack's limits without losing a row, and say where the rest are."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from bot.blocks import tasklist
from bot.blocks.common import SECTION_MAX
from bot.models import Case, Task
from bot.services.listing import Listing

NOW = datetime(2026, 12, 1, 14, 0, tzinfo=UTC)
CASE = Case(id=1, team_id="T1", channel_id="C1", name="Smith v. Jones", created_by="U1",
            created_at=NOW, updated_at=NOW)  # fmt: skip


def _task(n: int, title: str) -> Task:
    return Task(id=n, case_id=1, number=n, title=title, assignee_id="U1", created_by="U1",
                due_at=NOW + timedelta(days=30 + n), created_at=NOW, updated_at=NOW)  # fmt: skip


def _listed(count: int, title: str, **kw) -> dict:
    tasks = [_task(n, f"{title} {n}") for n in range(1, count + 1)]
    found = Listing(title="Open tasks in Smith v. Jones", groups={"Later": tasks},
                    cases={1: CASE}, **kw)  # fmt: skip
    return tasklist.listing(found, tz="UTC")


def test_long_titles_spread_over_sections_and_no_row_is_cut_off():
    message = _listed(15, "x" * 590)
    texts = [b["text"]["text"] for b in message["blocks"] if b["type"] == "section"]
    assert len(texts) > 2 and all(len(t) <= SECTION_MAX for t in texts)
    assert len(message["blocks"]) <= 50
    shown = "\n".join(texts)
    assert all(f"*#{n} " in shown for n in range(1, 16))  # every row whole (was: clipped away)
    assert "/case export" not in json.dumps(message)  # nothing hidden: no pointer to the rest


def test_a_cut_list_says_how_many_more_and_how_to_see_them():
    message = _listed(20, "draft", total=250)
    said = json.dumps(message, ensure_ascii=False)
    assert "the first 20 of 250" in said and "…and 5 more" in said
    assert "`/task list overdue` or `/task list @name`" in said and "`/case export`" in said
    mine = json.dumps(_listed(20, "draft", mine=True), ensure_ascii=False)
    assert "`/task calendar`" in mine and "/task list overdue" not in mine
