"""Date arithmetic the procedures use: calendar months, weeks and working days.

"Working days" skip weekends and bank holidays in England. The holidays come from
the maintained ``holidays`` package (which tracks substitute days and one-off
bank holidays), never from a list typed in here. Importing that package costs
about half a second (it loads every country's rules), which a chair would wait
through at every start for the case list's due dates; so the days it gives for a
year are kept in a small cache file beside the app's data, under the package's
version, and the package is imported only for a year (or a version) not cached.
"""

from __future__ import annotations

import json
import os
import re
from datetime import date, datetime, timedelta, tzinfo
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.relativedelta import relativedelta

from cinchair.app.errors import ActionableError

HOLIDAYS_CACHE = "bank-holidays-england.json"


def _holidays_cache_path() -> Path:
    override = os.environ.get("CINCHAIR_DATA_DIR")
    if override:
        return Path(override) / HOLIDAYS_CACHE
    from platformdirs import user_cache_path

    from cinchair import APP_AUTHOR, APP_NAME

    return user_cache_path(APP_NAME, APP_AUTHOR) / HOLIDAYS_CACHE


@lru_cache(maxsize=1)
def _holidays_version() -> str:
    from importlib.metadata import version

    return version("holidays")


def _read_holidays_cache(path: Path) -> dict[str, list[str]]:
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


@lru_cache(maxsize=64)
def _england_holidays_for(year: int) -> frozenset[date]:
    path = _holidays_cache_path()
    key = f"{_holidays_version()}:{year}"
    cached = _read_holidays_cache(path)
    try:
        return frozenset(date.fromisoformat(day) for day in cached[key])
    except (KeyError, TypeError, ValueError):
        pass  # not cached (or the file was damaged): ask the package
    import holidays

    days = frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())
    cached[key] = sorted(day.isoformat() for day in days)
    try:  # a cache: a folder that cannot be written only costs the next start its time
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        partial.write_text(json.dumps(cached, indent=0), encoding="utf-8")
        os.replace(partial, path)
    except OSError:
        pass
    return days


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


class UkDateError(ActionableError, ValueError):
    """Typed text that is not a date a UK user would write; the message says so in words."""


_MONTH_NUMBERS: dict[str, int] = {
    name.lower(): number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}

_NUMERIC_UK = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_WORDED = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{2}|\d{4})", re.IGNORECASE)

UK_DATE_HINT = "Type a date such as 15/01/2027, 15/1/27, 15 Jan 2027 or 15 January 2027."


def _full_year(digits: str) -> int:
    """Two-digit years are this century: a CIN date is never 1927 (children are under 18)."""
    year = int(digits)
    return 2000 + year if len(digits) == 2 else year


def _make_date(text: str, year: int, month: int, day: int) -> date:
    if not 1 <= month <= 12:
        raise UkDateError(f"“{text}” has no month {month}: months run 1 to 12. {UK_DATE_HINT}")
    try:
        return date(year, month, day)
    except ValueError:
        raise UkDateError(
            f"“{text}” is not a real day: {_MONTHS[month - 1]} {year} has no day {day}."
        ) from None


def parse_uk_date(text: str) -> date:
    """The date a UK user meant by ``text``, day first, or :class:`UkDateError`.

    Accepts 15/01/2027, 15/1/27, 15-1-2027, 15.1.2027, 15 Jan 2027, 15 January 2027
    and 2027-01-15. Anything else is refused rather than guessed: a date quietly
    turned into another one is worse than an error the chair can see and correct.
    """
    cleaned = " ".join(text.strip().split())
    if not cleaned:
        raise UkDateError(f"No date typed. {UK_DATE_HINT}")
    iso = _ISO.fullmatch(cleaned)
    if iso:
        return _make_date(cleaned, int(iso[1]), int(iso[2]), int(iso[3]))
    numeric = _NUMERIC_UK.fullmatch(cleaned)
    if numeric:
        return _make_date(cleaned, _full_year(numeric[3]), int(numeric[2]), int(numeric[1]))
    worded = _WORDED.fullmatch(cleaned)
    if worded:
        month = _MONTH_NUMBERS.get(worded[2].lower())
        if month is None:
            raise UkDateError(f"“{cleaned}”: “{worded[2]}” is not a month. {UK_DATE_HINT}")
        return _make_date(cleaned, _full_year(worded[3]), month, int(worded[1]))
    raise UkDateError(f"“{cleaned}” is not a date. {UK_DATE_HINT}")
