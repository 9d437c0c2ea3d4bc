"""The README's own example works on every weekday, in the stand-in as strict as Slack."""

from __future__ import annotations

import inspect
import io
import re
from pathlib import Path

import pytest

from sandbox.shell import HELP, Shell

EXAMPLE = "/task @bob draft motion to compel by next Friday 5pm"


@pytest.mark.parametrize("day", [7, 8, 9, 10, 11])  # Mon Dec 7 .. Fri Dec 11, 2026
def test_readme_example_creates_its_task_on_every_weekday(world, day):
    out = io.StringIO()
    shell = Shell(world, out, echo=True)
    shell.run(
        [
            f":now 2026-12-{day:02d}T10:00 America/New_York",
            ":as bob",
            ":in #smith-v-jones",
            ":as alice",
            ":in #smith-v-jones",
            "/case new Smith v. Jones 2026-CV-0142",
            EXAMPLE,
        ]
    )
    if "which" in out.getvalue().lower() and "Added task" not in out.getvalue():
        button = next(
            b["text"]["text"]
            for m in reversed(world.slack.messages)
            for block in m.blocks
            if block.get("type") == "actions"
            for b in block["elements"]
        )
        shell.run([f":click {button}"])
    text = out.getvalue()
    assert "Added task #1" in text, text
    assert "failed with the error" not in text and "error:" not in text


def test_readme_and_help_document_every_sandbox_instruction():
    verbs = set(re.findall(r'"(:[a-z]+)": \(', inspect.getsource(Shell._meta)))
    readme = (Path(__file__).parents[1] / "README.md").read_text()
    assert {":as", ":in", ":dm", ":token", ":help"} <= verbs
    assert sorted(v for v in verbs if f"`{v}" not in readme) == []
    assert sorted(v for v in verbs if f"  {v} " not in HELP) == []
