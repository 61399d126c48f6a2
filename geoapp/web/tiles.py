"""``/api/collections/<id>/tiles``: OGC API - Tiles, Mapbox Vector Tiles in WebMercatorQuad,
for the layers of points and lines, with the same filters as their items."""

from __future__ import annotations

import orjson
from flask import Blueprint, Response, current_app, request

from geoapp import params
from geoapp.api.params import filter_of, single_values
from geoapp.errors import NotFound
from geoapp.layers import Layer, get_layers
from geoapp.store import tiles
from geoapp.store.collections import ItemQuery
from geoapp.web.caching import data_revisions, revalidated, revalidated_in_one_trip
from geoapp.web.compression import kept_response
from geoapp.web.db import get_conn
from geoapp.web.links import public_url

bp = Blueprint("tiles", __name__, url_prefix="/api/collections/<collection_id>/tiles")

MVT = "application/vnd.mapbox-vector-tile"
MATRIX_SET = "WebMercatorQuad"
MATRIX_SET_URI = "http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad"
MERCATOR = "http://www.opengis.net/def/crs/EPSG/0/3857"
GEOMETRY_TYPES = {"Point": "points", "LineString": "lines"}  # features.TILED


def _layer(collection_id: str) -> Layer:
    layer = get_layers(current_app).get(collection_id)
    if layer is None:
        raise NotFound(f"no collection {collection_id[:80]!r}")
    if layer.data_source.geometry_type not in GEOMETRY_TYPES:
        raise NotFound(f"collection {layer.id!r} has no vector tiles (points and lines have)")
    return layer


def _here(layer: Layer) -> str:
    return f"{public_url('api.landing').rstrip('/')}/collections/{layer.id}/tiles"


def _json(document: dict) -> Response:
    return Response(orjson.dumps(document), mimetype="application/json")


def tileset(layer: Layer) -> dict:
    """The description of a layer's one tileset."""
    here = f"{_here(layer)}/{MATRIX_SET}"
    return {
        "title": layer.title["en"], "dataType": "vector", "crs": MERCATOR,
        "tileMatrixSetURI": MATRIX_SET_URI,
        "links": [
            {"href": here, "rel": "self", "type": "application/json"},
            {"href": MATRIX_SET_URI, "rel": "http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme",
             "type": "application/json"},
            {"href": f"{here}/{{tileMatrix}}/{{tileRow}}/{{tileCol}}", "rel": "item",
             "type": MVT, "templated": True},
        ],
        "layers": [{"id": layer.id, "dataType": "vector",
                    "geometryType": GEOMETRY_TYPES[layer.data_source.geometry_type],
                    "minTileMatrix": "0", "maxTileMatrix": str(tiles.MAX_ZOOM)}],
    }


@bp.get("")
@revalidated
def tilesets(collection_id: str) -> Response:
    """The tilesets of a collection: one, WebMercatorQuad."""
    layer = _layer(collection_id)
    params.output_format(request.args.get("f"))
    return _json({"links": [{"href": _here(layer), "rel": "self", "type": "application/json"}],
                  "tilesets": [tileset(layer)]})


@bp.get(f"/{MATRIX_SET}")
@revalidated
def tileset_metadata(collection_id: str) -> Response:
    """The WebMercatorQuad tileset of a collection."""
    layer = _layer(collection_id)
    params.output_format(request.args.get("f"))
    return _json(tileset(layer))


@bp.get(f"/{MATRIX_SET}/<int:z>/<int:y>/<int:x>")
@revalidated_in_one_trip()
def tile(collection_id: str, z: int, y: int, x: int) -> Response:
    """One vector tile of a collection's items, narrowed by the same filters as the items."""
    layer = _layer(collection_id)
    found = tiles.Tile(z, x, y)
    if not found.exists():
        raise NotFound(f"no tile {z}/{y}/{x} in {MATRIX_SET} (zoom 0 to {tiles.MAX_ZOOM}, "
                       "row and column below 2 to the zoom)")
    values = single_values(request.args, ("f", *layer.filters))
    params.output_format(values.get("f"), ("mvt",))
    query = ItemQuery(layer.source, filter_of(values, layer), tuple(layer.levels))
    return kept_response(tiles.find_tile(get_conn(), query, found, layer.id, data_revisions()),
                         MVT)
