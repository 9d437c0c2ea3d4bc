"""The local directory: membership and profiles from the database, Slack asked sparingly.

Driven through signed requests against the stand-in, whose call log counts every Slack call.
"""

from __future__ import annotations

import time
from datetime import timedelta

from sqlmodel import Session, select

from bot.db import session_scope
from bot.models import ChannelSync, Outbox, UserProfile
from bot.services import people
from bot.slack import reconcile
from bot.slack.delivery import make_sender_client
from sandbox.slack_objects import user_obj
from tests.handlers.conftest import Team


def _calls(world, method: str, since: int = 0) -> list[dict]:
    return [params for name, params in world.slack.calls[since:] if name == method]


def _text(reply) -> str:
    return reply.json.get("text", "") if reply.json else reply.body


def _members(world, channel: str) -> set[str]:
    with session_scope(world.engine) as session:
        return people.known_members(session, channel_id=channel)


def _team_with_case(world) -> Team:
    team = Team(world)
    reply = team.cmd("alice", "/case", "new Smith v. Jones")
    assert reply.status == 200 and "Smith v. Jones" in reply.body
    team.cmd("alice", "/task", "list")  # alice's profile is read once, on first sight
    return team


def _quietly_join(world, team: Team, name: str) -> str:
    """A join Docket never hears of (a dropped event)."""
    user = world.slack.add_user(name)
    world.slack.join(user.id, team.channel)
    team.ids[name] = user.id
    return user.id


def test_a_member_whose_join_was_missed_is_rechecked_once_and_let_in(world):
    team = _team_with_case(world)
    carol = _quietly_join(world, team, "carol")
    world.clock.advance(timedelta(minutes=2))
    assert carol not in _members(world, team.channel)
    before = len(world.slack.calls)
    reply = team.cmd("carol", "/case")
    assert "Only members" not in _text(reply) and "Smith v. Jones" in reply.body
    assert len(_calls(world, "conversations.members", before)) == 1  # asked Slack once
    assert carol in _members(world, team.channel)  # and remembered it
    before = len(world.slack.calls)
    team.cmd("carol", "/task", "list")
    assert _calls(world, "conversations.members", before) == []  # known now: no call


def test_a_non_member_is_refused_after_one_bounded_recheck_per_minute(world, monkeypatch):
    team = _team_with_case(world)
    world.slack.add_user("mallory")
    team.ids["mallory"] = world.slack.user_by_name("mallory").id
    world.clock.advance(timedelta(minutes=2))
    before = len(world.slack.calls)
    for _ in range(3):
        reply = team.cmd("mallory", "/task", "list")
        assert "Only members" in _text(reply)
    assert len(_calls(world, "conversations.members", before)) == 1  # once a minute, at most
    world.clock.advance(timedelta(minutes=2))
    world.slack.inject("conversations.members", status=429, retry_after=30)
    before = len(world.slack.calls)
    slept: list[float] = []  # any time.sleep while the request is served (slack_sdk's retry
    monkeypatch.setattr(time, "sleep", slept.append)  # handlers sleep Retry-After with it)
    reply = team.cmd("mallory", "/task", "list")
    monkeypatch.undo()
    assert "Only members" in _text(reply)
    assert slept == []  # no sleeping out Retry-After inside the request
    assert len(_calls(world, "conversations.members", before)) == 1  # no retry either


def test_my_tasks_case_list_and_home_make_no_slack_call_per_case(world):
    team = Team(world, channel="case-0")
    channels = [team.channel]
    for n in range(1, 12):
        channel = world.slack.add_channel(f"case-{n}").id
        for user in (world.slack.bot_user_id, team.ids["alice"], team.ids["bob"]):
            world.slack.join(user, channel)
        channels.append(channel)
    for channel in channels:
        reply = team.cmd("alice", "/case", f"new Case {channel}", channel=channel)
        assert reply.status == 200 and "Only members" not in _text(reply)
        team.cmd("alice", "/task", "@bob draft the brief by Dec 18", channel=channel)
    world.clock.advance(timedelta(hours=2))  # every cached list is old now
    before = len(world.slack.calls)
    mine = team.cmd("bob", "/task", "list mine")
    assert mine.body.count("draft the brief") == len(channels)
    cases = team.cmd("bob", "/case", "list")
    assert all(f"Case {channel}" in cases.body for channel in channels)
    home = world.driver.event(
        {"type": "app_home_opened", "user": team.ids["bob"], "tab": "home", "channel": "D0"}
    )
    assert home.status == 200
    assert _calls(world, "conversations.members", before) == []
    assert _calls(world, "users.info", before) == []  # bob's profile is old, used as is
    published = _calls(world, "views.publish", before)
    assert len(published) == 1 and "draft the brief" in str(published[0])


def test_member_events_keep_the_store_current(world):
    team = _team_with_case(world)
    dave = world.slack.add_user("dave").id
    world.driver.event({"type": "member_joined_channel", "user": dave, "channel": team.channel})
    assert dave in _members(world, team.channel)
    world.driver.event({"type": "member_left_channel", "user": dave, "channel": team.channel})
    assert dave not in _members(world, team.channel)
    world.driver.event({"type": "group_left", "channel": team.channel})  # Docket removed
    assert world.slack.bot_user_id not in _members(world, team.channel)
    with Session(world.engine) as session:
        assert session.get(ChannelSync, team.channel) is None  # read again at the next run
    world.driver.event(
        {"type": "member_joined_channel", "user": world.slack.bot_user_id, "channel": team.channel}
    )
    assert world.slack.bot_user_id in _members(world, team.channel)


