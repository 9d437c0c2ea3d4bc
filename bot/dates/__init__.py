"""Reading what people type: a phrase, now and a zone become a When, an Ask or an Unclear."""

from bot.dates.reader import parse_when, warm_up
from bot.dates.readings import Ask, Unclear, When, Why, echo

__all__ = ["Ask", "Unclear", "When", "Why", "echo", "parse_when", "warm_up"]
