"""``/api``: the thin blueprint serving the OGC API - Features documents of ``geoapp.api``."""

from __future__ import annotations

import orjson
from flask import Blueprint, Response, current_app, request
from werkzeug.routing import PathConverter

from geoapp import params
from geoapp.api import export, features, openapi
from geoapp.api.params import FORMATS, Limits, parse_items
from geoapp.errors import NotFound
from geoapp.layers import Layer, get_layers
from geoapp.store import collections as store_items
from geoapp.web import api_html, downloads
from geoapp.web.api_write import item_etag
from geoapp.web.caching import (
    conditional,
    data_etag,
    data_revisions,
    first_query,
    revalidated,
    revalidated_in_one_trip,
)
from geoapp.web.db import get_conn
from geoapp.web.links import public_url

bp = Blueprint("api", __name__, url_prefix="/api")
api_html.init_api(bp)  # HTML pages for browsers (f=html or Accept: text/html)


class FeatureIdConverter(PathConverter):
    """Any feature id, even one with slashes or line breaks, so a bad id gets a JSON 404."""

    regex = r"[^/][\s\S]*?"


bp.record_once(lambda state: state.app.url_map.converters.setdefault(
    "feature_id", FeatureIdConverter))


def _json(document: dict, media_type: str = features.JSON, status: int = 200) -> Response:
    body = orjson.dumps(document)
    return Response(body, status=status, mimetype=media_type)


def _base() -> str:
    return public_url("api.landing").rstrip("/")


def _limits() -> Limits:
    return Limits(current_app.config["API_LIMIT_DEFAULT"], current_app.config["API_LIMIT_MAX"])


def _layer(collection_id: str) -> Layer:
    layer = get_layers(current_app).get(collection_id)
    if layer is None:
        raise NotFound(f"no collection {collection_id[:80]!r}; see {_base()}/collections")
    return layer


@bp.get("", endpoint="landing")
@bp.get("/", endpoint="landing_slash")
@revalidated
def landing() -> Response:
    """The landing page."""
    params.output_format(request.args.get("f"))
    return _json(features.landing(_base()))


@bp.get("/conformance")
@revalidated
def conformance() -> Response:
    """The conformance classes."""
    params.output_format(request.args.get("f"))
    return _json(features.conformance())


@bp.get("/openapi")
@revalidated
def openapi_document() -> Response:
    """The OpenAPI 3.0 document."""
    params.output_format(request.args.get("f"))
    document = openapi.document(get_layers(current_app), _limits(), _base())
    return _json(document, features.OPENAPI)


@bp.get("/collections")
@revalidated
def collections() -> Response:
    """Every collection: one per layer."""
    params.output_format(request.args.get("f"))
    return _json(features.all_collections(get_conn(), get_layers(current_app), _base(),
                                          data_revisions()))


@bp.get("/collections/<collection_id>")
@revalidated
def collection(collection_id: str) -> Response:
    """One collection, with its extent."""
    layer = _layer(collection_id)
    params.output_format(request.args.get("f"))
    return _json(features.collection(get_conn(), layer, _base(), data_revisions()))


@bp.get("/collections/<collection_id>/items")
@revalidated_in_one_trip(when=lambda: _items_format() == "json")
def items(collection_id: str) -> Response:
    """A page of items as GeoJSON; CSV and GeoPackage exports are the whole match, streamed,
    unless ``limit`` or ``offset`` asks for one page."""
    layer = _layer(collection_id)
    asked = parse_items(request.args, layer, _limits())
    url = f"{_base()}/collections/{layer.id}/items"
    where = asked.query.where
    name = downloads.file_name(layer.id, where.region, where.programme)
    if asked.format != "json" and not {"limit", "offset"} & set(request.args):
        store_items.check_known(get_conn(), where.region, where.programme)
        batches = downloads.every_item(asked.query)
        return downloads.attachment(export.stream(asked.format, batches, layer.source, layer.id,
                                                  downloads.export_labels()),
                                    asked.format, name)
    page = features.items(get_conn(), layer, asked, url, request.args.to_dict(),
                          data_revisions())
    if asked.format == "json":
        return _json(page, features.GEOJSON)
    chunks = export.stream(asked.format, [page["features"]], layer.source, layer.id,
                           downloads.export_labels())
    return downloads.attachment(chunks, asked.format, name)


def _items_format() -> str:
    """The format the items are asked in (a page of GeoJSON reads the revisions with it)."""
    return params.output_format(request.args.get("f"), FORMATS)


@bp.get("/collections/<collection_id>/items/<feature_id:feature_id>")
def item(collection_id: str, feature_id: str) -> Response:
    """One item of a collection, tagged with its version where it has one (the version a
    write's ``If-Match`` names), else with the data's revision."""
    layer = _layer(collection_id)
    params.output_format(request.args.get("f"))
    feature_id = params.record_id(feature_id)
    feature, version = first_query(lambda conn: features.item(conn, layer, feature_id, _base()))
    etag = item_etag(version) if version is not None else data_etag()
    return conditional(etag, lambda: _json(feature, features.GEOJSON))
