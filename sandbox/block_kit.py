"""Block Kit as Slack checks it: slack_sdk.models' validators plus the rules they lack.

Every refusal is a SlackError with Slack's code (invalid_blocks, invalid_arguments, no_text,
msg_too_long) and a `response_metadata.messages` line ending in a json-pointer, as Slack answers.
"""

from __future__ import annotations

import json
import warnings
from typing import Any

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from sandbox.slack_errors import SlackError

MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100
TEXT_ADVISED = 4000  # chat.postMessage: "keep text under 4,000 characters"
TEXT_TRUNCATED = 40000  # past this Slack truncates; the stand-in refuses either way
FIELD_MAX = 2000
OPTION_TEXT_MAX = 75
ID_MAX = 255
MODAL_TEXT_MAX = 24
METADATA_MAX = 3000


def parse_json_arg(value: Any, error: str) -> Any:
    """A JSON argument given either decoded (JSON body) or as a string (form body)."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            raise SlackError(error, f"could not parse JSON: {value[:80]}") from None
    return value


def _elements(block: dict) -> list[tuple[str, dict]]:
    """The interactive elements of a block with their json-pointer suffix."""
    found: list[tuple[str, dict]] = []
    if block.get("type") == "actions":
        found += [(f"/elements/{i}", e) for i, e in enumerate(block.get("elements") or [])]
    for key in ("accessory", "element"):
        if isinstance(block.get(key), dict):
            found.append((f"/{key}", block[key]))
    return [(where, el) for where, el in found if isinstance(el, dict)]


def _options(element: dict) -> list[dict]:
    options = list(element.get("options") or [])
    for group in element.get("option_groups") or []:
        options += list(group.get("options") or [])
    for key in ("initial_option",):
        if isinstance(element.get(key), dict):
            options.append(element[key])
    return [o for o in options if isinstance(o, dict)]


def _text_len(obj: Any) -> int:
    return len(str(obj.get("text", ""))) if isinstance(obj, dict) else len(str(obj or ""))


def _own_rules(block: dict, where: str) -> str | None:
    """The rules slack_sdk does not check; the first broken one as Slack words it."""
    for i, field in enumerate(block.get("fields") or []):
        if _text_len(field) > FIELD_MAX:
            return f"must be less than {FIELD_MAX + 1} characters {where}/fields/{i}/text"
    if block.get("type") == "context":
        for i, el in enumerate(block.get("elements") or []):
            if isinstance(el, dict) and el.get("type") in ("mrkdwn", "plain_text"):
                if _text_len(el) > 3000:
                    return f"must be less than 3001 characters {where}/elements/{i}/text"
    seen: set[str] = set()
    for suffix, el in _elements(block):
        action_id = el.get("action_id")
        if action_id is not None:
            if action_id in seen:
                return f"action_id must be unique within a block {where}{suffix}/action_id"
            seen.add(str(action_id))
        for j, option in enumerate(_options(el)):
            if _text_len(option.get("text")) > OPTION_TEXT_MAX:
                return (
                    f"must be less than {OPTION_TEXT_MAX + 1} characters "
                    f"{where}{suffix}/options/{j}/text"
                )
    return None


def check_blocks(
    blocks: Any,
    *,
    limit: int = MESSAGE_BLOCKS,
    error: str = "invalid_blocks",
    base: str = "/blocks",
) -> list:
    """Validate a blocks argument as Slack does (pointers under `base`); returns the list."""
    blocks = parse_json_arg(blocks, error)
    if not isinstance(blocks, list) or not all(
        isinstance(b, dict) and isinstance(b.get("type"), str) for b in blocks
    ):
        raise SlackError(error, f"blocks must be a list of typed objects [json-pointer:{base}]")
    if len(blocks) > limit:
        raise SlackError(error, f"no more than {limit} items allowed [json-pointer:{base}]")
    seen: set[str] = set()
    for i, block in enumerate(blocks):
        where = f"[json-pointer:{base}/{i}"
        block_id = block.get("block_id")
        if block_id is not None:
            if block_id in seen:
                raise SlackError(error, f"duplicate block_id {where}/block_id]")
            seen.add(block_id)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            parsed = Block.parse(block)
        if parsed is None:
            raise SlackError(error, f"unsupported type: {block['type']} {where}/type]")
        try:
            parsed.to_dict()  # validates the block and every element and text object in it
        except (SlackObjectFormationError, TypeError, AttributeError, KeyError) as exc:
            raise SlackError(error, f"{exc} {where}]") from None
        broken = _own_rules(block, where)
        if broken:
            raise SlackError(error, broken + "]")
    return blocks


def check_message(body: dict[str, Any], *, error: str = "invalid_blocks") -> tuple[str, list]:
    """A message's text and blocks as chat.postMessage/update and response_url check them."""
    text = str(body.get("text") or "")
    raw = body.get("blocks")
    blocks = check_blocks(raw, error=error) if raw not in (None, "", []) else []
    if not text and not blocks and not body.get("attachments"):
        raise SlackError("no_text")
    if blocks and not text.strip():
        raise SlackError(
            "no_text",
            "a message with blocks needs a top-level text (the notification) [json-pointer:/text]",
        )
    if len(text) > TEXT_ADVISED:
        raise SlackError(
            "msg_too_long",
            f"text is {len(text)} characters; keep it under {TEXT_ADVISED} "
            f"(Slack truncates past {TEXT_TRUNCATED}) [json-pointer:/text]",
        )
    return text, blocks


def check_view(view: Any, *, home: bool = False) -> dict:
    """Validate a view argument (modal or home) the way views.* do."""
    view = parse_json_arg(view, "invalid_arguments")
    if not isinstance(view, dict) or "type" not in view:
        raise SlackError(
            "invalid_arguments", "view must be an object with a type [json-pointer:/view]"
        )
    want = "home" if home else "modal"
    if view["type"] != want:
        raise SlackError("invalid_arguments", f"view type must be {want} [json-pointer:/view/type]")
    if not home and not 0 < _text_len(view.get("title")) <= MODAL_TEXT_MAX:
        raise SlackError(
            "invalid_arguments", "title must be 1 to 24 characters [json-pointer:/view/title/text]"
        )
    for key in ("submit", "close"):
        if key in view and _text_len(view[key]) > MODAL_TEXT_MAX:
            raise SlackError(
                "invalid_arguments",
                f"must be less than 25 characters [json-pointer:/view/{key}/text]",
            )
    if len(str(view.get("private_metadata") or "")) > METADATA_MAX:
        raise SlackError(
            "invalid_arguments",
            "must be less than 3001 characters [json-pointer:/view/private_metadata]",
        )
    for key in ("callback_id", "external_id"):
        if len(str(view.get(key) or "")) > ID_MAX:
            raise SlackError(
                "invalid_arguments", f"must be less than 256 characters [json-pointer:/view/{key}]"
            )
    blocks = check_blocks(
        view.get("blocks", []), limit=VIEW_BLOCKS, error="invalid_arguments", base="/view/blocks"
    )
    try:
        View(**{**view, "blocks": blocks}).to_dict()
    except (SlackObjectFormationError, TypeError) as exc:
        raise SlackError("invalid_arguments", f"{exc} [json-pointer:/view]") from None
    return view
