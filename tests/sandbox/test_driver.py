"""The Driver against a tiny real Bolt app served over loopback WSGI, talking to FakeSlack."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient

from sandbox.driver import Driver, escape_mentions
from sandbox.slack_api import FakeSlack

SECRET = "sandbox-signing-secret"
MODAL = {
    "type": "modal",
    "title": {"type": "plain_text", "text": "New task"},
    "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "What needs doing?"}}],
}


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        """No access log on stderr."""


def build_app(fake: FakeSlack, seen: dict[str, Any]) -> App:
    """A minimal Bolt app recording what its listeners receive."""
    client = WebClient(token=fake.bot_token, base_url=fake.api_url)
    app = App(client=client, signing_secret=SECRET, process_before_response=True)

    @app.command("/docket")
    def command(ack, command, respond, request) -> None:
        seen["command"] = command
        seen["retry"] = request.headers.get("x-slack-retry-num", [None])[0]
        seen["reason"] = request.headers.get("x-slack-retry-reason", [None])[0]
        ack(f"Got it: {command['text']}")
        respond("Saved.")

    @app.action("done")
    def done(ack, body, respond) -> None:
        ack()
        seen["action"] = body
        respond(text="Marked done", replace_original=True)

    @app.view("new_task")
    def submit(ack, view) -> None:
        seen["view"] = view
        ack(response_action="errors", errors={"due": "Not a date"})

    @app.shortcut("quick_task")
    def shortcut(ack, shortcut, client) -> None:
        ack()
        seen["shortcut"] = shortcut
        client.views_open(trigger_id=shortcut["trigger_id"], view=MODAL)

    @app.event("app_home_opened")
    def home(event, client, request) -> None:
        seen["event"] = event
        seen["retry"] = request.headers.get("x-slack-retry-num", [None])[0]
        view = {"type": "home", "blocks": [{"type": "divider"}]}
        client.views_publish(user_id=event["user"], view=view)

    return app


@pytest.fixture()
def world() -> Iterator[tuple[FakeSlack, Driver, dict[str, Any]]]:
    seen: dict[str, Any] = {}
    with FakeSlack() as fake:
        app = build_app(fake, seen)
        server: WSGIServer = make_server(
            "127.0.0.1", 0, SlackRequestHandler(app), handler_class=_Quiet
        )
        thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
        thread.start()
        url = f"http://127.0.0.1:{server.server_port}/slack/events"
        try:
            yield fake, Driver(bot_url=url, signing_secret=SECRET, slack=fake), seen
        finally:
            server.shutdown()
            server.server_close()
            thread.join()


def test_escape_mentions() -> None:
    users = {"bob": "U0BOB00000", "amy.li": "U0AMY00000"}
    chans = {"case-smith": "C0CASE0000"}
    out = escape_mentions(
        "@bob and @amy.li. mail a@b.com @nobody #case-smith #nope @here R&D <x>",
        users.get,
        chans.get,
    )
    assert out == (
        "<@U0BOB00000|bob> and <@U0AMY00000|amy.li>. mail a@b.com @nobody "
        "<#C0CASE0000|case-smith> #nope <!here> R&amp;D &lt;x&gt;"
    )
    assert escape_mentions("@bob draft", users.get) == "<@U0BOB00000|bob> draft"


def test_signed_command_reaches_handler(world) -> None:
    fake, driver, seen = world
    alice, bob = fake.add_user("alice"), fake.add_user("bob")
    ch = fake.add_channel("case-smith", members=[alice.id, bob.id, fake.bot_user_id])
    reply = driver.command(
        user_id=alice.id, channel_id=ch.id, command="/docket", text="@bob draft brief", escape=True
    )
    assert reply.status == 200 and "Got it" in reply.body
    command = seen["command"]
    assert command["text"] == f"<@{bob.id}|bob> draft brief"
    assert (command["user_name"], command["channel_name"]) == ("alice", "case-smith")
    assert command["response_url"].startswith(fake.base_url + "/response/")
    assert seen["retry"] is None
    saved = fake.messages[0]
    assert (saved.kind, saved.user, saved.text) == ("ephemeral", alice.id, "Saved.")
    assert reply.json is None  # Bolt acks a bare string as text/plain
    shown = fake.record_reply(reply.body, channel_id=ch.id, user_id=alice.id)
    assert shown is not None and (shown.kind, shown.user) == ("ephemeral", alice.id)
    assert shown.text == f"Got it: <@{bob.id}|bob> draft brief"


def test_reply_json_and_retry_headers(world) -> None:
    fake, driver, seen = world
    alice = fake.add_user("alice")
    ch = fake.add_channel("c", members=[alice.id])
    reply = driver.command(
        user_id=alice.id,
        channel_id=ch.id,
        command="/docket",
        text="x",
        retry_num=1,
        retry_reason="http_timeout",
    )
    assert reply.status == 200
    assert (seen["retry"], seen["reason"]) == ("1", "http_timeout")


def test_bad_signature_and_stale_timestamp_get_401(world) -> None:
    fake, driver, seen = world
    alice = fake.add_user("alice")
    ch = fake.add_channel("c")
    liar = Driver(bot_url=driver.bot_url, signing_secret="wrong", slack=fake)
    bad = liar.command(user_id=alice.id, channel_id=ch.id, command="/docket", text="x")
    assert bad.status == 401
    form = {"command": "/docket", "text": "x", "user_id": alice.id, "channel_id": ch.id}
    stale = driver.post(
        urlencode(form).encode(),
        content_type="application/x-www-form-urlencoded",
        timestamp=int(time.time()) - 6 * 60,
    )
    assert stale.status == 401 and "command" not in seen


def test_block_action(world) -> None:
    fake, driver, seen = world
    alice = fake.add_user("alice")
    ch = fake.add_channel("c", members=[alice.id, fake.bot_user_id])
    client = WebClient(token=fake.bot_token, base_url=fake.api_url)
    text = {"type": "plain_text", "text": "Done"}
    button = {"type": "button", "action_id": "done", "value": "task-7", "text": text}
    blocks = [{"type": "actions", "block_id": "task-7", "elements": [button]}]
    posted = client.chat_postMessage(channel=ch.id, text="Task 7", blocks=blocks)
    reply = driver.block_action(
        user_id=alice.id,
        channel_id=ch.id,
        action_id="done",
        value="task-7",
        block_id="task-7",
        message=posted["message"],
    )
    assert reply.status == 200
    action = seen["action"]["actions"][0]
    assert (action["action_id"], action["value"], action["text"]["text"]) == (
        "done",
        "task-7",
        "Done",
    )
    assert seen["action"]["container"]["message_ts"] == posted["ts"]
    assert fake.messages[-1].text == "Marked done"


def test_view_submission_returns_response_action(world) -> None:
    fake, driver, seen = world
    alice = fake.add_user("alice")
    values = {"due": {"due_input": {"type": "plain_text_input", "value": "someday"}}}
    reply = driver.view_submission(
        user_id=alice.id, view={"callback_id": "new_task", **MODAL}, values=values
    )
    assert reply.status == 200
    assert reply.json == {"response_action": "errors", "errors": {"due": "Not a date"}}
    assert seen["view"]["state"]["values"] == values


def test_shortcut_trigger_opens_modal(world) -> None:
    fake, driver, seen = world
    alice = fake.add_user("alice")
    assert driver.shortcut(user_id=alice.id, callback_id="quick_task").status == 200
    assert seen["shortcut"]["type"] == "shortcut"
    assert (fake.messages[-1].kind, fake.messages[-1].user) == ("modal", alice.id)


def test_event_and_retry(world) -> None:
    fake, driver, seen = world
    alice = fake.add_user("alice")
    event = {"type": "app_home_opened", "user": alice.id, "tab": "home", "channel": "D0"}
    assert driver.event(event, retry_num=2, retry_reason="http_error").status == 200
    assert seen["event"]["user"] == alice.id and seen["retry"] == "2"
    assert (fake.messages[-1].kind, fake.messages[-1].user) == ("home", alice.id)
