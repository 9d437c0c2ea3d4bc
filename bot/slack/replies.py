"""Sending a `reply` outbox row: a request's answer that Slack gets after the ack."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from bot.services.notice_types import Notice
from bot.services.notices import REPLY_URL_LIFE

URL_GONE = frozenset({404, 410})  # a response_url expired, used up or unknown
# An ephemeral cannot reach the person there: they left, the channel went, Docket was removed.
NOT_THERE = frozenset({"user_not_in_channel", "channel_not_found", "not_in_channel", "is_archived"})


class ReplyRefused(Exception):
    """A response_url answered other than 200 (expired, used up, or Slack's trouble)."""

    def __init__(self, status: int, body: str) -> None:
        super().__init__(f"response_url answered {status}")
        self.status = status
        self.code = (body or f"http_{status}").strip()[:60] or f"http_{status}"

    @property
    def retryable(self) -> bool:
        """429 and 5xx are worth another try; anything else will not change."""
        return self.status == 429 or self.status >= 500


def send_reply(client: WebClient, notice: Notice) -> str | None:
    """Send one reply as its request asked: response_url, ephemeral, thread post or DM.

    A response_url lives 30 minutes and takes 5 posts (Slack): past that, or when Slack answers
    that it is gone (404, 410), the same words reach the person privately instead.
    """
    data = notice.payload
    message: dict[str, Any] = dict(data.get("message") or {})
    via = data.get("via")
    if via == "response_url":
        if notice.now is not None and notice.now - notice.row.due_at > REPLY_URL_LIFE:
            return privately(client, data, message)
        body = {**message, "replace_original": bool(data.get("replace_original"))}
        hook = WebhookClient(data["url"], timeout=10, retry_handlers=[])
        response = hook.send_dict(body)
        if response.status_code in URL_GONE:
            return privately(client, data, message)
        if response.status_code != 200:
            raise ReplyRefused(response.status_code, response.body)
        return None
    if via == "upload":
        return _upload(client, data["user"], message)
    if via == "ephemeral":
        answer = client.chat_postEphemeral(
            channel=data["channel"], user=data["user"], thread_ts=data.get("thread_ts"), **message
        )
        return answer.get("message_ts")
    channel = data["channel"] if via == "post" else data["user"]
    posted = client.chat_postMessage(
        channel=channel, thread_ts=data.get("thread_ts"), unfurl_links=False, **message
    )
    return posted.get("ts")


def privately(client: WebClient, data: dict[str, Any], message: dict[str, Any]) -> str | None:
    """The reply only its person sees: ephemeral where they clicked if they are there, else a DM."""
    shown = {k: v for k, v in message.items() if k in ("text", "blocks")}
    if not shown:  # nothing to say (a bare delete_original)
        return None
    user, channel = data["user"], str(data.get("channel") or "")
    if channel.startswith(("C", "G")):
        try:
            answer = client.chat_postEphemeral(channel=channel, user=user, **shown)
            return answer.get("message_ts")
        except SlackApiError as error:
            if error.response.get("error") not in NOT_THERE:
                raise  # 429, 5xx, the token: the outbox tries again
    posted = client.chat_postMessage(channel=user, unfurl_links=False, **shown)
    return posted.get("ts")


UPLOAD_REFUSED = (
    "Slack wouldn't take the export file just now, so I couldn't send it. "
    "Please try `/case export` again in a minute."
)


def _upload(client: WebClient, user: str, file: dict[str, Any]) -> str | None:
    """The file into the user's DM; if Slack refuses the file, tell them there instead."""
    dm = client.conversations_open(users=user)["channel"]["id"]
    try:
        client.files_upload_v2(
            channel=dm,
            filename=file["filename"],
            content=file["content"],
            title=file["title"],
            initial_comment=file["initial_comment"],
        )
    except SlackApiError as error:
        if error.response.status_code == 429 or error.response.status_code >= 500:
            raise  # the outbox tries again later
        posted = client.chat_postMessage(channel=dm, text=f":warning: {UPLOAD_REFUSED}")
        return posted.get("ts")
    return None
