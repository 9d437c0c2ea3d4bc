"""`python -m bot dates`: one JSON line per input line, in order."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

from bot.dates.cli import main

ROOT = Path(__file__).resolve().parents[1]
KEYS = {"text", "due", "all_day", "echo", "question", "error", "worksheet"}


def run(lines: list[str], *args: str) -> list[dict]:
    out = io.StringIO()
    code = main(list(args), stdin=io.StringIO("".join(f"{x}\n" for x in lines)), stdout=out)
    assert code == 0
    return [json.loads(x) for x in out.getvalue().splitlines()]


def test_one_json_object_per_line_even_for_blank_and_garbage():
    rows = run(["tomorrow 5pm", "", "zzz qqq", "next friday", "   "], "--now", "2026-11-25T10:00")
    assert len(rows) == 5
    assert all(KEYS <= set(r) for r in rows)
    assert rows[0]["due"] == "2026-11-26T17:00:00-05:00" and rows[0]["all_day"] is False
    assert rows[0]["echo"] == "Thu Nov 26, 5:00 PM EST"
    assert rows[1]["error"] and rows[1]["text"] == ""
    assert rows[2]["error"] and rows[2]["due"] is None
    assert rows[3]["question"] and rows[3]["due"] is None


def test_now_without_offset_is_wall_clock_in_tz():
    rows = run(["in 1 hour"], "--now", "2026-11-25T10:00", "--tz", "America/Los_Angeles")
    assert rows[0]["due"] == "2026-11-25T11:00:00-08:00"
    rows = run(["in 1 hour"], "--now", "2026-11-25T10:00Z", "--tz", "America/Los_Angeles")
    assert rows[0]["due"] == "2026-11-25T03:00:00-08:00"


def test_court_changes_rule_phrases_only():
    phrase = "9 court days before Dec 7"
    fed = run([phrase, "tomorrow"], "--now", "2026-11-18T09:00")
    ca = run([phrase, "tomorrow"], "--now", "2026-11-18T09:00", "--court", "US-CA")
    assert fed[0]["due"].startswith("2026-11-23") and ca[0]["due"].startswith("2026-11-20")
    assert ca[0]["worksheet"] and ca[0]["all_day"] is True
    assert fed[1] == ca[1]


def test_default_zone_comes_from_docket_timezone(monkeypatch):
    monkeypatch.setenv("DOCKET_TIMEZONE", "Asia/Kolkata")
    rows = run(["tomorrow 5pm"], "--now", "2026-11-25T10:00")
    assert rows[0]["due"] == "2026-11-26T17:00:00+05:30"


def test_bad_arguments_exit_2():
    assert main(["--tz", "Nowhere/Land"], stdin=io.StringIO(""), stdout=io.StringIO()) == 2
    assert main(["--court", "US-ZZ"], stdin=io.StringIO(""), stdout=io.StringIO()) == 2
    assert main(["--now", "soon"], stdin=io.StringIO(""), stdout=io.StringIO()) == 2


def test_runs_as_a_module():
    env = {**os.environ, "DOCKET_TIMEZONE": "America/New_York"}
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "dates", "--now", "2026-11-25T10:00:00-05:00"],
        input="21 days after 11/25/2026\n\nfriday at 5\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
        check=True,
    )
    rows = [json.loads(x) for x in proc.stdout.splitlines()]
    assert [r["text"] for r in rows] == ["21 days after 11/25/2026", "", "friday at 5"]
    assert rows[0]["due"] == "2026-12-16T17:00:00-05:00"
    assert rows[0]["worksheet"][-1] == "due Wed Dec 16, 2026"
    assert rows[2]["due"] == "2026-11-27T17:00:00-05:00"


def test_numbers_before_by_and_a_date_are_not_read_as_one_date():
    rows = run(
        ["1-12 by Dec 10", "1-25 by next Friday 5pm", "12 by Dec 10", "by Dec 10", "1-12 by 5pm"],
        "--now",
        "2026-11-30T09:00",
    )
    for row in rows[:3]:  # was the year 2110, Mon Jan 25 5pm (next Friday dropped), 2110
        assert row["due"] is None and row["question"] is None
        assert row["error"].startswith(f'I could not read "{row["text"]}" as a date')
    assert rows[3]["due"] == "2026-12-10T17:00:00-05:00" and rows[3]["echo"] == "Thu Dec 10"
    assert rows[4]["question"] and rows[4]["options"] == [  # "due 1-12 by 5pm" as the bot asks it
        "Tue Jan 12, 2027, 5:00 PM EST",
        "Tue Dec 1, 5:00 PM EST",
    ]
