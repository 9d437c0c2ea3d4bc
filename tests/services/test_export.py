"""Reading cases out: a member's cases, a case's history (and how it reads), the CSV export."""

import csv
import io
import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event

from bot.blocks.case import case_history, case_list, describe
from bot.models import AuditEvent, UserProfile
from bot.services import audit, export, people
from bot.services.errors import Forbidden
from tests.factories import add_case, add_task

NOW = datetime(2026, 12, 1, 14, 0, tzinfo=UTC)
MEMBERS = {"UALICE", "UBOB"}
TZ = "America/New_York"


def _case(session, channel="C1", name="Smith v. Jones", team="T1", actor="UALICE"):
    return add_case(session, channel, name, team=team, actor=actor, matter="2026-CV-0142")


def _task(session, case, number, title="Draft motion", **kw):
    return add_task(session, case, number, title=title, **kw)


def test_cases_of_member_lists_only_open_cases_in_the_members_channels(session):
    _case(session, "C1", "Smith v. Jones")
    _case(session, "C2", "Doe v. Roe")
    closed = _case(session, "C3", "Alpha v. Beta")
    closed.status = "closed"
    _case(session, "C4", "Other Team", team="T2")
    session.flush()
    for channel, user in (("C1", "UALICE"), ("C2", "UBOB"), ("C3", "UALICE"), ("C4", "UALICE")):
        people.set_membership(session, channel_id=channel, user_id=user, member=True)
    session.flush()
    channels = people.open_case_channels(session, user_id="UALICE", team_id="T1")
    assert channels == {"C1"}  # one query: open cases of the team whose channel alice is in
    found = export.cases_of_member(session, team_id="T1", user_id="UALICE", now=NOW)
    assert [s.case.name for s in found.shown] == ["Smith v. Jones"] and found.total == 1


def test_cases_of_member_is_one_statement_naming_the_first_cases_and_counting_all(session):
    for n in range(export.CASES_LISTED + 5):
        case = _case(session, f"C{n:02d}", f"Case {n:02d}")
        people.set_membership(session, channel_id=case.channel_id, user_id="UALICE", member=True)
        if n == 1:
            _task(session, case, 1, due_at=NOW - timedelta(days=1))
            _task(session, case, 2, due_at=NOW + timedelta(days=2))
    session.commit()
    session.expunge_all()
    seen: list[str] = []

    def executed(_conn, _cursor, statement, *_args) -> None:
        seen.append(statement)

    event.listen(session.get_bind(), "before_cursor_execute", executed)
    try:
        found = export.cases_of_member(session, team_id="T1", user_id="UALICE", now=NOW)
    finally:
        event.remove(session.get_bind(), "before_cursor_execute", executed)
    assert len(seen) == 1 and found.total == export.CASES_LISTED + 5
    assert [s.case.name for s in found.shown[:2]] == ["Case 00", "Case 01"]
    second = found.shown[1]
    assert (second.open_tasks, second.overdue, second.next_due.number) == (2, 1, 2)
    shown = str(case_list(found.shown, tz=TZ, total=found.total))
    assert "Your open cases (30)" in shown and "…and 5 more" in shown


def test_history_is_newest_first_with_task_numbers_and_members_only(session):
    case = _case(session)
    task = _task(session, case, 7)
    later = NOW + timedelta(hours=1)
    audit.record(session, case_id=case.id, task_id=task.id, actor_id="UBOB", action="task.done",
                 at=later, before={"status": "open"}, after={"status": "done"})  # fmt: skip
    session.commit()
    found = export.history(session, channel_id="C1", viewer_id="UBOB", members=MEMBERS)
    assert [(e.event.action, e.task_number) for e in found.entries] == [
        ("task.done", 7),
        ("case.create", None),
    ]
    assert found.entries[0].after == {"status": "done"}
    with pytest.raises(Forbidden):
        export.history(session, channel_id="C1", viewer_id="UMALLORY", members=MEMBERS)


def _entry(action, before=None, after=None, number=3):
    event = AuditEvent(case_id=1, actor_id="UALICE", action=action, at=NOW,
                       before=json.dumps(before) if before else None,
                       after=json.dumps(after) if after else None)  # fmt: skip
    return export.entry(event, number)


def test_history_sentences_say_what_changed_from_what_to_what():
    friday = {"due_at": "2026-12-04T22:00:00+00:00", "all_day": False}
    monday = {"due_at": "2026-12-07T22:00:00+00:00", "all_day": False}
    due = describe(_entry("task.due", friday, monday), tz=TZ)
    assert due.startswith("changed the due date of #3 from <!date^")
    assert "Fri Dec 4" in due and "Mon Dec 7" in due
    who = describe(_entry("task.assign", {"assignee_id": "UB"}, {"assignee_id": "UC"}), tz=TZ)
    assert who == "changed the assignee of #3 from <@UB> to <@UC>"
    assert describe(_entry("task.done"), tz=TZ) == "completed #3"
    made = describe(_entry("deadline.create", after={"title": "Answer <due>", **friday}), tz=TZ)
    assert made.startswith("added deadline #3 *Answer &lt;due&gt;* for nobody, due <!date^")
    matter = describe(
        _entry("case.matter", {"matter_number": None}, {"matter_number": "A-1"}), tz=TZ
    )
    assert matter == "set the matter number to A-1"
    assert "task.weird" in describe(_entry("task.weird"), tz=TZ)


def test_long_history_stays_within_slack_limits(session):
    case = _case(session)
    for n in range(15):
        audit.record(session, case_id=case.id, actor_id="UALICE", action="case.rename", at=NOW,
                     before={"name": "x" * 200}, after={"name": f"{n}" + "y" * 199})  # fmt: skip
    session.commit()
    message = case_history(
        export.history(session, channel_id="C1", viewer_id="UALICE", members=MEMBERS), tz=TZ
    )
    sections = [b["text"]["text"] for b in message["blocks"] if b["type"] == "section"]
    assert len(sections) >= 2 and all(len(text) <= 3000 for text in sections)


def test_csv_has_every_task_and_event_and_never_runs_formulas(session):
    case = _case(session)
    _task(session, case, 1, title='=HYPERLINK("http://evil")', due_at=NOW, all_day=True)
    _task(session, case, 2, title='File reply, "quoted"', status="done", completed_at=NOW)
    session.add(UserProfile(id="UBOB", name="bob", fetched_at=NOW))
    session.commit()
    made = export.case_csv(
        session, channel_id="C1", viewer_id="UALICE", members=MEMBERS, tz=TZ, now=NOW
    )
    rows = list(csv.DictReader(io.StringIO(made.content)))
    assert [r["record"] for r in rows] == ["task", "task", "event"]
    first, second, event = rows
    assert first["title"].startswith("'=") and first["due"] == "2026-12-01"
    assert first["assignee"] == "bob (UBOB)" and first["actor"] == "UALICE"
    assert (
        second["title"] == 'File reply, "quoted"'
        and second["completed"] == "2026-12-01T09:00-05:00"
    )
    assert (
        event["action"] == "case.create" and json.loads(event["after"])["name"] == "Smith v. Jones"
    )
    assert (made.tasks, made.events) == (2, 1)
    assert made.filename == "smith-v-jones-2026-cv-0142-2026-12-01.csv"


def test_csv_is_for_channel_members_only(session):
    _case(session)
    with pytest.raises(Forbidden):
        export.case_csv(
            session, channel_id="C1", viewer_id="UMALLORY", members=MEMBERS, tz=TZ, now=NOW
        )
