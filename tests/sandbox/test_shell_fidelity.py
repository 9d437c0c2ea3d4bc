"""Sandbox instructions as strict as Slack: :as joins nothing, :click where you are, :dm, :now,
:token, and a late or refused answer shown as Slack shows it."""

from __future__ import annotations

import io

from sandbox.shell import Shell


def _run(world, lines: list[str]) -> str:
    out = io.StringIO()
    Shell(world, out, echo=True).run(lines)
    return out.getvalue()


START = [
    ":now 2026-12-07T10:00 America/New_York",
    ":as bob",
    ":in #smith",
    ":as alice",
    ":in #smith",
]


def test_as_never_joins_a_channel_silently(world):
    text = _run(world, [*START, "/case new Smith v. Jones", ":as carol", "/task list"])
    carol = world.slack.user_by_name("carol")
    assert carol is not None and carol.id not in world.slack.channel_by_name("smith").members
    assert "Only members of this case's channel" in text


def test_click_only_reaches_what_you_see_where_you_are(world):
    text = _run(
        world,
        [
            *START,
            "/case new Smith v. Jones",
            "/task @bob draft the brief by Dec 10 5pm",
            ":in #elsewhere",
            ":click Snooze 1 day",
        ],
    )
    assert "error: no button [Snooze 1 day]" in text
    text = _run(world, [":as bob", ":click Accept"])  # bob's DM with Docket is always at hand
    assert "accepted #1" in text


def test_dm_runs_a_command_in_your_dm_with_docket(world):
    text = _run(world, [*START, "/case new Smith v. Jones", ":dm /case new Private matter"])
    assert "not a DM" in text
    assert "» @alice in DM: /case new Private matter" in text  # as its answer's [... in DM]
    assert "in #U" not in text and "in #D" not in text


def test_the_prompt_and_every_echo_name_a_dm_as_dm(world):
    out = io.StringIO()
    shell = Shell(world, out, echo=True)
    shell.run([*START, ":dm", "/case list", ":say hello", ":thread last", ":say again"])
    text = out.getvalue()
    assert "» @alice in DM: /case list\n[ephemeral @alice in DM]" in text
    assert "» @alice in DM: hello" in text and "» @alice in DM thread: again" in text
    assert shell.prompt() == "@alice DM> "
    shell.run([":in #smith"])
    assert shell.prompt() == "@alice #smith> "  # a channel reads as before


def test_now_forward_is_not_downtime(world):
    text = _run(
        world,
        [
            *START,
            "/case new Smith v. Jones",
            "/digest off",
            "/task @bob draft the brief by Dec 8 5pm",
            ":now 2026-12-09T10:00 America/New_York",
        ],
    )
    assert "Task due in 1 hour" in text  # the alert went out on time on the way
    assert "Sent late" not in text


def test_token_revoke_holds_messages_until_restored(world):
    text = _run(
        world,
        [
            *START,
            "/case new Smith v. Jones",
            "/digest off",
            ":token revoke",
            "/task @bob draft the brief by Dec 8 5pm",
            "/task @bob file the exhibits by Dec 9 5pm",
            ":advance 2h",
        ],
    )
    # The first ack can't know (Slack refuses the token only after it, to the courier); the
    # next one says the messages wait.
    first, _, second = text.partition("file the exhibits")
    assert "isn't accepting Docket's token" not in first
    assert "Slack isn't accepting Docket's token" in second and "[DM @bob]" not in text
    text = _run(world, [":token restore", ":advance 20m"])
    assert "[DM @bob]" in text and "delegated a task to you" in text


def test_a_late_or_refused_answer_shows_slacks_error_line(world):
    slack = world.slack
    alice = slack.add_user("alice")
    channel = slack.add_channel("smith", members=[alice.id, slack.bot_user_id])
    late = slack.answer_request(
        {"text": "ok"}, channel_id=channel.id, user_id=alice.id, what="/task", elapsed=3.2
    )
    assert late is not None and late.text == '/task failed with the error "operation_timeout"'
    out = _run(world, [])
    assert out == ""


def test_a_private_question_answered_in_place_loses_its_buttons(world):
    text = _run(
        world,
        [
            *START,
            "/case new Smith v. Jones",
            "/deadline Reply Dec 25",
            ":click Use Mon Dec 28, 2026, the next court day",
            ":click Keep Fri Dec 25, 2026",
        ],
    )
    answered = text.split("clicks [Use Mon Dec 28")[1]
    assert "[update ephemeral @alice in #smith]\nAdded court deadline #1" in answered
    assert "error: no button [Keep Fri Dec 25, 2026]" in answered
    assert answered.count("[ephemeral @alice") == 0  # replaced, not shown twice


def test_in_takes_a_channel_and_names_dm_for_a_dm(world):
    text = _run(world, [*START, ":in @docket", "/case new Smith v. Jones", ":in @bob"])
    assert text.count("error: :in takes a #channel") == 2 and "use :dm" in text
    assert world.slack.channel_by_name("@docket") is None
    assert world.slack.channel_by_name("@bob") is None
    assert "» @alice in #smith: /case new Smith v. Jones" in text  # still where alice was


def test_a_channel_name_slack_would_refuse_is_refused_whole(world):
    bad = ["#@x", "#Smith", "#smith v jones", "#" + "a" * 81, "#--", "#", "#smith.jones"]
    lines = [*START]
    for name in bad:
        lines += [f":join bob {name}", f":leave bob {name}", f":in {name}"]
    text = _run(world, [*lines, "/case new Smith v. Jones"])
    assert text.count("error: ") == 3 * len(bad)
    assert text.count("is not a Slack channel name: lowercase letters") == 3 * len(bad)
    names = {c.name for c in world.slack.channels.values() if not c.is_im}
    assert names == {"smith"}  # nothing made, and alice is still in #smith
    assert "» @alice in #smith: /case new Smith v. Jones" in text
    assert world.slack.user_by_name("bob") is not None


def test_the_longest_channel_name_slack_allows_works(world):
    name = "a" * 79 + "_"
    text = _run(world, [*START, f":join bob #{name}", f":in #{name}"])
    assert "error" not in text
    assert world.slack.channel_by_name(name) is not None
