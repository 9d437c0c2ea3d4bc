"""FakeSlack driven through a real slack_sdk WebClient."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from sandbox.slack_api import FakeSlack


class Clock:
    """A settable clock."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture()
def clock() -> Clock:
    return Clock(datetime(2026, 3, 7, 15, 0, tzinfo=UTC))


@pytest.fixture()
def fake(clock: Clock) -> Iterator[FakeSlack]:
    with FakeSlack(clock=clock) as fake:
        yield fake


@pytest.fixture()
def client(fake: FakeSlack) -> WebClient:
    return WebClient(token=fake.bot_token, base_url=fake.api_url)


@pytest.fixture()
def room(fake: FakeSlack) -> tuple[str, str]:
    """A channel with the bot and alice in it: (channel_id, alice_id)."""
    alice = fake.add_user("alice")
    ch = fake.add_channel("case-smith", members=[alice.id, fake.bot_user_id])
    return ch.id, alice.id


def error_of(call) -> str:
    with pytest.raises(SlackApiError) as info:
        call()
    return info.value.response["error"]


def test_ids_are_stable_and_idempotent(fake: FakeSlack) -> None:
    a = fake.add_user("alice")
    assert fake.add_user("alice") is a
    assert a.id == FakeSlack().add_user("alice").id and a.id.startswith("U")
    ch = fake.add_channel("#case")
    assert fake.add_channel("case") is ch and ch.id.startswith("C")
    assert fake.channel_by_name("case") is ch and fake.user_by_name("@alice") is a
    assert fake.dm_channel(a.id).id.startswith("D") and fake.dm_channel(a.id).is_im
    assert fake.api_url.endswith("/api/") and fake.api_url.startswith("http://127.0.0.1:")


def test_auth(fake: FakeSlack, client: WebClient) -> None:
    assert client.auth_test()["user_id"] == fake.bot_user_id
    assert error_of(WebClient(token="xoxb-wrong", base_url=fake.api_url).auth_test) == (
        "invalid_auth"
    )
    assert error_of(WebClient(base_url=fake.api_url).auth_test) == "not_authed"


def test_post_thread_dm_ephemeral_update_delete(fake, client, room) -> None:
    channel, alice = room
    first = client.chat_postMessage(channel=channel, text=f"hello <@{alice}>")
    assert first["channel"] == channel and first["message"]["text"].startswith("hello")
    reply = client.chat_postMessage(channel=channel, text="in thread", thread_ts=first["ts"])
    assert float(reply["ts"]) > float(first["ts"])
    dm = client.chat_postMessage(channel=alice, text="psst")
    assert dm["channel"] == fake.dm_channel(alice).id
    eph = client.chat_postEphemeral(channel=channel, user=alice, text="only you")
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "new"}}]
    client.chat_update(channel=channel, ts=first["ts"], text="edited", blocks=blocks)
    client.chat_delete(channel=channel, ts=reply["ts"])
    kinds = [(m.kind, m.channel, m.user) for m in fake.messages]
    assert kinds == [
        ("message", channel, fake.bot_user_id),
        ("message", channel, fake.bot_user_id),
        ("message", dm["channel"], alice),
        ("ephemeral", channel, alice),
        ("update", channel, fake.bot_user_id),
        ("delete", channel, fake.bot_user_id),
    ]
    assert fake.messages[1].thread_ts == first["ts"]
    assert fake.messages[3].ts == eph["message_ts"]
    assert fake.messages[4].blocks == blocks and fake.messages[4].ts == first["ts"]
    assert [m.kind for m in fake.messages_since(4)] == ["update", "delete"]
    assert fake.find_message(channel, reply["ts"]) is None
    assert fake.find_message(channel, first["ts"]).text == "edited"
    assert [c[0] for c in fake.calls][:2] == ["chat.postMessage", "chat.postMessage"]


def test_update_with_text_alone_removes_the_blocks(fake, client, room) -> None:
    """Slack's chat.update: without `blocks` the old ones stay only if no `text` is given;
    `text` alone removes them (and their buttons) and is what the message shows."""
    channel, _ = room
    button = {"type": "button", "action_id": "go", "text": {"type": "plain_text", "text": "Go"}}
    blocks = [{"type": "actions", "elements": [button]}]
    ts = client.chat_postMessage(channel=channel, text="t", blocks=blocks)["ts"]
    client.chat_update(channel=channel, ts=ts, text="t2")
    assert (fake.messages[-1].text, fake.messages[-1].blocks) == ("t2", [])
    assert error_of(lambda: client.chat_update(channel=channel, ts=ts)) == "no_text"
    client.chat_update(channel=channel, ts=ts, text="t3", blocks=blocks)
    assert fake.messages[-1].blocks == blocks


