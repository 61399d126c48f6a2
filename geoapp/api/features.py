"""The API's documents: landing page, conformance, collections and their items as GeoJSON."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from urllib.parse import quote, urlencode

from sqlalchemy import Connection

from geoapp.api.params import ItemsRequest
from geoapp.errors import NotFound
from geoapp.layers import Layer
from geoapp.params import CRS84
from geoapp.store import collections
from geoapp.store.collections import ItemQuery
from geoapp.store.queries import PlaceFilter

GEOJSON = "application/geo+json"
JSON = "application/json"
OPENAPI = "application/vnd.oai.openapi+json;version=3.0"
# Counting more matches than this would slow every page; past it numberMatched is left out.
COUNT_CAP = 50_000
CONFORMANCE = (
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    # Part 4: writes on the collections of places, partnerships and activities
    # (geoapp.web.api_write).
    "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/create-replace-delete",
    "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/update",
    "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/optimistic-locking-etags",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tileset",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tilesets-list",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/geodata-tilesets",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/mvt",
)
GREGORIAN = "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"
TILESETS = "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector"
# Layers of these geometries have vector tiles (geoapp.web.tiles).
TILED = ("Point", "LineString")
EXPORTS = {"csv": ("text/csv", "CSV"), "gpkg": ("application/geopackage+sqlite3", "GeoPackage")}


def link(href: str, rel: str, media_type: str = JSON, title: str | None = None) -> dict:
    """Return one link object."""
    found = {"href": href, "rel": rel, "type": media_type}
    if title:
        found["title"] = title
    return found


def landing(base: str) -> dict:
    """Return the landing page: what the API is and where its parts are."""
    return {
        "title": "geoapp: schools, STEM centres and partnerships",
        "description": "Every layer of the atlas as an OGC API - Features collection.",
        "links": [
            link(f"{base}", "self", title="This document"),
            link(f"{base}/openapi", "service-desc", OPENAPI, "The API definition"),
            link(f"{base}/conformance", "conformance", title="Conformance classes"),
            link(f"{base}/collections", "data", title="The collections: one per layer"),
        ],
    }


def conformance() -> dict:
    """Return the conformance classes the API implements."""
    return {"conformsTo": list(CONFORMANCE)}


def scope(layer: Layer) -> ItemQuery:
    """Return the query of every item of a layer."""
    return ItemQuery(layer.source, PlaceFilter(kinds=tuple(layer.kinds)),
                     tuple(layer.levels))


def collection(conn: Connection, layer: Layer, base: str, revision: tuple | None = None) -> dict:
    """Return the description of a layer's collection, with its extent measured from the
    data (remembered under the data's ``revision``)."""
    here = f"{base}/collections/{layer.id}"
    box = collections.extent(conn, scope(layer), revision)
    found = {
        "id": layer.id,
        "title": layer.title["en"],
        "description": layer.description.get("en", layer.title["en"]),
        "titles": layer.title,
        "itemType": "feature",
        "crs": [CRS84],
        "links": [
            link(here, "self", title=layer.title["en"]),
            link(f"{here}/items", "items", GEOJSON, "Items as GeoJSON"),
            *(link(f"{here}/items?f={f}", "enclosure", media, f"Items as {name}")
              for f, (media, name) in EXPORTS.items()),
        ],
    }
    if layer.data_source.geometry_type in TILED:
        found["links"].append(link(f"{here}/tiles", TILESETS, JSON, "Vector tiles"))
    if box:
        found["extent"] = {"spatial": {"bbox": [list(box)], "crs": CRS84}}
    span = collections.time_extent(conn, scope(layer), revision)
    if span:
        found.setdefault("extent", {})["temporal"] = {
            "interval": [[_instant(span[0], "00:00:00"), _instant(span[1], "23:59:59")]],
            "trs": GREGORIAN}
    return found


def _instant(day: dt.date | None, time: str) -> str | None:
    return None if day is None else f"{day.isoformat()}T{time}Z"


def all_collections(conn: Connection, layers: dict[str, Layer], base: str,
                    revision: tuple | None = None) -> dict:
    """Return the list of collections, one per layer."""
    return {
        "links": [link(f"{base}/collections", "self", title="The collections")],
        "collections": [collection(conn, layer, base, revision) for layer in layers.values()],
    }


def items(conn: Connection, layer: Layer, request: ItemsRequest, url: str,
          args: dict[str, str], revision: tuple | None = None) -> dict:
    """Return one page of a collection's items as a GeoJSON FeatureCollection with links.

    ``revision`` is the store's data revision, under which counts are remembered.
    """
    collections.check_known(conn, request.query.where.region, request.query.where.programme)
    features, matched = _page(conn, request, revision)
    returned = len(features)
    more = returned == request.limit and (matched is None or request.offset + returned < matched)
    found = {
        "type": "FeatureCollection",
        "features": features,
        "links": page_links(url, args, request, more, features[-1]["id"] if more else None),
        "timeStamp": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "numberReturned": returned,
    }
    if matched is not None:
        found["numberMatched"] = matched
    return found


def _page(conn: Connection, request: ItemsRequest,
          revision: tuple | None) -> tuple[list[dict], int | None]:
    """The page's features and the count of matches (None past COUNT_CAP)."""
    first = not request.offset and request.after is None
    if request.format == "json":
        page = collections.find_page(conn, request.query, request.limit, request.offset,
                                     request.after, COUNT_CAP, revision)
        if page.features or first:
            return page.features, page.matched if page.features else 0
        return page.features, collections.count_items(conn, request.query, COUNT_CAP)
    # Exports read shapes rather than JSON; they are not on the hot path.
    features = collections.find_items(conn, request.query, request.limit, request.offset,
                                      request.after)
    returned = len(features)
    if returned < request.limit and (returned or first):
        return features, request.offset + returned  # the last page tells the count for free
    return features, collections.count_items(conn, request.query, COUNT_CAP)


def page_links(url: str, args: dict[str, str], request: ItemsRequest, more: bool,
               last_id: str | None = None) -> list:
    """Return the self, alternate, next and prev links of a page of items.

    A next link carries the last id of the page (``after``), so that a deep page is found
    through the key's index instead of skipping ``offset`` rows; ``offset`` still numbers it.
    """
    def at(offset: int, **changes: str) -> str:
        query = {**args, "limit": str(request.limit), "offset": str(offset), **changes}
        return f"{url}?{'&'.join(_pair(k, v) for k, v in query.items() if v != '')}"

    found = [link(at(request.offset), "self", GEOJSON, "This page")]
    found += [link(at(request.offset, f=f, after=""), "alternate", media, f"This page as {name}")
              for f, (media, name) in EXPORTS.items()]
    if more:
        found.append(link(at(request.offset + request.limit, after=str(last_id)), "next",
                          GEOJSON, "Next page"))
    if request.offset:
        found.append(link(at(max(0, request.offset - request.limit), after=""), "prev",
                          GEOJSON, "Previous page"))
    return found


@lru_cache(maxsize=1024)
def _pair(name: str, value: str) -> str:
    """One ``name=value`` of a link's query, encoded as urlencode does: a page's links
    repeat the same few, and encoding them took 8% of a ten-item page's profile."""
    return urlencode({name: value})


def item(conn: Connection, layer: Layer, item_id: str, base: str) -> tuple[dict, int | None]:
    """Return one feature of a collection and its version (None where its source keeps
    none), or raise a 404."""
    found = collections.get_item(conn, scope(layer), item_id)
    if found is None:
        raise NotFound(f"collection {layer.id!r} has no item {item_id[:80]!r}")
    feature, version = found
    here = f"{base}/collections/{layer.id}"
    feature["links"] = [link(f"{here}/items/{quote(item_id, safe='')}", "self", GEOJSON),
                        link(here, "collection", JSON, layer.title["en"])]
    return feature, version
