"""Every FakeSlack answer validates against Slack's published OpenAPI 2.0 description.

The spec (slackapi/slack-api-specs, 2021) writes unions as `"items": [A, B]` on schemas that
are not arrays (objs_user, objs_conversation, tz, bot_id, ...). Draft 4 ignores `items` on
non-arrays, which would make those checks vacuous, so the loader rewrites each such tuple into
`anyOf: [A, B]`, the reading the spec's authors meant. Methods newer than the spec
(files.getUploadURLExternal, files.completeUploadExternal) are checked for the `ok` shape only.
"""

from __future__ import annotations

import json
import os
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator, Draft7Validator
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from sandbox.driver import Driver
from sandbox.slack_api import FakeSlack
from sandbox.slack_methods import METHODS

SPEC_DIR = Path(
    os.environ.get("DOCKET_SLACK_API_SPECS")
    or Path(__file__).resolve().parent / "slack-api"  # a copy of ../shared/slack-api (MIT)
)
WEB_SPEC = SPEC_DIR / "slack_web_openapi_v2.json"
WRAPPER_SPEC = SPEC_DIR / "slack_common_event_wrapper_schema.json"
NOT_IN_SPEC = {"files.getUploadURLExternal", "files.completeUploadExternal"}
# The spec predates cursor pagination of history and message metadata (2022): those two fields
# are checked by tests/sandbox/test_slack_history.py instead.
NEWER_THAN_SPEC = {"conversations.history"}
OK_SHAPE = {
    True: {"type": "object", "required": ["ok"], "properties": {"ok": {"enum": [True]}}},
    False: {
        "type": "object",
        "required": ["ok", "error"],
        "properties": {"ok": {"enum": [False]}, "error": {"type": "string"}},
    },
}

pytestmark = pytest.mark.skipif(
    not WEB_SPEC.exists(),
    reason=f"Slack's OpenAPI spec not found at {WEB_SPEC} (set DOCKET_SLACK_API_SPECS)",
)


