"""Forms through the sandbox: nothing saved until valid; a message shortcut keeps its link."""

from __future__ import annotations

import io

from sqlmodel import Session, col, select

from bot.models import Task
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


def test_new_task_form_saves_nothing_until_every_field_is_valid(world):
    shell, out = _shell(world)
    shell.run(["/task", ':submit Title="pull transcripts" Due="the 45th of Smarch"'])
    assert "! Due: I could not read" in out.getvalue() and _tasks(world) == []
    shell.run([':submit Due="" Date=2026-12-08 Time=14:30 Assignees=@bob Notes="both volumes"'])
    (task,) = _tasks(world)
    assert task.assignee_id == world.slack.user_by_name("bob").id
    assert task.notes == "both volumes" and task.due_at is not None
    assert task.due_at.isoformat() == "2026-12-08T19:30:00+00:00"


def test_due_field_echoes_the_reading_before_saving(world):
    shell, out = _shell(world)
    shell.run(["/task", ':fill Due="Thursday noon"'])
    assert "Due *Thu Dec 3, 2026, 12:00 PM EST*" in out.getvalue()
    assert _tasks(world) == []


def test_make_a_task_in_a_thread_stores_the_link_to_the_reply(world):
    shell, out = _shell(world)
    shell.run(["/task @bob draft the brief by Dec 9", ":thread 1", ":as bob"])
    shell.run([":say please file the exhibits by Dec 10 5pm", ":as alice", ":shortcut make a task"])
    assert "<Title: file the exhibits>" in out.getvalue()
    shell.run([":submit"])
    task = _tasks(world)[-1]
    assert task.title == "file the exhibits" and task.source_url
    assert task.source_url.startswith("https://sandbox.slack.com/archives/")
    assert "thread_ts=" in task.source_url
