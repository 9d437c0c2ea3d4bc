"""Digest planning and composing on the real database."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from bot.models import ChannelMember, Outbox, PersonalDigest, UserProfile
from bot.services import digest_plan, digest_schedule, digests, outbox
from bot.services.errors import Invalid
from bot.services.notice_types import Notice, Skip
from tests.factories import a_month_ago, add_case, add_task

NY = ZoneInfo("America/New_York")
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=NY).astimezone(UTC)  # Tue Dec 1, 9:00 AM EST


def _case(session, channel="C1", now=NOW, **kw):
    return add_case(session, channel, kw.pop("name", "Smith v. Jones"), now=now, **kw)


def _task(session, case, number, *, due=None, done_at=None, who="UBOB", **kw):
    created = a_month_ago(NOW)
    return add_task(
        session,
        case,
        number,
        due_at=due,
        completed_at=done_at,
        assignee=who,
        created_at=created,
        **kw,
    )


def _rows(session, status="pending"):
    query = select(Outbox).where(Outbox.status == status).order_by(Outbox.due_at)
    return list(session.exec(query))


def test_plan_is_idempotent_and_keyed_by_local_date(session):
    case = _case(session)
    digest_plan.plan_digests(session, now=NOW)  # the case's creation already planned it
    assert digest_plan.plan_digests(session, now=NOW) == 0
    (row,) = _rows(session)
    assert row.key == "digest:C1:2026-12-02" and row.kind == "digest"
    assert row.recipient == "C1" and row.case_id == case.id
    assert row.due_at == datetime(2026, 12, 2, 13, 30, tzinfo=UTC)


def test_weekdays_skip_the_weekend_and_daily_does_not(session):
    friday = datetime(2026, 12, 4, 10, 0, tzinfo=NY).astimezone(UTC)
    _case(session, now=friday)
    digest_plan.plan_digests(session, now=friday, horizon=timedelta(days=3))
    assert [r.key for r in _rows(session)] == ["digest:C1:2026-12-07"]
    _case(session, channel="C2", now=friday, digest_days="daily")
    digest_plan.plan_digests(session, now=friday, horizon=timedelta(days=3))
    daily = [r.key for r in _rows(session) if r.recipient == "C2"]
    assert daily == ["digest:C2:2026-12-05", "digest:C2:2026-12-06", "digest:C2:2026-12-07"]


def test_local_time_holds_across_both_us_changes(session):
    weekdays = digest_schedule.Schedule("08:30", "weekdays")
    start = datetime(2027, 3, 5, tzinfo=UTC)
    found = dict(
        digest_schedule.occurrences(
            weekdays, zone="America/New_York", start=start, end=start + timedelta(days=12)
        )
    )
    by_day = {day.isoformat(): due.strftime("%H:%M") for day, due in found.items()}
    # 2027's spring change is Sun Mar 14 (Mar 8 is still EST).
    assert by_day["2027-03-05"] == "13:30" and by_day["2027-03-08"] == "13:30"
    assert by_day["2027-03-12"] == "13:30" and by_day["2027-03-15"] == "12:30"
    autumn = datetime(2027, 11, 5, tzinfo=UTC)
    fall = digest_schedule.occurrences(
        weekdays, zone="America/New_York", start=autumn, end=autumn + timedelta(days=4)
    )
    assert [due.strftime("%d %H:%M") for _, due in fall] == ["05 12:30", "08 13:30"]
    gap = digest_schedule.Schedule("02:30", "daily")
    sunday = datetime(2027, 3, 14, tzinfo=UTC)
    ((_, due),) = digest_schedule.occurrences(
        gap, zone="America/New_York", start=sunday, end=sunday + timedelta(hours=12)
    )
    assert due.astimezone(NY).strftime("%H:%M %Z") == "03:30 EDT"


def test_dst_rows_are_planned_at_the_new_offset(session):
    friday = datetime(2027, 3, 12, 6, 0, tzinfo=NY).astimezone(UTC)
    _case(session, now=friday)
    digest_plan.plan_digests(session, now=friday, horizon=timedelta(days=4))
    assert [(r.key, r.due_at.hour) for r in _rows(session)] == [
        ("digest:C1:2027-03-12", 13),
        ("digest:C1:2027-03-15", 12),
    ]


def test_changes_move_or_cancel_pending_rows(session):
    case = _case(session)
    digest_plan.plan_digests(session, now=NOW)
    setting = digest_plan.set_case_digest(
        session, channel_id="C1", actor_id="UALICE", text="at 9am weekdays", now=NOW
    )
    assert (case.digest_time, case.digest_days) == ("09:00", "weekdays")
    assert setting.next_at == datetime(2026, 12, 2, 14, 0, tzinfo=UTC)
    (row,) = _rows(session)
    assert row.key == "digest:C1:2026-12-02" and row.due_at.hour == 14
    digest_plan.set_case_digest(session, channel_id="C1", actor_id="UALICE", text="off", now=NOW)
    assert _rows(session) == [] and len(_rows(session, "cancelled")) == 1
    digest_plan.set_case_digest(session, channel_id="C1", actor_id="UALICE", text="on", now=NOW)
    assert len(_rows(session)) == 1
    case.status = "closed"
    session.add(case)
    digest_plan.plan_digests(session, now=NOW)
    assert _rows(session) == []


@pytest.mark.parametrize("text", ["at 25pm", "at 9:75", "at", "at 9am sometimes", "at 0am"])
def test_bad_schedules_are_invalid(session, text):
    _case(session)
    with pytest.raises(Invalid):
        digest_plan.set_case_digest(session, channel_id="C1", actor_id="UALICE", text=text, now=NOW)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("at 9am weekdays", ("09:00", "weekdays", False)),
        ("at 7:45 daily", ("07:45", "daily", False)),
        ("at 5:30 p.m. daily always", ("17:30", "daily", True)),
        ("12pm", ("12:00", "weekdays", False)),
        ("at 12 am", ("00:00", "weekdays", False)),
    ],
)
def test_schedules_are_read(text, expected):
    current = digest_schedule.Schedule("08:30", "weekdays")
    schedule = digest_schedule.parse_schedule(text, current=current)
    assert (schedule.at, schedule.days, schedule.always) == expected


def _planned_row(session, case, due=NOW):
    return outbox.plan(
        session,
        key="digest:C1:2026-12-01",
        kind="digest",
        team_id="T1",
        recipient="C1",
        due_at=due,
        case_id=case.id,
    )


def test_compose_groups_by_urgency_with_court_deadlines_first(session):
    case = _case(session)
    _task(session, case, 1, due=NOW - timedelta(days=1))
    _task(session, case, 2, due=NOW + timedelta(hours=6))
    _task(session, case, 3, due=NOW + timedelta(hours=7), kind="deadline")
    _task(session, case, 4, due=NOW + timedelta(days=3))
    _task(session, case, 5, due=NOW + timedelta(days=6), kind="deadline")
    _task(session, case, 6, due=NOW + timedelta(days=10))
    _task(session, case, 7)
    _task(session, case, 8)
    _task(session, case, 9, status="done", done_at=NOW - timedelta(hours=2))
    _task(session, case, 10, status="done", done_at=NOW - timedelta(days=3))
    notice = digests.compose(session, row=_planned_row(session, case), now=NOW)
    assert isinstance(notice, Notice) and notice.case.id == case.id and not notice.late
    content = notice.content
    numbers = {
        name: [t.number for t in getattr(content, name)]
        for name in ("overdue", "today", "soon", "done")
    }
    assert numbers == {"overdue": [1], "today": [3, 2], "soon": [5, 4], "done": [9]}
    assert content.undated == 2 and content.tz == "America/New_York"


def test_done_since_the_last_sent_digest(session):
    case = _case(session)
    previous = outbox.plan(
        session,
        key="digest:C1:2026-11-30",
        kind="digest",
        team_id="T1",
        recipient="C1",
        due_at=NOW - timedelta(days=1),
        case_id=case.id,
    )
    (claimed,) = outbox.claim(session, now=NOW - timedelta(hours=5))
    outbox.mark_sent(
        session,
        row_id=previous.id,
        claim_token=claimed.claim_token,
        ts="1.0",
        now=NOW - timedelta(hours=5),
        late=False,
    )
    _task(session, case, 1, status="done", done_at=NOW - timedelta(hours=6))
    _task(session, case, 2, status="done", done_at=NOW - timedelta(hours=4))
    notice = digests.compose(session, row=_planned_row(session, case), now=NOW)
    assert [t.number for t in notice.content.done] == [2]


def test_nothing_to_say_is_skipped_unless_always(session):
    case = _case(session)
    _task(session, case, 1)  # undated alone is not news
    row = _planned_row(session, case)
    assert digests.compose(session, row=row, now=NOW) == Skip("nothing to say")
    case.digest_days, case.digest_always = "weekdays", True
    session.add(case)
    notice = digests.compose(session, row=row, now=NOW)
    assert isinstance(notice, Notice) and notice.content.empty and notice.content.undated == 1


def test_late_by_more_than_three_hours_is_skipped_and_logged(session, caplog):
    case = _case(session)
    _task(session, case, 1, due=NOW)
    row = _planned_row(session, case)
    with caplog.at_level(logging.INFO, logger="docket.digests"):
        skip = digests.compose(session, row=row, now=NOW + timedelta(hours=3, minutes=1))
    assert skip == Skip("missed by more than 3 hours: Docket was offline")
    assert "Docket was offline" in caplog.text
    row.last_error = "paused:token_revoked"  # held while Slack refused the token
    skip = digests.compose(session, row=row, now=NOW + timedelta(hours=3, minutes=1))
    assert skip == Skip("missed by more than 3 hours: Slack refused Docket's token (token_revoked)")
    notice = digests.compose(session, row=row, now=NOW + timedelta(hours=2))
    assert isinstance(notice, Notice) and notice.late


def test_closed_case_or_digest_off_is_skipped(session):
    case = _case(session)
    _task(session, case, 1, due=NOW)
    row = _planned_row(session, case)
    case.digest_days = "off"
    assert digests.compose(session, row=row, now=NOW) == Skip("digests are off in this channel")
    case.digest_days, case.status = "weekdays", "closed"
    assert isinstance(digests.compose(session, row=row, now=NOW), Skip)


def test_personal_digest_covers_only_my_tasks_in_my_channels(session):
    mine, other = _case(session), _case(session, channel="C2", name="Doe v. Roe")
    session.add(ChannelMember(channel_id="C1", user_id="UBOB"))
    session.add(UserProfile(id="UBOB", tz="America/Los_Angeles", fetched_at=NOW))
    _task(session, mine, 1, due=NOW + timedelta(hours=2))
    _task(session, mine, 2, due=NOW + timedelta(hours=2), who="UALICE")
    _task(session, other, 1, due=NOW + timedelta(hours=2))
    setting = digest_plan.set_personal_digest(
        session, user_id="UBOB", team_id="T1", text="at 8am", now=NOW
    )
    assert session.get(PersonalDigest, "UBOB").at_time == "08:00"
    assert setting.zone == "America/Los_Angeles"
    rows = [r for r in _rows(session) if r.kind == "personal_digest"]
    assert [r.key for r in rows] == ["pdigest:UBOB:2026-12-01", "pdigest:UBOB:2026-12-02"]
    row = rows[0]
    assert row.recipient == "UBOB" and row.due_at == datetime(2026, 12, 1, 16, 0, tzinfo=UTC)
    notice = digests.compose(session, row=row, now=row.due_at + timedelta(minutes=1))
    assert [(t.case_id, t.number) for t in notice.content.overdue] == [(mine.id, 1)]
    assert notice.content.today == notice.content.soon == []
    assert notice.content.personal and notice.content.tz == "America/Los_Angeles"
    digest_plan.set_personal_digest(session, user_id="UBOB", team_id="T1", text="off", now=NOW)
    assert session.get(PersonalDigest, "UBOB") is None
    assert [r for r in _rows(session) if r.kind == "personal_digest"] == []


def test_opening_a_case_plans_its_digest_without_reading_other_cases_rows(session):
    """Planning is proportional to what changed: no pending row of another case is loaded."""
    from sqlalchemy import event

    for n in range(1, 4):
        _case(session, channel=f"C{n}", name=f"Case {n}")
    session.commit()
    assert len(_rows(session)) == 3
    session.expunge_all()
    loaded: list[str] = []

    def on_load(_session, instance) -> None:
        if isinstance(instance, Outbox):
            loaded.append(instance.key)

    event.listen(session, "loaded_as_persistent", on_load)
    try:
        case = _case(session, channel="C9", name="Fresh")
    finally:
        event.remove(session, "loaded_as_persistent", on_load)
    assert not [key for key in loaded if not key.startswith("digest:C9:")]
    assert [r.key for r in _rows(session) if r.case_id == case.id] == ["digest:C9:2026-12-02"]


def test_a_tokyo_readers_digest_puts_a_new_york_court_days_deadline_under_today():
    """Fri 10:00 in Tokyo is Thu 20:00 in New York: the court's Thursday deadline is today."""
    from datetime import date

    from bot.courts.zones import due_moment
    from bot.vocab import TaskKind
    from tests.factories import task_row

    day = date(2026, 12, 3)
    task = task_row(
        1,
        kind=TaskKind.DEADLINE,
        due_at=due_moment(day, zone="America/New_York", court="US-FED"),
        due_date=day,
        due_zone="America/New_York",
        all_day=True,
    )
    now = datetime(2026, 12, 4, 1, 0, tzinfo=UTC)
    built = digests._build("mine", "Asia/Tokyo", now, [task], done=[], cases={}, personal=True)
    assert built.today == [task] and built.soon == []
