"""Prometheus metrics: ack latency, outbox lag, sends by outcome, 429s, digests, job durations."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from datetime import datetime

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

REGISTRY = CollectorRegistry(auto_describe=True)
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
DIGEST_KINDS = ("digest", "personal_digest")  # OutboxKind values

ACK_SECONDS = Histogram(
    "docket_ack_seconds",
    "Time Docket took to answer a Slack request (the ack), by kind and command/action id",
    ["kind", "id"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0),
    registry=REGISTRY,
)
SENDS = Counter(
    "docket_outbox_sends_total",
    "Outbox messages the sender handled, by outcome (sent, retried, failed, skipped, paused)",
    ["outcome", "error"],
    registry=REGISTRY,
)
RATE_LIMITED = Counter(
    "docket_slack_ratelimited_total",
    "Sends Slack answered with 429 (ratelimited)",
    registry=REGISTRY,
)
DIGESTS = Counter(
    "docket_digests_sent_total", "Digests delivered, by kind", ["kind"], registry=REGISTRY
)
JOB_SECONDS = Histogram(
    "docket_scheduler_job_seconds",
    "Duration of scheduler job runs (docket.tick is the outbox tick), by job and outcome",
    ["job", "outcome"],
    buckets=(0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 15.0, 30.0, 60.0, 300.0),
    registry=REGISTRY,
)
OUTBOX_LAG = Gauge(
    "docket_outbox_lag_seconds",
    "How long the oldest due, unsent outbox message has been due (0 when nothing waits)",
    registry=REGISTRY,
)

_lock = threading.Lock()
_first_due: dict[int, datetime] = {}  # rows being retried -> when they first fell due


def observe_ack(kind: str, ident: str, seconds: float) -> None:
    """One answered Slack request."""
    ACK_SECONDS.labels(kind=kind, id=ident).observe(seconds)


def observe_job(job: str, outcome: str, seconds: float) -> None:
    """One scheduler job run."""
    JOB_SECONDS.labels(job=job, outcome=outcome).observe(seconds)


def observe_sends(
    *,
    due: Mapping[int, datetime],
    kinds: Mapping[int, str],
    sent: Iterable[int],
    failed: Mapping[int, str],
    retried: Mapping[int, str],
    skipped: Iterable[int],
    paused: Mapping[int, str],
) -> None:
    """Count one delivery pass; remember when retried rows first fell due (for the lag)."""
    with _lock:
        for row_id in sent:
            SENDS.labels(outcome="sent", error="").inc()
            if kinds.get(row_id) in DIGEST_KINDS:
                DIGESTS.labels(kind=kinds[row_id]).inc()
            _first_due.pop(row_id, None)
        for row_id, code in failed.items():
            SENDS.labels(outcome="failed", error=code).inc()
            _first_due.pop(row_id, None)
        for row_id in skipped:
            SENDS.labels(outcome="skipped", error="").inc()
            _first_due.pop(row_id, None)
        for code in paused.values():  # held while the token is broken; sent after it is fixed
            SENDS.labels(outcome="paused", error=code).inc()
        for row_id, code in retried.items():
            SENDS.labels(outcome="retried", error=code).inc()
            if code == "ratelimited":
                RATE_LIMITED.inc()
            if row_id in due:
                _first_due.setdefault(row_id, due[row_id])


def retrying() -> set[int]:
    """The rows this process is retrying."""
    with _lock:
        return set(_first_due)


def set_outbox_lag(now: datetime, oldest_due: datetime | None, still_open: set[int]) -> float:
    """Set the lag: the oldest due row, or a retried row by when it first fell due.

    A retry moves a row's due_at forward, so the rows this process retries are counted from
    when they first fell due; those another process has since sent are forgotten.
    """
    with _lock:
        for gone in set(_first_due) - still_open:
            del _first_due[gone]
        moments = [m for m in (oldest_due, *_first_due.values()) if m is not None and m <= now]
    lag = max(0.0, (now - min(moments)).total_seconds()) if moments else 0.0
    OUTBOX_LAG.set(lag)
    return lag


def exposition() -> bytes:
    """Every metric in Prometheus' text format."""
    return generate_latest(REGISTRY)
