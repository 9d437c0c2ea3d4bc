"""The phrase splitter: the end of a command is a date used whole, or nothing is created."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.services.cut_dates import OneDate, clip
from bot.services.errors import Invalid
from bot.services.whens import Ambiguous, Reading, split_deadline, split_title_when

NY = ZoneInfo("America/New_York")
DEC_1 = Reading(now=datetime(2027, 12, 1, 10, 0, tzinfo=NY), tz="America/New_York")


def _day(when) -> date:
    return when.due.astimezone(NY).date()


def test_a_past_rule_phrase_is_refused_not_shortened_to_its_date():
    with pytest.raises(Invalid) as err:
        split_deadline("Reply 14 days after Nov 1", DEC_1)
    assert '"14 days after Nov 1"' in str(err.value) and "in the past" in str(err.value)
    assert "Nothing was created" in str(err.value)
    with pytest.raises(Invalid):
        split_title_when("Reply 14 days after Nov 1", DEC_1)


def test_a_rule_phrase_without_a_title_is_refused_with_what_was_read():
    with pytest.raises(Invalid) as err:
        split_deadline("21 days after service on Dec 1", DEC_1)
    assert "Wed Dec 22" in str(err.value) and "no title" in str(err.value)


def test_a_rule_phrase_the_reader_cannot_count_is_refused_not_cut_to_its_date():
    with pytest.raises((Invalid, Ambiguous)):
        split_title_when("draft reply 30 days of the hearing on Dec 20", DEC_1)


def test_within_days_of_service_is_a_rule_read_whole():
    title, when = split_title_when("draft reply within 30 days of service on Dec 1", DEC_1)
    assert title == "draft reply" and _day(when) == date(2028, 1, 3)  # Dec 31 is a holiday
    assert when.worksheet


def test_an_impossible_time_is_refused_and_quoted():
    with pytest.raises(Invalid) as err:
        split_title_when("call client by today 25:00", DEC_1)
    assert '"25:00" is not a time of day' in str(err.value)


@pytest.mark.parametrize(
    ("text", "title", "day"),
    [
        ("draft brief within 30 days", "draft brief", date(2027, 12, 31)),
        ("draft brief by within 30 days", "draft brief", date(2027, 12, 31)),
        ("review motion filed by plaintiff on Monday", "review motion filed by plaintiff",
         date(2027, 12, 6)),
        ("review 3 days of transcripts by Friday", "review 3 days of transcripts",
         date(2027, 12, 3)),
    ],
)  # fmt: skip
def test_a_trailing_date_without_by_is_read_like_one_with_by(text, title, day):
    got_title, when = split_title_when(text, DEC_1)
    assert (got_title, _day(when)) == (title, day)


def test_a_trailing_time_of_day_part_without_by_is_the_date_not_the_title():
    title, when = split_title_when("call client tomorrow morning", DEC_1)
    assert title == "call client" and when.echo.startswith("Thu Dec 2, 9:00 AM")


def test_titles_without_dates_stay_undated():
    assert split_title_when("comment on brief", DEC_1) == ("comment on brief", None)
    assert split_title_when("review exhibit 12", DEC_1) == ("review exhibit 12", None)


def test_by_with_an_unreadable_phrase_is_an_error_not_a_title():
    with pytest.raises(Invalid) as err:
        split_title_when("file reply by the portal", DEC_1)
    assert "put the title in quotes" in str(err.value)


def test_a_quoted_title_keeps_date_words():
    title, when = split_title_when('"Reply 14 days after Nov 1" by Friday', DEC_1)
    assert title == "Reply 14 days after Nov 1" and _day(when) == date(2027, 12, 3)


MON_DEC_7 = Reading(now=datetime(2026, 12, 7, 10, 0, tzinfo=NY), tz="America/New_York")


@pytest.mark.parametrize(
    ("split", "text", "quoted"),
    [
        (split_deadline, "Brief 21 dys after Dec 1", '"21 dys after Dec 1"'),
        (split_deadline, "Brief twenty-one days after Dec 1", '"twenty-one days after Dec 1"'),
        (split_deadline, "Reply 1,000 dayz after Dec 1", '"1,000 dayz after Dec 1"'),
        (split_deadline, "Brief 21 dys before Dec 10", '"21 dys before Dec 10"'),
        (split_deadline, "Brief after Dec 1", '"after Dec 1"'),
        (split_title_when, "brief after Dec 1", '"after Dec 1"'),
    ],
)
def test_an_unread_offset_is_refused_not_dropped_to_its_trigger_date(split, text, quoted):
    with pytest.raises(Invalid) as err:
        split(text, MON_DEC_7)
    msg = str(err.value)
    assert quoted in msg and "Nothing was created" in msg and "e.g. `/" in msg


def test_a_number_in_a_title_before_a_due_keyword_is_still_a_title():
    title, when = split_title_when("file Exhibit 3 pages before Friday", MON_DEC_7)
    assert title == "file Exhibit 3 pages" and _day(when) == date(2026, 12, 11)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Brief 1 month after Jan 31", date(2027, 3, 1)),  # Sun Feb 28 rolls to Monday
        ("Brief 2 months after Dec 31", date(2027, 3, 1)),
        ("Brief 2 months after Oct 31", date(2026, 12, 31)),  # a trigger just past, not 2027
        ("Brief 21 days from Dec 1", date(2026, 12, 22)),
        ("Brief 21 days after service on Nov 20", date(2026, 12, 11)),
    ],
)
def test_month_offsets_follow_the_weekend_rule_and_a_recent_trigger(text, day):
    title, when = split_deadline(text, MON_DEC_7)
    assert title == "Brief" and _day(when) == day


@pytest.mark.parametrize(
    ("text", "echo"),
    [
        ("Brief 21 days after Dec 1 5pm", "Tue Dec 22, 5:00 PM EST"),
        ("Brief 21 days after Dec 1 at noon", "Tue Dec 22, 12:00 PM EST"),
    ],
)
def test_a_time_after_a_rule_phrase_is_used_and_echoed_not_dropped(text, echo):
    title, when = split_deadline(text, MON_DEC_7)
    assert title == "Brief" and when.echo == echo and not when.all_day
    assert when.worksheet[-1].endswith("as typed")


def test_a_time_after_a_rule_phrase_is_in_the_courts_zone_when_it_has_one():
    london = Reading(now=datetime(2026, 12, 7, 15, 0, tzinfo=NY), tz="Europe/London", court="US-CA")
    _, when = split_deadline("Brief 21 days after Dec 1 5pm", london)
    assert "(5:00 PM PST)" in when.echo


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("review the production in 1,000 days", date(2029, 9, 2)),
        ("review the production in 1 000 days", date(2029, 9, 2)),
        ("review in 10,000 hours", date(2028, 1, 28)),
    ],
)
def test_a_number_with_thousands_separators_is_read_whole(text, day):
    title, when = split_title_when(text, MON_DEC_7)
    assert title.startswith("review") and _day(when) == day


@pytest.mark.parametrize("text", ["review in 2,5 days", "review in 1.5 days", "review in .5 weeks"])
def test_a_fraction_of_a_unit_is_refused_not_rounded(text):
    with pytest.raises(Invalid) as err:
        split_title_when(text, MON_DEC_7)
    assert "not a whole number" in str(err.value) and "Nothing was created" in str(err.value)


@pytest.mark.parametrize(
    ("split", "text"),
    [
        (split_title_when, "review in 10000 years"),
        (split_title_when, "review in 11 years"),
        (split_deadline, "Reply 100000 days after Dec 1"),
        (split_deadline, "Reply 99999999999 court days after Dec 1"),
    ],
)
def test_a_date_beyond_ten_years_is_refused_without_a_traceback(split, text, caplog):
    with pytest.raises(Invalid) as err:
        split(text, MON_DEC_7)
    assert "more than 10 years" in str(err.value) and "Nothing was created" in str(err.value)
    assert not [r for r in caplog.records if r.exc_info]


def test_two_dates_joined_after_a_number_are_refused_naming_both_not_a_year():
    with pytest.raises(OneDate) as err:
        split_title_when("file 2 briefs by Dec 10 and Dec 15", MON_DEC_7)
    said = str(err.value)
    assert "(Thu Dec 10 and Tue Dec 15)" in said and "2115" not in said
    assert err.value.keep == "file 2 briefs by Dec 10"


def test_the_title_to_quote_is_the_whole_command_never_cut_inside_a_date():
    text = "send the signed settlement agreement to counsel by Jan 20 2019"
    with pytest.raises(Invalid) as err:
        split_title_when(text, MON_DEC_7)
    said = str(err.value)
    assert f'`/task "{text}"`' in said  # the example to type works: never cut to "Jan 20 20"
    assert 'Jan 20 20"' not in said


def test_clip_cuts_between_words():
    assert clip("answer by Jan 20", 80) == "answer by Jan 20"
    assert clip("review the file by Jan 20", 20) == "review the file by…"


MON_NOV_30 = Reading(now=datetime(2026, 11, 30, 9, 0, tzinfo=NY), tz="America/New_York")


def test_the_task_is_not_made_undated_with_the_rule_in_its_title():
    with pytest.raises(Ambiguous) as err:
        split_title_when("file opp 7 days after mediation", MON_NOV_30)
    assert err.value.title == "file opp" and err.value.options == ()
    title, when = split_deadline("Subpoena at least 14 days before the depo on Jan 20", MON_NOV_30)
    assert (title, when.echo) == ("Subpoena", "Wed Jan 6, 2027")
