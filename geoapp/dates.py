"""Dates as sources give them (a day, a week, a month or a year, or a range of them) and
the periods readers ask for. No Flask, no database.

>>> when("2022-01-16/2022-01-21")
Dated(start=datetime.date(2022, 1, 16), end=datetime.date(2022, 1, 21), precision='day')
>>> when("2026-W03")
Dated(start=datetime.date(2026, 1, 12), end=datetime.date(2026, 1, 18), precision='week')
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from babel.dates import format_interval, format_skeleton

PRECISIONS = ("day", "week", "month", "year")
DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
WEEK = re.compile(r"([0-9]{4})-W([0-9]{2})")
MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")
YEAR = re.compile(r"[0-9]{4}")
# How each precision is written, for the reader: a skeleton of Unicode's date patterns.
SKELETONS = {"day": "yMMMMd", "week": "yMMMd", "month": "yMMMM", "year": "y"}
FORMS = "YYYY-MM-DD, YYYY-Www (an ISO week), YYYY-MM or YYYY"


@dataclass(frozen=True)
class Period:
    """The days a reader asks for, both ends included; None is an open end."""

    start: dt.date | None = None
    end: dt.date | None = None


@dataclass(frozen=True)
class Dated:
    """When something happened: its first and last day, and how precisely it is known."""

    start: dt.date
    end: dt.date
    precision: str


def span(text: str) -> Dated:
    """The first and last day of ``2022-01-18``, ``2026-W03``, ``2022-01`` or ``2022``."""
    text = text.strip()
    try:
        if DAY.fullmatch(text):
            day = dt.date.fromisoformat(text)
            return Dated(day, day, "day")
        if found := WEEK.fullmatch(text):
            year, week = int(found[1]), int(found[2])
            return Dated(dt.date.fromisocalendar(year, week, 1),
                         dt.date.fromisocalendar(year, week, 7), "week")
        if found := MONTH.fullmatch(text):
            year, month = int(found[1]), int(found[2])
            last = calendar.monthrange(year, month)[1]
            return Dated(dt.date(year, month, 1), dt.date(year, month, last), "month")
        if YEAR.fullmatch(text):
            return Dated(dt.date(int(text), 1, 1), dt.date(int(text), 12, 31), "year")
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a real date ({exc})") from None
    raise ValueError(f"{text!r} is not a date: expected {FORMS}")


def when(text: str) -> Dated:
    """A date or a range ``first/last`` of dates; a range is as precise as its coarser end."""
    first, slash, last = text.partition("/")
    start = span(first)
    if not slash:
        return start
    end = span(last)
    if end.end < start.start:
        raise ValueError(f"{text!r}: the range ends before it starts")
    coarser = max(start.precision, end.precision, key=PRECISIONS.index)
    return Dated(start.start, end.end, coarser)


def overlaps(dated: Dated | None, period: Period) -> bool:
    """Whether something dated falls, at least in part, within ``period``."""
    if dated is None:
        return False
    return ((period.end is None or dated.start <= period.end)
            and (period.start is None or dated.end >= period.start))


def describe(start: dt.date | None, end: dt.date | None, precision: str | None,
             lang: str) -> str:
    """The date (or range) in the reader's language, no more precise than it is known."""
    if start is None or precision not in SKELETONS:
        return ""
    end = end or start
    skeleton = SKELETONS[precision]
    if precision == "day" and start == end:
        return format_skeleton(skeleton, start, locale=lang)
    if precision in ("month", "year") and same_unit(start, end, precision):
        return format_skeleton(skeleton, start, locale=lang)
    return format_interval(start, end, skeleton, locale=lang)


def same_unit(start: dt.date, end: dt.date, precision: str) -> bool:
    """Whether two days lie in the same month (or year, for ``year``)."""
    if precision == "year":
        return start.year == end.year
    return (start.year, start.month) == (end.year, end.month)
