"""Dates as sources give them, and the reader's periods: table-driven, no store needed."""

from __future__ import annotations

import datetime as dt

import pytest

from geoapp import dates
from geoapp.dates import Dated, Period

D = dt.date


@pytest.mark.parametrize(("text", "expected"), [
    ("2022-01-18", Dated(D(2022, 1, 18), D(2022, 1, 18), "day")),
    ("2026-W03", Dated(D(2026, 1, 12), D(2026, 1, 18), "week")),
    ("2020-W53", Dated(D(2020, 12, 28), D(2021, 1, 3), "week")),
    ("2024-02", Dated(D(2024, 2, 1), D(2024, 2, 29), "month")),
    ("2021", Dated(D(2021, 1, 1), D(2021, 12, 31), "year")),
    ("2022-01-16/2022-01-21", Dated(D(2022, 1, 16), D(2022, 1, 21), "day")),
    ("2022-09/2022-11", Dated(D(2022, 9, 1), D(2022, 11, 30), "month")),
    ("2022-09-15/2023", Dated(D(2022, 9, 15), D(2023, 12, 31), "year")),
    (" 2025-09 ", Dated(D(2025, 9, 1), D(2025, 9, 30), "month")),
])
def test_a_date_is_read_with_its_precision(text, expected):
    assert dates.when(text) == expected


@pytest.mark.parametrize(("text", "message"), [
    ("18.01.2022", "is not a date: expected YYYY-MM-DD"),
    ("2022-02-30", "is not a real date"),
    ("2022-13", "is not a real date"),
    ("2021-W54", "is not a real date"),
    ("2022-02/2022-01", "the range ends before it starts"),
    ("autumn 2022", "is not a date"),
    ("", "is not a date"),
])
def test_a_bad_date_says_what_is_expected(text, message):
    with pytest.raises(ValueError, match=message):
        dates.when(text)


@pytest.mark.parametrize(("period", "inside"), [
    (Period(D(2022, 1, 1), D(2022, 1, 31)), True),
    (Period(D(2022, 1, 21), None), True),   # its last day
    (Period(None, D(2022, 1, 16)), True),   # its first day
    (Period(D(2022, 1, 22), None), False),
    (Period(None, D(2022, 1, 15)), False),
])
def test_a_dated_visit_overlaps_a_period(period, inside):
    assert dates.overlaps(dates.when("2022-01-16/2022-01-21"), period) is inside
    assert dates.overlaps(None, period) is False


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("2022-01-18", "en", "January 18, 2022"),
    ("2022-01-18", "uk", "18 січня 2022 р."),
    ("2025-09", "ro", "septembrie 2025"),
    ("2021", "kk", "2021"),
    ("2022-09/2022-11", "en", "September – November 2022"),
    ("2022-09/2023-01", "ru", "сентябрь 2022 г. — январь 2023 г."),
])
def test_a_date_is_told_no_more_precisely_than_known(text, lang, expected):
    found = dates.when(text)
    told = dates.describe(found.start, found.end, found.precision, lang)
    # CLDR puts thin and narrow no-break spaces in some languages' dates.
    assert told.replace("\u202f", " ").replace("\u2009", " ") == expected


def test_an_undated_activity_is_described_as_nothing():
    assert dates.describe(None, None, None, "en") == ""