def _unionize(node: Any) -> Any:
    """Rewrite the spec's tuple-`items` unions on non-array schemas into anyOf."""
    if isinstance(node, list):
        return [_unionize(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {k: _unionize(v) for k, v in node.items()}
    if isinstance(out.get("items"), list) and out.get("type") != "array":
        out["anyOf"] = out.pop("items")
    return out


@cache
def _spec() -> dict:
    return _unionize(json.loads(WEB_SPEC.read_text()))


def validator(method: str, ok: bool) -> Draft4Validator:
    """The validator of a method's success (200) or error (default) response."""
    if method in NOT_IN_SPEC:
        return Draft4Validator(OK_SHAPE[ok])
    spec = _spec()
    operation = next(iter(spec["paths"]["/" + method].values()))
    schema = operation["responses"]["200" if ok else "default"]["schema"]
    return Draft4Validator({**schema, "definitions": spec["definitions"]})


def _without_newer_fields(method: str, body: dict) -> dict:
    """The body without what Slack added after the spec was written (cursors, message metadata)."""
    if method not in NEWER_THAN_SPEC:
        return body
    body = {k: v for k, v in body.items() if k != "response_metadata"}
    if "messages" in body:
        body["messages"] = [
            {k: v for k, v in m.items() if k != "metadata"} for m in body["messages"]
        ]
    return body


def assert_valid(method: str, body: dict) -> None:
    """Fail with every schema violation of a response body."""
    body = _without_newer_fields(method, body)
    errors = sorted(validator(method, body["ok"]).iter_errors(body), key=str)
    assert not errors, f"{method}: " + "; ".join(
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors
    )


@pytest.fixture()
def fake() -> Iterator[FakeSlack]:
    with FakeSlack(clock=lambda: datetime(2026, 12, 1, 14, 0, tzinfo=UTC)) as fake:
        yield fake


def call(client: WebClient, method: str, **params: Any) -> dict:
    """The JSON body of a call, success or Slack error alike."""
    try:
        data = client.api_call(method, json=params).data
    except SlackApiError as err:
        data = err.response.data
    assert isinstance(data, dict)
    return data


MODAL = {
    "type": "modal",
    "title": {"type": "plain_text", "text": "New task"},
    "blocks": [{"type": "divider"}],
}
METADATA = {"event_type": "docket_outbox", "event_payload": {"outbox": "task:1:card"}}
BLOCKS = [
    {"type": "header", "text": {"type": "plain_text", "text": "Smith v. Jones"}},
    {"type": "section", "text": {"type": "mrkdwn", "text": "Reply brief due"}},
]


def scenario(fake: FakeSlack, c: WebClient) -> list[tuple[str, dict]]:
    """Call every implemented method at least once successfully and once failing."""
    alice = fake.add_user("alice")
    gone = fake.add_user("gone")
    fake.delete_user(gone.id)
    ch = fake.add_channel("case-smith", members=[alice.id, fake.bot_user_id])
    priv = fake.add_channel("case-sealed", is_private=True, members=[fake.bot_user_id, alice.id])
    out: list[tuple[str, dict]] = [
        ("auth.test", call(c, "auth.test")),
        ("auth.test", call(WebClient(token="bad", base_url=fake.api_url), "auth.test")),
    ]
    post = call(c, "chat.postMessage", channel=ch.id, text="t", blocks=BLOCKS)
    out += [
        ("chat.postMessage", post),
        (
            "chat.postMessage",
            call(c, "chat.postMessage", channel=ch.id, text="r", thread_ts=post["ts"]),
        ),
        ("chat.postMessage", call(c, "chat.postMessage", channel=alice.id, text="dm")),
        ("chat.postMessage", call(c, "chat.postMessage", channel="C0NOPE0000", text="x")),
        ("chat.postMessage", call(c, "chat.postMessage", channel=ch.id)),
        (
            "chat.postEphemeral",
            call(c, "chat.postEphemeral", channel=ch.id, user=alice.id, text="e"),
        ),
        (
            "chat.postEphemeral",
            call(c, "chat.postEphemeral", channel=ch.id, user=gone.id, text="e"),
        ),
        (
            "chat.update",
            call(c, "chat.update", channel=ch.id, ts=post["ts"], text="u", blocks=BLOCKS),
        ),
        ("chat.update", call(c, "chat.update", channel=ch.id, ts="1700000000.000001", text="u")),
        (
            "chat.getPermalink",
            call(c, "chat.getPermalink", channel=ch.id, message_ts=post["ts"]),
        ),
        (
            "chat.getPermalink",
            call(c, "chat.getPermalink", channel=ch.id, message_ts="1700000000.000001"),
        ),
        (
            "chat.postMessage",
            call(c, "chat.postMessage", channel=ch.id, text="m", metadata=METADATA),
        ),
        (
            "conversations.history",
            call(c, "conversations.history", channel=ch.id, include_all_metadata=True, limit=2),
        ),
        ("conversations.history", call(c, "conversations.history", channel="C0NOPE0000")),
        ("chat.delete", call(c, "chat.delete", channel=ch.id, ts=post["ts"])),
        ("chat.delete", call(c, "chat.delete", channel=ch.id, ts=post["ts"])),
        ("conversations.open", call(c, "conversations.open", users=alice.id)),
        ("conversations.open", call(c, "conversations.open", users=alice.id)),
        ("conversations.open", call(c, "conversations.open", users="U0NOBODY00")),
        ("conversations.open", call(c, "conversations.open", users=gone.id)),
        ("conversations.info", call(c, "conversations.info", channel=ch.id)),
        (
            "conversations.info",
            call(c, "conversations.info", channel=priv.id, include_num_members=True),
        ),
        ("conversations.info", call(c, "conversations.info", channel=fake.dm_channel(alice.id).id)),
        ("conversations.info", call(c, "conversations.info", channel="C0NOPE0000")),
        ("conversations.members", call(c, "conversations.members", channel=ch.id, limit=1)),
        ("conversations.members", call(c, "conversations.members", channel="C0NOPE0000")),
        ("users.info", call(c, "users.info", user=alice.id)),
        ("users.info", call(c, "users.info", user=fake.bot_user_id)),
        ("users.info", call(c, "users.info", user=gone.id)),
        ("users.info", call(c, "users.info", user="U0NOBODY00")),
        ("users.list", call(c, "users.list", limit=2)),
        ("users.list", call(c, "users.list", limit=5000)),
        ("users.list", call(c, "users.list", cursor="not a cursor")),
        (
            "views.publish",
            call(c, "views.publish", user_id=alice.id, view={"type": "home", "blocks": BLOCKS}),
        ),
        ("views.publish", call(c, "views.publish", user_id=alice.id)),
    ]
    trigger = fake.new_trigger_id(user_id=alice.id, channel_id=ch.id)
    opened = call(c, "views.open", trigger_id=trigger, view=MODAL)
    pushed = fake.new_trigger_id(user_id=alice.id, channel_id=ch.id)  # a trigger opens one view
    out += [
        ("views.open", opened),
        ("views.open", call(c, "views.open", trigger_id="", view=MODAL)),
        ("views.push", call(c, "views.push", trigger_id=pushed, view=MODAL)),
        ("views.push", call(c, "views.push", view=MODAL)),
        ("views.update", call(c, "views.update", view_id=opened["view"]["id"], view=MODAL)),
        ("views.update", call(c, "views.update", view_id="V0NOPE", view=MODAL)),
    ]
    url = call(c, "files.getUploadURLExternal", filename="w.txt", length=5)
    upload = urllib.request.Request(url["upload_url"], data=b"hello", method="POST")
    with urllib.request.urlopen(upload, timeout=5) as resp:
        assert resp.status == 200
    files = json.dumps([{"id": url["file_id"], "title": "W"}])
    out += [
        ("files.getUploadURLExternal", url),
        ("files.getUploadURLExternal", call(c, "files.getUploadURLExternal", filename="w.txt")),
        (
            "files.completeUploadExternal",
            call(c, "files.completeUploadExternal", files=files, channel_id=ch.id),
        ),
        ("files.completeUploadExternal", call(c, "files.completeUploadExternal", files="[]")),
    ]
    return out


def test_every_method_answers_within_slacks_schema(fake: FakeSlack) -> None:
    client = WebClient(token=fake.bot_token, base_url=fake.api_url)
    bodies = scenario(fake, client)

    outcomes = {(m, b["ok"]) for m, b in bodies}
    missing = {(m, ok) for m in METHODS for ok in (True, False)} - outcomes
    assert not missing, f"untested outcomes: {sorted(missing)}"
    for method, body in bodies:
        assert_valid(method, body)


def test_schemas_are_not_vacuous(fake: FakeSlack) -> None:
    """A broken user object or message does fail the (unionized) schema."""
    client = WebClient(token=fake.bot_token, base_url=fake.api_url)
    user = client.users_info(user=fake.add_user("zed").id).data
    broken = json.loads(json.dumps(user))
    del broken["user"]["profile"]
    assert list(validator("users.info", True).iter_errors(broken))
    assert list(validator("chat.postMessage", False).iter_errors({"ok": False, "error": "nope"}))
    ch = fake.add_channel("x", members=[fake.bot_user_id])
    post = client.chat_postMessage(channel=ch.id, text="t").data
    assert isinstance(post, dict)
    post["message"]["ts"] = "not-a-ts"
    assert list(validator("chat.postMessage", True).iter_errors(post))


@pytest.mark.skipif(not WRAPPER_SPEC.exists(), reason=f"{WRAPPER_SPEC} not found")
def test_driver_event_envelope_matches_wrapper_schema(fake: FakeSlack) -> None:
    driver = Driver(bot_url="http://127.0.0.1:9/slack/events", signing_secret="s", slack=fake)
    alice = fake.add_user("alice")
    envelope = driver.envelope({"type": "app_home_opened", "user": alice.id, "tab": "home"})
    schema = json.loads(WRAPPER_SPEC.read_text())
    errors = [e.message for e in Draft7Validator(schema).iter_errors(envelope)]
    assert not errors
