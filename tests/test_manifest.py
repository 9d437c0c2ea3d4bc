"""manifest.yml lists exactly the commands the app registers, each escaping users."""

from pathlib import Path

import yaml

from bot.clock import FakeClock
from bot.config import Settings
from bot.db import make_engine
from bot.deps import Deps
from bot.slack.app import create_app, registered_commands, registered_ids
from sandbox.forms import SHORTCUTS
from tests.conftest import START

MANIFEST = Path(__file__).resolve().parents[1] / "manifest.yml"


def test_manifest_commands_match_registered():
    manifest = yaml.safe_load(MANIFEST.read_text())
    listed = manifest["features"]["slash_commands"]
    deps = Deps(
        engine=make_engine("sqlite://"),
        clock=FakeClock(START),
        settings=Settings(bot_token="xoxb-test", signing_secret="s"),
    )
    app = create_app(deps)
    assert {c["command"] for c in listed} == registered_commands(app)
    assert all(c["should_escape"] is True for c in listed)
    assert "commands" in manifest["oauth_config"]["scopes"]["bot"]
    assert manifest["settings"]["interactivity"]["is_enabled"] is True


def test_manifest_subscribes_to_the_events_and_scopes_the_app_uses():
    manifest = yaml.safe_load(MANIFEST.read_text())
    events = set(manifest["settings"]["event_subscriptions"]["bot_events"])
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert {"app_mention", "app_home_opened", "member_joined_channel"} <= events
    assert "app_mentions:read" in scopes


def test_manifest_shortcuts_are_registered_and_known_to_the_sandbox():
    manifest = yaml.safe_load(MANIFEST.read_text())
    listed = manifest["features"]["shortcuts"]
    deps = Deps(
        engine=make_engine("sqlite://"),
        clock=FakeClock(START),
        settings=Settings(bot_token="xoxb-test", signing_secret="s"),
    )
    ids = registered_ids(create_app(deps))
    assert {s["callback_id"] for s in listed} <= ids
    assert {s["name"].lower(): (s["type"], s["callback_id"]) for s in listed} == SHORTCUTS
    assert all(len(s["name"]) <= 24 and len(s["description"]) <= 80 for s in listed)


def test_every_event_the_app_listens_to_is_subscribed_with_its_scope():
    """Membership and profile events keep the local directory current: each must be asked for."""
    from bot import blocks

    manifest = yaml.safe_load(MANIFEST.read_text())
    events = set(manifest["settings"]["event_subscriptions"]["bot_events"])
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    deps = Deps(
        engine=make_engine("sqlite://"),
        clock=FakeClock(START),
        settings=Settings(bot_token="xoxb-test", signing_secret="s"),
    )
    ids = registered_ids(create_app(deps))
    directory_events = {
        blocks.MEMBER_JOINED_EVENT,
        blocks.MEMBER_LEFT_EVENT,
        *blocks.BOT_REMOVED_EVENTS,
        *blocks.UNARCHIVE_EVENTS,
        blocks.USER_CHANGE_EVENT,
        blocks.TEAM_JOIN_EVENT,
        blocks.APP_HOME_OPENED_EVENT,
    }
    assert directory_events <= ids  # the app listens to each
    assert directory_events <= events  # and Slack is asked to send each
    # channels:read / groups:read bring public / private channel events; users:read the people
    assert {"channels:read", "groups:read", "users:read"} <= scopes
