"""A form Slack won't open: the person is told privately, and one line is logged, no traceback."""

from __future__ import annotations

import logging

import pytest

from bot import blocks


@pytest.fixture
def case(team):
    team.cmd("alice", "/case", "new Smith v. Jones 2026-CV-0142")
    return team


def _failures(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.levelno >= logging.WARNING and "form" in r.getMessage()]


def test_a_shortcut_whose_form_wont_open_says_so_by_dm(case, world, caplog):
    world.slack.inject("views.open", status=500, error="fatal_error")
    start = len(world.slack.messages)
    with caplog.at_level(logging.INFO):
        world.driver.shortcut(user_id=case.ids["alice"], callback_id=blocks.NEW_TASK_SHORTCUT)
    sent = world.slack.messages[start:]
    assert [m.kind for m in sent] == ["message"]
    dm = sent[0]
    assert dm.channel == world.slack.dm_channel(case.ids["alice"]).id
    assert "couldn't open the New task form" in dm.text and "`/task @bob" in str(dm.blocks)
    (logged,) = _failures(caplog)
    assert "fatal_error" in logged.getMessage() and logged.exc_info is None


def test_task_alone_whose_form_wont_open_answers_in_the_channel_privately(case, world, caplog):
    world.slack.inject("views.open", status=500, error="fatal_error")
    start = len(world.slack.messages)
    with caplog.at_level(logging.INFO):
        case.cmd("alice", "/deadline")
    sent = world.slack.messages[start:]
    assert [(m.kind, m.channel, m.user) for m in sent] == [
        ("ephemeral", case.channel, case.ids["alice"])
    ]
    assert "New deadline form" in sent[0].text and "/deadline Answer" in sent[0].text
    (logged,) = _failures(caplog)
    assert logged.exc_info is None


def test_an_unknown_failure_still_logs_its_traceback(case, world, caplog, monkeypatch):
    from bot.handlers import forms

    def broken(*args, **kw):
        raise RuntimeError("boom")

    monkeypatch.setattr(forms, "user_cases", broken)
    with caplog.at_level(logging.INFO):
        world.driver.shortcut(user_id=case.ids["alice"], callback_id=blocks.NEW_TASK_SHORTCUT)
    assert any(r.exc_info and "after-ack job" in r.getMessage() for r in caplog.records)
