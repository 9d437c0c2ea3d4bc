"""A date that is an event's, not the due date: "depo prep the week before trial | on 2/1".

When the scan reads only "on DATE" at the end and the words before it end with "before",
"after", "prior to", "following" or "ahead of" and an event ("trial", "the hearing"), the date
is when the event is: the due date is some span from it that the reader could not read. Using the
event's date would be a shorter reading, so the command is refused.
"""

from __future__ import annotations

import re

from bot.services.errors import Invalid

ON_RE = re.compile(r"^(?:on|dated|set\s+for|scheduled\s+for)\s", re.IGNORECASE)
EVENT_RE = re.compile(
    r"(?:^|\s)(?P<said>(?P<dir>before|after|prior\s+to|following|ahead\s+of)\s+"
    r"(?!(?:the\s+)?(?:judge|court|magistrate|hon\.?|honorable|justice|panel|jury|arbitrator|"
    r"board|commission)\b)(?:\S+\s+){0,3}\S+)$",
    re.IGNORECASE,
)  # "before Judge Lee on Monday" is where, not when


def event_date(head: str, phrase: str, example: str, hint: str) -> Invalid | None:
    """Refuse "the week before trial | on 2/1": the date read is the event's, not the due."""
    said = EVENT_RE.search(head.strip())
    if said is None or not ON_RE.match(phrase):
        return None
    event = said.group("said")[len(said.group("dir")) :].strip()
    the = "" if event.lower().startswith("the ") else "the "
    way = "before" if said.group("dir").lower().startswith("ahead") else said.group("dir")
    return Invalid(
        f'I read "{phrase}" as the date of {the}{event} ("{said.group("said")} {phrase}"), not the '
        f"day it is due. Give the due date, or count it in days, e.g. "
        f'"2 days {way} {event} {phrase}". Nothing was created. {hint}'
    )
