"""/case through Bolt: signed requests over HTTP to the real app, answers as Slack gets them."""

from __future__ import annotations

import json
import time
import urllib.parse

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session, func, select

from bot.models import AuditEvent, Case
from bot.sandbox.driver import Driver


def _count(world, model) -> int:
    with Session(world.engine) as s:
        return s.exec(select(func.count()).select_from(model)).one()


def _all_text(reply) -> str:
    body = reply.json or {}
    return body.get("text", "") + json.dumps(body.get("blocks", []))


def test_case_new_answers_in_channel_and_audits(team):
    reply = team.cmd("alice", "/case", "new Smith v. Jones 2026-CV-0142")
    assert reply.status == 200 and reply.json["response_type"] == "in_channel"
    assert "Smith v. Jones" in _all_text(reply) and "2026-CV-0142" in _all_text(reply)
    with Session(team.world.engine) as s:
        case = s.exec(select(Case)).one()
        assert (case.name, case.matter_number, case.lead_id) == (
            "Smith v. Jones",
            "2026-CV-0142",
            team.ids["alice"],
        )
        assert s.exec(select(AuditEvent.action)).all() == ["case.create"]


def test_case_shows_summary_ephemerally(team):
    team.cmd("alice", "/case", "new Smith v. Jones 2026-CV-0142")
    reply = team.cmd("bob", "/case")
    assert reply.json["response_type"] == "ephemeral"
    text = _all_text(reply)
    assert "Smith v. Jones" in text and "2026-CV-0142" in text and "US-FED" in text


def test_case_without_a_case_says_what_to_do(team):
    reply = team.cmd("alice", "/case")
    assert reply.json["response_type"] == "ephemeral"
    assert "/case new" in _all_text(reply)


def test_second_case_in_channel_is_refused_kindly(team):
    team.cmd("alice", "/case", "new Smith v. Jones")
    reply = team.cmd("bob", "/case", "new Other Matter")
    assert reply.json["response_type"] == "ephemeral" and "already" in _all_text(reply)
    assert _count(team.world, Case) == 1


def test_help_is_ephemeral_and_lists_every_subcommand(team):
    reply = team.cmd("alice", "/case", "help")
    assert reply.json["response_type"] == "ephemeral"
    for usage in ("/case new", "/case help"):
        assert usage in _all_text(reply)


def test_retried_command_creates_nothing_twice(team):
    first = team.cmd("alice", "/case", "new Smith v. Jones", trigger_id="trig-1")
    again = team.cmd(
        "alice",
        "/case",
        "new Smith v. Jones",
        trigger_id="trig-1",
        retry_num=1,
        retry_reason="http_timeout",
    )
    assert first.status == again.status == 200
    assert again.json["response_type"] == "in_channel"
    assert _count(team.world, Case) == 1 and _count(team.world, AuditEvent) == 1


def _form(team, text: str) -> bytes:
    return urllib.parse.urlencode(
        {
            "command": "/case",
            "text": text,
            "user_id": team.ids["alice"],
            "channel_id": team.channel,
            "team_id": "T0SANDBOX",
            "trigger_id": "t-sig",
            "response_url": "http://127.0.0.1:9/none",
        }
    ).encode()


def test_bad_signature_gets_401_and_changes_nothing(team):
    forger = Driver(bot_url=team.world.driver.bot_url, signing_secret="wrong", slack=team.slack)
    reply = forger.post(_form(team, "new Forged"), content_type="application/x-www-form-urlencoded")
    assert reply.status == 401 and _count(team.world, Case) == 0


def test_stale_signature_gets_401_and_changes_nothing(team):
    old = int(time.time()) - 10 * 60
    reply = team.world.driver.post(
        _form(team, "new Replayed"),
        content_type="application/x-www-form-urlencoded",
        timestamp=old,
    )
    assert reply.status == 401 and _count(team.world, Case) == 0


ODD_TEXTS = [
    "",
    "   ",
    "new",
    "new   ",
    "x" * 4000,
    "new " + "y" * 4000,
    "définir 日本語 🚀",
    "new <script>alert(1)</script>",
    "new \"quoted\" 'single'",
    "new *bold* _it_ ~s~ `code`",
    "new <@U123|bob> <#C1|x> <!here>",
    "set lead",
    "close now",
    "\u0000\u202e",
    "help me",
]


@pytest.mark.parametrize("text", ODD_TEXTS)
def test_any_text_gets_a_200_answer(team, text):
    reply = team.cmd("alice", "/case", text)
    assert reply.status == 200 and reply.json is not None
    assert reply.json.get("text") or reply.json.get("blocks")
    if reply.json["response_type"] == "in_channel":
        assert text.startswith("new ") and _count(team.world, Case) == 1


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=300))
def test_fuzzed_text_never_500s(team, text):
    reply = team.cmd("alice", "/case", text)
    assert reply.status == 200 and reply.json and reply.json.get("response_type")


def test_unexpected_error_gets_a_friendly_answer_not_500(team, monkeypatch, caplog):
    from bot.services import cases

    def boom(*a, **k):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(cases, "summarize", boom)
    reply = team.cmd("alice", "/case")
    assert reply.status == 200 and reply.json["response_type"] == "ephemeral"
    assert "went wrong" in reply.json["text"] and "fire" not in reply.json["text"]
    assert any("RuntimeError" in r.getMessage() for r in caplog.records)
