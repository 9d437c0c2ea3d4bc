"""Scenario transcripts: tests/scenarios/NAME.txt must print exactly NAME.out.

Regenerate with DOCKET_UPDATE_SCENARIOS=1 and review the diff like any other change. A new
scenario fails until its .out is written that way and committed: it cannot pass unseen.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from sandbox.shell import Shell

SCENARIOS = Path(__file__).resolve().parent / "scenarios"
UPDATE = "DOCKET_UPDATE_SCENARIOS"


def check_transcript(script: Path, got: str, *, update: bool) -> None:
    """Compare got with script's .out; write it instead when updating; fail when it is missing."""
    expected = script.with_suffix(".out")
    if update:
        expected.write_text(got)
    elif not expected.exists():
        pytest.fail(
            f"{expected.name} does not exist: run with {UPDATE}=1, read the transcript, commit it"
        )
    assert got == expected.read_text()


# Over Socket Mode too, save the two that only move the clock (the transport plays no part).
CLOCK_ONLY = {"deadline_alerts", "digest_week"}


@pytest.mark.parametrize("script", sorted(SCENARIOS.glob("*.txt")), ids=lambda p: p.stem)
def test_scenario_transcript(world, script):
    out = io.StringIO()
    Shell(world, out, echo=True).run(script.read_text().splitlines())
    check_transcript(script, out.getvalue(), update=bool(os.environ.get(UPDATE)))


def test_a_scenario_without_its_transcript_fails(tmp_path):
    script = tmp_path / "new.txt"
    script.write_text("alice: /task hello\n")
    with pytest.raises(pytest.fail.Exception, match="new.out does not exist"):
        check_transcript(script, "transcript\n", update=False)
    assert not script.with_suffix(".out").exists()
    check_transcript(script, "transcript\n", update=True)
    check_transcript(script, "transcript\n", update=False)
    with pytest.raises(AssertionError):
        check_transcript(script, "changed\n", update=False)


@pytest.mark.parametrize(
    "script",
    [p for p in sorted(SCENARIOS.glob("*.txt")) if p.stem not in CLOCK_ONLY],
    ids=lambda p: p.stem,
)
def test_scenario_transcript_is_the_same_over_socket_mode(socket_world, script):
    out = io.StringIO()
    Shell(socket_world, out, echo=True).run(script.read_text().splitlines())
    assert out.getvalue() == script.with_suffix(".out").read_text()
    sockets = socket_world.slack.sockets
    assert sockets is not None and sockets.protocol_errors == []
    assert {m.get("type") for m in sockets.sent} >= {"hello", "slash_commands"}
