"""The map's own JSON: ``/data/<layer>.geojson`` by bbox, zoom and the page's filters."""

from __future__ import annotations

import orjson
from flask import Blueprint, Response, current_app, request

from geoapp import params
from geoapp.errors import NotFound
from geoapp.layerdata import View, layer_data, read_filters
from geoapp.layers import get_layers
from geoapp.web.caching import revalidated
from geoapp.web.db import get_atlas, get_conn
from geoapp.web.i18n import current_language

bp = Blueprint("data", __name__, url_prefix="/data")


@bp.get("/<layer_id>.geojson")
@revalidated
def layer_geojson(layer_id: str) -> Response:
    """GeoJSON of one layer in view: ``bbox``, ``zoom``, and the page's filters."""
    layer = get_layers(current_app).get(layer_id)
    if layer is None:
        raise NotFound(f"layer: no layer {layer_id!r}; known: "
                       f"{', '.join(get_layers(current_app))}")
    view = View(params.view_bbox(request.args.get("bbox")), params.zoom(request.args.get("zoom")),
                current_language())
    filters = read_filters(get_conn(), request.args, layer.data_source)
    body = layer_data(get_conn(), get_atlas(), layer, filters, view)
    return Response(orjson.dumps(body, option=orjson.OPT_NON_STR_KEYS),
                    mimetype="application/geo+json")
