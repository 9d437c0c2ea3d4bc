"""Where a court keeps time: each jurisdiction's zone, federal districts, and when a day ends.

A deadline given as a date ends at the end of that day in the court's zone (FRCP 6(a)(4)(A):
electronic filing closes at midnight in the court's time zone). A jurisdiction may end the day
earlier (`Court.day_ends`).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.courts.jurisdictions import get_court

NY, CHI, DEN, PHX, LA = (
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
)
JURISDICTION_ZONES = {"US-CA": LA}  # US-FED: the district's (set per case)
DISTRICTS: dict[str, str] = {
    "SDNY": NY, "EDNY": NY, "NDNY": NY, "WDNY": NY, "DDC": NY, "DNJ": NY, "DMA": NY,
    "DCT": NY, "EDPA": NY, "MDPA": NY, "WDPA": NY, "DDE": NY, "DMD": NY, "EDVA": NY,
    "WDVA": NY, "NDGA": NY, "MDGA": NY, "SDGA": NY, "SDFL": NY, "MDFL": NY, "EDMI": NY,
    "WDMI": NY, "NDOH": NY, "SDOH": NY, "EDNC": NY, "MDNC": NY, "WDNC": NY, "DSC": NY,
    "NDIL": CHI, "CDIL": CHI, "SDIL": CHI, "NDTX": CHI, "SDTX": CHI, "EDTX": CHI,
    "WDTX": CHI, "DMN": CHI, "EDWI": CHI, "WDWI": CHI, "EDMO": CHI, "WDMO": CHI,
    "EDLA": CHI, "MDLA": CHI, "WDLA": CHI, "NDAL": CHI, "MDAL": CHI, "SDAL": CHI,
    "EDTN": NY, "MDTN": CHI, "WDTN": CHI, "DKS": CHI, "DNE": CHI, "NDOK": CHI,
    "WDOK": CHI, "EDOK": CHI, "DCO": DEN, "DUT": DEN, "DNM": DEN, "DMT": DEN, "DWY": DEN,
    "DID": DEN, "DAZ": PHX, "NDCA": LA, "CDCA": LA, "SDCA": LA, "EDCA": LA, "DNV": LA,
    "DOR": LA, "WDWA": LA, "EDWA": LA, "DHI": "Pacific/Honolulu", "DAK": "America/Anchorage",
    "DPR": "America/Puerto_Rico",
}  # fmt: skip
ZONE_NAMES = {
    NY: "Eastern", CHI: "Central", DEN: "Mountain", PHX: "Mountain (Arizona)", LA: "Pacific",
    "Pacific/Honolulu": "Hawaii", "America/Anchorage": "Alaska",
    "America/Puerto_Rico": "Atlantic",
}  # fmt: skip
DAY_ENDS: dict[str, time] = {}  # jurisdiction -> a filing day that ends before midnight


def jurisdiction_zone(code: str) -> str | None:
    """The zone every court of a jurisdiction keeps, when it has one (US-CA: Pacific)."""
    return JURISDICTION_ZONES.get(get_court(code).code)


def district_zone(code: str) -> str | None:
    """The zone of a federal district written as SDNY, S.D.N.Y. or sdny; None if unknown."""
    return DISTRICTS.get(code.replace(".", "").replace(" ", "").upper())


def zone_name(zone: str) -> str:
    """'Eastern' for America/New_York; other zones by their IANA name."""
    return ZONE_NAMES.get(zone, zone)


def due_moment(day: date, *, zone: str, court: str) -> datetime:
    """The instant a date-only deadline passes: the end of `day` in the court's zone, as UTC."""
    ends = DAY_ENDS.get(court)
    tz = ZoneInfo(zone)
    if ends is not None:
        return datetime.combine(day, ends, tzinfo=tz).astimezone(UTC)
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz).astimezone(UTC)


def day_ends_label(zone: str, court: str) -> str:
    """'11:59 PM Eastern, court time' (or the jurisdiction's own end of the filing day)."""
    ends = DAY_ENDS.get(court, time(23, 59))
    hour = ends.hour % 12 or 12
    return f"{hour}:{ends:%M} {'AM' if ends.hour < 12 else 'PM'} {zone_name(zone)}, court time"
