"""Command words Docket doesn't have ("/task delete 1"): refused, never read as a title.

A /task text that starts with such a word (or two: "mark done") followed by a task number
("delete 1", "complete #2", "close task 3", "reschedule 1 Friday", "reassign 1 @alice") is a
command mistyped, not a task to add: it is answered privately with the command that does it,
on that number. The word alone is refused too. A title with no number right after the word
("close out discovery by Friday", "Move to compel by Dec 8") is a title, and so is one whose
number counts things ("complete 2 interrogatory responses by Dec 10", "update 3 exhibits for
trial by Friday"): words after the number that are not a date, a person or "done".
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from bot.dates.reader import parse_when
from bot.services.errors import Refused
from bot.services.task_commands import TaskVerb
from bot.services.whens import unread

NUMBERED_RE = re.compile(r"^(?:task\s+)?#?(?P<number>\d{1,9})(?:\s+(?P<rest>.*))?$", re.I | re.S)
MENTION_RE = re.compile(r"<@[UW][A-Z0-9]+(?:\|[^>]*)?>|@[\w.\-]+")
LEAD_RE = re.compile(r"^(?:(?:the\s+)?due(?:\s+date)?|to|until|till|for|by|on|as)\s+", re.I)

CANCEL_WORDS = ("delete", "del", "rm", "remove", "erase", "drop", "trash", "discard")
DONE_WORDS = (
    "complete", "completed", "close", "closed", "finish", "finished", "resolve", "resolved",
    "mark", "donw",
)  # fmt: skip
EDIT_WORDS = ("edit", "rename", "change", "update", "modify")
DUE_WORDS = ("move", "reschedule", "postpone", "push", "extend", "defer", "delay", "redate")
SHOW_WORDS = ("history", "view", "details", "info", "log")
ASSIGN_WORDS = ("reassign", "delegate", "give", "hand", "transfer")
PAIRS = {  # two words typed for one: "mark done 1"
    "mark done": "mark", "mark complete": "mark", "mark completed": "mark",
    "mark as": "mark", "mark cancelled": "delete", "mark canceled": "delete",
    "push back": "push", "move back": "move",
}  # fmt: skip
CANCEL_REST = re.compile(r"\b(?:cancel+ed|cancel|deleted?|removed?)\b", re.I)


def _after_number(word: str, number: str, rest: str) -> tuple[str, str] | None:
    """What to say and the example when words follow the number ("reschedule 1 Friday")."""
    phrase = LEAD_RE.sub("", rest.strip()).strip()
    mention = MENTION_RE.search(rest)
    if word in (*ASSIGN_WORDS, *EDIT_WORDS) and mention:
        example = f"/task assign {number} {mention.group(0)}"
        return f"To hand a task to someone in this channel: `{example}`.", example
    if word in DUE_WORDS or (word in EDIT_WORDS and re.match(r"(?:the\s+)?due\b", rest, re.I)):
        when = phrase if phrase and len(phrase.split()) <= 5 else "Monday 9am"
        example = f"/task due {number} {when}"
        return f"To move a task's due date: `{example}`.", example
    if word == "mark" and CANCEL_REST.search(rest):
        return f"To remove a task, cancel it: `/task cancel {number}`.", f"/task cancel {number}"
    return None


def _said(word: str, number: str | None, rest: str = "") -> tuple[str, str]:
    """What to say about `/task WORD [N] [REST]`, and a working example."""
    n = number or "N"
    closing = f"`/task {word}` isn't a Docket command, so nothing was created or changed."
    fitted = _after_number(word, n, rest) if number and rest else None
    if fitted is not None:
        said, example = fitted
    elif word in CANCEL_WORDS:
        said, example = f"To remove a task, cancel it: `/task cancel {n}`.", f"/task cancel {n}"
    elif word in DONE_WORDS:
        said, example = f"To close a task, mark it done: `/task done {n}`.", f"/task done {n}"
    elif word in ASSIGN_WORDS:
        said = f"To hand a task to someone in this channel: `/task assign {n} @bob`."
        example = f"/task assign {n} @bob"
    elif word in DUE_WORDS:
        said = f"To move a task's due date: `/task due {n} Monday 9am`."
        example = f"/task due {n} Monday 9am"
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
    if number is not None and rest and word != "mark":  # "update 3 exhibits": maybe a title
        said += " To add a task with these words as its title, put the title in quotes."
    return f"{closing} {said}", example


# Only whether words read as a date matters here, not which date: any moment will do.
REFERENCE = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
# After the number, words that make it a command about that task, not a count of things.
COMMANDISH = frozenset(("the", "done", "complete", "completed", "cancelled", "canceled", "and"))


def _no_date(phrase: str) -> bool:
    """Whether nothing in the phrase reads as a date (usable or not)."""
    return unread(parse_when(phrase, now=REFERENCE, tz=UTC, allow_past=True))


def _counted(rest: str) -> bool:
    """'complete 2 interrogatory responses by Dec 10': the number counts things in a title.

    The words after the number are neither empty, a person, a word like "done", nor a date
    ("reschedule 1 Friday", "move 1 to Friday", "complete 1 by Friday" stay commands).
    """
    phrase = LEAD_RE.sub("", rest.strip()).strip()
    if not phrase or MENTION_RE.match(phrase) or phrase.split()[0].lower() in COMMANDISH:
        return False
    return _no_date(phrase)


WORDS = frozenset((*CANCEL_WORDS, *DONE_WORDS, *EDIT_WORDS, *DUE_WORDS, *SHOW_WORDS, *ASSIGN_WORDS))


def refuse_mistyped(text: str) -> None:
    """Refused when `text` is a command word Docket doesn't have, alone or before a task number."""
    words = text.strip().split(maxsplit=2)
    if not words:
        return
    word, rest = words[0].lower(), " ".join(words[1:])
    pair = " ".join(words[:2]).lower()
    if pair in PAIRS:
        typed, word, rest = pair, PAIRS[pair], " ".join(words[2:])
    elif word in WORDS:
        typed = word
    else:
        return
    rest = rest.strip()
    found = NUMBERED_RE.match(rest)
    if rest and found is None:  # "close out discovery by Friday": a title
        if word != "mark" or not re.fullmatch(r"(?:as\s+)?(?:done|complete)?", rest, re.I):
            return
    if found is not None and _counted(found.group("rest") or ""):
        return  # "update 3 exhibits for trial by Friday": a title that counts things
    number = found.group("number") if found else None
    said, example = _said(word, number, (found.group("rest") or "") if found else "")
    raise Refused(said.replace(f"`/task {word}`", f"`/task {typed}`", 1), example)


