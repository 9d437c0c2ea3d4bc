"""Sandbox instructions for modals and shortcuts: :fill, :submit, :shortcut.

Fields are named by their label (case-insensitive; a unique prefix will do). What Slack's own
client checks (required fields, lengths, numbers, dates) is checked here, and such a form is
not sent, as Slack would not send it.
"""

from __future__ import annotations

import re
import shlex
from datetime import date, time
from typing import TYPE_CHECKING, Any

from sandbox.render import render
from sandbox.slack_state import Message
from sandbox.slack_views import answer_submission

if TYPE_CHECKING:
    from sandbox.shell import Shell

# The app's shortcuts as installed from manifest.yml (a test keeps the two the same).
SHORTCUTS = {
    "new task": ("global", "new_task"),
    "new deadline": ("global", "new_deadline"),
    "make a task": ("message", "make_task"),
}
REQUIRED = "Please complete this required field."


class FormError(Exception):
    """An instruction that cannot be carried out (no open modal, unknown field…)."""


def _label(block: dict) -> str:
    return str((block.get("label") or {}).get("text", ""))


def _opts(el: dict) -> list[dict]:
    return list(el.get("options") or [])


def _initial(el: dict) -> dict[str, Any] | None:
    kind = el.get("type")
    if kind in ("plain_text_input", "number_input"):
        return {"value": el["initial_value"]} if el.get("initial_value") else None
    pairs = {
        "static_select": ("initial_option", "selected_option"),
        "radio_buttons": ("initial_option", "selected_option"),
        "users_select": ("initial_user", "selected_user"),
        "multi_users_select": ("initial_users", "selected_users"),
        "datepicker": ("initial_date", "selected_date"),
        "timepicker": ("initial_time", "selected_time"),
        "checkboxes": ("initial_options", "selected_options"),
    }
    if kind in pairs and el.get(pairs[kind][0]):
        return {pairs[kind][1]: el[pairs[kind][0]]}
    return None


def _option(el: dict, typed: str) -> dict:
    wanted = typed.strip().lower()
    for option in _opts(el):
        if wanted in (str(option.get("value", "")).lower(), _option_text(option).lower()):
            return option
    found = [o for o in _opts(el) if _option_text(o).lower().startswith(wanted)]
    if len(found) == 1:
        return found[0]
    choices = ", ".join(_option_text(o) for o in _opts(el))
    raise FormError(f"{typed!r} is not one of: {choices}")


def _option_text(option: dict) -> str:
    return str((option.get("text") or {}).get("text", ""))


def _state(shell: Shell, el: dict, typed: str) -> dict[str, Any] | None:
    """The state Slack would send for typed text in this element; None when left empty."""
    kind = el.get("type")
    if not typed.strip():
        return None
    if kind == "plain_text_input":
        return {"value": typed}
    if kind == "number_input":
        if not re.fullmatch(
            r"-?\d+" if not el.get("is_decimal_allowed") else r"-?\d+(\.\d+)?", typed
        ):
            raise FormError(f"{typed!r} is not a whole number")
        return {"value": typed}
    if kind in ("static_select", "radio_buttons"):
        return {"selected_option": _option(el, typed)}
    if kind in ("users_select", "multi_users_select"):
        ids = []
        for name in re.split(r"[\s,]+", typed.strip()):
            user = shell.world.slack.user_by_name(name.lstrip("@")) if name else None
            if user is None:
                raise FormError(f"no user {name!r}")
            ids.append(user.id)
        if kind == "users_select":
            return {"selected_user": ids[0]}
        return {"selected_users": ids}
    if kind == "datepicker":
        try:
            return {"selected_date": date.fromisoformat(typed.strip()).isoformat()}
        except ValueError:
            raise FormError(f"pick a date as YYYY-MM-DD, not {typed!r}") from None
    if kind == "timepicker":
        try:
            return {"selected_time": time.fromisoformat(typed.strip()).strftime("%H:%M")}
        except ValueError:
            raise FormError(f"pick a time as HH:MM, not {typed!r}") from None
    if kind == "checkboxes":
        if typed.strip().lower() in ("no", "off", "none"):
            return None
        if typed.strip().lower() in ("yes", "on") and len(_opts(el)) == 1:
            return {"selected_options": _opts(el)}
        return {"selected_options": [_option(el, t) for t in typed.split(",")]}
    raise FormError(f"the sandbox cannot fill a {kind} field")


