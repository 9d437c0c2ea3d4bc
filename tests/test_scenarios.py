"""Scenario transcripts: tests/scenarios/NAME.txt must print exactly NAME.out.

Regenerate with DOCKET_UPDATE_SCENARIOS=1 and review the diff like any other change.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from sandbox.shell import Shell

SCENARIOS = Path(__file__).resolve().parent / "scenarios"


@pytest.mark.parametrize("script", sorted(SCENARIOS.glob("*.txt")), ids=lambda p: p.stem)
def test_scenario_transcript(world, script):
    out = io.StringIO()
    Shell(world, out, echo=True).run(script.read_text().splitlines())
    expected_path = script.with_suffix(".out")
    if os.environ.get("DOCKET_UPDATE_SCENARIOS") or not expected_path.exists():
        expected_path.write_text(out.getvalue())
    assert out.getvalue() == expected_path.read_text()
