"""Command words Docket doesn't have ("/task delete 1"): refused, never read as a title.

A /task text that is one such word alone or with one task number ("delete 1", "complete #2",
"close task 3") is a command mistyped, not a task to add: it is answered privately with the
command that does it. A title that merely starts with the word ("close out discovery by
Friday") is a title.
"""

from __future__ import annotations

import re

from bot.services.task_commands import Refused

NUMBERED_RE = re.compile(r"^(?:task\s+)?#?(?P<number>\d{1,9})$", re.IGNORECASE)

CANCEL_WORDS = ("delete", "remove", "erase", "drop", "trash", "discard")
DONE_WORDS = ("complete", "completed", "close", "finish", "finished", "resolve", "resolved")
EDIT_WORDS = ("edit", "rename", "change", "update", "modify", "move", "reschedule", "postpone")
SHOW_WORDS = ("history", "view", "details", "info", "log")
ASSIGN_WORDS = ("reassign", "delegate", "give")


def _said(word: str, number: str | None) -> tuple[str, str]:
    """What to say about `/task WORD [N]`, and a working example."""
    n = number or "N"
    closing = f"`/task {word}` isn't a Docket command, so nothing was created or changed."
    if word in CANCEL_WORDS:
        said, example = f"To remove a task, cancel it: `/task cancel {n}`.", f"/task cancel {n}"
    elif word in DONE_WORDS:
        said, example = f"To close a task, mark it done: `/task done {n}`.", f"/task done {n}"
    elif word in ASSIGN_WORDS:
        said = f"To hand a task to someone in this channel: `/task assign {n} @bob`."
        example = f"/task assign {n} @bob"
    elif word in EDIT_WORDS:
        said = (
            f"A task's title can't be edited (cancel it with `/task cancel {n}` and add it "
            f"again); its due date can: `/task due {n} Monday 9am`, and who does it: "
            f"`/task assign {n} @bob`."
        )
        example = f"/task due {n} Monday 9am"
    elif number is None:  # history, alone
        said = "`/case history` shows every change in this case; `/task show 3` shows task #3 "
        said, example = said + "with its history.", "/case history"
    else:
        said, example = f"`/task show {n}` shows task #{n} with its history.", f"/task show {n}"
    if number is None and example != "/case history":  # no number typed: where to find it
        said, example = f"{said} N is the task's number: `/task list` shows them.", "/task list"
    return f"{closing} {said}", example


WORDS = frozenset((*CANCEL_WORDS, *DONE_WORDS, *EDIT_WORDS, *SHOW_WORDS, *ASSIGN_WORDS))


def refuse_mistyped(text: str) -> None:
    """Refused when `text` is a command word Docket doesn't have, alone or with a task number."""
    word, _, rest = text.strip().partition(" ")
    word = word.lower()
    if word not in WORDS:
        return
    rest = rest.strip()
    found = NUMBERED_RE.match(rest)
    if rest and found is None:  # "close out discovery by Friday": a title
        return
    raise Refused(*_said(word, found.group("number") if found else None))
