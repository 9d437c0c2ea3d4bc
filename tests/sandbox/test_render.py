"""The sandbox transcript format."""

from __future__ import annotations

from sandbox.render import buttons, clean, render
from sandbox.slack_api import Message

USERS = {"U1": "alice", "U2": "bob", "UB": "docket"}
CHANNELS = {"C1": "case-smith", "C2": "general"}


def show(message: Message, viewer: str | None = None) -> str:
    return render(
        message,
        channel_name=lambda c: CHANNELS.get(c, c),
        user_name=lambda u: USERS.get(u, u),
        viewer=viewer,
    )


def msg(kind: str, channel: str = "C1", user: str | None = "UB", **kw) -> Message:
    return Message(
        kind, channel, user, kw.pop("text", "hi"), kw.pop("blocks", []), "1.000001", **kw
    )


def test_headers() -> None:
    assert show(msg("message")) == "[#case-smith]\nhi"
    assert show(msg("message", thread_ts="0.000001")).startswith("[#case-smith thread]\n")
    assert show(msg("message", "D1", "U1")).startswith("[DM @alice]\n")
    assert show(msg("ephemeral", user="U2")).startswith("[ephemeral @bob in #case-smith]\n")
    assert show(msg("home", "D1", "U1")).startswith("[home @alice]\n")
    assert show(msg("modal", "C1", "U1", text="New task")).startswith("[modal @alice]\n")
    assert show(msg("update")).startswith("[update #case-smith]\n")
    assert show(msg("delete", text="")) == "[delete #case-smith]"
    file = msg("file", text="line 1\nline 2", title="Worksheet", comment="Here")
    assert show(file) == "[file @docket in #case-smith]\nHere\n=== Worksheet ===\nline 1\nline 2"


def test_markup_made_readable() -> None:
    text = (
        "<@U1> and <@U2|bob> in <#C2|gen> <#C1> due "
        "<!date^1764608400^{date_short_pretty} at {time}|Dec 1, 2026 9:00 AM> "
        "<https://x.test/a|the docket> <https://x.test/b> <!here> R&amp;D &lt;1&gt;  "
    )
    out = clean(text, channel_name=CHANNELS.__getitem__, user_name=USERS.__getitem__)
    assert out == (
        "@alice and @bob in #general #case-smith due Dec 1, 2026 9:00 AM "
        "the docket https://x.test/b @here R&D <1>  "
    )
    assert show(msg("message", text=text)).splitlines()[1].endswith("R&D <1>")


def test_blocks_win_over_text_and_render_readably() -> None:
    blocks = [
        {"type": "header", "text": {"type": "plain_text", "text": "Smith v. Jones"}},
        {"type": "section", "text": {"type": "mrkdwn", "text": "*Reply brief* for <@U2>"}},
        {
            "type": "section",
            "fields": [
                {"type": "mrkdwn", "text": "*Due* Dec 1"},
                {"type": "mrkdwn", "text": "*Owner* <@U1>"},
                {"type": "mrkdwn", "text": "*Rule* FRCP 6"},
            ],
        },
        {"type": "divider"},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": "Court days   "}]},
        {
            "type": "actions",
            "block_id": "task-7",
            "elements": [
                {
                    "type": "button",
                    "text": {"type": "plain_text", "text": "Done"},
                    "action_id": "d",
                },
                {
                    "type": "button",
                    "text": {"type": "plain_text", "text": "Snooze"},
                    "action_id": "s",
                },
            ],
        },
        {
            "type": "input",
            "label": {"type": "plain_text", "text": "Due"},
            "element": {"type": "plain_text_input"},
        },
        {"type": "mystery"},
    ]
    out = show(msg("message", text="fallback", blocks=blocks))
    assert out == "\n".join(
        [
            "[#case-smith]",
            "Smith v. Jones",
            "*Reply brief* for @bob",
            "*Due* Dec 1",
            "*Owner* @alice",
            "*Rule* FRCP 6",
            "---",
            "  Court days",
            "[Done] [Snooze]",
            "<Due: ...>",
            "<mystery>",
            "(notification: fallback)",
        ]
    )
    assert not any(line != line.rstrip() for line in out.splitlines())


def test_notification_text_shows_only_when_the_blocks_do_not_say_it() -> None:
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": ":x: *#3 Draft* for <@U1>"}}]
    same = show(msg("message", text="#3 Draft", blocks=blocks))
    assert "notification" not in same
    leak = show(msg("message", text="#3 Draft <!channel>", blocks=blocks))
    assert leak.endswith("(notification: #3 Draft @channel)")
    private = show(msg("ephemeral", user="U2", text="other words", blocks=blocks))
    assert "notification" not in private


def test_a_date_shows_in_each_readers_zone() -> None:
    token = "<!date^1796148000^{date_short_pretty} at {time}|Tue Dec 1, 2:00 PM EST>"
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": f"Due {token}"}}]
    message = msg("message", text="Due", blocks=blocks)
    both = render(
        message,
        channel_name=lambda c: "case-smith",
        user_name=lambda u: u,
        zones=["America/Los_Angeles", "America/New_York"],
    )
    assert "Due Tue Dec 1, 10:00 AM PST / Tue Dec 1, 1:00 PM EST" in both
    one = render(message, channel_name=lambda c: "x", user_name=lambda u: u, zones=["UTC"])
    assert "UTC" in one and " / " not in one


def test_modal_shows_title_and_submit() -> None:
    view = {"submit": {"type": "plain_text", "text": "Save"}}
    blocks = [{"type": "section", "text": {"type": "plain_text", "text": "Fill in"}}]
    out = show(msg("modal", "", "U1", text="New task", blocks=blocks, view=view))
    assert out == "[modal @alice]\n== New task ==\nFill in\n<submit: Save>"


def test_viewer_hides_what_others_see() -> None:
    eph = msg("ephemeral", user="U2")
    assert show(eph, viewer="U1") == "" and show(eph, viewer="U2")
    assert show(msg("message", "D1", "U2"), viewer="U1") == ""
    assert show(msg("message"), viewer="U1").startswith("[#case-smith]")


def test_buttons_carry_block_ids() -> None:
    blocks = [
        {
            "type": "section",
            "block_id": "b1",
            "text": {"type": "mrkdwn", "text": "x"},
            "accessory": {"type": "button", "text": {"type": "plain_text", "text": "Open"}},
        },
        {
            "type": "actions",
            "block_id": "b2",
            "elements": [
                {"type": "button", "text": {"type": "plain_text", "text": "Done"}, "value": "7"},
                {"type": "static_select", "placeholder": {"type": "plain_text", "text": "Pick"}},
            ],
        },
    ]
    found = buttons(msg("message", blocks=blocks))
    assert [(b["text"]["text"], b["block_id"]) for b in found] == [("Open", "b1"), ("Done", "b2")]
    assert found[1]["value"] == "7"
    assert "[Done] <Pick>" in show(msg("message", blocks=blocks)).splitlines()
