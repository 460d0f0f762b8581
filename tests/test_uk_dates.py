"""What UK users type into a date field, and what is refused rather than guessed."""

from __future__ import annotations

from datetime import date

import pytest

from cinchair.domain.dates import UkDateError, parse_uk_date


@pytest.mark.parametrize(
    "typed",
    [
        "15/01/2027",
        "15/1/27",
        "15/1/2027",
        "15 Jan 2027",
        "15 jan 2027",
        "15 January 2027",
        "15th January 2027",
        "2027-01-15",
        "  15/01/2027 ",
        "15-01-2027",
        "15.01.2027",
    ],
)
def test_every_uk_way_of_writing_a_date_means_the_same_day(typed: str) -> None:
    assert parse_uk_date(typed) == date(2027, 1, 15)


def test_day_first_never_month_first() -> None:
    assert parse_uk_date("03/04/2027") == date(2027, 4, 3)
    assert parse_uk_date("7 Sep 2026") == date(2026, 9, 7)


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("", "No date typed"),
        ("15", "is not a date"),
        ("15/01", "is not a date"),
        ("01/15/2027", "no month 15"),
        ("31/02/2027", "not a real day"),
        ("15 Janvier 2027", "is not a month"),
        ("tomorrow", "is not a date"),
        ("2027/01/15", "is not a date"),
        ("15/01/2027 10:00", "is not a date"),
    ],
)
def test_anything_else_is_refused_in_words(typed: str, words: str) -> None:
    with pytest.raises(UkDateError, match=words):
        parse_uk_date(typed)


def test_the_error_is_a_value_error_so_callers_can_catch_either() -> None:
    with pytest.raises(ValueError):
        parse_uk_date("soon")
