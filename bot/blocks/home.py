"""The App Home tab: the user's open tasks across their cases."""

from __future__ import annotations

from typing import Any

from bot.blocks.common import context, section
from bot.blocks.tasklist import listing
from bot.services.listing import Listing


def home(result: Listing, *, tz: str) -> dict[str, Any]:
    """The Home tab view for one user."""
    body = listing(result, tz=tz)["blocks"]
    return {
        "type": "home",
        "blocks": [
            section("*Docket* keeps your cases on deadline."),
            *body[:45],
            context("Only cases whose channels you are in are shown. `/task help` for commands."),
        ],
    }