class Form:
    """One open modal as the user sees it: the view and what has been typed into it."""

    def __init__(self, message: Message) -> None:
        self.message = message
        self.view: dict = message.view or {}
        self.states: dict[str, dict[str, Any]] = {}
        for block in self.inputs():
            initial = _initial(block.get("element") or {})
            if initial is not None:
                self.states[block["block_id"]] = initial

    def inputs(self) -> list[dict]:
        """The view's input blocks."""
        return [b for b in self.view.get("blocks", []) if b.get("type") == "input"]

    def find(self, label: str) -> dict:
        """The input block with this label (exact, else a unique prefix)."""
        wanted = label.strip().lower()
        exact = [b for b in self.inputs() if _label(b).lower() == wanted]
        found = exact or [b for b in self.inputs() if _label(b).lower().startswith(wanted)]
        found = found or [b for b in self.inputs() if wanted in _label(b).lower()]
        if len(found) != 1:
            names = ", ".join(_label(b) for b in self.inputs())
            raise FormError(f"no single field {label!r} in this form (fields: {names})")
        return found[0]

    def values(self) -> dict[str, dict[str, Any]]:
        """state.values as Slack sends them."""
        out: dict[str, dict[str, Any]] = {}
        for block in self.inputs():
            el = block.get("element") or {}
            state = {"type": el.get("type")}
            state.update(self.states.get(block["block_id"]) or _empty(el))
            out[block["block_id"]] = {el.get("action_id", ""): state}
        return out

    def client_errors(self) -> dict[str, str]:
        """What Slack's client refuses before sending: required fields left empty, lengths."""
        errors = {}
        for block in self.inputs():
            el = block.get("element") or {}
            state = self.states.get(block["block_id"])
            if state is None and not block.get("optional"):
                errors[block["block_id"]] = REQUIRED
            value = (state or {}).get("value")
            if el.get("type") == "number_input" and value not in (None, ""):
                low, high = el.get("min_value"), el.get("max_value")
                if (low and float(value) < float(low)) or (high and float(value) > float(high)):
                    errors[block["block_id"]] = f"Enter a number from {low} to {high}."
            if isinstance(value, str) and len(value) > int(el.get("max_length") or 3000):
                errors[block["block_id"]] = (
                    f"Must be {el.get('max_length') or 3000} characters or fewer."
                )
        return errors

    def shown(self) -> dict:
        """The view with what was typed shown as its initial values (for printing)."""
        blocks = []
        for block in self.view.get("blocks", []):
            state = self.states.get(block.get("block_id", ""))
            if block.get("type") == "input" and state is not None:
                el = dict(block.get("element") or {})
                el.update(_as_initial(state))
                block = {**block, "element": el}
            blocks.append(block)
        return {**self.view, "blocks": blocks}


def _empty(el: dict) -> dict[str, Any]:
    kind = el.get("type")
    if kind in ("plain_text_input", "number_input"):
        return {"value": None}
    if kind in ("multi_users_select", "checkboxes"):
        return {"selected_users": []} if kind == "multi_users_select" else {"selected_options": []}
    key = {"users_select": "selected_user", "datepicker": "selected_date"}.get(kind or "")
    key = key or {"timepicker": "selected_time"}.get(kind or "", "selected_option")
    return {key: None}


def _as_initial(state: dict[str, Any]) -> dict[str, Any]:
    names = {
        "value": "initial_value",
        "selected_option": "initial_option",
        "selected_user": "initial_user",
        "selected_users": "initial_users",
        "selected_date": "initial_date",
        "selected_time": "initial_time",
        "selected_options": "initial_options",
    }
    return {names[k]: v for k, v in state.items() if k in names}


def pairs(text: str) -> list[tuple[str, str]]:
    """'Title="pull it" Due=Thu' -> [('Title', 'pull it'), ('Due', 'Thu')]."""
    found = []
    for word in shlex.split(text):
        label, sep, value = word.partition("=")
        if not sep:
            raise FormError(f"use LABEL=VALUE (quote values with spaces), not {word!r}")
        found.append((label, value))
    return found


def track(shell: Shell, messages: list[Message]) -> None:
    """Keep each user's stack of open modals current with the views Docket opened."""
    for message in messages:
        if message.kind != "modal" or not message.view or not message.user:
            continue
        stack = shell.forms.setdefault(message.user, [])
        view_id = message.view.get("id")
        at = next((i for i, f in enumerate(stack) if f.view.get("id") == view_id), None)
        if at is not None:
            kept = stack[at].states  # Slack keeps what was typed when a view is updated
            stack[at] = Form(message)
            ids = {b["block_id"] for b in stack[at].inputs()}
            stack[at].states.update({k: v for k, v in kept.items() if k in ids})
        elif message.view.get("root_view_id") in (None, view_id):
            stack[:] = [Form(message)]
        else:
            stack.append(Form(message))


def _open_form(shell: Shell, user_id: str) -> Form:
    stack = shell.forms.get(user_id) or []
    if not stack:
        raise FormError(f"@{shell._user_name(user_id)} has no open modal")
    return stack[-1]


def _set(shell: Shell, form: Form, text: str) -> list[dict]:
    """Fill fields; returns the input blocks with dispatch_action that were filled."""
    dispatched = []
    for label, value in pairs(text):
        block = form.find(label)
        state = _state(shell, block.get("element") or {}, value)
        if state is None:
            form.states.pop(block["block_id"], None)
        else:
            form.states[block["block_id"]] = state
        if block.get("dispatch_action") and state is not None:
            dispatched.append(block)
    return dispatched


