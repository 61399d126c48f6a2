"""The query of an items request, checked and turned into a store query.

Each parameter is read by its parser in :mod:`geoapp.params`; this module adds the API's
own rules: unknown parameters are refused, each is given at most once, and a layer
accepts only its own filters.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from geoapp import params
from geoapp.errors import ParameterError
from geoapp.layers import Layer
from geoapp.store.collections import ItemQuery
from geoapp.store.models import AREAS
from geoapp.store.queries import PlaceFilter

FORMATS = ("json", "csv", "gpkg")
PAGING = ("f", "limit", "offset", "after", "bbox", "bbox-crs", "lang")


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
    # The key after which the page starts (from a next link); None: start at ``offset``.
    after: str | None = None


def statuses_of(layer: Layer) -> tuple[str, ...]:
    """Return the statuses an item of this layer can have."""
    return layer.data_source.statuses


def kinds_of(layer: Layer) -> tuple[str, ...]:
    """Return the kinds of place this layer serves."""
    return tuple(layer.kinds) or layer.data_source.kinds


def allowed_parameters(layer: Layer) -> tuple[str, ...]:
    """Return the query parameters the items of this layer accept."""
    return PAGING + tuple(layer.filters)


def parse_items(args: Mapping[str, str], layer: Layer, limits: Limits) -> ItemsRequest:
    """Check the query parameters of an items request against the layer's filters."""
    values = single_values(args, allowed_parameters(layer))
    if values.get("bbox-crs", params.CRS84) != params.CRS84:
        params.to_crs84(values["bbox-crs"])  # a wrong CRS is wrong even without a bbox
    where = replace(filter_of(values, layer), bbox=params.bbox(
        values["bbox"], values.get("bbox-crs")) if "bbox" in values else None)
    return ItemsRequest(
        query=ItemQuery(layer.source, where, tuple(layer.levels)),
        limit=params.integer("limit", values.get("limit"), limits.default, 1, limits.maximum),
        offset=params.integer("offset", values.get("offset"), 0, 0, params.MAX_OFFSET),
        format=params.output_format(values.get("f"), FORMATS),
        after=params.text("after", values.get("after")),
    )


def filter_of(values: Mapping[str, str], layer: Layer) -> PlaceFilter:
    """The layer's filters that ``values`` give (items and tiles read the same ones)."""
    return PlaceFilter(
        kinds=params.choices("kind", values.get("kind"), kinds_of(layer)) or tuple(layer.kinds),
        statuses=params.choices("status", values.get("status"), statuses_of(layer)),
        region=params.text("region", values.get("region"), 40),
        programme=params.text("programme", values.get("programme"), 60),
        q=params.text("q", values.get("q")),
        area=params.choice("area", values.get("area"), AREAS),
        during=params.datetime_period(values.get("datetime")),
    )


def single_values(args: Mapping[str, str], allowed: tuple[str, ...]) -> dict[str, str]:
    """The parameters as one non-empty text each; unknown ones, and ones repeated with
    different values, are refused."""
    found = {}
    for name in args:
        if name not in allowed:
            raise ParameterError(name[:40], f"unknown parameter; this collection accepts "
                                 f"{', '.join(allowed)}")
        given = args.getlist(name) if hasattr(args, "getlist") else [args[name]]
        # GDAL appends a collection URL's own query to the next links, which carry it
        # already: the same value twice is one value.
        if len(set(given)) > 1:
            raise ParameterError(name, f"given {len(given)} times with different values; "
                                 "give it once")
        value = params.text(name, given[0])
        if value is None:
            raise ParameterError(name, "empty; give a value or leave the parameter out")
        found[name] = value
    return found
