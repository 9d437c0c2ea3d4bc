"""A mention or @channel typed in a title reads as a name or plain words, pinging no one."""

from __future__ import annotations

import json
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, col, select

from bot.models import Task

NY = ZoneInfo("America/New_York")
# what Slack's automatic parsing (verbatim false, parse=client, link_names) turns into a mention
PARSEABLE = re.compile(r"(?:^|[\s(>*_])@(?:channel|here|everyone|pat)\b")


def _titles(world) -> list[str]:
    with Session(world.engine) as s:
        return [t.title for t in s.exec(select(Task).order_by(col(Task.id)))]


def _posted(team, start: int) -> str:
    return json.dumps([(m.text, m.blocks) for m in team.slack.messages[start:]])


@pytest.mark.db
@pytest.mark.parametrize(
    ("typed", "title"),
    [
        ("@bob @channel review the privilege log by Dec 4", "@channel review the privilege log"),
        ("@bob tell @here the hearing moved by Dec 4", "tell @here the hearing moved"),
        ("@bob call @pat about the hearing by Dec 3", "call @pat about the hearing"),
        ("@bob file it in #smith-v-jones & serve by Dec 3", "file it in #smith-v-jones & serve"),
    ],
)
def test_a_token_in_a_title_is_stored_and_shown_as_typed_and_pings_no_one(
    team, world, typed, title
):
    world.clock.set(datetime(2026, 12, 1, 9, 0, tzinfo=NY))
    pat = team.slack.add_user("pat").id
    team.cmd("alice", "/case", "new Smith v. Jones 2026-CV-0142")
    start = len(team.slack.messages)
    reply = team.cmd("alice", "/task", typed)
    assert _titles(world) == [title]
    shown = _posted(team, start) + json.dumps(reply.json)
    assert title.split()[-1] in shown
    assert not PARSEABLE.search(shown.replace("\\u200b", "\u200b"))
    for token in ("<!channel", "<!here", f"<@{pat}", "&lt;!", "&lt;@", "&lt;#"):
        assert token not in shown
