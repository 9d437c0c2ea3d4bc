"""`python -m bot` from a fresh checkout, no virtualenv activated: re-run in the checkout's .venv.

The README's commands (`python -m bot sandbox --script FILE`, `python -m bot dates` …) work as
written on a fresh clone: when the interpreter running them cannot import Docket's dependencies
and the package sits in a checkout with its Makefile, `make install` creates or updates `.venv`
(its output goes to stderr: `dates` prints JSON lines on stdout) and the same command runs again
in `.venv/bin/python`, with the same arguments, stdin and working directory. An installed Docket
(the Procfile's `python -m bot web` on a platform that ran `pip install`) imports its
dependencies and never gets here. Standard library only: it runs before any dependency loads.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).absolute().parent.parent  # where this bot/ was found (not resolved)
NEEDED = ("slack_bolt", "sqlmodel", "apscheduler", "dateparser", "dotenv")
GUARD = "DOCKET_REEXECUTED"  # set for the re-run, so a broken install cannot loop


def missing(modules: Sequence[str] = NEEDED) -> list[str]:
    """The dependencies this interpreter cannot import."""
    return [name for name in modules if importlib.util.find_spec(name) is None]


def ensure(
    argv: Sequence[str],
    *,
    root: Path = ROOT,
    lacking: Callable[[], list[str]] = missing,
    install: Callable[[Path], int] | None = None,
    execute: Callable[[str, list[str]], object] = os.execv,
) -> str | None:
    """None when the dependencies import here; else re-run argv in root's .venv after `make
    install` (not returning), or say why it cannot, in a line fit for stderr."""
    gone = lacking()
    if not gone:
        return None
    python = root / ".venv" / "bin" / "python"
    if not (root / "Makefile").is_file() or not (root / "pyproject.toml").is_file():
        return f"missing {', '.join(gone)}: install Docket first (pip install .)"
    if os.environ.get(GUARD):  # already re-run once: installing again would loop
        return f"missing {', '.join(gone)} after `make install`; run it in {root} and see why"
    status = (install or _make_install)(root)
    if status != 0 or not python.exists():
        return f"`make install` failed (exit {status}); run it in {root} and see why"
    os.environ[GUARD] = "1"
    execute(str(python), [str(python), "-m", "bot", *argv])
    return f"could not start {python}"  # os.execv does not return


def _make_install(root: Path) -> int:
    """`make install` in root, its output on stderr (stdout may carry `dates` JSON lines)."""
    if shutil.which("make") is None:
        return 127
    print(f"docket: setting up {root / '.venv'} (make install) ...", file=sys.stderr, flush=True)
    return subprocess.run(["make", "-s", "-C", str(root), "install"], stdout=sys.stderr).returncode
