"""Numbers just before "by DATE" are the title's ("answer rogs 1-12 by Dec 10"); dates are not."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.services.cut_dates import OneDate
from bot.services.errors import Invalid
from bot.services.whens import Ambiguous, Reading, split_deadline, split_title_when

NY = ZoneInfo("America/New_York")
NOV_30 = Reading(now=datetime(2026, 11, 30, 9, 0, tzinfo=NY), tz="America/New_York")


def _at(when) -> tuple[date, time | None]:
    due = when.due.astimezone(NY)
    return due.date(), None if when.all_day else due.time()


@pytest.mark.parametrize(
    ("text", "title", "due", "at"),
    [
        ("answer rogs 1-12 by Dec 10", "answer rogs 1-12", date(2026, 12, 10), None),
        ("review exhibits 3-5 by Dec 10", "review exhibits 3-5", date(2026, 12, 10), None),
        ("RFAs 1–30 due Dec 10", "RFAs 1–30", date(2026, 12, 10), None),
        (
            "Interrogatories 1-25 by Friday 5pm",
            "Interrogatories 1-25",
            date(2026, 12, 4),
            time(17, 0),
        ),  # fmt: skip
        (
            "Requests for Admission 1–30 by Dec 10",
            "Requests for Admission 1–30",
            date(2026, 12, 10),
            None,
        ),  # fmt: skip
        ("pages 10-20 by Dec 10", "pages 10-20", date(2026, 12, 10), None),
        ("Counts 1 and 2 by Dec 10", "Counts 1 and 2", date(2026, 12, 10), None),
        ("§§ 3-5 by Dec 10", "§§ 3-5", date(2026, 12, 10), None),
        ("No. 4-7 by Dec 10", "No. 4-7", date(2026, 12, 10), None),
        ("answer rog 12 by Dec 10", "answer rog 12", date(2026, 12, 10), None),
        ("RFPs 1, 2 and 3 by Dec 10", "RFPs 1, 2 and 3", date(2026, 12, 10), None),
        ("RFPs 1-12 on Dec 10", "RFPs 1-12", date(2026, 12, 10), None),
        ("RFPs 1-12 by tomorrow", "RFPs 1-12", date(2026, 12, 1), None),
        ("RFPs 1-12 by Friday 5pm", "RFPs 1-12", date(2026, 12, 4), time(17, 0)),
        ("RFPs 1-12 by 3pm tomorrow", "RFPs 1-12", date(2026, 12, 1), time(15, 0)),
        ("RFPs 1-12 by 5pm", "RFPs 1-12", date(2026, 11, 30), time(17, 0)),
        ("pages 10 to 20 by Dec 10", "pages 10 to 20", date(2026, 12, 10), None),
    ],
)
def test_numbers_before_the_marker_stay_in_the_title(text, title, due, at):
    got_title, when = split_title_when(text, NOV_30)
    assert got_title == title
    assert when is not None and _at(when) == (due, at)


def test_a_question_about_the_date_keeps_the_numbers_in_the_title():
    with pytest.raises(Ambiguous) as err:  # on a Monday, "next Friday" is asked about
        split_title_when("Interrogatories 1-25 by next Friday 5pm", NOV_30)
    assert err.value.title == "Interrogatories 1-25"
    assert [_at(o) for o in err.value.options] == [
        (date(2026, 12, 4), time(17, 0)),
        (date(2026, 12, 11), time(17, 0)),
    ]


def test_a_deadline_keeps_its_numbers_too():
    title, when = split_deadline("Responses to RFPs 1-12 due Dec 10", NOV_30)
    assert title == "Responses to RFPs 1-12" and _at(when) == (date(2026, 12, 10), None)


@pytest.mark.parametrize(
    "text",
    [
        "brief Dec 7 by Dec 10",
        "brief on Dec 7 by Dec 10",
        "brief Dec 7 due Dec 10",
        "file due 1-12 by Dec 10",
    ],  # fmt: skip
)
def test_a_date_before_the_marker_is_a_second_date_refused(text):
    with pytest.raises(OneDate) as err:
        split_title_when(text, NOV_30)
    said = str(err.value)
    assert "more than one date" in said and "Nothing was created" in said
    assert "2110" not in said


@pytest.mark.parametrize(
    ("text", "before", "first"),
    [
        ("brief the 7th by Dec 10", "the 7th", "Mon Dec 7"),
        ("brief 7th by Dec 10", "7th", "Mon Dec 7"),
        ("brief December 7th by Dec 10", "December 7th", "Mon Dec 7"),
        ("brief 12/7 by Dec 10", "12/7", "Mon Dec 7"),
        ("brief on 12/7 by Dec 10", "12/7", "Mon Dec 7"),
        ("brief 12/7/26 by Dec 10", "12/7/26", "Mon Dec 7"),
        ("brief 2026-12-07 by Dec 10", "2026-12-07", "Mon Dec 7"),
        ("brief Dec 7 by Dec 10", "Dec 7", "Mon Dec 7"),
        ("brief tomorrow by Dec 10", "tomorrow", "Tue Dec 1"),
        ("brief next Monday by Dec 10", "next Monday", "Mon Dec 7"),
        ("brief 12/7 due Dec 10", "12/7", "Mon Dec 7"),
    ],
)
def test_a_date_before_by_is_refused_the_same_whatever_its_spelling(text, before, first):
    with pytest.raises(OneDate) as err:
        split_title_when(text, NOV_30)
    said = str(err.value)
    due = text.split(f"{before} ", 1)[1]
    assert f'I read "{before} {due}" as more than one date ({before}: {first}; ' in said
    assert "Thu Dec 10)" in said and "Nothing was created" in said and "2110" not in said
    assert err.value.keep == f'"{text.split(f" {due}")[0]}" {due}'  # the command to type
    title, when = split_title_when(err.value.keep, NOV_30)  # and it works
    assert title == text.split(f" {due}")[0] and _at(when) == (date(2026, 12, 10), None)


def test_a_date_with_two_readings_before_by_names_both():
    with pytest.raises(OneDate) as err:  # on a Monday, "Monday" is today or next week
        split_title_when("brief Monday by Dec 10", NOV_30)
    assert "(Monday: Mon Nov 30 or Mon Dec 7; by Dec 10: Thu Dec 10)" in str(err.value)


def test_a_deadline_with_a_date_before_by_is_refused_too():
    with pytest.raises(OneDate) as err:
        split_deadline("Opposition 12/7 by Dec 10", NOV_30)
    assert err.value.keep == '"Opposition 12/7" by Dec 10'


@pytest.mark.parametrize(
    ("text", "title", "echo"),
    [
        ("call client tomorrow by 5pm", "call client", "Tue Dec 1, 5:00 PM EST"),
        ("brief the 7th by noon", "brief", "Mon Dec 7, 12:00 PM EST"),
        (
            "review motion filed by plaintiff on Friday",
            "review motion filed by plaintiff",
            "Fri Dec 4",
        ),
        ("review March invoices by Dec 10", "review March invoices", "Thu Dec 10"),
    ],  # fmt: skip
)
def test_a_day_and_a_time_of_day_by_it_are_one_date_and_titles_stay(text, title, echo):
    got_title, when = split_title_when(text, NOV_30)
    assert (got_title, when.echo if when else None) == (title, echo)


@pytest.mark.parametrize(
    ("text", "options"),
    [
        ("brief between Dec 7 and 8", 2),
        ("brief Dec 7-8", 2),
        ("brief 12/7-12/8", 2),
        ("hearing 1/12", 2),
        ("hearing due 1-12", 2),
        ("file due 1-12 by 5pm", 2),
    ],
)
def test_dates_and_ranges_of_dates_still_ask(text, options):
    with pytest.raises(Ambiguous) as err:
        split_title_when(text, NOV_30)
    assert len(err.value.options) == options


def test_an_unreadable_date_after_the_numbers_is_refused_as_that_phrase():
    with pytest.raises(Invalid) as err:
        split_title_when("RFPs 1-12 by Dec 10 2019", NOV_30)
    said = str(err.value)
    assert "1-12" not in said.split("Nothing was created")[0] and "2110" not in said
