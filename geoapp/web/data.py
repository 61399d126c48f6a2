"""The map's own JSON: ``/data/<layer>/<z>/<x>/<y>.geojson``, a layer by map tile, so that
every reader's view asks for the same URLs and a shared cache can answer them, and
``/data/<layer>.geojson`` by zoom and the page's filters, for the whole map (the map's
counts per region) or a ``bbox`` (the map's lines per pair of regions, in the box of its
tiles; scripts); and the region picker's choices. A large tile is remembered under the
data's revision (:func:`geoapp.store.tiles.large_tile`)."""

from __future__ import annotations

import orjson
from flask import Blueprint, Response, current_app, request

from geoapp import layerdata, params
from geoapp.errors import NotFound
from geoapp.layerdata import View, layer_data, read_filters
from geoapp.layers import Layer, get_layers
from geoapp.store import tiles
from geoapp.store.tiles import Tile
from geoapp.web import i18n, mapview
from geoapp.web.caching import (
    data_revisions,
    get_atlas,
    revalidated,
    revalidated_by,
    revisions_of,
)
from geoapp.web.compression import kept_response
from geoapp.web.db import get_conn
from geoapp.web.i18n import current_language

bp = Blueprint("data", __name__, url_prefix="/data")
GEOJSON = "application/geo+json"


@bp.get("/<layer_id>.geojson")
@revalidated
def layer_geojson(layer_id: str) -> Response:
    """GeoJSON of one layer in view: ``bbox``, ``zoom``, and the page's filters."""
    layer = _layer(layer_id)
    view = View(params.view_bbox(request.args.get("bbox")), params.zoom(request.args.get("zoom")),
                current_language(), data_revisions())
    filters = read_filters(get_conn(), request.args, layer.data_source)
    return _geojson(layer_data(get_conn(), get_atlas(), layer, filters, view))


@bp.get("/<layer_id>/<z>/<x>/<y>.geojson")
@revalidated
def layer_tile(layer_id: str, z: str, x: str, y: str) -> Response:
    """GeoJSON of a layer in one WebMercatorQuad tile, with the page's filters."""
    layer = _layer(layer_id)
    tile = Tile(*params.tile(z, x, y))
    filters = read_filters(get_conn(), request.args, layer.data_source)
    lang = current_language()
    body = tiles.large_tile(
        get_conn(), data_revisions(), ("geojson", layer.id, filters, tile, lang),
        lambda: _encoded(layerdata.layer_tile(get_conn(), get_atlas, layer, filters, tile,
                                              lang)))
    return kept_response(body, GEOJSON)


# The records the region choices are made of.
REGIONS = ("regions",)


@bp.get("/region-choices.json")
@revalidated_by(REGIONS)
def region_choices() -> Response:
    """The map's region picker: ``[code, label, depth]`` of every region, in the language's
    order. Apart from the page (it was 411 KB of its 460), so that a browser or a shared
    cache keeps it from one map page to the next, and across every change but a load of
    regions (or a new release); encoded and gzipped once per language and regions' load."""
    lang, atlas = current_language(), get_atlas()
    body = atlas.derived(("choices encoded", lang), lambda: orjson.dumps(
        mapview.region_choices(atlas, lang, i18n.words(i18n.LEVEL_LABELS))))
    return kept_response(body, "application/json", revisions_of(REGIONS))


def _layer(layer_id: str) -> Layer:
    layer = get_layers(current_app).get(layer_id)
    if layer is None:
        raise NotFound(f"layer: no layer {layer_id!r}; known: "
                       f"{', '.join(get_layers(current_app))}")
    return layer


def _geojson(body: dict) -> Response:
    return Response(_encoded(body), mimetype=GEOJSON)


def _encoded(body: dict) -> bytes:
    return orjson.dumps(body, option=orjson.OPT_NON_STR_KEYS)
