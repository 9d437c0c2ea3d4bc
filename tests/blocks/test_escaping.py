"""User text never pings, links or breaks a message: every builder, blocks and notification text."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.blocks import case as case_blocks
from bot.blocks import conversation, delegation, task_answers, tasklist
from bot.blocks import digest as digest_blocks
from bot.blocks import forms as form_blocks
from bot.blocks.common import clip_mrkdwn, defuse, ephemeral, shown
from bot.blocks.home import desk
from bot.blocks.notice import BUILDERS, render
from bot.dates.readings import When
from bot.models import AuditEvent, Case, Outbox, Task
from bot.services.case_settings import CaseChange
from bot.services.cases import CaseSummary
from bot.services.desk import CaseLine, Desk
from bot.services.digests import Digest
from bot.services.export import CaseHistory, Export, entry
from bot.services.listing import Listing
from bot.services.notice_types import Notice
from bot.vocab import AuditAction, OutboxKind, TaskKind
from sandbox.slack_objects import check_message, check_view
from tests.factories import case_row, task_row

NOW = datetime(2026, 12, 1, 14, 0, tzinfo=UTC)
HOSTILE = [
    "<!channel> ping everyone",
    "<!here> look",
    "<@UOTHER> you",
    "<!subteam^S123> team",
    "<https://evil.example/login|Court order (PDF)>",
    "<!everyone> & <#C0SECRET>",
]
FORBIDDEN = (
    "<!channel",
    "<!here",
    "<!everyone",
    "<@UOTHER",
    "<!subteam",
    "<https://",
    "<#C0SECRET",
)


def _case(name: str) -> Case:
    return case_row(name, matter_number=name[:20], lead_id="ULEAD")


def _task(title: str, **extra: Any) -> Task:
    fields: dict[str, Any] = {"kind": TaskKind.DEADLINE, "created_by": "U1", "card_ts": "1.000001"}
    fields.update(extra)
    return task_row(3, id=3, title=title, due_at=NOW + timedelta(days=2), **fields)


def _event(action: str, before: dict, after: dict) -> AuditEvent:
    return AuditEvent(
        id=1,
        case_id=7,
        task_id=3,
        actor_id="U1",
        action=AuditAction(action),
        at=NOW,
        before=json.dumps(before),
        after=json.dumps(after),
    )


def _notice(kind: str, case: Case, task: Task, text: str) -> Notice:
    row = Outbox(
        id=1,
        key="k",
        kind=OutboxKind(kind),
        team_id="T1",
        recipient="UBOB",
        due_at=NOW,
        case_id=7,
        task_id=3,
    )
    digest = Digest(text, "America/New_York", NOW, overdue=[task], done=[task], cases={7: case})
    payload = {"actor": "U1", "new": "UNEW", "reason": "x", "recipient": "C1", "kind": "alert"}
    return Notice(
        row=row, case=case, task=task, payload=payload, content=digest, now=NOW, late=True
    )


def every_message(text: str) -> list[tuple[str, dict]]:
    """Each builder's output with `text` as every title, case name and typed word."""
    case, task = _case(text), _task(text)
    when = When(due=NOW, all_day=False, echo="Fri Dec 4, 5:00 PM EST", worksheet=(text,))
    listing = Listing(title=f"Open tasks in {text}", groups={"Overdue": [task]}, cases={7: case})
    summary = CaseSummary(case=case, open_tasks=1, overdue=0, next_due=task)
    events = [
        _event("case.rename", {"name": "old"}, {"name": text}),
        _event("task.create", {}, {"title": text, "assignee_id": "UBOB"}),
        _event("case.matter", {"matter_number": "1"}, {"matter_number": text}),
    ]
    export = Export(case, f"{text}.csv", text, "", 1, 1, "America/New_York")
    found: list[tuple[str, dict]] = [
        (kind, render(_notice(kind, case, task, text), tz="America/Chicago"))
        for kind in BUILDERS
        if kind != OutboxKind.REPLY  # sent as its request rendered it: the builders below
    ]
    found += [
        ("task_added", task_answers.task_added(case, [task], when, tz="UTC")),
        ("changed", task_answers.changed(case, task, "Moved #3.", tz="UTC")),
        ("dm_after_click", delegation.dm_after_click(case, task, "Done.", tz="UTC")),
        ("question", task_answers.question(text, (when, when), resubmit={"title": text})),
        ("listing", tasklist.listing(listing, tz="UTC")),
        ("empty listing", tasklist.listing(Listing(title=text), tz="UTC")),
        ("detail", tasklist.detail(case, task, events, tz="UTC")),
        ("case_created", case_blocks.case_created(case)),
        ("case_summary", case_blocks.case_summary(summary, tz="UTC")),
        ("case_changed", case_blocks.case_changed(CaseChange(case, events[0]), tz="UTC")),
        (
            "case_history",
            case_blocks.case_history(CaseHistory(case, [entry(e) for e in events]), tz="UTC"),
        ),
        ("case_list", case_blocks.case_list([summary], tz="UTC")),
        ("export_sent", case_blocks.export_sent(export)),
        ("preview", digest_blocks.preview(Digest(text, "UTC", NOW, today=[task], cases={7: case}))),
        ("mention_added", conversation.mention_added(case, [task], when, tz="UTC")),
        ("mention_list", conversation.mention_list(listing, tz="UTC")),
        ("mention_help", conversation.mention_help(f"I couldn't read “{shown(text, 40)}”.")),
        ("ephemeral", ephemeral(f"I couldn't read “{shown(text, 40)}” as a date.")),
    ]
    return found