@pytest.mark.filterwarnings("ignore:The top-level `text` argument is missing")
def test_post_errors(fake, client, room) -> None:
    channel, alice = room
    outside = fake.add_channel("elsewhere", members=[alice]).id
    secret = fake.add_channel("sealed", is_private=True).id
    archived = fake.add_channel("old", members=[fake.bot_user_id]).id
    fake.archive(archived)
    post = client.chat_postMessage
    assert error_of(lambda: post(channel="C0NOPE0000", text="x")) == "channel_not_found"
    assert error_of(lambda: post(channel=outside, text="x")) == "not_in_channel"
    assert error_of(lambda: post(channel=secret, text="x")) == "channel_not_found"
    assert error_of(lambda: post(channel=archived, text="x")) == "is_archived"
    assert error_of(lambda: post(channel=channel)) == "no_text"
    assert error_of(lambda: post(channel=channel, blocks=[{"text": "no type"}])) == (
        "invalid_blocks"
    )
    too_many = [{"type": "divider"}] * 51
    assert error_of(lambda: post(channel=channel, blocks=too_many)) == "invalid_blocks"
    bob = fake.add_user("bob").id
    assert error_of(lambda: client.chat_postEphemeral(channel=channel, user=bob, text="x")) == (
        "user_not_in_channel"
    )
    assert error_of(lambda: client.chat_update(channel=channel, ts="1.000001", text="x")) == (
        "message_not_found"
    )
    assert error_of(lambda: client.chat_delete(channel=channel, ts="1.000001")) == (
        "message_not_found"
    )
    assert fake.messages == []


def test_deleted_user(fake, client) -> None:
    carol = fake.add_user("carol")
    fake.delete_user(carol.id)
    assert client.users_info(user=carol.id)["user"]["deleted"] is True
    assert error_of(lambda: client.chat_postMessage(channel=carol.id, text="x")) == "is_archived"
    assert error_of(lambda: client.conversations_open(users=carol.id)) == "user_disabled"
    assert error_of(lambda: client.users_info(user="U0NOBODY00")) == "user_not_found"


def test_conversations(fake, client, room) -> None:
    channel, alice = room
    info = client.conversations_info(channel=channel, include_num_members=True)["channel"]
    assert info["name"] == "case-smith" and info["is_member"] and info["num_members"] == 2
    opened = client.conversations_open(users=alice)
    assert opened["channel"]["id"] == fake.dm_channel(alice).id
    assert client.conversations_open(users=alice)["already_open"] is True
    assert error_of(lambda: client.conversations_info(channel="C0NOPE0000")) == (
        "channel_not_found"
    )
    fake.leave(fake.bot_user_id, channel)
    assert client.conversations_info(channel=channel)["channel"]["is_member"] is False


def test_members_pagination(fake, client, room) -> None:
    channel, _ = room
    for i in range(5):
        fake.join(fake.add_user(f"user{i}").id, channel)
    seen, cursor, pages = [], None, 0
    while True:
        page = client.conversations_members(channel=channel, limit=3, cursor=cursor)
        seen += page["members"]
        pages += 1
        cursor = page["response_metadata"]["next_cursor"]
        if not cursor:
            break
    assert pages == 3 and sorted(seen) == sorted(fake.channel(channel).members)
    assert error_of(lambda: client.conversations_members(channel="C0NOPE0000")) == (
        "channel_not_found"
    )
    assert error_of(lambda: client.conversations_members(channel=channel, limit=0)) == (
        "invalid_limit"
    )


def test_users_info_tz_offset_follows_dst(fake, client, clock) -> None:
    dana = fake.add_user("dana")
    before = client.users_info(user=dana.id)["user"]
    assert (before["tz"], before["tz_offset"]) == ("America/New_York", -5 * 3600)
    assert before["tz_label"] == "Eastern Standard Time" and before["real_name"] == "dana"
    clock.now += timedelta(days=2)  # 2026-03-08 is the US spring-forward date
    after = client.users_info(user=dana.id)["user"]
    assert after["tz_offset"] == -4 * 3600 and after["tz_label"] == "Eastern Daylight Time"
    fake.set_tz(dana.id, "Asia/Kolkata")
    assert client.users_info(user=dana.id)["user"]["tz_offset"] == 19800


