"""The rules of the fields of places, partnerships and activities, for forms and the API.

Each check takes what a person sent (text from a form, values from JSON) and returns the
values to store, or raises :class:`~geoapp.errors.InvalidRecord` naming every wrong field.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, select

from geoapp.errors import N_, InvalidRecord
from geoapp.store.models import (
    ACTIVITY_KINDS,
    AREAS,
    LANGUAGES,
    LOCATION_PRECISIONS,
    PARTNERSHIP_STATUSES,
    PLACE_KINDS,
    PLACE_STATUSES,
    Programme,
)
from geoapp.store.queries import existing_ids, partnerships, places

Problem = tuple[str, dict]
LONG_TEXT = 2000


class Wrong(ValueError):
    """One field's value is wrong: a message template and its parameters."""

    def __init__(self, message: str, **args: Any):
        super().__init__(message % args if args else message)
        self.problem = (message, args)


def text(limit: int, required: bool = False) -> Callable[[Any], str | None]:
    """A check of free text up to ``limit`` characters; empty is None unless required."""
    def check(value: Any) -> str | None:
        if value is not None and not isinstance(value, str):
            raise Wrong(N_("expected text"))
        value = (value or "").strip()
        if not value:
            if required:
                raise Wrong(N_("required"))
            return None
        if len(value) > limit:
            raise Wrong(N_("at most %(count)s characters"), count=limit)
        return value
    return check


def one_of(values: tuple[str, ...]) -> Callable[[Any], str]:
    """A check that the value is one of ``values``."""
    def check(value: Any) -> str:
        if value not in values:
            raise Wrong(N_("expected one of %(values)s"), values=", ".join(values))
        return value
    return check


def website(value: Any) -> str | None:
    """A website: empty, or an http(s) address."""
    value = text(500)(value)
    if value and not value.lower().startswith(("http://", "https://")):
        raise Wrong(N_("an address starting with http:// or https://"))
    return value


def date(value: Any) -> str | None:
    """A date as YYYY-MM-DD; empty is None."""
    if isinstance(value, dt.date):
        return value.isoformat()
    value = text(10)(value)
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise Wrong(N_("a date like 2025-03-01")) from None


def degrees(low: float, high: float) -> Callable[[Any], float]:
    """A check of a coordinate between ``low`` and ``high`` degrees."""
    def check(value: Any) -> float:
        if isinstance(value, bool) or value is None or value == "":
            raise Wrong(N_("required"))
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise Wrong(N_("a number of degrees, like 33.42")) from None
        if not math.isfinite(number) or not low <= number <= high:
            raise Wrong(N_("between %(low)s and %(high)s"), low=low, high=high)
        return number
    return check


PLACE_RULES: dict[str, Callable[[Any], Any]] = {
    "name": text(300, required=True), "kind": one_of(PLACE_KINDS), "type": text(64),
    "status": one_of(PLACE_STATUSES), "website": website, "address": text(500),
    "location_precision": one_of(LOCATION_PRECISIONS), "note": text(LONG_TEXT),
    "lon": degrees(-180, 180), "lat": degrees(-90, 90),
}
PARTNERSHIP_RULES: dict[str, Callable[[Any], Any]] = {
    "place_a_id": text(80, required=True), "place_b_id": text(80, required=True),
    "programme_code": text(60), "status": one_of(PARTNERSHIP_STATUSES),
    "start_date": date, "end_date": date, "areas": text(LONG_TEXT),
    "source": text(LONG_TEXT), "title": text(300),
}


def areas(value: Any) -> str | None:
    """Areas of cooperation, ``;``-separated, each one of :data:`AREAS`."""
    found = [a.strip() for a in (text(LONG_TEXT)(value) or "").split(";") if a.strip()]
    if any(area not in AREAS for area in found):
        raise Wrong(N_("expected some of %(values)s"), values=", ".join(AREAS))
    return ";".join(dict.fromkeys(found)) or None


def place_list(value: Any) -> str | None:
    """Place ids, ``;``-separated."""
    found = [p.strip() for p in (text(LONG_TEXT)(value) or "").split(";") if p.strip()]
    return ";".join(dict.fromkeys(found)) or None


ACTIVITY_RULES: dict[str, Callable[[Any], Any]] = {
    "kind": one_of(ACTIVITY_KINDS), "title": text(300, required=True),
    "language": lambda value: one_of(LANGUAGES)(value) if value else None,
    "start_date": date, "end_date": date, "partnership_id": text(120),
    "place_ids": place_list, "programme_code": text(60), "areas": areas,
    "description": text(LONG_TEXT), "source": text(LONG_TEXT),
}