def _texts(obj: Any) -> list[str]:
    """Every string Slack shows: values under "text" keys (top level and inside blocks)."""
    if isinstance(obj, dict):
        found = []
        for key, value in obj.items():
            if key == "text" and isinstance(value, str):
                found.append(value)
            else:
                found += _texts(value)
        return found
    if isinstance(obj, list):
        return [text for item in obj for text in _texts(item)]
    return []


@pytest.mark.parametrize("hostile", HOSTILE)
def test_no_builder_lets_user_text_ping_or_link(hostile):
    for name, message in every_message(hostile):
        texts = _texts(message)
        assert message.get("text"), f"{name} has no notification text"
        for text in texts:
            assert not any(bad in text for bad in FORBIDDEN), (name, text)
        if name not in ("accept_note",):  # the only message that carries no user text
            assert any("&lt;" in t for t in texts), f"{name} does not show the user text at all"


def test_every_builder_passes_the_stand_ins_block_kit_checks():
    for text in (*HOSTILE, "&" * 3000, "x" * 5000):
        for _name, message in every_message(text):
            check_message(message)  # raises SlackError with Slack's code
        check_view(delegation.reassign_modal("C1:3", title=text))
        listing = Listing(title=text, groups={"Overdue": [_task(text)]}, cases={7: _case(text)})
        lines = [CaseLine(case=_case(text), next_deadline=_task(text))]
        check_view(desk(Desk(tasks=listing, cases=lines, digest=None), tz="UTC"), home=True)
        prefill = form_blocks.Prefill(title=text, due_text=text, notes=text)
        check_view(form_blocks.new_task_modal([_case(text)], case=None, user="U1", prefill=prefill))
        check_view(form_blocks.snooze_modal("C1:3", title=text))


def test_a_title_of_3000_ampersands_is_clipped_after_escaping_not_dropped():
    card = render(_notice("task_card", _case("Smith"), _task("&" * 3000), ""), tz="UTC")
    section = card["blocks"][0]["text"]["text"]
    assert "&amp;&amp;" in section and section.count("…") == 1
    assert len(section) <= 3000
    assert card["text"].startswith("#3 &amp;") and card["text"].endswith("…")
    assert "&amp…" not in card["text"] and "&…" not in card["text"]


def test_clipping_never_cuts_an_entity_or_a_token():
    assert clip_mrkdwn("ab&amp;cd", 5) == "ab…"
    assert clip_mrkdwn("ab <@U123> cd", 8) == "ab …"
    assert clip_mrkdwn("short", 5) == "short"
    assert shown("<b>", 100) == "&lt;b&gt;"


def test_an_answer_that_forgot_to_escape_still_pings_nobody():
    message = ephemeral("Bad “<!channel> <!subteam^S1> <https://evil.example|x>”")
    assert all("<!" not in t and "<http" not in t for t in _texts(message))


def test_defuse_keeps_only_dockets_own_tokens():
    own = "<@U1> <#C1> <!date^1^{date_short_pretty}|Tue Dec 1>"
    assert defuse(own) == own
    assert (
        defuse("<!channel> <https://x|y> a > b") == "&lt;!channel&gt; &lt;https://x|y&gt; a &gt; b"
    )


def test_the_which_date_buttons_have_distinct_action_ids():
    when = When(due=NOW, all_day=False, echo="Fri Dec 4, 5:00 PM EST")
    later = When(due=NOW + timedelta(days=7), all_day=False, echo="Fri Dec 11, 5:00 PM EST")
    message = task_answers.question("Which Friday?", (when, later), resubmit={"title": "x"})
    ids = [e["action_id"] for e in message["blocks"][1]["elements"]]
    assert len(ids) == 2 and len(set(ids)) == 2
    check_message(message)