def test_ts_follow_the_clock_and_increase(fake, client, room, clock) -> None:
    channel, _ = room
    first = client.chat_postMessage(channel=channel, text="a")["ts"]
    second = client.chat_postMessage(channel=channel, text="b")["ts"]
    assert first == f"{int(clock.now.timestamp())}.000000" and second > first
    clock.now -= timedelta(hours=1)  # even a clock moved back never repeats a ts
    assert client.chat_postMessage(channel=channel, text="c")["ts"] > second


def test_fault_429_then_success(fake, client, room) -> None:
    channel, _ = room
    fake.inject("chat.postMessage", status=429, retry_after=7, times=2)
    for _ in range(2):
        with pytest.raises(SlackApiError) as info:
            client.chat_postMessage(channel=channel, text="x")
        assert info.value.response.status_code == 429
        assert info.value.response.headers["Retry-After"] == "7"
        assert info.value.response["error"] == "ratelimited"
    assert client.chat_postMessage(channel=channel, text="x")["ok"]
    assert len(fake.messages) == 1 and len(fake.calls) == 3


def test_fault_5xx_and_ok_false(fake, client, room) -> None:
    channel, _ = room
    fake.inject("chat.postMessage", status=503)
    with pytest.raises(SlackApiError) as info:
        client.chat_postMessage(channel=channel, text="x")
    assert info.value.response.status_code == 503
    fake.inject("users.info", error="fatal_error", times=1)
    assert error_of(lambda: client.users_info(user=room[1])) == "fatal_error"
    assert client.users_info(user=room[1])["ok"]
    with pytest.raises(ValueError):
        fake.inject("auth.test")


def test_default_429_retry_after_is_one(fake, client) -> None:
    fake.inject("auth.test", status=429)
    with pytest.raises(SlackApiError) as info:
        client.auth_test()
    assert info.value.response.headers["Retry-After"] == "1"


def test_files_upload_v2_roundtrip(fake, client, room) -> None:
    channel, _ = room
    parent = client.chat_postMessage(channel=channel, text="worksheet follows")["ts"]
    done = client.files_upload_v2(
        channel=channel,
        content="Day 1: Dec 2\nDay 2: Dec 3\n",
        filename="worksheet.txt",
        title="Deadline worksheet",
        initial_comment="Here is the count",
        thread_ts=parent,
    )
    assert done["file"]["title"] == "Deadline worksheet"
    msg = fake.messages[-1]
    assert (msg.kind, msg.channel, msg.thread_ts) == ("file", channel, parent)
    assert msg.title == "Deadline worksheet" and msg.text.startswith("Day 1: Dec 2")
    assert msg.comment == "Here is the count"
    assert [c[0] for c in fake.calls][-2:] == [
        "files.getUploadURLExternal",
        "files.completeUploadExternal",
    ]


def test_views(fake, client) -> None:
    erin = fake.add_user("erin")
    home = {
        "type": "home",
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "hi"}}],
    }
    assert client.views_publish(user_id=erin.id, view=home)["view"]["type"] == "home"
    assert fake.messages[-1].kind == "home" and fake.messages[-1].user == erin.id
    trigger = fake.new_trigger_id(user_id=erin.id, channel_id="C1")
    modal = {
        "type": "modal",
        "title": {"type": "plain_text", "text": "New task"},
        "blocks": [{"type": "divider"}],
    }
    opened = client.views_open(trigger_id=trigger, view=modal)["view"]
    modal2 = {**modal, "title": {"type": "plain_text", "text": "Edit task"}}
    client.views_update(view_id=opened["id"], view=modal2)
    assert [(m.kind, m.user, m.text) for m in fake.messages[-2:]] == [
        ("modal", erin.id, "New task"),
        ("modal", erin.id, "Edit task"),
    ]
    assert error_of(lambda: client.views_open(trigger_id="", view=modal)) == "invalid_trigger_id"
    assert error_of(lambda: client.views_open(trigger_id="nope", view=modal)) == (
        "invalid_trigger_id"
    )
    long_title = {**modal, "title": {"type": "plain_text", "text": "x" * 25}}
    fresh = fake.new_trigger_id(user_id=erin.id, channel_id="C1")  # each opens one view
    assert error_of(lambda: client.views_open(trigger_id=fresh, view=long_title)) == (
        "invalid_arguments"
    )
    assert error_of(lambda: client.views_update(view_id="V0NOPE", view=modal)) == "not_found"


