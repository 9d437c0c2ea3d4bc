"""Forms: New task (global shortcut, /task alone, Home button), the live due echo, Snooze."""

from __future__ import annotations

import json
import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import blocks
from bot.blocks import closed_day_form, task_answers, unopened
from bot.blocks import forms as form_blocks
from bot.db import Session, session_scope
from bot.handlers.common import Request, after_ack, clicked, open_view
from bot.services import due_moves, forms
from bot.services.errors import DomainError, FieldInvalid
from bot.services.replies import Via
from bot.vocab import TaskKind

log = logging.getLogger("docket.forms")


def user_cases(req: Request) -> list:
    """The open cases whose channels the requester is in."""
    channels = req.directory.member_channels(req.user)
    with session_scope(req.deps.engine) as session:
        return forms.cases_of(session, channels=channels)


def open_form(
    client: WebClient,
    context: BoltContext,
    body: dict[str, Any],
    *,
    user: str,
    channel: str | None,
    kind: str = "task",
    prefill: form_blocks.Prefill | None = None,
) -> None:
    """Open New task or New deadline for the user (a notice when they are in no case).

    `body`: the request's (its trigger_id; its response_url, if any, for the answer when Slack
    won't open the form: then the person is told privately, see `open_view`).
    """
    req = Request(context, user=user, channel=channel or "", key=None)
    cases = user_cases(req)
    instead = unopened.not_opened(kind)
    if not cases:
        notice = (
            "You're not in any case channel yet. Open one with `/case new NAME MATTER-NO` in "
            "the case's channel, or ask its lead to invite you."
        )
        view, instead = form_blocks.notice_modal(notice), blocks.ephemeral(notice)
    elif kind == "deadline":
        view = form_blocks.new_deadline_modal(cases, case=channel, user=user)
    else:
        view = form_blocks.new_task_modal(
            cases, case=channel, user=user, prefill=prefill or form_blocks.Prefill()
        )
    open_view(req, body, client, view, what=f"{kind} form", instead=instead)


def open_after_ack(
    client: WebClient,
    context: BoltContext,
    body: dict[str, Any],
    *,
    user: str,
    channel: str | None,
    kind: str = "task",
) -> None:
    """open_form right after the ack (views.open needs the trigger_id within 3 seconds)."""
    after_ack(
        context,
        lambda: open_form(client, context, body, user=user, channel=channel, kind=kind),
    )


