"""One parser per query parameter, shared by the API, the map's data, the pages, the
candidates and the command line. Flask-free; each raises :class:`ParameterError`.

Each parameter is also declared as data (:data:`DECLARED`: description and JSON schema)
so that the OpenAPI document says exactly what these parsers accept.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError

from geoapp import dates
from geoapp.dates import Period
from geoapp.errors import N_, NotFound, ParameterError

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
EPSG_URI = re.compile(r"^http://www\.opengis\.net/def/crs/EPSG/0/(\d{1,6})$")
MAX_TEXT = 200
MAX_OFFSET = 2**31 - 1
MAX_ZOOM = 22
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# ASCII digits only: str.isdigit() and int() also take "²" and full-width "１０".
WHOLE = re.compile(r"[0-9]{1,12}")
NUMBER = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]{1,3})?")
# An RFC 3339 full-date, or a date-time (its offset may be left out: UTC is meant).
INSTANT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
                     r"([Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?([Zz]|[+-][0-9]{2}:[0-9]{2})?)?")
OPEN_END = ("", "..")


@dataclass(frozen=True)
class Declared:
    """How a parameter is documented: its description and JSON schema."""

    description: str
    schema: dict
    explode: bool = True


def text_schema(max_length: int = MAX_TEXT) -> dict:
    """The schema of a text parameter: non-empty, bounded, no control characters."""
    return {"type": "string", "minLength": 1, "maxLength": max_length,
            "pattern": r"^[^\x00-\x1f\x7f-\x9f]*$"}


def list_schema(choices: Iterable[str]) -> dict:
    """The schema of a comma-separated list of known values."""
    return {"type": "array", "minItems": 1, "items": {"type": "string", "enum": list(choices)}}


DECLARED = {
    "region": Declared("A region code; items in the region or any region below it.",
                       text_schema(40)),
    "programme": Declared("A programme code.", text_schema(60)),
    "q": Declared("Part of the name, in any case.", text_schema()),
    "kind": Declared("Kinds of place, comma-separated.", {}, explode=False),
    "status": Declared("Statuses, comma-separated.", {}, explode=False),
    "bbox": Declared("minx,miny,maxx,maxy in bbox-crs (default: lon/lat, CRS84).",
                     {"type": "array", "minItems": 4, "maxItems": 6,
                      "items": {"type": "number"}}, explode=False),
    "area": Declared("An area of cooperation.", {}),
    "datetime": Declared(
        "A day or an interval of RFC 3339 dates or date-times, '..' (or nothing) for an "
        "open end: 2022-01-18, 2022-01-01/2022-01-31, ../2022-01-31. Items dated at least "
        "in part within it; partnerships by their active period; undated items are left "
        "out.", {"type": "string", "minLength": 1, "maxLength": 80,
                 "pattern": r"^[0-9TtZz:.+/-]*$"}),
    "from": Declared("The first day of the time filter: YYYY, YYYY-MM or YYYY-MM-DD.",
                     text_schema(10)),
    "to": Declared("The last day of the time filter: YYYY, YYYY-MM or YYYY-MM-DD.",
                   text_schema(10)),
    "bbox-crs": Declared("The CRS of bbox, as an OGC URI.",
                         {"type": "string",
                          "enum": [CRS84, "http://www.opengis.net/def/crs/EPSG/0/4326",
                                   "http://www.opengis.net/def/crs/EPSG/0/3857"]}),
}


def text(name: str, raw: str | None, max_length: int = MAX_TEXT) -> str | None:
    """A text value, stripped; None when absent or blank."""
    value = (raw or "").strip()
    if not value:
        return None
    if len(value) > max_length or CONTROL.search(value):
        raise ParameterError(name, N_("expected text of at most %(max)s characters without "
                                      "control characters"), max=max_length)
    return value


def record_id(raw: str, what: str = "item") -> str:
    """An id taken from a URL path; one no record can have is simply not found."""
    if len(raw) > MAX_TEXT or CONTROL.search(raw):
        raise NotFound(f"no {what} has this id")
    return raw


def choices(name: str, raw: str | None, known: Iterable[str]) -> tuple[str, ...]:
    """Values of a comma-separated list, each one of ``known``; () when absent."""
    value = text(name, raw)
    if value is None:
        return ()
    known = tuple(known)
    chosen = tuple(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))
    unknown = [part for part in chosen if part not in known]
    if unknown or not chosen:
        raise ParameterError(name, N_("%(value)s is not known here; expected one or more "
                                      "(comma-separated) of %(known)s"),
                             value=repr(",".join(unknown) or value), known=", ".join(known))
    return chosen


def choice(name: str, raw: str | None, known: Iterable[str]) -> str | None:
    """One value of ``known``, or None when absent."""
    value = text(name, raw)
    known = tuple(known)
    if value is not None and value not in known:
        shown = ", ".join(known[:12]) + (", ..." if len(known) > 12 else "")
        raise ParameterError(name, N_("unknown value %(value)s; expected one of %(known)s"),
                             value=repr(value), known=shown)
    return value


def integer(name: str, raw: str | None, default: int, low: int, high: int) -> int:
    """A whole number of ASCII digits from ``low`` to ``high``; ``default`` when absent."""
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip()
    if not WHOLE.fullmatch(value) or not low <= int(value) <= high:
        raise ParameterError(name, N_("%(value)s: expected a whole number from %(low)s to "
                                      "%(high)s"), value=repr(value[:40]), low=low, high=high)
    return int(value)


def number(name: str, raw: str | float | None, low: float, high: float,
           low_open: bool = False) -> float | None:
    """A finite decimal number in [low, high] (or (low, high]); None when absent."""
    if raw is None or str(raw).strip() == "":
        return None
    value = str(raw).strip()
    parsed = float(value) if NUMBER.fullmatch(value) else math.nan
    too_low = parsed <= low if low_open else parsed < low
    if not math.isfinite(parsed) or too_low or parsed > high:
        bracket = "(" if low_open else "["
        raise ParameterError(name, N_("%(value)s: expected a number in %(range)s"),
                             value=repr(value[:40]), range=f"{bracket}{low:g}, {high:g}]")
    return parsed


def zoom(raw: str | None, default: int = 6) -> int:
    """A map zoom level 0..22 (decimals are cut); ``default`` when absent."""
    found = number("zoom", raw, 0, MAX_ZOOM)
    return default if found is None else int(found)


def tile(raw_z: str, raw_x: str, raw_y: str) -> tuple[int, int, int]:
    """A WebMercatorQuad tile's zoom ``z``, column ``x`` and row ``y`` (from the top)."""
    z = integer("z", raw_z or "-", 0, 0, MAX_ZOOM)
    last = 2 ** z - 1
    return z, integer("x", raw_x or "-", 0, 0, last), integer("y", raw_y or "-", 0, 0, last)


