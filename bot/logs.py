"""Logging for operators: text or JSON lines, one line per request and per job run.

Lines at INFO and above carry ids, kinds, counts and timings; never tokens, titles, case names
or message text (those appear, if anywhere, at DEBUG).
"""

from __future__ import annotations

import json
import logging
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

FIELDS = ("kind", "id", "team", "latency_ms", "outcome")
requests_log = logging.getLogger("docket.requests")
jobs_log = logging.getLogger("docket.jobs")


class LogFormat(StrEnum):
    """How log lines are written (LOG_FORMAT)."""

    TEXT = "text"
    JSON = "json"


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message and the structured fields."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as a JSON line."""
        moment = datetime.fromtimestamp(record.created, UTC)
        data: dict[str, object] = {
            "ts": moment.isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for key in FIELDS:
            if key in record.__dict__:
                data[key] = record.__dict__[key]
        if record.exc_info:
            data["exc"] = self.formatException(record.exc_info)
        return json.dumps(data, default=str)


def setup(level: str, fmt: LogFormat) -> None:
    """Configure the root logger once for the process."""
    handler = logging.StreamHandler(sys.stderr)
    if fmt is LogFormat.JSON:
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    if level != "DEBUG":  # alembic lists its plugins at INFO each time it is imported
        logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)


@dataclass
class Outcome:
    """What a timed unit of work ended as; set `value` to say more than ok/error."""

    value: str = "ok"


def record(
    logger: logging.Logger, kind: str, ident: str, team: str, ms: float, outcome: str
) -> None:
    """Write the one line for a request or a job run."""
    fields = {"kind": kind, "id": ident, "team": team, "latency_ms": round(ms, 1)}
    logger.info(
        "%s %s team=%s latency_ms=%.1f outcome=%s",
        kind,
        ident,
        team or "-",
        ms,
        outcome,
        extra={**fields, "outcome": outcome},
    )


@contextmanager
def timed(logger: logging.Logger, kind: str, ident: str, team: str = "") -> Iterator[Outcome]:
    """Time the block and log one line; an exception is logged with its traceback and re-raised."""
    start = time.perf_counter()
    outcome = Outcome()
    try:
        yield outcome
    except Exception:
        outcome.value = "error"
        logger.exception("%s %s failed", kind, ident)
        raise
    finally:
        record(logger, kind, ident, team, (time.perf_counter() - start) * 1000, outcome.value)
