"""Strict parsing of the release date and the embargo, with reasons.

YAML 1.2 gives us dates as text; these functions say exactly what is wrong
with a text ("February 2007 has 28 days") instead of "invalid date".
"""

from __future__ import annotations

import datetime as dt
import functools
import re

#: English month names, index 1 to 12 (the ``calendar`` module would bring
#: ``locale`` with it, for names this module only ever needs in English).
MONTH_NAMES = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def days_in_month(year: int, month: int) -> int:
    if month == 2:
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31


_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DATE_TIME = re.compile(
    r"(?P<date>\d{4}-\d{2}-\d{2})[T ](?P<hour>\d{2}):(?P<minute>\d{2})"
    r"(?::(?P<second>\d{2})(?P<fraction>\.\d{1,6})?)?"
    r"(?P<offset>Z|z|[+-]\d{2}:?\d{2})?"
)


def long_date(day: dt.date) -> str:
    """The date as releases print it: '5 October 2020' (no leading zero, month in full)."""
    return f"{day.day} {MONTH_NAMES[day.month]} {day.year}"


class DateProblem(ValueError):
    """A date or date-time text that cannot be accepted; the message says why."""


@functools.lru_cache(maxsize=4096)
def parse_iso_date(text: str, what: str = "date") -> dt.date:
    """Parse ``YYYY-MM-DD``, explaining impossible or malformed dates.

    Remembered: an archive has a few hundred release dates a year, and each
    file's date is read by the shape check and by several rules.
    """
    match = _ISO_DATE.fullmatch(text.strip())
    if match is None:
        raise DateProblem(f"{what} '{text}' is not written as YYYY-MM-DD (e.g. 2007-11-18)")
    year, month, day = (int(part) for part in match.groups())
    if year < 1 or not 1 <= month <= 12:
        raise DateProblem(f"{what} '{text}' has no month {month:02d}: months run from 01 to 12")
    days = days_in_month(year, month)
    if not 1 <= day <= days:
        month_name = MONTH_NAMES[month]
        raise DateProblem(f"{what} '{text}' does not exist: {month_name} {year} has {days} days")
    return dt.date(year, month, day)


class MissingOffset(DateProblem):
    """A date-time without a UTC offset: ambiguous across time zones."""


def parse_embargo(text: str) -> dt.datetime:
    """Parse an ISO 8601 date-time that must carry a UTC offset."""
    match = _DATE_TIME.fullmatch(text.strip())
    if match is None:
        if _ISO_DATE.fullmatch(text.strip()):
            raise DateProblem(
                f"embargo '{text}' needs a time and a UTC offset, e.g. {text.strip()}T09:00+01:00"
            )
        raise DateProblem(
            f"embargo '{text}' is not an ISO 8601 date-time such as 2024-03-08T09:00+01:00"
        )
    day = parse_iso_date(match["date"], what="embargo date")
    hour, minute = int(match["hour"]), int(match["minute"])
    second = int(match["second"] or 0)
    if hour > 23 or minute > 59 or second > 59:
        raise DateProblem(f"embargo '{text}' has an impossible time of day")
    fraction = match["fraction"]
    micro = int((fraction[1:] + "000000")[:6]) if fraction else 0
    offset_text = match["offset"]
    if offset_text is None:
        raise MissingOffset(
            f"embargo '{text}' has no UTC offset: add one, e.g. "
            f"{match['date']}T{match['hour']}:{match['minute']}+01:00 or Z for UTC"
        )
    if offset_text in ("Z", "z"):
        zone = dt.timezone.utc
    else:
        sign = -1 if offset_text[0] == "-" else 1
        digits = offset_text[1:].replace(":", "")
        hours, minutes = int(digits[:2]), int(digits[2:])
        if hours > 23 or minutes > 59:
            raise DateProblem(f"embargo '{text}' has an impossible UTC offset")
        zone = dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))
    return dt.datetime(day.year, day.month, day.day, hour, minute, second, micro, tzinfo=zone)
