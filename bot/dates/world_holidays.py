"""Holidays of other calendars by name, from the `holidays` package's country calendars.

Three kinds, because a deadline must not be a guess:
- a day fixed in advance (Hindu, Sikh and Jain festivals on India's gazetted list, Lunar New Year,
  King's Day): that day; when two published calendars disagree, ask which;
- a Jewish holiday, which begins at sundown the evening before: ask, the eve or the day;
- an Islamic holiday, whose day depends on the moon sighting: ask, offering the expected day;
- a festival kept on different days by different traditions (Janmashtami, Onam): ask, offering
  the gazetted day.
A year the calendars do not cover is refused, never guessed.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache

import holidays

from bot.courts.counting import fmt_day
from bot.dates.parts import Choice, Moment


class Kind(StrEnum):
    """How sure a day a holiday name gives."""

    FIXED = "fixed"
    SUNDOWN = "sundown"
    MOON = "moon"
    VARIES = "varies"  # kept on different days by different traditions or regions


Source = tuple[str, tuple[str, ...]]  # a country code and the categories of its calendar
_IN: Source = ("IN", ("government", "optional", "optional_women", "public"))
_IL: Source = ("IL", ("optional", "public", "school"))
_SG: Source = ("SG", ("public",))
_NL: Source = ("NL", ("public",))
_TR: Source = ("TR", ("public",))
# (aliases, kind, sources: (calendar, its name for the holiday), what to call it)
_TABLE: list[tuple[tuple[str, ...], Kind, tuple[tuple[Source, str], ...], str]] = [
    (("diwali", "deepavali", "divali", "deepawali", "lakshmi puja", "laxmi puja"),
     Kind.FIXED, ((_IN, "Diwali"),), "Diwali"),
    (("holi", "dhulandi", "dhuleti", "phagwah"), Kind.FIXED, ((_IN, "Holi"),), "Holi"),
    (("holika dahan", "chhoti holi", "choti holi"), Kind.FIXED, ((_IN, "Holika Dahan"),),
     "Holika Dahan"),
    (("dussehra", "dasara", "vijayadashami", "vijaya dashami"), Kind.FIXED,
     ((_IN, "Dussehra"),), "Dussehra"),
    (("raksha bandhan", "rakhi"), Kind.FIXED, ((_IN, "Raksha Bandhan"),), "Raksha Bandhan"),
    (("ganesh chaturthi", "vinayaka chaturthi", "vinayak chaturthi"), Kind.FIXED,
     ((_IN, "Ganesh Chaturthi / Vinayak Chaturthi"),), "Ganesh Chaturthi"),
    (("maha shivaratri", "mahashivaratri", "maha shivratri", "shivaratri"), Kind.FIXED,
     ((_IN, "Maha Shivaratri"),), "Maha Shivaratri"),
    (("ram navami", "rama navami"), Kind.FIXED, ((_IN, "Ram Navami"),), "Ram Navami"),
    (("mahavir jayanti", "mahaveer jayanti"), Kind.FIXED, ((_IN, "Mahavira's Birthday"),),
     "Mahavir Jayanti"),
    (("guru nanak jayanti", "guru nanaks birthday", "guru nanak birthday", "gurpurab"),
     Kind.FIXED, ((_IN, "Guru Nanak's Birthday"),), "Guru Nanak Jayanti"),
    (("guru gobind singh jayanti", "guru gobind singhs birthday", "guru gobind singh birthday",
      "guru govind singh jayanti"),
     Kind.FIXED, ((_IN, "Guru Gobind Singh's Birthday"),), "Guru Gobind Singh Jayanti"),
    (("makar sankranti", "makara sankranti", "sankranti"), Kind.FIXED,
     ((_IN, "Makar Sankranti"),), "Makar Sankranti"),
    (("pongal", "thai pongal"), Kind.FIXED, ((_IN, "Pongal"),), "Pongal"),
    (("vaisakhi", "baisakhi"), Kind.FIXED, ((_IN, "Vaisakhi"),), "Vaisakhi"),
    (("onam", "thiruvonam"), Kind.VARIES, ((_IN, "Onam"),), "Onam"),
    (("ugadi", "yugadi", "gudi padwa", "chaitra sukladi", "chaitra sukhladi", "samvatsaradi"),
     Kind.FIXED, ((_IN, "Ugadi"),), "Ugadi"),
    (("bhai dooj", "bhai duj", "bhau beej", "bhai tika"), Kind.FIXED, ((_IN, "Bhai Duj"),),
     "Bhai Dooj"),
    (("govardhan puja",), Kind.FIXED, ((_IN, "Govardhan Puja"),), "Govardhan Puja"),
    (("karva chauth", "karwa chauth"), Kind.FIXED,
     ((_IN, "Karaka Chaturthi (Karwa Chouth)"),), "Karva Chauth"),
    (("chhath", "chhath puja", "surya shashthi"), Kind.FIXED,
     ((_IN, "Pratihar Shashthi or Surya Shashthi (Chhath Puja)"),), "Chhath Puja"),
    (("rath yatra", "ratha yatra"), Kind.FIXED, ((_IN, "Rath Yatra"),), "Rath Yatra"),
    (("janmashtami", "krishna janmashtami", "gokulashtami"), Kind.VARIES,
     ((_IN, "Janmashtami (Vaishnava)"),), "Janmashtami"),
    (("valmiki jayanti", "maharishi valmiki jayanti", "pargat diwas"), Kind.FIXED,
     ((_IN, "Maharishi Valmiki's Birthday"),), "Valmiki Jayanti"),
    (("guru ravidas jayanti", "ravidas jayanti", "guru ravidas birthday", "guru ravidass jayanti",
      "guru ravidass birthday"), Kind.FIXED,
     ((_IN, "Guru Ravi Das's Birthday"),), "Guru Ravidas Jayanti"),
    (("rabindra jayanti", "rabindranath jayanti", "tagore jayanti", "rabindranath tagore jayanti"),
     Kind.FIXED, ((_IN, "Guru Rabindranath's Birthday"),), "Rabindra Jayanti"),
    (("parsi new year", "jamshedi navroz"), Kind.FIXED, ((_IN, "Parsi New Year"),),
     "Parsi New Year"),
    (("maha saptami", "durga saptami"), Kind.FIXED, ((_IN, "Dussehra (Saptami)"),),
     "Maha Saptami"),
    (("maha ashtami", "durga ashtami"), Kind.FIXED, ((_IN, "Dussehra (Mahashtami)"),),
     "Maha Ashtami"),
    (("maha navami",), Kind.FIXED, ((_IN, "Dussehra (Mahanavami)"),), "Maha Navami"),
    (("chinese new year", "lunar new year", "spring festival", "chinese lunar new year",
      "chinese new years day", "chinese lunar new years day", "chinese new years"),
     Kind.FIXED, ((_SG, "Chinese New Year"),), "Lunar New Year"),
    (("vesak", "vesak day", "buddha purnima", "buddha jayanti", "buddha day"), Kind.FIXED,
     ((_SG, "Vesak Day"), (_IN, "Buddha Purnima")), "Vesak"),
    (("kings day", "koningsdag"), Kind.FIXED, ((_NL, "King's Day"),), "King's Day"),
    (("yom kippur",), Kind.SUNDOWN, ((_IL, "Yom Kippur"),), "Yom Kippur"),
    (("rosh hashanah", "rosh hashana", "rosh hashanna", "jewish new year"), Kind.SUNDOWN,
     ((_IL, "Rosh Hashanah"),), "Rosh Hashanah"),
    (("hanukkah", "chanukah", "hanukah", "hannukah", "chanukkah", "hannukkah"), Kind.SUNDOWN,
     ((_IL, "Hanukkah"),), "Hanukkah"),
    (("passover", "pesach"), Kind.SUNDOWN, ((_IL, "Pesach"),), "Passover"),
    (("sukkot", "succot", "succos", "sukkos"), Kind.SUNDOWN, ((_IL, "Sukkot"),), "Sukkot"),
    (("shavuot", "shavuos"), Kind.SUNDOWN, ((_IL, "Shavuot"),), "Shavuot"),
    (("purim",), Kind.SUNDOWN, ((_IL, "Purim"),), "Purim"),
    (("lag baomer", "lag bomer"), Kind.SUNDOWN, ((_IL, "Lag BaOmer"),), "Lag BaOmer"),
    (("eid al fitr", "eid ul fitr", "id ul fitr"), Kind.MOON,
     ((_TR, "Eid al-Fitr"),), "Eid al-Fitr"),
    (("eid al adha", "eid ul adha", "id ul adha", "bakrid", "bakr id", "bakra eid"), Kind.MOON,
     ((_TR, "Eid al-Adha"),), "Eid al-Adha"),
]  # fmt: skip
_BY_NAME = {alias: row for row in _TABLE for alias in row[0]}


def known(key: str) -> bool:
    """Whether key (lower case, no punctuation) names a holiday of this table."""
    return key in _BY_NAME


@lru_cache(maxsize=128)
def _calendar(country: str, categories: tuple[str, ...], y: int) -> dict[str, date]:
    cal = holidays.country_holidays(country, years=y, categories=categories)
    first: dict[str, date] = {}
    for d, names in sorted(cal.items()):
        for name in names.split("; "):
            first.setdefault(name, d)
    return first


def days_in(key: str, y: int) -> tuple[date, ...]:
    """The day(s) the calendars give for the holiday in year y (more than one: they disagree)."""
    _, _, sources, _ = _BY_NAME[key]
    got = {_calendar(src[0], src[1], y).get(name) for src, name in sources}
    return tuple(sorted(d for d in got if d is not None))


def answer(key: str, days: tuple[date, ...]) -> date | Choice:
    """The day to use, or the question to ask, for the holiday on days (one year's)."""
    _, kind, _, label = _BY_NAME[key]
    first = days[0]
    if kind is Kind.SUNDOWN:
        eve = first - timedelta(days=1)
        return Choice(
            f"{label} begins at sundown on {fmt_day(eve)}; its first full day is "
            f"{fmt_day(first)}. Which do you mean?",
            (Moment(eve), Moment(first)),
            settle=False,
        )
    if kind is Kind.MOON:
        return Choice(
            f"{label} is expected on {fmt_day(first)}, but its day depends on the moon "
            "sighting. Use that day?",
            (Moment(first),),
            settle=False,
        )
    if kind is Kind.VARIES:
        return Choice(
            f"{label} is on {fmt_day(first)} by India's gazetted calendar, but traditions and "
            "regions keep it on different days. Use that day?",
            (Moment(first),),
            settle=False,
        )
    if len(days) > 1:
        shown = " or ".join(fmt_day(d) for d in days)
        return Choice(f"Calendars differ on {label}: {shown}?", tuple(Moment(d) for d in days))
    return first


def either_eid(fitr: object, adha: object) -> Choice | None:
    """ "Eid" alone: which one, offering each one's expected day (both from the moon)."""
    days = [c.options[0].day for c in (fitr, adha) if isinstance(c, Choice) and c.options]
    if len(days) != 2:
        return None
    return Choice(
        f"Which Eid: Eid al-Fitr (expected {fmt_day(days[0])}) or Eid al-Adha (expected "
        f"{fmt_day(days[1])})? Both depend on the moon sighting.",
        tuple(Moment(d) for d in sorted(days)),
        settle=False,
    )