def apply_rules(rules: dict, values: dict) -> tuple[dict, dict[str, Problem]]:
    """Each value checked by its field's rule; unknown fields are problems too."""
    cleaned, problems = {}, {}
    for name, value in values.items():
        rule = rules.get(name)
        if rule is None:
            problems[name] = (N_("unknown field; expected some of %(values)s"),
                              {"values": ", ".join(rules)})
            continue
        try:
            cleaned[name] = rule(value)
        except Wrong as wrong:
            problems[name] = wrong.problem
    return cleaned, problems


def check_place(conn: Connection, values: dict, record: dict) -> dict:
    """The checked changes of a place (``record``, empty for a new one)."""
    cleaned, problems = apply_rules(PLACE_RULES, values)
    if problems:
        raise InvalidRecord(problems)
    return cleaned


def check_partnership(conn: Connection, values: dict, record: dict) -> dict:
    """The checked changes of a partnership (``record``, empty for a new one)."""
    cleaned, problems = apply_rules(PARTNERSHIP_RULES, values)
    merged = {**record, **cleaned}
    ends = [name for name in ("place_a_id", "place_b_id")
            if name in cleaned and name not in problems]
    for name in ends:
        if not _place_exists(conn, merged[name]):
            problems[name] = (N_("no place has the id %(id)s"), {"id": merged[name][:80]})
    if ends and merged.get("place_a_id") == merged.get("place_b_id"):
        problems["place_b_id"] = (N_("a place cannot partner with itself"), {})
    code = cleaned.get("programme_code")
    if code and not existing_ids(conn, Programme.__table__, [code]):
        problems["programme_code"] = (N_("no programme has the code %(code)s"), {"code": code})
    start, end = merged.get("start_date"), merged.get("end_date")
    if start and end and end < start and not {"start_date", "end_date"} & set(problems):
        problems["end_date"] = (N_("the end comes before the start (%(start)s)"),
                                {"start": start})
    if problems:
        raise InvalidRecord(problems)
    return cleaned


def _place_exists(conn: Connection, place_id: str) -> bool:
    query = select(places.c.id).where(places.c.id == place_id,
                                      places.c.review_state != "withdrawn")
    return conn.execute(query).first() is not None


def check_activity(conn: Connection, values: dict, record: dict) -> dict:
    """The checked changes of an activity (``record``, empty for a new one): at places or
    of a partnership (then at both its ends unless places are named), dated within it."""
    cleaned, problems = apply_rules(ACTIVITY_RULES, values)
    merged = {**record, **cleaned}
    partnership = _partnership(conn, merged.get("partnership_id"))
    if "partnership_id" in cleaned and merged.get("partnership_id") and partnership is None:
        problems["partnership_id"] = (N_("no partnership has the id %(id)s"),
                                      {"id": merged["partnership_id"][:80]})
    moved = "place_ids" not in values and cleaned.get("partnership_id") not in (
        None, record.get("partnership_id"))
    if partnership is not None and (moved or not merged.get("place_ids")):
        cleaned["place_ids"] = f"{partnership.place_a_id};{partnership.place_b_id}"
        cleaned.setdefault("programme_code", merged.get("programme_code")
                           or partnership.programme_code)
    elif not merged.get("place_ids") and "place_ids" not in problems \
            and "partnership_id" not in problems:
        problems["place_ids"] = (N_("name its places or its partnership"), {})
    unknown = [p for p in (cleaned.get("place_ids") or "").split(";")
               if p and not _place_exists(conn, p)] if "place_ids" in values else []
    if unknown:
        problems["place_ids"] = (N_("no place has the id %(id)s"), {"id": unknown[0][:80]})
    code = cleaned.get("programme_code")
    if code and "programme_code" in values and \
            not existing_ids(conn, Programme.__table__, [code]):
        problems["programme_code"] = (N_("no programme has the code %(code)s"), {"code": code})
    problems.update(_activity_dates(merged, partnership, set(problems)))
    if problems:
        raise InvalidRecord(problems)
    return cleaned


def _partnership(conn: Connection, partnership_id: str | None):
    if not partnership_id:
        return None
    return conn.execute(select(partnerships).where(
        partnerships.c.id == partnership_id,
        partnerships.c.review_state != "withdrawn")).first()


def _activity_dates(record: dict, partnership, wrong: set) -> dict[str, Problem]:
    """An activity ends after it starts, and not after its partnership ended."""
    start, end = record.get("start_date"), record.get("end_date")
    if {"start_date", "end_date"} & wrong:
        return {}
    if end and not start:
        return {"start_date": (N_("required when an end is given"), {})}
    if start and end and end < start:
        return {"end_date": (N_("the end comes before the start (%(start)s)"),
                             {"start": start})}
    ended = partnership.end_date.isoformat() if partnership is not None \
        and partnership.end_date else None
    if ended and start and start > ended:
        return {"start_date": (N_("after the partnership ended (%(end)s)"), {"end": ended})}
    return {}