def _post_json(url: str, payload: dict) -> tuple[int, str]:
    req = urllib.request.Request(
        url, data=json.dumps(payload).encode(), headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(req, timeout=5) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


def test_response_url_sink(fake, room) -> None:
    channel, alice = room
    url = fake.new_response_url(channel_id=channel, user_id=alice)
    assert _post_json(url, {"text": "just you"}) == (200, "ok")
    assert _post_json(url, {"text": "everyone", "response_type": "in_channel"}) == (200, "ok")
    assert _post_json(url, {"delete_original": True}) == (200, "ok")
    assert [(m.kind, m.user, m.response_type) for m in fake.messages] == [
        ("ephemeral", alice, "ephemeral"),
        ("message", fake.bot_user_id, "in_channel"),
        ("delete", alice, None),
    ]
    assert _post_json(fake.base_url + "/response/unknown", {"text": "x"})[0] == 404
    fake.inject("response_url", status=500)
    assert _post_json(url, {"text": "x"})[0] == 500


def test_a_response_url_takes_five_posts_within_thirty_minutes(fake, room, clock) -> None:
    channel, alice = room
    used = fake.new_response_url(channel_id=channel, user_id=alice)
    assert [_post_json(used, {"text": f"{n}"})[0] for n in range(6)] == [200] * 5 + [404]
    late = fake.new_response_url(channel_id=channel, user_id=alice)
    clock.now += timedelta(minutes=30)
    assert _post_json(late, {"text": "at 30 minutes"}) == (200, "ok")
    clock.now += timedelta(seconds=1)
    assert _post_json(late, {"text": "after"}) == (404, "expired_url")
    assert [m.text for m in fake.messages][-1] == "at 30 minutes"


def test_record_reply(fake, room) -> None:
    channel, alice = room
    assert fake.record_reply(None, channel_id=channel, user_id=alice) is None
    msg = fake.record_reply({"text": "Added."}, channel_id=channel, user_id=alice)
    assert msg is not None and (msg.kind, msg.user) == ("ephemeral", alice)


def test_form_and_query_bodies(fake) -> None:
    """Slack also takes form bodies with a token parameter, and GET query strings."""
    user = fake.add_user("frank")
    url = f"{fake.api_url}users.info?user={user.id}&token={fake.bot_token}"
    with urllib.request.urlopen(url, timeout=5) as resp:
        assert json.loads(resp.read())["user"]["name"] == "frank"
    status, body = 0, ""
    req = urllib.request.Request(fake.api_url + "no.such", data=b"token=" + fake.bot_token.encode())
    with urllib.request.urlopen(req, timeout=5) as resp:
        status, body = resp.status, resp.read().decode()
    assert status == 200 and json.loads(body)["error"] == "unknown_method"


def test_a_trigger_id_expires_after_three_seconds(fake, client):
    """Slack: views.open exchanges a trigger_id within 3 seconds, else expired_trigger_id."""
    alice = fake.add_user("alice")
    trigger = fake.new_trigger_id(user_id=alice.id)
    fake.trigger_born[trigger] -= 3.5  # issued 3.5 s ago (no sleeping)
    modal = {"type": "modal", "title": {"type": "plain_text", "text": "Hi"}, "blocks": []}
    assert error_of(lambda: client.views_open(trigger_id=trigger, view=modal)) == (
        "expired_trigger_id"
    )


def test_replace_original_replaces_the_ephemeral_the_click_came_from(fake, room, client) -> None:
    """As Slack: an ephemeral cannot be chat.update'd, but the response_url of a click on it
    replaces it (replace_original) or removes it (delete_original) for the person who sees it."""
    from sandbox.render import render

    channel, alice = room
    button = {"type": "button", "action_id": "go", "text": {"type": "plain_text", "text": "Go"}}
    asked = {"type": "actions", "elements": [button]}
    ts = client.chat_postEphemeral(channel=channel, user=alice, text="Sure?", blocks=[asked])[
        "message_ts"
    ]
    url = fake.new_response_url(channel_id=channel, user_id=alice, message_ts=ts)
    assert _post_json(url, {"text": "Done.", "replace_original": True}) == (200, "ok")
    replaced = fake.messages[-1]
    assert (replaced.kind, replaced.user, replaced.ts, replaced.edit) == (
        "ephemeral",
        alice,
        ts,
        "update",
    )
    assert replaced.text == "Done." and len(fake.messages) == 2

    def shown(m) -> str:
        return render(m, channel_name=lambda c: "case-smith", user_name=lambda u: "alice")

    assert shown(replaced) == "[update ephemeral @alice in #case-smith]\nDone."  # text alone:
    assert replaced.blocks == []  # a whole new message, the old blocks (and button) are gone
    bob = fake.add_user("bob").id
    assert render(replaced, channel_name=str, user_name=str, viewer=bob) == ""
    assert _post_json(url, {"delete_original": True}) == (200, "ok")
    gone = fake.messages[-1]
    assert (gone.kind, gone.ts, gone.edit, shown(gone)) == (
        "ephemeral",
        ts,
        "delete",
        "[delete ephemeral @alice in #case-smith]",
    )
    new = fake.new_response_url(channel_id=channel, user_id=alice, message_ts=ts)
    assert _post_json(new, {"text": "again", "replace_original": True}) == (200, "ok")
    assert (fake.messages[-1].kind, fake.messages[-1].edit) == ("ephemeral", None)  # a new one


def test_delete_original_deletes_the_channel_message_clicked(fake, room, client) -> None:
    channel, alice = room
    ts = client.chat_postMessage(channel=channel, text="card")["ts"]
    url = fake.new_response_url(channel_id=channel, user_id=alice, message_ts=ts)
    assert _post_json(url, {"delete_original": True}) == (200, "ok")
    assert (fake.messages[-1].kind, fake.messages[-1].ts) == ("delete", ts)
    assert fake.find_message(channel, ts) is None


def test_replace_original_with_text_alone_drops_a_cards_buttons(fake, room, client) -> None:
    """A response_url replacement is a whole new message: text alone leaves no old buttons."""
    channel, alice = room
    button = {"type": "button", "action_id": "go", "text": {"type": "plain_text", "text": "Go"}}
    ts = client.chat_postMessage(
        channel=channel, text="card", blocks=[{"type": "actions", "elements": [button]}]
    )["ts"]
    url = fake.new_response_url(channel_id=channel, user_id=alice, message_ts=ts)
    assert _post_json(url, {"text": "Marked done", "replace_original": True}) == (200, "ok")
    now = fake.find_message(channel, ts)
    assert now is not None and (now.kind, now.text, now.blocks) == ("update", "Marked done", [])


def test_update_and_delete_are_refused_as_slack_refuses_them(fake, client, room) -> None:
    """chat.update / chat.delete: an archived channel is_inactive, a private one Docket left
    channel_not_found, a user id instead of the DM's id channel_not_found, a person's own
    message cant_update_message / cant_delete_message."""
    from sandbox.slack_state import Message

    channel, alice = room
    ts = client.chat_postMessage(channel=channel, text="card")["ts"]
    said = fake.record(Message("message", channel, alice, "hi", [], fake.next_ts()))
    said.response_type = "user"
    update, delete = client.chat_update, client.chat_delete
    assert error_of(lambda: update(channel=channel, ts=said.ts, text="x")) == "cant_update_message"
    assert error_of(lambda: delete(channel=channel, ts=said.ts)) == "cant_delete_message"
    dm_ts = client.chat_postMessage(channel=alice, text="dm")["ts"]
    assert error_of(lambda: update(channel=alice, ts=dm_ts, text="x")) == "channel_not_found"
    sealed = fake.add_channel("sealed", is_private=True, members=[fake.bot_user_id, alice])
    sealed_ts = client.chat_postMessage(channel=sealed.id, text="card")["ts"]
    fake.leave(fake.bot_user_id, sealed.id)
    assert error_of(lambda: update(channel=sealed.id, ts=sealed_ts, text="x")) == (
        "channel_not_found"
    )
    fake.archive(channel)
    assert error_of(lambda: update(channel=channel, ts=ts, text="x")) == "is_inactive"
    assert error_of(lambda: delete(channel=channel, ts=ts)) == "is_inactive"
    assert fake.find_message(channel, ts).text == "card"  # nothing changed


def test_an_ephemeral_needs_docket_in_the_channel(fake, client, room) -> None:
    """Docket has no chat:write.public: it posts, ephemerals too, only where it is a member."""
    _, alice = room
    outside = fake.add_channel("elsewhere", members=[alice]).id
    post = client.chat_postEphemeral
    assert error_of(lambda: post(channel=outside, user=alice, text="x")) == "not_in_channel"
    fake.join(fake.bot_user_id, outside)
    assert post(channel=outside, user=alice, text="x")["ok"]


def test_a_trigger_id_opens_one_view(fake, client) -> None:
    """Slack: a trigger_id is exchanged once; a second views.open answers exchanged_trigger_id."""
    alice = fake.add_user("alice")
    trigger = fake.new_trigger_id(user_id=alice.id)
    modal = {
        "type": "modal",
        "title": {"type": "plain_text", "text": "New task"},
        "blocks": [{"type": "divider"}],
    }
    assert client.views_open(trigger_id=trigger, view=modal)["ok"]
    assert error_of(lambda: client.views_open(trigger_id=trigger, view=modal)) == (
        "exchanged_trigger_id"
    )
