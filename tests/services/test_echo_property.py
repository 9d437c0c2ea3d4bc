"""Property: for any text, /task and /deadline either do what their echo says or create nothing."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import func, select

from bot.models import Task
from bot.services import cases, tasks
from bot.services.errors import DomainError
from bot.services.whens import Reading, resolve

NY = ZoneInfo("America/New_York")
NOW = datetime(2027, 12, 1, 10, 0, tzinfo=NY)
WORDS = [
    "draft", "reply", "call", "client", "brief", "Jan", "May", "the", "hearing", "service",
    "by", "on", "due", "before", "after", "within", "of", "in", "days", "court", "business",
    "14", "21", "30", "3", "1.5", "-1", "12/7", "Nov", "Dec", "1", "25:00", "5pm", "9am",
    "tomorrow", "today", "Friday", "next", "morning", "eod", "weeks", "hours", "@bob", "#2",
]  # fmt: skip
TEXTS = st.lists(st.sampled_from(WORDS), min_size=1, max_size=9).map(" ".join)


LEAD_RE = re.compile(r"^(?:due(?:\s+(?:by|on))?|by|on|before|within|,|-)\s+", re.IGNORECASE)


def _unreadable(text: str, reading: Reading) -> bool:
    try:
        resolve(text, reading)
    except DomainError:
        return True
    return False


def _count(session) -> int:
    return session.exec(select(func.count()).select_from(Task)).one()


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=TEXTS, kind=st.sampled_from(["task", "deadline"]))
def test_a_command_does_what_its_echo_says_or_nothing(session, text, kind):
    if session.get(cases.Case, 1) is None and not session.exec(select(cases.Case)).first():
        cases.create_case(
            session, team_id="T1", channel_id="C1", name="Doe", matter_number=None,
            actor_id="U1", now=NOW,
        )  # fmt: skip
        session.commit()
    session.rollback()  # a failed example before this one may have left work in the session
    before = _count(session)
    reading = Reading(now=NOW, tz="America/New_York")
    try:
        added = tasks.add(
            session, channel_id="C1", actor_id="U1", text=text, assignees=[], members={"U1"},
            reading=reading, kind=kind,
        )  # fmt: skip
    except DomainError:
        session.rollback()
        assert _count(session) == before
        return
    (task,) = added.tasks
    assert task.title and text.startswith(task.title) or text.startswith(f'"{task.title}')
    rest = text[len(task.title) :].strip()
    if added.when is None:
        assert kind == "task" and not rest
    else:  # the whole rest of the text, keyword aside, is the date echoed
        phrase = LEAD_RE.sub("", rest) if _unreadable(rest, reading) else rest
        assert resolve(phrase, reading).due == added.when.due
        if task.all_day:  # a date-only due: that date, ending at midnight in the court's zone
            assert task.due_date == added.when.due.astimezone(NY).date()
            assert task.due_at == datetime.combine(task.due_date, time(0), NY).astimezone(
                NY
            ) + timedelta(days=1)
        else:
            assert task.due_at == added.when.due
    session.rollback()
