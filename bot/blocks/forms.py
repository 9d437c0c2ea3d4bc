"""The forms (modals): New task, New deadline and its check, Snooze; and reading them back."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from bot.blocks import ids
from bot.blocks.common import context, escape, section, shown
from bot.blocks.task import VERIFY, clip, permalink
from bot.dates.readings import When, echo
from bot.models import Case

FIELD_BLOCKS = {
    "title": ids.TITLE_FIELD,
    "case": ids.CASE_FIELD,
    "assignees": ids.ASSIGNEES_FIELD,
    "assignee": ids.ASSIGNEE_FIELD,
    "due": ids.DUE_FIELD,
    "notes": ids.NOTES_FIELD,
    "count": ids.COUNT_FIELD,
    "trigger": ids.TRIGGER_FIELD,
    "snooze": ids.SNOOZE_FIELD,
}
DUE_HINT = "Type a date and press Enter to check it, e.g. “Thu noon” or “eod tomorrow”."
KINDS = (("task", "Task"), ("deadline", "Court deadline"))


@dataclass(frozen=True)
class Prefill:
    """What a form starts with (from a message, or the channel it was opened in)."""

    title: str = ""
    assignees: tuple[str, ...] = ()
    due_text: str = ""
    due_echo: str = ""
    kind: str = "task"
    source_url: str = ""
    notes: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def plain(text: str, limit: int) -> str:
    """Text for a plain_text field or input value, cut to `limit` characters (never escaped)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _text(value: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": value, "emoji": True}


def _option(label: str, value: str) -> dict[str, Any]:
    return {"text": _text(plain(label, 75)), "value": value}


def _input(block_id: str, label: str, element: dict[str, Any], **kw: Any) -> dict[str, Any]:
    block = {"type": "input", "block_id": block_id, "label": _text(label), "element": element}
    block["element"] = {**element, "action_id": block_id}
    return {**block, **kw}


def _modal(callback: str, title: str, submit: str, blocks: list, meta: str = "") -> dict:
    return {
        "type": "modal",
        "callback_id": callback,
        "title": _text(title),
        "submit": _text(submit),
        "close": _text("Cancel"),
        "private_metadata": meta,
        "blocks": blocks,
    }


def case_label(case: Case) -> str:
    """'Smith v. Jones (2026-CV-0142)'."""
    return f"{case.name} ({case.matter_number})" if case.matter_number else case.name


def _case_field(cases: list[Case], initial: str | None) -> dict[str, Any]:
    options = [_option(case_label(c), c.channel_id) for c in cases[:100]]
    element: dict[str, Any] = {"type": "static_select", "options": options}
    chosen = next((o for o in options if o["value"] == initial), None)
    if chosen is not None:
        element["initial_option"] = chosen
    element["placeholder"] = _text("Choose one of your cases")
    return _input(ids.CASE_FIELD, "Case", element)


def due_echo(text: str) -> dict[str, Any]:
    """The line under the due field saying how the typed date was read."""
    return {**context(text), "block_id": ids.DUE_ECHO_BLOCK}


def new_task_modal(cases: list[Case], *, case: str | None, user: str, prefill: Prefill) -> dict:
    """New task: title, case (the user's only), assignees, due (typed or picked), kind, notes."""
    title: dict[str, Any] = {"type": "plain_text_input", "max_length": 3000}
    if prefill.title:
        title["initial_value"] = plain(prefill.title, 3000)
    people = list(prefill.assignees) or [user]
    due: dict[str, Any] = {"type": "plain_text_input", "placeholder": _text("e.g. Thu noon")}
    if prefill.due_text:
        due["initial_value"] = prefill.due_text[:150]
    kinds = [_option(label, value) for value, label in KINDS]
    notes: dict[str, Any] = {"type": "plain_text_input", "multiline": True, "max_length": 3000}
    if prefill.notes:
        notes["initial_value"] = plain(prefill.notes, 3000)
    blocks = [
        _input(ids.TITLE_FIELD, "Title", title),
        _case_field(cases, case),
        _input(
            ids.ASSIGNEES_FIELD,
            "Assignees",
            {
                "type": "multi_users_select",
                "initial_users": people,
                "max_selected_items": 10,
            },
        ),
        _input(ids.DUE_FIELD, "Due", due, optional=True, dispatch_action=True),
        due_echo(prefill.due_echo or DUE_HINT),
        _input(ids.DUE_DATE_FIELD, "Or pick a date", {"type": "datepicker"}, optional=True),
        _input(ids.DUE_TIME_FIELD, "and a time", {"type": "timepicker"}, optional=True),
        _input(
            ids.KIND_FIELD,
            "Kind",
            {
                "type": "radio_buttons",
                "options": kinds,
                "initial_option": kinds[1] if prefill.kind == "deadline" else kinds[0],
            },
        ),
        _input(ids.NOTES_FIELD, "Notes", notes, optional=True),
    ]
    if prefill.source_url:
        blocks.append(context(f"From {permalink(prefill.source_url, 'this message')}"))
    meta = json.dumps({"source": prefill.source_url}) if prefill.source_url else ""
    return _modal(ids.NEW_TASK_VIEW, "New task", "Add task", blocks, meta)


def new_deadline_modal(cases: list[Case], *, case: str | None, user: str) -> dict:
    """New deadline: a rule counted from a trigger date; the next step shows the result."""
    units = [_option("calendar days", "calendar"), _option("court days", "court")]
    ways = [_option("after", "after"), _option("before", "before")]
    blocks = [
        _input(
            ids.TITLE_FIELD,
            "Title",
            {
                "type": "plain_text_input",
                "max_length": 3000,
                "placeholder": _text("e.g. Answer to the complaint"),
            },
        ),
        _case_field(cases, case),
        _input(ids.ASSIGNEE_FIELD, "Assignee", {"type": "users_select", "initial_user": user}),
        _input(
            ids.COUNT_FIELD,
            "Number of days",
            {
                "type": "number_input",
                "is_decimal_allowed": False,
                "min_value": "1",
                "max_value": "999",
            },
        ),
        _input(
            ids.UNIT_FIELD,
            "Counted in",
            {
                "type": "static_select",
                "options": units,
                "initial_option": units[0],
            },
        ),
        _input(
            ids.DIRECTION_FIELD,
            "Before or after",
            {
                "type": "radio_buttons",
                "options": ways,
                "initial_option": ways[0],
            },
        ),
        _input(
            ids.EVENT_FIELD,
            "Trigger event",
            {
                "type": "plain_text_input",
                "max_length": 60,
                "initial_value": "service",
            },
        ),
        _input(ids.TRIGGER_FIELD, "Trigger date", {"type": "datepicker"}),
        _input(
            ids.MAIL_FIELD,
            "Service",
            {
                "type": "checkboxes",
                "options": [_option("Served by mail (adds the rule's extra days)", "mail")],
            },
            optional=True,
        ),
        context("Next you'll see the computed date and how it was counted, before it's saved."),
    ]
    return _modal(ids.NEW_DEADLINE_VIEW, "New deadline", "Compute", blocks)


def deadline_check(case: Case, title: str, when: When, *, tz: str, meta: dict) -> dict:
    """The computed deadline with its worksheet, saved only when confirmed."""
    due = echo(when.due, tz=tz, all_day=when.all_day)
    lines = "\n".join(f"• {escape(step)}" for step in when.worksheet) or "• (no steps)"
    blocks = [
        section(f"*{clip(title)}* in *{shown(case.name, 300)}*\nDue *{due}*"),
        section(f"*Worksheet*\n{lines}"[:2990]),
        context(VERIFY),
    ]
    return _modal(ids.DEADLINE_CONFIRM_VIEW, "Check deadline", "Save", blocks, json.dumps(meta))


def snooze_modal(ref: str, *, title: str) -> dict:
    """Move a task's reminder (not its due date) to a typed moment."""
    blocks = [
        section(clip(title, 2900)),
        _input(
            ids.SNOOZE_FIELD,
            "Remind me again",
            {
                "type": "plain_text_input",
                "initial_value": "tomorrow 9am",
            },
        ),
        context("Only the reminder moves; the due date stays."),
    ]
    return _modal(ids.SNOOZE_VIEW, "Snooze reminder", "Snooze", blocks, ref)


def notice_modal(text: str) -> dict:
    """A modal that only tells something (e.g. you are in no case yet)."""
    return {
        "type": "modal",
        "callback_id": ids.NOTICE_VIEW,
        "title": _text("Docket"),
        "close": _text("OK"),
        "blocks": [section(text)],
    }


def with_due_echo(view: dict, text: str) -> dict:
    """The same form with the line under the due field replaced (for views.update)."""
    keep = ("type", "callback_id", "title", "submit", "close", "private_metadata")
    blocks = [
        due_echo(text) if b.get("block_id") == ids.DUE_ECHO_BLOCK else b for b in view["blocks"]
    ]
    return {**{k: view[k] for k in keep if k in view}, "blocks": blocks}


def read_state(values: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """A submitted form's values by field id: text, option value, user(s), date, time, bools."""
    found: dict[str, Any] = {}
    for actions in values.values():
        for action_id, state in actions.items():
            kind = state.get("type")
            if kind in ("plain_text_input", "number_input"):
                found[action_id] = state.get("value") or ""
            elif kind in ("static_select", "radio_buttons"):
                found[action_id] = (state.get("selected_option") or {}).get("value")
            elif kind == "users_select":
                found[action_id] = state.get("selected_user")
            elif kind == "multi_users_select":
                found[action_id] = list(state.get("selected_users") or [])
            elif kind == "datepicker":
                found[action_id] = state.get("selected_date")
            elif kind == "timepicker":
                found[action_id] = state.get("selected_time")
            elif kind == "checkboxes":
                found[action_id] = [o.get("value") for o in state.get("selected_options") or []]
    return found


def errors_for(field_name: str, message: str) -> dict[str, str]:
    """Slack's response_action errors for one field (messages are cut to what Slack shows)."""
    return {FIELD_BLOCKS.get(field_name, ids.TITLE_FIELD): plain(message, 150)}
