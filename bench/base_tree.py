"""A baseline for a before/after bench: a temporary git worktree of a ref, and a measurement
run in a fresh process that imports Docket from a given checkout."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


@contextmanager
def worktree(ref: str) -> Iterator[tuple[str, Path]]:
    """REF checked out (detached) in a temporary worktree, removed afterwards: (short ref, path)."""
    short = subprocess.run(
        ["git", "rev-parse", "--short", ref], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    with tempfile.TemporaryDirectory(prefix="docket-base-") as tmp:
        path = Path(tmp) / "base"
        subprocess.run(
            ["git", "worktree", "add", "--detach", "-q", str(path), ref],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        try:
            yield short or ref, path
        finally:
            subprocess.run(
                ["git", "worktree", "remove", "--force", str(path)], cwd=ROOT, check=False
            )


def measure_in(checkout: Path, module: str, call: str) -> dict[str, Any]:
    """`module.call` (a bench/ module's function call, e.g. "measure(10)") in a fresh process
    importing Docket from `checkout`; the JSON it returns."""
    code = (
        f"import sys; sys.path.insert(0, {str(checkout)!r}); "
        f"sys.path.insert(1, {str(ROOT / 'bench')!r}); "
        f"import json, {module}; print(json.dumps({module}.{call}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=checkout, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"measuring {checkout} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result