def on_shortcut(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    """The global shortcuts New task and New deadline."""
    ack()
    kind = "deadline" if body.get("callback_id") == blocks.NEW_DEADLINE_SHORTCUT else "task"
    user = body["user"]["id"]
    open_after_ack(client, context, body, user=user, channel=None, kind=kind)


def on_form_button(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    """New task / New deadline buttons (App Home)."""
    ack()
    action = body["actions"][0]
    kind = "deadline" if action["action_id"] == blocks.NEW_DEADLINE_BUTTON else "task"
    user = body["user"]["id"]
    open_after_ack(client, context, body, user=user, channel=None, kind=kind)


def on_due_typed(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    """Enter pressed in the due field: show how the date reads, under the field."""
    ack()
    view = body["view"]
    values = form_blocks.read_state(view["state"]["values"])
    channel = values.get(blocks.CASE_FIELD)
    req = Request(context, user=body["user"]["id"], channel=channel or "", key=None)
    with session_scope(req.deps.engine) as session:
        said = forms.due_echo(
            session,
            channel_id=channel,
            text=values.get(blocks.DUE_FIELD) or "",
            reading=req.reading,
            kind=TaskKind(values.get(blocks.KIND_FIELD) or TaskKind.TASK),
        )
    shown = form_blocks.with_due_echo(view, said)
    after_ack(context, lambda: _update(client, view, shown))


def _update(client: WebClient, view: dict[str, Any], shown: dict[str, Any]) -> None:
    """Redraw the open modal (a stale hash means the user changed it meanwhile: theirs wins)."""
    try:
        client.views_update(view_id=view["id"], hash=view.get("hash"), view=shown)
    except SlackApiError as error:
        log.info("due echo not shown: %s", error.response.get("error"))


def tell(
    req: Request, channel: str, message: blocks.Message, *, session: Session | None = None
) -> None:
    """Tell the user privately in the case channel (after the form closed, from the outbox)."""
    req.reply(message, via=Via.EPHEMERAL, channel=channel, session=session)


def on_new_task(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    """Save a New task form, or show each problem beside its field; nothing saved until valid.

    A court deadline due on a closed day: the form comes back asking keep or next court day.
    """
    view = body["view"]
    values = form_blocks.read_state(view["state"]["values"])
    channel = values.get(blocks.CASE_FIELD) or ""
    meta = json.loads(view.get("private_metadata") or "{}")
    req = Request(context, user=body["user"]["id"], channel=channel, key=view.get("id"))
    typed = values.get(blocks.DUE_FIELD) or ""
    picked = forms.picked_text(values.get(blocks.DUE_DATE_FIELD), values.get(blocks.DUE_TIME_FIELD))
    try:
        if typed.strip() and picked:
            raise FieldInvalid("due", "Type a date or pick one, not both.")
        if not channel:
            raise FieldInvalid("case", "Choose the case.")
        members = req.directory.members(
            channel, needed={req.user, *(values.get(blocks.ASSIGNEES_FIELD) or [])}
        )
        with session_scope(req.deps.engine) as session:
            added = forms.add_task(
                session,
                channel_id=channel,
                actor_id=req.user,
                title=values.get(blocks.TITLE_FIELD) or "",
                assignees=values.get(blocks.ASSIGNEES_FIELD) or [],
                members=members,
                reading=req.reading,
                kind=TaskKind(values.get(blocks.KIND_FIELD) or TaskKind.TASK),
                due_text=typed or picked,
                notes=values.get(blocks.NOTES_FIELD) or None,
                source_url=meta.get("source"),
                request_key=req.key,
                choice=values.get(blocks.CLOSED_DAY_FIELD),
            )
            if not added.replayed:  # the echo commits with the task: one transaction
                echo = task_answers.task_added(added.case, added.tasks, added.when, tz=req.tz)
                tell(req, channel, echo, session=session)
    except forms.ClosedDay as ask:  # a deadline on a closed day: the form asks which day
        asking = closed_day_form.answer(
            view, str(ask), ask.choices, stamp=ask.stamp, shown=ask.shown
        )
        ack(**asking)
        return
    except FieldInvalid as error:
        ack(
            response_action="errors",
            errors=form_blocks.errors_for(error.field, req.named(str(error))),
        )
        return
    except DomainError as error:
        ack(response_action="errors", errors=form_blocks.errors_for("case", req.named(str(error))))
        return
    ack()


def on_snooze_button(
    ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient
) -> None:
    """Open the Snooze form for a task (right after the ack)."""
    ack()
    action = body["actions"][0]
    title = (body.get("message") or {}).get("text") or "When should I remind you again?"
    view = form_blocks.snooze_modal(action["value"], title=title)
    instead = unopened.snooze_not_opened(action["value"])
    after_ack(
        context,
        lambda: open_view(
            clicked(context, body), body, client, view, what="snooze form", instead=instead
        ),
    )


def on_snooze(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
    """Move the reminder to the typed moment; problems show beside the field."""
    view = body["view"]
    channel, _, number = view["private_metadata"].rpartition(":")
    text = form_blocks.read_state(view["state"]["values"]).get(blocks.SNOOZE_FIELD) or ""
    req = Request(context, user=body["user"]["id"], channel=channel, key=view.get("id"))
    try:
        req.require_member()
        with session_scope(req.deps.engine) as session:
            due_moves.snooze(
                session,
                channel_id=channel,
                number=int(number),
                actor_id=req.user,
                text=text,
                reading=req.reading,
                request_key=req.key,
            )
    except DomainError as error:
        ack(
            response_action="errors", errors=form_blocks.errors_for("snooze", req.named(str(error)))
        )
        return
    ack()


def register(app: App) -> None:
    """Attach the shortcuts, form buttons and form submissions."""
    app.shortcut(blocks.NEW_TASK_SHORTCUT)(on_shortcut)
    app.shortcut(blocks.NEW_DEADLINE_SHORTCUT)(on_shortcut)
    app.action(blocks.NEW_TASK_BUTTON)(on_form_button)
    app.action(blocks.NEW_DEADLINE_BUTTON)(on_form_button)
    app.action(blocks.DUE_FIELD)(on_due_typed)
    app.action(blocks.SNOOZE_OPEN_ACTION)(on_snooze_button)
    app.view(blocks.NEW_TASK_VIEW)(on_new_task)
    app.view(blocks.SNOOZE_VIEW)(on_snooze)