def _print_form(shell: Shell, form: Form, errors: dict[str, str]) -> None:
    shown = Message("modal", form.message.channel, form.message.user, form.message.text, [], "0")
    shown.view = form.shown()
    shown.blocks = shown.view.get("blocks", [])
    lines = [render(shown, channel_name=shell._channel_name, user_name=shell._user_name)]
    for block in form.inputs():
        if block["block_id"] in errors:
            lines.append(f"! {_label(block)}: {errors[block['block_id']]}")
    shell._print("\n".join(lines) + "\n")


def fill(shell: Shell, text: str) -> None:
    """:fill LABEL=VALUE … — type into the open modal (Enter in a dispatching field sends it)."""
    user_id, _ = shell._acting()
    form = _open_form(shell, user_id)
    if shell.echo:
        shell._print(f"» @{shell._user_name(user_id)} fills [{form.message.text}]: {text}")
    for block in _set(shell, form, text):
        el = block.get("element") or {}
        action = {
            "type": el.get("type"),
            "action_id": el.get("action_id"),
            "block_id": block["block_id"],
        }
        action.update(form.states.get(block["block_id"]) or {})
        before = len(shell.world.slack.messages)
        assert shell.world.driver
        reply = shell.world.driver.view_action(
            user_id=user_id, view=form.view, action=action, values=form.values()
        )
        shell._check_reply(reply)
        shell._show(shell.world.slack.messages_since(before))


def submit(shell: Shell, text: str) -> None:
    """:submit [LABEL=VALUE …] — fill, then submit the open modal; print it and its errors."""
    user_id, _ = shell._acting()
    form = _open_form(shell, user_id)
    if shell.echo:
        said = f": {text}" if text else ""
        shell._print(f"» @{shell._user_name(user_id)} submits [{form.message.text}]{said}")
    if text:
        _set(shell, form, text)
    errors = form.client_errors()
    if errors:
        shell._print("(Slack did not send it)")
        _print_form(shell, form, errors)
        return
    before = len(shell.world.slack.messages)
    assert shell.world.driver
    reply = shell.world.driver.view_submission(
        user_id=user_id, view=form.view, values=form.values()
    )
    shell._check_reply(reply)
    answer = reply.json or {}
    stack = shell.forms.get(user_id) or []
    action = answer.get("response_action")
    if action == "errors":
        shell._show(shell.world.slack.messages_since(before))
        _print_form(shell, form, dict(answer.get("errors") or {}))
        return
    if action in ("update", "push"):
        answer_submission(shell.world.slack, user_id, form.view, answer)
    elif action == "clear":
        stack.clear()
        shell._print("(modal closed)\n")
    elif stack:
        stack.pop()
        shell._print("(modal closed)\n")
    shell._show(shell.world.slack.messages_since(before))


def newest_message(shell: Shell, user_id: str, channel_id: str) -> Message:
    """The newest message the user sees in the current channel (or thread)."""
    slack = shell.world.slack
    for message in reversed(slack.messages):
        if message.channel != channel_id or message.kind not in ("message", "file"):
            continue
        if shell.thread_ts and (message.thread_ts or message.ts) != shell.thread_ts:
            continue
        if slack.find_message(channel_id, message.ts) is None:
            continue
        return message
    raise FormError(f"no message in {shell._place(channel_id)} to run a shortcut on")


def shortcut(shell: Shell, name: str) -> None:
    """:shortcut NAME — a global shortcut, or a message shortcut on the newest message."""
    user_id, channel_id = shell._acting()
    kind, callback = SHORTCUTS.get(name.strip().lower(), (None, None))
    if callback is None:
        raise FormError(f"no shortcut {name!r} (shortcuts: {', '.join(SHORTCUTS)})")
    assert shell.world.driver
    message = None
    if kind == "message":
        target = newest_message(shell, user_id, channel_id)
        message = {"type": "message", "user": target.user, "text": target.text, "ts": target.ts}
        if target.thread_ts:
            message["thread_ts"] = target.thread_ts
    if shell.echo:
        on = f" on {shell._user_name(message['user'] or '')}'s message" if message else ""
        shell._print(f"» @{shell._user_name(user_id)} uses the shortcut [{name}]{on}")
    before = len(shell.world.slack.messages)
    reply = shell.world.driver.shortcut(
        user_id=user_id,
        callback_id=callback,
        channel_id=channel_id if message else None,
        message=message,
    )
    shell._check_reply(reply)
    shell._show(shell.world.slack.messages_since(before))


def displayed(shell: Shell, message: Message) -> Message:
    """A modal as its user sees it (with what they typed); other messages unchanged."""
    if message.kind != "modal" or not message.view or not message.user:
        return message
    for form in shell.forms.get(message.user) or []:
        if form.message is message:
            shown = Message("modal", message.channel, message.user, message.text, [], message.ts)
            shown.view = form.shown()
            shown.blocks = shown.view.get("blocks", [])
            return shown
    return message
