"""Sending a `reply` outbox row: a request's answer that Slack gets after the ack."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from bot.services.notice_types import Notice


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
    """Send one reply as its request asked: response_url, ephemeral, thread post or DM."""
    data = notice.payload
    message: dict[str, Any] = dict(data.get("message") or {})
    via = data.get("via")
    if via == "response_url":
        body = {**message, "replace_original": bool(data.get("replace_original"))}
        hook = WebhookClient(data["url"], timeout=10, retry_handlers=[])
        response = hook.send_dict(body)
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
