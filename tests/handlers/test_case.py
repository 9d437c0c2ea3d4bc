"""/case through Bolt: signed requests over HTTP to the real app, answers as Slack gets them."""

from __future__ import annotations

import json
import time
import urllib.parse

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session, col, func, select

from bot.models import AuditEvent, Case
from sandbox.driver import Driver


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


# -- administration: set, rename, close/reopen, list, history, export ----------------------------


def _case(world) -> Case:
    with Session(world.engine) as s:
        return s.exec(select(Case)).one()


def _actions(world) -> list[str]:
    with Session(world.engine) as s:
        return list(s.exec(select(AuditEvent.action).order_by(col(AuditEvent.id))))


def test_help_states_every_subcommand_and_who_may_do_what(team):
    text = _all_text(team.cmd("bob", "/case", "help"))
    for usage in ("/case list", "/case set lead", "/case set jurisdiction", "/case set matter"):
        assert usage in text
    for usage in ("/case rename", "/case close", "/case reopen", "/case history", "/case export"):
        assert usage in text
    assert "Only the case lead" in text and "Anyone in the channel" in text


def test_lead_hands_over_in_channel_and_new_lead_may_close(team):
    team.cmd("alice", "/case", "new Smith v. Jones")
    reply = team.cmd("alice", "/case", "set lead @bob")
    assert reply.json["response_type"] == "in_channel"
    assert f"<@{team.ids['bob']}>" in _all_text(reply)
    assert _case(team.world).lead_id == team.ids["bob"]
    closed = team.cmd("bob", "/case", "close")
    assert closed.json["response_type"] == "in_channel"
    assert _case(team.world).status == "closed"
    assert _actions(team.world) == ["case.create", "case.lead", "case.close"]


def test_only_the_lead_may_close_change_court_or_lead(team):
    team.cmd("alice", "/case", "new Smith v. Jones")
    for text in ("close", "set jurisdiction US-CA", "set lead @bob"):
        reply = team.cmd("bob", "/case", text)
        assert reply.json["response_type"] == "ephemeral", text
        assert "Only the case lead" in _all_text(reply)
    case = _case(team.world)
    assert (case.status, case.jurisdiction, case.lead_id) == ("open", "US-FED", team.ids["alice"])
    assert _actions(team.world) == ["case.create"]


def test_anyone_in_the_channel_may_rename_and_set_matter_exactly_as_typed(team):
    team.cmd("alice", "/case", "new Smith v. Jones")
    renamed = team.cmd("bob", "/case", "rename Smith & Jones <LLP> for @alice")
    matter = team.cmd("bob", "/case", "set matter 1:26-cv-00142 & co")
    assert renamed.json["response_type"] == "in_channel"
    assert matter.json["response_type"] == "in_channel"  # the team sees a new matter number
    case = _case(team.world)
    assert case.name == "Smith & Jones <LLP> for @alice"
    assert case.matter_number == "1:26-cv-00142 & co"
    assert "&lt;LLP&gt;" in _all_text(renamed) and "<LLP>" not in _all_text(renamed)


def test_new_lead_must_be_in_the_channel(team):
    carol = team.slack.add_user("carol").id
    team.cmd("alice", "/case", "new Smith v. Jones")
    reply = team.cmd("alice", "/case", "set lead @carol")
    assert reply.json["response_type"] == "ephemeral" and "isn't in this channel" in _all_text(
        reply
    )
    assert _case(team.world).lead_id == team.ids["alice"] != carol


def test_unknown_jurisdiction_lists_the_known_ones(team):
    team.cmd("alice", "/case", "new Smith v. Jones")
    reply = team.cmd("alice", "/case", "set jurisdiction Narnia")
    assert reply.json["response_type"] == "ephemeral"
    assert "US-FED" in _all_text(reply) and "US-CA" in _all_text(reply)
    assert (
        team.cmd("alice", "/case", "set jurisdiction us-ca").json["response_type"] == "in_channel"
    )
    assert _case(team.world).jurisdiction == "US-CA"


def test_retried_change_is_audited_once(team):
    team.cmd("alice", "/case", "new Smith v. Jones")
    first = team.cmd("alice", "/case", "rename Smith v. Jones LLC", trigger_id="trig-r")
    again = team.cmd(
        "alice", "/case", "rename Smith v. Jones LLC", trigger_id="trig-r", retry_num=1
    )
    assert first.json == again.json and again.json["response_type"] == "in_channel"
    assert _actions(team.world) == ["case.create", "case.rename"]


def test_close_twice_and_reopen(team):
    team.cmd("alice", "/case", "new Smith v. Jones")
    team.cmd("alice", "/case", "close")
    twice = team.cmd("alice", "/case", "close")
    assert twice.json["response_type"] == "ephemeral" and "already closed" in _all_text(twice)
    reopened = team.cmd("alice", "/case", "reopen")
    assert reopened.json["response_type"] == "in_channel" and _case(team.world).status == "open"
    assert _actions(team.world) == ["case.create", "case.close", "case.reopen"]


def test_non_member_can_neither_see_nor_change_the_case(team):
    team.cmd("alice", "/case", "new Smith v. Jones")
    mallory = team.slack.add_user("mallory").id
    reply = team.world.driver.command(
        user_id=mallory, channel_id=team.channel, command="/case", text="history"
    )
    assert reply.json["response_type"] == "ephemeral" and "Only members" in _all_text(reply)
    assert "Smith" not in _all_text(reply)


