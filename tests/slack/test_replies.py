"""A click's private answer reaches its person even when its response_url has gone."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from bot.db import session_scope
from bot.models import Outbox
from bot.vocab import OutboxKind, OutboxStatus
from tests.handlers.test_actions import _click, _setup

SNOOZED = "Snoozed for a day"


def _reply_row(world):
    with session_scope(world.engine) as session:
        row = session.exec(select(Outbox).where(Outbox.kind == OutboxKind.REPLY)).one()
        session.expunge(row)
        return row


def _urls_used(world):
    return sum(target["uses"] for target in world.slack.response_urls.values())


def _snooze_unsent(team):
    """bob snoozes the card; the answer waits in the outbox (nothing settles it yet)."""
    card, _ = _setup(team)
    team.world.driver.settle = None
    used = _urls_used(team.world)
    assert _click(team, "bob", card, "Snooze 1 day").status == 200
    assert _reply_row(team.world).status == OutboxStatus.PENDING
    return used


def test_past_thirty_minutes_the_answer_is_an_ephemeral_in_the_channel(team):
    used = _snooze_unsent(team)
    start = len(team.slack.messages)
    team.world.clock.set(team.world.clock.now() + timedelta(minutes=31))
    team.world.app.settle()  # sent 31 minutes after the click
    shown = [m for m in team.slack.messages_since(start) if SNOOZED in m.text]
    assert [(m.kind, m.channel, m.user) for m in shown] == [
        ("ephemeral", team.channel, team.ids["bob"])
    ]
    assert _urls_used(team.world) == used  # the dead response_url was not tried
    assert _reply_row(team.world).status == OutboxStatus.SENT


def test_a_gone_url_for_someone_who_left_becomes_a_dm(team):
    used = _snooze_unsent(team)
    team.slack.leave(team.ids["bob"], team.channel)  # bob left before the answer went out
    team.slack.inject("response_url", status=404, error="expired_url")  # Slack: it is gone
    start = len(team.slack.messages)
    team.world.app.settle()
    shown = [m for m in team.slack.messages_since(start) if SNOOZED in m.text]
    bobs_dm = team.slack.dm_channel(team.ids["bob"]).id
    assert [(m.kind, m.channel) for m in shown] == [("message", bobs_dm)]
    assert _urls_used(team.world) == used + 1  # tried once, refused, then told privately
    assert _reply_row(team.world).status == OutboxStatus.SENT


def test_a_reply_slack_refuses_as_malformed_is_not_sent_elsewhere(team):
    _snooze_unsent(team)
    team.slack.inject("response_url", status=400, error="invalid_blocks")
    start = len(team.slack.messages)
    team.world.app.settle()
    assert not [m for m in team.slack.messages_since(start) if SNOOZED in m.text]
    row = _reply_row(team.world)
    assert row.status == OutboxStatus.FAILED and "invalid_blocks" in (row.last_error or "")
