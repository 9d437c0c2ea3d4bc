"""The HTTP edge: "payload" in a form body, body cap, bodies that are not UTF-8, signatures."""

from __future__ import annotations

import http.client
import io
import json
from urllib.parse import urlencode, urlsplit

from slack_bolt import App

from bot.slack.edge import MAX_BODY, EdgeHandler
from bot.slack.web import EVENTS_PATH
from tests.handlers.conftest import Team


def test_payload_in_a_command_a_channel_name_and_a_case_name_works(world):
    team = Team(world, channel="payload-dispute")
    reply = team.cmd("alice", "/case", "new Payload Systems v. Acme")
    assert reply.status == 200 and "Payload Systems" in reply.body
    reply = team.cmd("alice", "/task", "review payload terms by Dec 10 5pm")
    assert reply.status == 200, reply.body
    assert "Added task #1" in reply.json["text"]


def test_an_interaction_still_parses_its_payload(world):
    team = Team(world)
    team.cmd("alice", "/case", "new Smith v. Jones")
    team.cmd("alice", "/task", "draft the brief by Dec 10 5pm")
    card = next(m for m in world.slack.messages if m.kind == "message" and "#1" in m.text)
    reply = world.driver.block_action(
        user_id=team.ids["alice"],
        channel_id=team.channel,
        action_id="task_done",
        value=f"{team.channel}:1",
        block_id="task_actions",
        message={"ts": card.ts, "text": card.text, "blocks": card.blocks},
    )
    assert reply.status == 200
    assert any(m.kind == "update" and "done" in json.dumps(m.blocks) for m in world.slack.messages)


def test_the_signature_is_still_checked_for_a_body_with_payload_in_it(world):
    body = urlencode({"command": "/task", "text": "payload", "user_id": "U1"}).encode()
    driver = world.driver
    headers = driver.sign(body)
    headers["X-Slack-Signature"] = "v0=" + "0" * 64
    reply = driver.post(body, content_type="application/x-www-form-urlencoded", headers=headers)
    assert reply.status == 401


def test_a_body_over_the_cap_is_refused_before_it_is_read(world):
    url = urlsplit(world.driver.bot_url)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    connection.putrequest("POST", url.path)  # announce 128 MiB, send none of it
    connection.putheader("Content-Type", "application/x-www-form-urlencoded")
    connection.putheader("Content-Length", str(128 * 1024 * 1024))
    connection.endheaders()
    assert connection.getresponse().status == 413
    connection.close()


def test_the_edge_refuses_over_the_cap_itself(world):
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": EVENTS_PATH,
        "CONTENT_LENGTH": str(MAX_BODY + 1),
        "wsgi.input": io.BytesIO(b""),
    }
    seen: list[str] = []
    app = App(signing_secret="s", token="xoxb-x", token_verification_enabled=False)
    EdgeHandler(app, EVENTS_PATH)(environ, lambda status, headers: seen.append(status))
    assert seen == ["413 Payload Too Large"]


def test_a_body_that_is_not_utf8_gets_400_not_500(world):
    body = b"command=%2Ftask&text=\xff\xfe"
    reply = world.driver.post(body, content_type="application/x-www-form-urlencoded")
    assert reply.status == 400


def test_a_payload_that_is_not_json_gets_400(world):
    body = b"payload=%7Bnot-json"
    reply = world.driver.post(body, content_type="application/x-www-form-urlencoded")
    assert reply.status == 400


def test_a_form_body_is_parsed_once(world, monkeypatch):
    from slack_bolt.request import request as bolt_request

    parsed: list[str] = []
    real = bolt_request.parse_body

    def counted(body, content_type):
        if body:
            parsed.append(body)
        return real(body, content_type)

    monkeypatch.setattr(bolt_request, "parse_body", counted)
    team = Team(world)
    reply = team.cmd("alice", "/case", "new Smith v. Jones")
    assert reply.status == 200 and "Smith v. Jones" in reply.body
    assert parsed == []  # the edge's parse only (Bolt parsed every body a second time)
