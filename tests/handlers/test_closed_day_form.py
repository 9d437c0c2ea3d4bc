"""New task form, a court deadline due on a closed day: the form asks, nothing saved until then.

Driven through the sandbox shell: signed view_submission requests through Bolt, each answer
applied by the stand-in, which refuses a view Slack would refuse (Block Kit and view limits).
"""

from __future__ import annotations

import io
from datetime import date

import pytest
from sqlmodel import Session, col, select

from bot.blocks import CLOSED_DAY_BLOCK, CLOSED_DAY_FIELD
from bot.models import AuditEvent, Task
from sandbox.shell import Shell


def _shell(world) -> tuple[Shell, io.StringIO]:
    out = io.StringIO()
    shell = Shell(world, out, echo=True)
    shell.run([":as alice", ":in #smith-v-jones", ":as bob", ":in #smith-v-jones", ":as alice"])
    shell.run(["/case new Smith v. Jones 2026-CV-0142", "/digest off"])
    return shell, out


def _tasks(world) -> list[Task]:
    with Session(world.engine) as session:
        return list(session.exec(select(Task).order_by(col(Task.number))))


def _form(shell: Shell, world) -> dict:
    """alice's open modal as Docket last drew it."""
    (form,) = shell.forms[world.slack.user_by_name("alice").id]
    return form.view


def _question(view: dict) -> dict | None:
    found = [b for b in view["blocks"] if b.get("type") == "input"]
    return next((b for b in found if b["block_id"].startswith(CLOSED_DAY_BLOCK)), None)


def _labels(view: dict) -> list[str]:
    question = _question(view)
    assert question is not None and question["element"]["action_id"] == CLOSED_DAY_FIELD
    return [o["text"]["text"] for o in question["element"]["options"]]


def _ask(shell: Shell, fields: str) -> None:
    shell.run(["/task", f':submit Title="Reply brief" Kind="Court deadline" {fields}'])


@pytest.mark.db
@pytest.mark.parametrize(
    ("fields", "closed", "labels"),
    [
        (
            'Due="Sat Dec 12"',
            "Sat Dec 12, 2026 is a Saturday",
            ["Keep Sat Dec 12, 2026", "Use Mon Dec 14, 2026, the next court day"],
        ),
        (
            "Date=2026-12-25",
            "Fri Dec 25, 2026 is Christmas Day",
            ["Keep Fri Dec 25, 2026", "Use Mon Dec 28, 2026, the next court day"],
        ),
        (
            "Date=2026-12-13 Time=17:00",
            "Sun Dec 13, 2026 is a Sunday",
            [
                "Keep Sun Dec 13, 2026, 5:00 PM EST",
                "Use Mon Dec 14, 2026, 5:00 PM EST, the next court day",
            ],
        ),
    ],
)
def test_a_deadline_on_a_closed_day_asks_in_the_form_and_saves_nothing(
    world, fields, closed, labels
):
    shell, out = _shell(world)
    before = len(world.slack.messages)
    _ask(shell, f"Assignees=@bob Notes='Both exhibits' {fields}")
    assert _tasks(world) == []
    assert not [m for m in world.slack.messages[before:] if m.kind in ("message", "ephemeral")]
    view = _form(shell, world)
    assert _labels(view) == labels
    said = out.getvalue()
    assert closed in said and "the court is closed that day" in said
    assert "Nothing is saved until you choose" in said
    # everything typed is still there: title, assignee, notes, the date and the kind
    assert "<Title: Reply brief>" in said and "<Notes: Both exhibits>" in said
    assert "<Assignees: @bob>" in said and "<Kind: Court deadline>" in said


@pytest.mark.db
def test_submitting_without_choosing_says_so_beside_the_question(world):
    shell, out = _shell(world)
    _ask(shell, 'Due="Sat Dec 12"')
    shell.run([":submit"])
    assert "! Which day is it due?: Choose the day it is due" in out.getvalue()
    assert _tasks(world) == []


