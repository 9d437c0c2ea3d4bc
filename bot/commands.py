"""Plain-text parsing of slash-command arguments (no Slack, no database)."""

from __future__ import annotations

import re
from dataclasses import dataclass

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


MENTION_RE = re.compile(r"^\s*<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
ANY_MENTION_RE = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")


def leading_mentions(text: str) -> tuple[list[str], str]:
    """Split '<@U1|bob> <@U2> draft brief' into (['U1', 'U2'], 'draft brief')."""
    ids: list[str] = []
    while True:
        match = MENTION_RE.match(text)
        if not match:
            return ids, text.strip()
        ids.append(match.group(1))
        text = text[match.end() :]


def mentioned(text: str) -> str | None:
    """The first user mentioned in text, if any."""
    match = ANY_MENTION_RE.search(text or "")
    return match.group(1) if match else None


def unescape(text: str) -> str:
    """Undo Slack's escaping of &, < and > so text is stored exactly as typed."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


_SLACK_TOKEN = re.compile(r"<([@#!])([^<>|]*)(?:\|([^<>]*))?>")


def plain_text(text: str) -> str:
    """Slack-escaped command text as it was typed: <@U1|bob> -> @bob, &amp; -> &."""

    def typed(match: re.Match[str]) -> str:
        sigil, target, label = match.groups()
        shown = label or (target.split("^")[0] if sigil == "!" else target)
        prefix = "@" if sigil == "!" else sigil
        return shown if shown.startswith(prefix) else prefix + shown

    return unescape(_SLACK_TOKEN.sub(typed, text or ""))


_ASK_RE = re.compile(
    r"^\s*(?:what(?:'|’)?s|what\s+is|what\s+are|whats|which|anything|is\s+anything)\b.*?"
    r"\b(?:due|open|overdue|late|tasks?|deadlines?|left)\b",
    re.IGNORECASE | re.DOTALL,
)
_LIST_WORDS = {"list", "tasks", "list tasks", "show tasks", "deadlines", "list deadlines"}
_WEEK_RE = re.compile(r"\b(?:this|the)\s+week\b", re.IGNORECASE)
_OVERDUE_RE = re.compile(r"\b(?:overdue|late|past\s+due)\b", re.IGNORECASE)


def strip_mention(text: str, user_id: str) -> str:
    """Remove every mention of user_id (Docket itself) from a message's text."""
    pattern = re.compile(rf"<@{re.escape(user_id)}(?:\|[^>]*)?>[:,]?\s*")
    return pattern.sub("", text or "").strip()


def all_mentions(text: str) -> list[str]:
    """Every user mentioned in text, in order, without repeats."""
    return list(dict.fromkeys(ANY_MENTION_RE.findall(text or "")))


# A question for people ("who has the brief?") or a word of thanks: not a task to add.
_QUESTION_RE = re.compile(
    r"^\s*(?:who|whom|whose|what|what's|whats|when|where|why|how|which|is|are|was|were|"
    r"does|do|did|has|have|had)\b.*\?\s*$",
    re.IGNORECASE | re.DOTALL,
)
_CHATTER = frozenset(
    "thanks|thank you|thanks a lot|thank you so much|thx|ty|cheers|hi|hello|hey|ok|okay|"
    "great|cool|nice|got it|good morning|good afternoon|good night|perfect|awesome".split("|")
)


def chatter(text: str) -> bool:
    """'thanks!', 'hello', 'who has the brief?': said to Docket, but not a task to add."""
    words = " ".join(ANY_MENTION_RE.sub(" ", text or "").lower().strip(" ?!.,:;").split())
    return words in _CHATTER or _QUESTION_RE.match(text or "") is not None


def list_question(text: str) -> str | None:
    """'what's due this week?' -> 'week'; 'what is overdue' -> 'overdue'; 'show tasks' -> 'all'."""
    words = " ".join((text or "").lower().strip(" ?!.").split())
    if not _ASK_RE.match(text or "") and words not in _LIST_WORDS:
        return None
    if _OVERDUE_RE.search(text):
        return "overdue"
    return "week" if _WEEK_RE.search(text) else "all"


LIST_NARROWS = frozenset(("mine", "overdue"))
LIST_PLAIN = frozenset(("all", "open", "everything", "tasks"))  # "/task list all": the list
# Words that ask for a list Docket doesn't make ("done", "this week"): refused, never a title.
LIST_WORDS = frozenset(
    "done closed complete completed cancelled canceled today tomorrow this week month "
    "deadlines deadline task my me late due upcoming".split()
)


@dataclass(frozen=True)
class ListAsk:
    """What `/task list REST` narrows the list to, as typed."""

    mine: bool
    overdue: bool
    people: tuple[str, ...]  # user ids mentioned
    unknown: tuple[str, ...]  # list words Docket can't narrow by


def list_ask(rest: str) -> ListAsk | None:
    """`/task list overdue @bob` read as list words and mentions; None when REST has other
    words (a name typed without @, or a title: "list exhibits for trial by Friday")."""
    words = [w.lower() for w in ANY_MENTION_RE.sub(" ", rest).split()]
    if not set(words) <= LIST_NARROWS | LIST_PLAIN | LIST_WORDS:
        return None
    return ListAsk(
        mine="mine" in words,
        overdue="overdue" in words,
        people=tuple(all_mentions(rest)),
        unknown=tuple(dict.fromkeys(w for w in words if w in LIST_WORDS)),
    )
