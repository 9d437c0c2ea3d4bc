"""The New deadline form: a court rule counted from a trigger date, checked, then saved."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from slack_bolt import Ack, App, BoltContext

from bot import blocks
from bot.blocks import forms as form_blocks
from bot.blocks import task_answers
from bot.db import session_scope
from bot.handlers.common import Request
from bot.handlers.forms import tell
from bot.services import forms, tasks
from bot.services.errors import DomainError, FieldInvalid
from bot.vocab import TaskKind


def _rule(values: dict[str, Any]) -> forms.Rule:
    count = str(values.get(blocks.COUNT_FIELD) or "").strip()
    trigger = values.get(blocks.TRIGGER_FIELD)
    return forms.Rule(
        count=int(count) if count.isdigit() else None,
        unit=values.get(blocks.UNIT_FIELD) or "calendar",
        direction=values.get(blocks.DIRECTION_FIELD) or "after",
        trigger=date.fromisoformat(trigger) if trigger else None,
        event=values.get(blocks.EVENT_FIELD) or "service",
        mail="mail" in (values.get(blocks.MAIL_FIELD) or []),
    )


def on_new_deadline(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
    """Count the rule and show the date and worksheet on a second screen (nothing saved yet)."""
    view = body["view"]
    values = form_blocks.read_state(view["state"]["values"])
    channel = values.get(blocks.CASE_FIELD) or ""
    req = Request(context, user=body["user"]["id"], channel=channel, key=None)
    title = (values.get(blocks.TITLE_FIELD) or "").strip()
    assignee = values.get(blocks.ASSIGNEE_FIELD) or req.user
    try:
        if not title:
            raise FieldInvalid("title", "Name the deadline, e.g. “Answer to the complaint”.")
        if not channel:
            raise FieldInvalid("case", "Choose the case.")
        phrase = forms.rule_text(_rule(values))
        with session_scope(req.deps.engine) as session:
            when = forms.read_due(
                session, channel_id=channel, text=phrase, reading=req.reading, field="trigger"
            )
            case = tasks.open_case(session, channel_id=channel)
    except FieldInvalid as error:
        ack(
            response_action="errors",
            errors=form_blocks.errors_for(error.field, req.named(str(error))),
        )
        return
    except DomainError as error:
        ack(response_action="errors", errors=form_blocks.errors_for("case", req.named(str(error))))
        return
    assert when is not None
    meta = {"channel": channel, "title": title, "assignee": assignee, "rule": phrase}
    check = form_blocks.deadline_check(case, title, when, tz=req.tz, meta=meta)
    ack(response_action="push", view=check)


def on_confirm(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
    """Save the checked deadline (counted again now, so the saved date is today's reading)."""
    view = body["view"]
    meta = json.loads(view.get("private_metadata") or "{}")
    channel = meta.get("channel", "")
    req = Request(context, user=body["user"]["id"], channel=channel, key=view.get("id"))
    try:
        members = req.directory.members(channel, needed={req.user})
        with session_scope(req.deps.engine) as session:
            added = forms.add_task(
                session,
                channel_id=channel,
                actor_id=req.user,
                title=meta.get("title", ""),
                assignees=[meta.get("assignee") or req.user],
                members=members,
                reading=req.reading,
                kind=TaskKind.DEADLINE,
                due_text=meta.get("rule"),
                request_key=req.key,
            )
            if not added.replayed:  # the echo commits with the deadline: one transaction
                echo = task_answers.task_added(added.case, added.tasks, added.when, tz=req.tz)
                tell(req, channel, echo, session=session)
    except DomainError as error:
        ack(
            response_action="update",
            view=form_blocks.notice_modal(f":warning: Nothing was saved. {error}"),
        )
        return
    ack(response_action="clear")


def register(app: App) -> None:
    """Attach the New deadline form and its check screen."""
    app.view(blocks.NEW_DEADLINE_VIEW)(on_new_deadline)
    app.view(blocks.DEADLINE_CONFIRM_VIEW)(on_confirm)