def test_list_shows_only_cases_whose_channel_the_user_is_in(team):
    team.cmd("alice", "/case", "new Smith v. Jones")
    other = team.slack.add_channel("doe-v-roe").id
    team.slack.join(team.slack.bot_user_id, other)
    team.slack.join(team.ids["bob"], other)
    team.cmd("bob", "/case", "new Doe v. Roe", channel=other)
    alice = _all_text(team.cmd("alice", "/case", "list"))
    bob = _all_text(team.cmd("bob", "/case", "list"))
    assert "Smith v. Jones" in alice and "Doe v. Roe" not in alice
    assert "Smith v. Jones" in bob and "Doe v. Roe" in bob


def test_history_reads_who_what_before_and_after(team):
    team.cmd("alice", "/case", "new Smith v. Jones")
    team.cmd("alice", "/case", "set jurisdiction US-CA")
    reply = team.cmd("bob", "/case", "history")
    assert reply.json["response_type"] == "ephemeral"
    text = _all_text(reply)
    assert "changed the jurisdiction from US-FED to US-CA" in text
    assert f"<@{team.ids['alice']}>" in text and "<!date^" in text
    assert text.index("jurisdiction") < text.index("opened the case")


def test_export_arrives_as_a_file_only_for_the_requester(team):
    team.cmd("alice", "/case", "new Smith v. Jones")
    reply = team.cmd("bob", "/case", "export")
    assert reply.json["response_type"] == "ephemeral"
    assert "sending you the export by DM" in reply.json["text"]
    files = [m for m in team.slack.messages if m.kind == "file"]
    assert len(files) == 1
    dm = team.slack.dm_channel(team.ids["bob"]).id
    assert (files[0].channel, files[0].user) == (dm, team.ids["bob"])
    assert files[0].text.startswith("record,at,task") and "case.create" in files[0].text


def test_export_upload_failure_is_answered_kindly(team):
    team.cmd("alice", "/case", "new Smith v. Jones")
    team.slack.inject("files.completeUploadExternal", error="not_allowed")
    reply = team.cmd("alice", "/case", "export")
    assert reply.status == 200 and reply.json["response_type"] == "ephemeral"
    assert not [m for m in team.slack.messages if m.kind == "file"]
    dm = team.slack.dm_channel(team.ids["alice"]).id  # told after the ack, where the file was due
    assert any("couldn't send" in m.text for m in team.slack.messages if m.channel == dm)


def test_a_case_can_override_its_alert_times(team):
    from bot.models import Outbox

    team.cmd("alice", "/case", "new Smith v. Jones")
    team.cmd("alice", "/deadline", "@bob Answer due 12/21/2026")
    reply = team.cmd("alice", "/case", "set alerts deadline 2d@10:00, 0d@08:00")
    assert reply.status == 200 and "alert times" in _all_text(reply)
    with Session(team.world.engine) as s:
        keys = sorted(
            json.loads(r.payload)["offset"]
            for r in s.exec(
                select(Outbox).where(Outbox.kind == "alert", Outbox.status == "pending")
            )
        )
    assert keys == ["0d@08:00", "2d@10:00"]
    denied = team.cmd("bob", "/case", "set alerts task 1h")
    assert "Only the case lead" in _all_text(denied)
    bad = team.cmd("alice", "/case", "set alerts deadline soonish")
    assert "14d@09:00" in _all_text(bad) or "e.g." in _all_text(bad)


def test_case_new_by_someone_not_in_the_channel_tells_them_nothing_of_its_case(team, world):
    team.cmd("alice", "/case", "new Smith v. Jones 2026-CV-0142")
    dave = world.slack.add_user("dave").id
    reply = world.driver.command(
        user_id=dave, channel_id=team.channel, command="/case", text="new Acme", escape=True
    )
    text = _all_text(reply)
    assert reply.json["response_type"] == "ephemeral" and "Only members" in text
    assert "Smith" not in text and "2026-CV-0142" not in text
    assert _count(team.world, Case) == 1


def test_case_rename_without_a_name_answers_with_a_rename_example(team):
    team.cmd("alice", "/case", "new Smith v. Jones")
    reply = team.cmd("alice", "/case", "rename  ")
    text = _all_text(reply)
    assert reply.json["response_type"] == "ephemeral"
    assert "/case rename Smith v. Jones" in text and "/case new" not in text
    with Session(team.world.engine) as s:
        assert s.exec(select(Case.name)).one() == "Smith v. Jones"


def test_history_reads_digest_and_alert_changes_in_words_not_codes(team):
    team.cmd("alice", "/case", "new Smith v. Jones")
    team.cmd("alice", "/digest", "at 9am weekdays")
    team.cmd("alice", "/digest", "off")
    team.cmd("alice", "/case", "set alerts task 1d@09:00")
    text = _all_text(team.cmd("alice", "/case", "history"))
    assert "set the digest to 9:00 AM on weekdays (was 8:30 AM on weekdays)" in text
    assert "turned off the digest (was 9:00 AM on weekdays)" in text
    assert "set the alert times to task 1d@09:00" in text
    assert "case.digest" not in text and '{\\"task' not in text