def bbox(raw: str, crs: str | None = None) -> tuple[float, float, float, float]:
    """``bbox`` (in ``bbox-crs``, default CRS84) as (minlon, minlat, maxlon, maxlat)."""
    parts = raw.split(",")
    numbers = [float(p) if NUMBER.fullmatch(p.strip()) else math.nan for p in parts]
    if len(numbers) not in (4, 6) or not all(math.isfinite(n) for n in numbers):
        raise ParameterError("bbox", N_("%(value)s: expected 4 (or 6) comma-separated "
                                        "numbers: minx,miny,maxx,maxy"), value=repr(raw[:80]))
    if len(numbers) == 6:  # heights are not used: every geometry is 2D
        numbers = [numbers[0], numbers[1], numbers[3], numbers[4]]
    if crs not in (None, CRS84):
        numbers = list(to_crs84(crs).transform_bounds(*numbers))
    minx, miny, maxx, maxy = numbers
    if not (-180 <= minx <= 180 and -180 <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise ParameterError("bbox", N_("%(value)s: out of range; expected longitudes from "
                                        "-180 to 180 and latitudes from -90 to 90, the "
                                        "lower-left corner first"), value=repr(raw[:80]))
    return minx, miny, maxx, maxy


def view_bbox(raw: str | None) -> tuple[float, float, float, float] | None:
    """A map view's bbox in lon/lat; a view never crosses the antimeridian."""
    if not raw:
        return None
    box = bbox(raw)
    if box[0] > box[2]:
        raise ParameterError("bbox", N_("%(value)s: the minimum longitude comes first"),
                             value=repr(raw[:80]))
    return box


@lru_cache(maxsize=32)
def to_crs84(uri: str) -> Transformer:
    """The transformer from an OGC CRS URI to CRS84; ParameterError for another URI."""
    match = EPSG_URI.match(uri)
    try:
        if not match:
            raise CRSError(uri)
        return Transformer.from_crs(CRS.from_epsg(int(match.group(1))), "OGC:CRS84")
    except CRSError as exc:
        raise ParameterError("bbox-crs", f"{uri[:80]!r}: expected {CRS84} or "
                             "http://www.opengis.net/def/crs/EPSG/0/<code>") from exc


def output_format(raw: str | None, formats: tuple[str, ...] = ("json",)) -> str:
    """The output format asked for with ``f`` (GeoJSON/JSON unless told otherwise)."""
    if raw in (None, "", "geojson"):
        return "json"
    if raw not in formats:
        raise ParameterError("f", N_("%(value)s: expected one of %(known)s"),
                             value=repr(raw[:40]), known=", ".join(formats))
    return raw


def instant(name: str, raw: str) -> dt.date:
    """The day of an RFC 3339 full-date or date-time (a date-time's day in UTC)."""
    if not INSTANT.fullmatch(raw):
        raise ParameterError(name, f"{raw[:40]!r}: expected a date like 2022-01-18 or a "
                             "date-time like 2022-01-18T10:00:00Z")
    try:
        if len(raw) == 10:
            return dt.date.fromisoformat(raw)
        moment = dt.datetime.fromisoformat(raw.upper())
    except ValueError as exc:
        raise ParameterError(name, f"{raw[:40]!r} is not a real date ({exc})") from None
    if moment.tzinfo is None:
        return moment.date()
    return moment.astimezone(dt.UTC).date()


def datetime_period(raw: str | None) -> Period | None:
    """The OGC ``datetime`` parameter: an instant, or an interval with open ends ('..')."""
    value = text("datetime", raw, 80)
    if value is None:
        return None
    parts = value.split("/")
    if len(parts) > 2:
        raise ParameterError("datetime", f"{value[:40]!r}: expected one instant or two "
                             "separated by one '/'")
    if len(parts) == 1:
        day = instant("datetime", value)
        return Period(day, day)
    start, end = (None if part in OPEN_END else instant("datetime", part) for part in parts)
    if start is None and end is None:
        raise ParameterError("datetime", "both ends are open; give at least one, or leave "
                             "the parameter out")
    if start and end and end < start:
        raise ParameterError("datetime", f"{value[:40]!r}: the interval ends before it starts")
    return Period(start, end)


def period(raw_from: str | None, raw_to: str | None) -> Period | None:
    """The time filter of the map and the pages: ``from`` and ``to``, a year, month or day.

    ``from=2025&to=2025`` is the whole of 2025: ``from`` is the first day of what it names,
    ``to`` the last.
    """
    found = {}
    for name, raw in (("from", raw_from), ("to", raw_to)):
        value = text(name, raw, 10)
        if value is None:
            continue
        try:
            named = dates.span(value)
        except ValueError:
            raise ParameterError(name, f"{value!r}: expected a year (2025), a month "
                                 "(2025-09) or a day (2025-09-01)") from None
        found[name] = named.start if name == "from" else named.end
    if not found:
        return None
    if "from" in found and "to" in found and found["to"] < found["from"]:
        raise ParameterError("to", f"{raw_to!r} comes before from={raw_from!r}")
    return Period(found.get("from"), found.get("to"))
