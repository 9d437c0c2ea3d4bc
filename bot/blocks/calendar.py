"""The private answer to /case calendar and /task calendar: the link and how to subscribe."""

from __future__ import annotations

from bot.blocks.common import Message, context, section, shown

HOW = (
    "Subscribe: Google Calendar → Other calendars → *From URL*; Outlook → Add calendar → "
    "*Subscribe from web*; Apple Calendar → File → *New Calendar Subscription*."
)


def feed_link(url: str, *, what: str, reset: bool, command: str) -> Message:
    """The secret feed URL, only for the asker, with what it shows and how to revoke it."""
    first = "Here is a new link; the old one no longer works." if reset else "Your private link:"
    text = f"{first} *{shown(what, 300)}* as a calendar feed:\n`{url}`"
    return {
        "response_type": "ephemeral",
        "text": f"Your calendar link for {what}: {url}",
        "blocks": [
            section(text),
            context(HOW),
            context(
                "Anyone with this link can read what it shows, so keep it to yourself. "
                f"`{command} calendar reset` makes a new link and stops this one; it also stops "
                "when you leave the case's channel. Calendar apps refresh it every few hours."
            ),
        ],
    }