def test_user_events_keep_profiles_current(world):
    team = _team_with_case(world)
    alice = world.slack.user(team.ids["alice"])
    alice.tz = "Europe/London"
    world.driver.event({"type": "user_change", "user": user_obj(world.slack, alice)})
    erin = world.slack.add_user("erin", tz="Asia/Tokyo")
    world.driver.event({"type": "team_join", "user": user_obj(world.slack, erin)})
    with Session(world.engine) as session:
        assert session.get(UserProfile, alice.id).tz == "Europe/London"
        assert session.get(UserProfile, erin.id).tz == "Asia/Tokyo"
    before = len(world.slack.calls)
    team.cmd("alice", "/task", "list")
    assert _calls(world, "users.info", before) == []


def test_reconcile_fixes_drift_and_tells_the_lead_of_a_missed_departure(world):
    team = _team_with_case(world)
    team.cmd("alice", "/task", "@bob draft the brief by Dec 18")
    carol = _quietly_join(world, team, "carol")
    world.slack.leave(team.ids["bob"], team.channel)  # no member_left_channel reached Docket
    assert team.ids["bob"] in _members(world, team.channel)
    client = make_sender_client(world.settings.bot_token, world.settings.api_url)
    world.clock.advance(reconcile.MEMBERS_EVERY + timedelta(minutes=1))
    done = reconcile.members(world.deps, client)
    assert done.channels == 1 and done.left == 1 and done.stopped is None
    assert _members(world, team.channel) == {world.slack.bot_user_id, team.ids["alice"], carol}
    with Session(world.engine) as session:
        told = list(session.exec(select(Outbox).where(Outbox.kind == "assignee_left")))
    assert [r.recipient for r in told] == [team.ids["alice"]]
    assert reconcile.members(world.deps, client).channels == 0  # nothing due until next time


def test_reconcile_stays_in_its_budget_and_stops_at_a_rate_limit(world):
    team = Team(world, channel="case-0")
    for n in range(5):
        channel = world.slack.add_channel(f"case-{n}").id
        world.slack.join(world.slack.bot_user_id, channel)
        world.slack.join(team.ids["alice"], channel)
        team.cmd("alice", "/case", f"new Case {n}", channel=channel)
    client = make_sender_client(world.settings.bot_token, world.settings.api_url)
    world.clock.advance(reconcile.MEMBERS_EVERY + timedelta(minutes=1))
    before = len(world.slack.calls)
    assert reconcile.members(world.deps, client, budget=2).calls == 2
    world.slack.inject("conversations.members", status=429, retry_after=30)
    done = reconcile.members(world.deps, client, budget=10)
    assert done.stopped == "ratelimited" and done.channels == 0
    assert len(_calls(world, "conversations.members", before)) == 3  # 2, then one refused
    assert reconcile.members(world.deps, client, budget=10).channels == 3  # the rest


def test_a_stale_profile_is_used_and_refreshed_in_the_background(world):
    team = _team_with_case(world)
    world.slack.set_tz(team.ids["alice"], "America/Chicago")  # no user_change reached Docket
    world.clock.advance(timedelta(days=3))
    before = len(world.slack.calls)
    team.cmd("alice", "/task", "list")
    assert _calls(world, "users.info", before) == []  # old, used as is
    assert reconcile.next_profiles_work(world.deps) <= world.clock.now()
    client = make_sender_client(world.settings.bot_token, world.settings.api_url)
    done = reconcile.profiles(world.deps, client)
    assert done.profiles >= 3 and done.stopped is None
    with Session(world.engine) as session:
        assert session.get(UserProfile, team.ids["alice"]).tz == "America/Chicago"


def test_a_user_never_seen_is_looked_up_once_inline(world):
    team = _team_with_case(world)
    frank = world.slack.add_user("frank").id
    before = len(world.slack.calls)
    reply = team.cmd("alice", "/task", "@frank file the answer by Dec 18")
    assert reply.status == 200
    assert [p["user"] for p in _calls(world, "users.info", before)] == [frank]


def test_the_users_list_walk_goes_on_where_the_last_run_stopped(world, monkeypatch):
    for name in ("gina", "hal", "ivan", "jo"):
        world.slack.add_user(name)
    monkeypatch.setattr(reconcile, "PROFILE_PAGE", 2)
    client = make_sender_client(world.settings.bot_token, world.settings.api_url)
    first = reconcile.profiles(world.deps, client, pages=1)
    assert (first.calls, first.profiles) == (1, 2)
    assert reconcile.next_profiles_work(world.deps) == world.clock.now()  # not done: go on
    rest = reconcile.profiles(world.deps, client, pages=10)
    assert rest.profiles == len(world.slack.users) - 2 and rest.stopped is None
    with Session(world.engine) as session:
        stored = {p.id for p in session.exec(select(UserProfile))}
    assert stored == set(world.slack.users)


def test_a_profile_is_read_once_a_minute_and_a_stored_change_shows_at_once(world):
    from bot.slack.directory import PROFILE_REUSE, Directory

    team = _team_with_case(world)
    alice = team.ids["alice"]
    directory = Directory(world.deps, world.app.client)
    assert directory.zone(alice) == "America/New_York"
    with session_scope(world.engine) as session:  # another process stores a new zone
        people.store_profile(
            session, user_id=alice, name="alice", tz="Europe/Paris", deleted=False,
            is_bot=False, now=world.clock.now(),
        )  # fmt: skip
    assert directory.zone(alice) == "America/New_York"  # this process read it just now
    world.clock.advance(PROFILE_REUSE)
    assert directory.zone(alice) == "Europe/Paris"  # a minute on: read again
    user = world.slack.user(alice)
    user.tz = "Asia/Tokyo"
    world.driver.event({"type": "user_change", "user": user_obj(world.slack, user)})
    assert directory.zone(alice) == "Asia/Tokyo"  # stored by this process: at once
