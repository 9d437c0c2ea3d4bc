"""`python -m bot` on a fresh clone with no virtualenv active: made and re-run in .venv."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot import checkout

ROOT = Path(__file__).resolve().parents[1]


def _checkout(tmp_path: Path) -> Path:
    (tmp_path / "Makefile").write_text("install:\n\t@true\n")
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    return tmp_path


def _venv(root: Path) -> int:
    python = root / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text("#!/bin/sh\n")
    return 0


def test_with_its_dependencies_it_runs_here(tmp_path):
    ran: list[object] = []
    got = checkout.ensure(["dates"], root=tmp_path, lacking=list, execute=lambda *a: ran.append(a))
    assert got is None and ran == []


def test_without_them_it_installs_and_reruns_the_same_command_in_venv(tmp_path, monkeypatch):
    monkeypatch.delenv(checkout.GUARD, raising=False)
    root = _checkout(tmp_path)
    ran: list[tuple[str, list[str]]] = []
    got = checkout.ensure(
        ["sandbox", "--script", "s.txt"],
        root=root,
        lacking=lambda: ["sqlmodel"],
        install=_venv,
        execute=lambda path, args: ran.append((path, args)),
    )
    python = str(root / ".venv" / "bin" / "python")
    assert ran == [(python, [python, "-m", "bot", "sandbox", "--script", "s.txt"])]
    assert os.environ[checkout.GUARD] == "1"
    assert got is not None  # only a stand-in execv returns


def test_a_failed_install_is_said_and_nothing_runs(tmp_path, monkeypatch):
    monkeypatch.delenv(checkout.GUARD, raising=False)
    ran: list[object] = []
    got = checkout.ensure(
        [],
        root=_checkout(tmp_path),
        lacking=lambda: ["sqlmodel"],
        install=lambda root: 2,
        execute=lambda *a: ran.append(a),
    )
    assert got is not None and "make install` failed (exit 2)" in got and ran == []


def test_a_second_rerun_still_missing_them_stops_instead_of_looping(tmp_path, monkeypatch):
    monkeypatch.setenv(checkout.GUARD, "1")
    installs: list[Path] = []
    got = checkout.ensure(
        [], root=_checkout(tmp_path), lacking=lambda: ["dateparser"], install=installs.append
    )
    assert got is not None and "missing dateparser after `make install`" in got
    assert installs == []


def test_outside_a_checkout_it_says_to_install(tmp_path):
    got = checkout.ensure([], root=tmp_path, lacking=lambda: ["slack_bolt"])
    assert got == "missing slack_bolt: install Docket first (pip install .)"


@pytest.mark.skipif(sys.platform == "win32", reason="a shell script stands in for .venv's python")
def test_python_without_site_packages_reruns_dates_in_the_venv(tmp_path):
    """The whole path: `python -S -m bot dates` (no dependency importable) in a checkout whose
    `make install` is a no-op and whose .venv/bin/python is this interpreter: JSON on stdout."""
    root = _checkout(tmp_path)
    (root / "bot").symlink_to(ROOT / "bot")
    python = root / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n')
    python.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k != checkout.GUARD}
    done = subprocess.run(
        [sys.executable, "-S", "-m", "bot", "dates", "--now", "2026-12-01T09:00"],
        input="Dec 7 5pm\n",
        capture_output=True,
        text=True,
        cwd=root,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    line = json.loads(done.stdout.strip().splitlines()[0])
    assert line["text"] == "Dec 7 5pm" and "2026-12-07" in json.dumps(line)