def assign_is_title(rest: str) -> bool:
    """'/task assign exhibits numbers by Dec 9' is a title: no number or @person near the start."""
    head = rest.split()[:2]
    return (
        len(head) == 2
        and MENTION_RE.search(rest) is None
        and not any(re.fullmatch(r"#?\d{1,9}", word) for word in head)
    )


NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve first second third last "
    "next previous n".split()
)


def verb_is_title(rest: str) -> bool:
    """'/task due diligence memo by Dec 15': a real command word opening a title, not a command.

    Two words or more after it, none a task number or a person first, and not a date as a whole
    ("/task due next Friday" forgot the number: that is still answered as the command).
    """
    words = rest.split()
    if len(words) < 2 or NUMBERED_RE.match(rest.strip()) or MENTION_RE.match(rest.strip()):
        return False
    first = words[0].lower()
    if (
        first in ("all", "every", "task", "tasks", "my", "mine", "them", "these")
        or first in NUMBER_WORDS
    ):
        return False  # "/task cancel all of them", "/task due one Monday": meant as commands
    if len(first) == 1 or first[0] in "#-+" or any(c.isdigit() for c in first):
        return False  # "due x Monday", "snooze 1.5 tomorrow": a number mistyped
    return _no_date(rest)


REPEAT_VERBS = (TaskVerb.STOP, TaskVerb.SKIP)  # a repeat's: "/task stop the leak" is a title
# Verbs that also open everyday titles ("due diligence memo", "cancel the hotel", "show
# exhibits to Alice"): without a number after them, the words are a task to add.
TITLE_VERBS = (TaskVerb.DUE, TaskVerb.CANCEL, TaskVerb.SHOW, TaskVerb.REOPEN, TaskVerb.SNOOZE)
COMMAND_VERBS = frozenset(TaskVerb)
TASK_NUMBER_RE = re.compile(r"^#?\d+(?:\s|$)")


def is_command(verb: str, rest: str) -> bool:
    """Whether `/task VERB REST` is that command on a task; else VERB REST is a title to add."""
    if verb in REPEAT_VERBS:
        return TASK_NUMBER_RE.match(rest) is not None
    if verb not in COMMAND_VERBS:
        return False
    if verb == TaskVerb.ASSIGN:
        return not assign_is_title(rest)
    return not (verb in TITLE_VERBS and verb_is_title(rest))
