"""Deadline alerts, overdue reminders and the lead's overdue DM, planned as outbox rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.courts.jurisdictions import COURTS, is_court_holiday
from bot.models import SYSTEM_ACTOR, Case, Outbox, Task, UserProfile
from bot.offsets import Offset
from bot.services import outbox
from bot.services.policy import Policy, effective
from bot.services.readers import reader_of
from bot.services.zones import hold_profiles, zone_for
from bot.vocab import OutboxKind, TaskKind, TaskStatus

KINDS = (
    OutboxKind.ALERT,
    OutboxKind.OVERDUE,
    OutboxKind.LEAD_OVERDUE,
    OutboxKind.NO_LEAD_OVERDUE,
    OutboxKind.LEFT_ALERT,
    OutboxKind.NO_LEAD_LEFT_ALERT,
)


REMINDERS = (OutboxKind.ALERT, OutboxKind.LEFT_ALERT, OutboxKind.NO_LEAD_LEFT_ALERT)
# A person's reminder or delegation DM that Slack would not take: the lead is told which task.
NAMED_KINDS = (OutboxKind.ALERT, OutboxKind.LEFT_ALERT, OutboxKind.ASSIGN_DM)
# Reasons about where it goes (an account gone, a channel Docket left): told once per reason;
# any other (the tries ran out in a Slack outage) once per task, so no lost reminder goes untold.
UNREACHABLE = frozenset(
    {
        "not_in_channel",
        "channel_not_found",
        "is_archived",
        "user_not_found",
        "user_not_visible",
        "user_disabled",
        "cannot_dm_bot",
        "account_inactive",
    }
)


@dataclass(frozen=True)
class Planned:
    """One message a task owes: its key, kind, recipient and moment."""

    key: str
    kind: OutboxKind
    recipient: str
    due_at: datetime
    payload: dict[str, Any]


def _due_day(task: Task, zone: ZoneInfo) -> date:
    """The day a task is due: a date-only task's own date, else its moment's day in zone."""
    assert task.due_at is not None
    return task.due_date or task.due_at.astimezone(zone).date()


def court_day_before(day: date, court: str) -> date:
    """`day`, or the last court day before it when it is a weekend or court holiday."""
    while day.weekday() >= 5 or is_court_holiday(day, court if court in COURTS else "US-FED"):
        day -= timedelta(days=1)
    return day


def _offset_moment(task: Task, offset: Offset, zone: ZoneInfo, policy: Policy) -> datetime:
    """When an offset's alert falls: hours before the moment, or days before the due day at a
    local time (a date-only task's hour offsets: its day's morning)."""
    assert task.due_at is not None
    if offset.hours is not None and not task.all_day:
        return task.due_at - timedelta(hours=offset.hours)
    day = _due_day(task, zone) - timedelta(days=offset.days or 0)
    at = offset.at or policy.morning
    return datetime.combine(day, at, tzinfo=zone).astimezone(task.due_at.tzinfo)


def _open_day(moment: datetime, *, due_day: date, zone: ZoneInfo, court: str) -> datetime:
    """An alert on a weekend or court holiday before the due day comes on the court day before,
    at the same local time (a Monday task's day-before alert: the Friday before); alerts on the
    due day itself stay there."""
    local = moment.astimezone(zone)
    if local.date() >= due_day:
        return moment
    day = court_day_before(local.date(), court)
    return datetime.combine(day, local.time(), tzinfo=zone).astimezone(moment.tzinfo)


def _unquiet(moment: datetime, *, task: Task, zone: ZoneInfo, policy: Policy) -> datetime:
    """Move a non-urgent moment out of quiet hours, unless that would pass the due moment."""
    local = moment.astimezone(zone)
    if not policy.is_quiet(local):
        return moment
    moved = policy.next_morning(local).astimezone(moment.tzinfo)
    return moved if task.due_at is None or moved < task.due_at else moment


def wanted(
    session: Session, *, case: Case, task: Task, now: datetime, snooze: bool = True
) -> list[Planned]:
    """Everything the task should still send, given its state, policy and people's zones."""
    if task.status != TaskStatus.OPEN or task.due_at is None:
        return []
    hold_profiles(session, user_ids=(task.assignee_id, case.lead_id))  # one read for both
    policy = effective(session, case=case)
    reader = reader_of(session, case=case, task=task)
    zone = reader.zone
    tag = "alert" if reader.kind == OutboxKind.ALERT else str(reader.kind)
    due_key = task.due_at.strftime("%Y%m%dT%H%MZ")
    plans: list[Planned] = []
    seen: set[datetime] = set()
    due_day = _due_day(task, zone)
    for offset in policy.offsets(task.kind):
        own = _offset_moment(task, offset, zone, policy)
        moment = _open_day(own, due_day=due_day, zone=zone, court=case.jurisdiction)
        # Moved back off a closed day into the past (a Monday task set on Friday after 9:00):
        # it comes at once, never before now (so never before the task was made), unless
        # quiet hours would carry it onto the due day, where that day's own alerts speak.
        at_once = moment <= now < own
        if at_once:
            moment = now
        day_of = moment.astimezone(zone).date() == due_day
        if not (task.kind == TaskKind.DEADLINE and day_of):
            moment = _unquiet(moment, task=task, zone=zone, policy=policy)
        if at_once and moment.astimezone(zone).date() >= due_day:
            continue
        moved = snooze and offset.label == task.snoozed_offset
        if (moment <= now and not at_once) or moment in seen or moved:
            continue
        seen.add(moment)
        plans.append(
            Planned(
                f"task:{task.id}:{tag}:{offset.label}:{due_key}",
                reader.kind,
                reader.recipient,
                moment,
                {"offset": offset.label, **reader.payload},
            )
        )
    if snooze and task.remind_at and now < task.remind_at < task.due_at:
        snooze_key = task.remind_at.strftime("%Y%m%dT%H%MZ")
        plans.append(
            Planned(
                f"task:{task.id}:{tag}:snooze:{snooze_key}",
                reader.kind,
                reader.recipient,
                task.remind_at,
                {"offset": "snooze", **reader.payload},
            )
        )
    overdue_at = task.due_at
    if task.kind != TaskKind.DEADLINE:
        case_zone = ZoneInfo(zone_for(session, case=case))
        local = overdue_at.astimezone(case_zone)
        if policy.is_quiet(local):
            overdue_at = policy.next_morning(local).astimezone(task.due_at.tzinfo)
    plans.append(
        Planned(
            f"task:{task.id}:overdue:{due_key}",
            OutboxKind.OVERDUE,
            case.channel_id,
            max(overdue_at, now),
            dict(reader.payload),  # the assignee left: named, not mentioned, in the channel
        )
    )
    delay = policy.lead_delay_deadline if task.kind == TaskKind.DEADLINE else policy.lead_delay_task
    if case.lead_id != task.assignee_id or not case.lead_id:
        # no lead (they left the channel): the escalation comes to the case channel instead
        lead = case.lead_id or None
        kind = OutboxKind.LEAD_OVERDUE if lead else OutboxKind.NO_LEAD_OVERDUE
        lead_at = task.due_at + delay
        if task.kind != TaskKind.DEADLINE:  # an overdue court deadline never waits
            lead_zone = ZoneInfo(zone_for(session, user_id=lead, case=case))
            if policy.is_quiet(lead_at.astimezone(lead_zone)):
                lead_at = policy.next_morning(lead_at.astimezone(lead_zone))
        lead_at = max(lead_at.astimezone(task.due_at.tzinfo), now)
        plans.append(
            Planned(
                f"task:{task.id}:{kind}:{due_key}",
                kind,
                lead or case.channel_id,
                lead_at,
                {},
            )
        )
    return plans


def next_alert(session: Session, *, case: Case, task: Task, now: datetime) -> Planned | None:
    """The next reminder the task would send (ignoring any snooze)."""
    plans = wanted(session, case=case, task=task, now=now, snooze=False)
    alerts = [p for p in plans if p.kind in REMINDERS]
    return min(alerts, key=lambda p: p.due_at, default=None)


def rows(
    session: Session,
    *,
    case: Case,
    task: Task,
    now: datetime,
    fresh: bool = False,
    also: tuple[OutboxKind, ...] = (),
) -> list[outbox.Row]:
    """The task's alert rows to plan for its current state; the rest of its pending ones (and
    its pending rows of the kinds in `also`) are cancelled here, in one statement. A `fresh`
    task, made in this transaction, has none to cancel."""
    plans = wanted(session, case=case, task=task, now=now)
    if not fresh:
        keep = {p.key for p in plans}
        outbox.cancel(session, task_id=task.id or 0, kinds=(*KINDS, *also), keep=keep)
    return [
        outbox.Row(p.key, p.kind, case.team_id, p.recipient, p.due_at, case.id, task.id, p.payload)
        for p in plans
    ]


def replan(session: Session, *, case: Case, task: Task, now: datetime) -> list[Outbox]:
    """Plan (or cancel) the task's alerts to match its current state, in this transaction."""
    return outbox.plan_many(session, rows(session, case=case, task=task, now=now))


def failure_note(session: Session, *, row: Outbox, reason: str, now: datetime) -> Outbox | None:
    """Tell the case lead once, by DM, that Slack refused a message for this case (no lead:
    the case channel, or whoever added the task when the channel itself refused it)."""
    case = session.get(Case, row.case_id) if row.case_id else None
    if case is None or row.kind in (OutboxKind.FAILURE_NOTE, OutboxKind.NO_LEAD_FAILURE):
        return None
    if not case.lead_id:
        return _failure_without_lead(session, case=case, row=row, reason=reason, now=now)
    if row.recipient == case.lead_id:
        return None
    if row.kind == OutboxKind.TASK_CARD and row.task_id is not None:
        task = session.get(Task, row.task_id)
        if task is not None and task.created_by == case.lead_id:
            return None  # the lead added it: card_refused tells them, with what to do
    named = row.kind in NAMED_KINDS and reason not in UNREACHABLE  # a lost reminder: which
    task_id = row.task_id if named else None
    return outbox.plan(
        session,
        key=f"failure:{case.id}:{reason}" + (f":{task_id}" if task_id is not None else ""),
        kind=OutboxKind.FAILURE_NOTE,
        team_id=case.team_id,
        recipient=case.lead_id,
        due_at=now,
        case_id=case.id,
        task_id=task_id,
        payload={"reason": reason, "kind": row.kind, "recipient": row.recipient},
    )


def _failure_without_lead(
    session: Session, *, case: Case, row: Outbox, reason: str, now: datetime
) -> Outbox | None:
    """No lead to tell: the channel hears of a person not reached (named, never pinged), once
    per reason; a message the channel itself refused goes to whoever added its task, by DM."""
    payload: dict[str, Any] = {"reason": reason, "kind": row.kind, "recipient": row.recipient}
    if row.recipient != case.channel_id:
        profile = session.get(UserProfile, row.recipient)
        return outbox.plan(
            session,
            key=f"failure:{case.id}:{reason}:channel",
            kind=OutboxKind.NO_LEAD_FAILURE,
            team_id=case.team_id,
            recipient=case.channel_id,
            due_at=now,
            case_id=case.id,
            payload={**payload, "name": profile.name if profile else ""},
        )
    task = session.get(Task, row.task_id) if row.task_id else None
    if task is None or task.created_by in ("", SYSTEM_ACTOR) or row.kind == OutboxKind.TASK_CARD:
        return None  # a refused card: card_refused tells whoever added it
    return outbox.plan(
        session,
        key=f"failure:{case.id}:{reason}:{task.created_by}",
        kind=OutboxKind.FAILURE_NOTE,
        team_id=case.team_id,
        recipient=task.created_by,
        due_at=now,
        case_id=case.id,
        payload=payload,
    )


def card_refused(session: Session, *, row: Outbox, reason: str, now: datetime) -> Outbox | None:
    """Tell whoever added the task, by DM, that Slack refused its card (learnt after the ack)."""
    if row.kind != OutboxKind.TASK_CARD or row.task_id is None:
        return None
    task = session.get(Task, row.task_id)
    case = session.get(Case, row.case_id) if row.case_id else None
    if task is None or case is None or task.created_by in ("", SYSTEM_ACTOR):
        return None
    return outbox.plan(
        session,
        key=f"refused:{row.id}",
        kind=OutboxKind.CARD_REFUSED,
        team_id=case.team_id,
        recipient=task.created_by,
        due_at=now,
        case_id=case.id,
        task_id=task.id,
        payload={"reason": reason},
    )
