"""Date arithmetic the procedures use: calendar months, weeks and working days.

"Working days" skip weekends and bank holidays in England. The holidays come from
the maintained ``holidays`` package (which tracks substitute days and one-off
bank holidays), never from a list typed in here.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays
from dateutil.relativedelta import relativedelta


@lru_cache(maxsize=64)
def _england_holidays_for(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def is_bank_holiday(day: date) -> bool:
    return day in _england_holidays_for(day.year)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and not is_bank_holiday(day)


def add_working_days(start: date, count: int) -> date:
    """The date ``count`` working days after ``start`` (``start`` itself is day 0).

    "Within 15 working days of the assessment" therefore ends on the 15th working
    day after the day the assessment was completed.
    """
    if count < 0:
        raise ValueError("count must not be negative")
    day = start
    remaining = count
    while remaining:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def add_months(start: date, months: int) -> date:
    """Calendar months, clamped to the month's end: 31 Oct + 4 months = 28 Feb."""
    return start + relativedelta(months=months)


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (negative if end < start)."""
    if end < start:
        return -working_days_between(end, start)
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_day(day: date | None, missing: str = "") -> str:
    """``7 Sep 2026``, in English whatever the machine's locale (records are English)."""
    if day is None:
        return missing
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def uk_zone() -> tzinfo | None:
    """UK civil time, which the councils' records use; the machine's own zone if unknown."""
    try:
        return ZoneInfo("Europe/London")
    except ZoneInfoNotFoundError:  # a Windows install without tzdata
        return None


def format_moment(when: datetime) -> str:
    """``19 Oct 2026 16:30`` in UK time, from a UTC (or any aware) timestamp."""
    local = when.astimezone(uk_zone())
    return f"{format_day(local.date())} {local:%H:%M}"
