"""Dates read the same way in both languages: day first, 24-hour clock."""

from datetime import date, datetime

from django.utils import formats, translation


def test_english_dates_are_day_first() -> None:
    with translation.override("en"):
        assert formats.date_format(date(2027, 11, 1), "SHORT_DATE_FORMAT") == "01/11/2027"
        assert formats.date_format(date(2027, 11, 1)) == "1 November 2027"
        assert formats.time_format(datetime(2027, 11, 1, 8, 30)) == "08:30"


def test_german_dates_are_unchanged() -> None:
    with translation.override("de"):
        assert formats.date_format(date(2027, 11, 1), "SHORT_DATE_FORMAT") == "01.11.2027"
