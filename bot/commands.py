"""Plain-text parsing of slash-command arguments (no Slack, no database)."""

from __future__ import annotations

import re

MATTER_RE = re.compile(r"^(?=.*\d)(?=.*[-:/])[A-Za-z0-9][A-Za-z0-9\-:/.]*$")
TEXT_MAX = 4000


def split_subcommand(text: str | None) -> tuple[str, str]:
    """Split 'new Smith v. Jones' into ('new', 'Smith v. Jones'); the verb is lower-cased."""
    text = (text or "").strip()
    if not text:
        return "", ""
    verb, _, rest = text.partition(" ")
    return verb.lower(), rest.strip()


def parse_case_new(rest: str) -> tuple[str, str | None]:
    """Split '/case new' arguments into (name, matter number or None)."""
    words = rest.split()
    if len(words) >= 2 and MATTER_RE.match(words[-1]):
        return " ".join(words[:-1]), words[-1]
    return " ".join(words), None