@pytest.mark.db
def test_choosing_the_next_court_day_saves_it_with_what_was_typed_and_its_worksheet(world):
    shell, out = _shell(world)
    _ask(shell, "Assignees=@bob Notes='Both exhibits' Date=2026-12-12")
    shell.run([':submit "Which day=Use Mon Dec 14, 2026, the next court day"'])
    (task,) = _tasks(world)
    assert (task.title, task.notes, task.kind) == ("Reply brief", "Both exhibits", "deadline")
    assert task.assignee_id == world.slack.user_by_name("bob").id
    assert task.due_date == date(2026, 12, 14)
    said = out.getvalue().split("Which day=Use")[1]
    assert "(modal closed)" in said and "Added court deadline #1" in said
    assert "FRCP 6(a)(1)(C), by your choice" in said
    with Session(world.engine) as session:
        actions = [e.action for e in session.exec(select(AuditEvent))]
    assert "deadline.create" in actions


@pytest.mark.db
def test_keeping_the_closed_day_saves_it_as_typed(world):
    shell, out = _shell(world)
    _ask(shell, 'Due="Dec 25"')
    shell.run([':submit "Which day=Keep"'])
    (task,) = _tasks(world)
    assert task.due_date == date(2026, 12, 25)
    assert "kept as typed, by your choice: due Fri Dec 25, 2026" in out.getvalue()


@pytest.mark.db
def test_a_choice_made_for_another_date_is_not_used_the_new_date_asks_again(world):
    shell, out = _shell(world)
    _ask(shell, 'Due="Sat Dec 12"')
    first = _question(_form(shell, world))
    # the choice was for Saturday; the date is now Sunday at 5pm: asked again, about Sunday
    shell.run([':submit "Which day=Use" Due="Sun Dec 13 5pm"'])
    assert _tasks(world) == []
    view = _form(shell, world)
    assert _labels(view)[0] == "Keep Sun Dec 13, 2026, 5:00 PM EST"
    assert first is not None and _question(view) is not None
    assert _question(view)["block_id"] != first["block_id"]  # a fresh question, nothing chosen
    assert len([b for b in view["blocks"] if b["block_id"].startswith(CLOSED_DAY_BLOCK)]) == 2
    shell.run([':submit "Which day=Use"'])
    (task,) = _tasks(world)
    assert task.due_at is not None and task.due_at.isoformat() == "2026-12-14T22:00:00+00:00"


@pytest.mark.db
def test_an_open_day_or_a_plain_task_saves_at_once(world):
    shell, _ = _shell(world)
    _ask(shell, 'Due="Mon Dec 14"')
    shell.run(["/task", ':submit Title="Call the clerk" Due="Sat Dec 12"'])
    assert [(t.title, t.kind) for t in _tasks(world)] == [
        ("Reply brief", "deadline"),
        ("Call the clerk", "task"),
    ]


@pytest.mark.db
def test_the_question_changed_to_an_open_day_needs_no_answer(world):
    shell, _ = _shell(world)
    _ask(shell, 'Due="Sat Dec 12"')
    shell.run([':submit Due="Fri Dec 11"'])
    (task,) = _tasks(world)
    assert task.due_date == date(2026, 12, 11)


@pytest.mark.db
def test_the_due_echo_warns_of_a_closed_day_for_a_court_deadline_only(world):
    shell, out = _shell(world)
    shell.run(["/task", ':fill Due="Sat Dec 12"'])
    assert "Due *Sat Dec 12, 2026*\n" in out.getvalue()
    shell.run([':fill Kind="Court deadline" Due="Sat Dec 12"'])
    said = out.getvalue().split('Kind="Court deadline"')[1]
    assert ":warning: Due *Sat Dec 12, 2026*: the court is closed that day." in said
    assert "keep that day or use the next court day" in said and _tasks(world) == []
