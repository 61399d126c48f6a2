"""Query parameters of the API, checked and turned into a store query; errors name the parameter."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError

from geoapp.api import ApiError
from geoapp.layers import Layer
from geoapp.store.collections import ItemQuery
from geoapp.store.models import PARTNERSHIP_STATUSES, PLACE_KINDS, PLACE_STATUSES
from geoapp.store.queries import PlaceFilter

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
EPSG_URI = re.compile(r"^http://www\.opengis\.net/def/crs/EPSG/0/(\d{1,6})$")
FORMATS = ("json", "csv", "gpkg")
PAGING = ("f", "limit", "offset", "bbox", "bbox-crs")
MAX_OFFSET = 2**31 - 1
MAX_TEXT = 200
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Limits:
    """The page sizes the API allows (settings API_LIMIT_DEFAULT and API_LIMIT_MAX)."""

    default: int = 100
    maximum: int = 10_000


@dataclass(frozen=True)
class ItemsRequest:
    """A checked request for items: what to read, which page, in which format."""

    query: ItemQuery
    limit: int
    offset: int
    format: str


def statuses_of(layer: Layer) -> tuple[str, ...]:
    """Return the statuses an item of this layer can have."""
    return PARTNERSHIP_STATUSES if layer.source == "partnerships" else PLACE_STATUSES


def kinds_of(layer: Layer) -> tuple[str, ...]:
    """Return the kinds of place this layer serves."""
    return tuple(layer.kinds) or PLACE_KINDS


def allowed_parameters(layer: Layer) -> tuple[str, ...]:
    """Return the query parameters the items of this layer accept."""
    return PAGING + tuple(layer.filters)


def parse_items(args: Mapping[str, str], layer: Layer, limits: Limits) -> ItemsRequest:
    """Check the query parameters of an items request against the layer's filters."""
    values = _single_values(args, allowed_parameters(layer))
    if values.get("bbox-crs", CRS84) != CRS84:
        _to_crs84(values["bbox-crs"])  # a wrong CRS is wrong even without a bbox
    where = PlaceFilter(
        kinds=_choices(values, "kind", kinds_of(layer)) or tuple(layer.kinds),
        statuses=_choices(values, "status", statuses_of(layer)),
        region=values.get("region") or None,
        programme=values.get("programme") or None,
        q=values.get("q") or None,
        bbox=parse_bbox(values["bbox"], values.get("bbox-crs")) if "bbox" in values else None,
    )
    return ItemsRequest(
        query=ItemQuery(layer.source, where, tuple(layer.levels)),
        limit=_integer(values, "limit", limits.default, 1, limits.maximum),
        offset=_integer(values, "offset", 0, 0, MAX_OFFSET),
        format=parse_format(values.get("f"), FORMATS),
    )


def parse_format(value: str | None, formats: tuple[str, ...] = ("json",)) -> str:
    """Return the output format asked for with ``f`` (GeoJSON/JSON unless told otherwise)."""
    if value in (None, "", "geojson"):
        return "json"
    if value not in formats:
        raise ApiError(400, f"f={value!r}: expected one of {', '.join(formats)}", "f")
    return value


def _single_values(args: Mapping[str, str], allowed: tuple[str, ...]) -> dict[str, str]:
    found = {}
    for name in args:
        if name not in allowed:
            raise ApiError(400, f"unknown parameter {name!r}; this collection accepts "
                           f"{', '.join(allowed)}", name)
        given = args.getlist(name) if hasattr(args, "getlist") else [args[name]]
        if len(given) > 1:
            raise ApiError(400, f"{name}: given {len(given)} times; give it once", name)
        value = given[0]
        if not value:
            raise ApiError(400, f"{name}: empty; give a value or leave the parameter out", name)
        if len(value) > MAX_TEXT or CONTROL.search(value):
            raise ApiError(400, f"{name}: expected text of at most {MAX_TEXT} characters "
                           "without control characters", name)
        found[name] = value
    return found


def _choices(values: dict[str, str], name: str, known: tuple[str, ...]) -> tuple[str, ...]:
    if not values.get(name):
        return ()
    chosen = tuple(part.strip() for part in values[name].split(","))
    unknown = [part for part in chosen if part not in known]
    if unknown:
        raise ApiError(400, f"{name}={','.join(unknown)!r} is not known here; expected one or "
                       f"more (comma-separated) of {', '.join(known)}", name)
    return chosen


def _integer(values: dict[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = values.get(name)
    if raw is None:
        return default
    if not re.fullmatch(r"\d{1,12}", raw) or not low <= int(raw) <= high:
        raise ApiError(400, f"{name}={raw!r}: expected a whole number from {low} to {high}", name)
    return int(raw)


def parse_bbox(raw: str, crs: str | None = None) -> tuple[float, float, float, float]:
    """Return ``bbox`` (in ``bbox-crs``, default CRS84) as (minlon, minlat, maxlon, maxlat)."""
    try:
        numbers = [float(part) for part in raw.split(",")]
    except ValueError:
        numbers = []
    if len(numbers) not in (4, 6) or not all(math.isfinite(n) for n in numbers):
        raise ApiError(400, f"bbox={raw!r}: expected 4 (or 6) comma-separated numbers: "
                       "minx,miny,maxx,maxy", "bbox")
    if len(numbers) == 6:  # heights are not used: every geometry is 2D
        numbers = [numbers[0], numbers[1], numbers[3], numbers[4]]
    if crs not in (None, CRS84):
        numbers = list(_to_crs84(crs).transform_bounds(*numbers))
    minx, miny, maxx, maxy = numbers
    if not (-180 <= minx <= 180 and -180 <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise ApiError(400, f"bbox={raw!r}: out of range; expected longitudes from -180 to 180 "
                       "and latitudes from -90 to 90, the lower-left corner first", "bbox")
    return minx, miny, maxx, maxy


@lru_cache(maxsize=32)
def _to_crs84(uri: str) -> Transformer:
    match = EPSG_URI.match(uri)
    try:
        if not match:
            raise CRSError(uri)
        return Transformer.from_crs(CRS.from_epsg(int(match.group(1))), "OGC:CRS84")
    except CRSError as exc:
        raise ApiError(400, f"bbox-crs={uri!r}: expected {CRS84} or "
                       "http://www.opengis.net/def/crs/EPSG/0/<code>", "bbox-crs") from exc
