"""Writes through the API: OGC API - Features Part 4 on the collections of places,
partnerships and activities. POST creates, PUT replaces, PATCH changes some properties,
DELETE withdraws (nothing is deleted). A bearer token made on the user's page carries
their role and regions; ``If-Match`` carries the ETag (``"v<version>"``) the change started from.
"""

from __future__ import annotations

import json
import re

from flask import Blueprint, Flask, Response, current_app, request, url_for

from geoapp.api.features import GEOJSON
from geoapp.errors import (
    N_,
    InvalidRecord,
    NotFound,
    NotSignedIn,
    VersionRequired,
)
from geoapp.layers import Layer, get_layers
from geoapp.store import edits, queries, users
from geoapp.store.records import BY_SOURCE, RecordKind
from geoapp.store.sources import PROPERTIES
from geoapp.store.users import Writer
from geoapp.web.db import get_conn, writing

bp = Blueprint("api_write", __name__, url_prefix="/api")
# Properties a client may send back as it read them, but which the store derives (or,
# for an activity's translated titles, only a load writes).
DERIVED = {"region_code", "date_precision", "title_uk", "title_en", "title_ru", "title_kk",
           "title_ro"}
MAX_BODY = 1_000_000
VERSION_TAG = re.compile(r"^v(\d{1,9})$")


def bearer_writer() -> Writer:
    """The user of the request's bearer token; 401 without a valid one."""
    scheme, _, token = (request.headers.get("Authorization") or "").partition(" ")
    writer = users.token_user(get_conn(), token.strip()) if scheme.lower() == "bearer" else None
    if writer is None:
        raise NotSignedIn(N_("Give a valid API token: Authorization: Bearer <token> (made on "
                             "your page, /account)."))
    return writer


def writable(collection_id: str) -> tuple[Layer, RecordKind]:
    """The layer of a collection that takes writes, and the kind of record behind it."""
    layer = get_layers(current_app).get(collection_id)
    if layer is None:
        raise NotFound(f"no collection {collection_id[:80]!r}")
    if layer.source not in BY_SOURCE:
        raise NotFound(f"the collection {layer.id!r} cannot be written to")
    return layer, BY_SOURCE[layer.source]


def started_from() -> int:
    """The version named by ``If-Match``; 428 without one."""
    tags = [VERSION_TAG.match(tag) for tag in request.if_match.as_set()]
    versions = [int(tag.group(1)) for tag in tags if tag]
    if not versions:
        raise VersionRequired(N_("Give If-Match with the ETag of the item as you read it "
                                 "(\"v1\", \"v2\"...)."))
    return versions[0]


def feature_body() -> dict:
    """The request's GeoJSON Feature."""
    if (request.content_length or 0) > MAX_BODY:
        raise InvalidRecord({"body": (N_("at most %(count)s characters"), {"count": MAX_BODY})})
    found = request.get_json(silent=True, force=True)
    if not isinstance(found, dict) or found.get("type", "Feature") != "Feature":
        raise InvalidRecord({"body": (N_("expected a GeoJSON Feature"), {})})
    if not isinstance(found.get("properties") or {}, dict):
        raise InvalidRecord({"properties": (N_("expected an object"), {})})
    return found


def record_values(layer: Layer, feature: dict, whole: bool) -> dict:
    """The record fields a feature gives; ``whole`` (PUT, POST) resets the others."""
    kind = BY_SOURCE[layer.source]
    given = {k: v for k, v in (feature.get("properties") or {}).items() if k not in DERIVED}
    if kind.name == "place" and (whole or feature.get("geometry") is not None):
        given.update(point_of(feature.get("geometry")))
    if kind.name == "place" and layer.kinds and whole and "kind" not in given:
        given["kind"] = layer.kinds[0]
    if not whole:
        return given
    missing = {name: (N_("required"), {}) for name in kind.required
               if given.get(name) in (None, "")}
    if missing:
        raise InvalidRecord(missing)
    return {**dict.fromkeys(kind.fields), **kind.defaults, **given}


def point_of(geometry) -> dict:
    """Longitude and latitude of a GeoJSON Point."""
    if not isinstance(geometry, dict) or geometry.get("type") != "Point" or \
            not isinstance(geometry.get("coordinates"), list) or \
            len(geometry["coordinates"]) not in (2, 3):
        raise InvalidRecord({"geometry": (N_("expected a GeoJSON Point [lon, lat]"), {})})
    lon, lat = geometry["coordinates"][:2]
    return {"lon": lon, "lat": lat}


def in_collection(layer: Layer, record: dict) -> None:
    """404 unless the record is one of the collection's items (a school of schools...)."""
    if layer.kinds and record.get("kind") not in layer.kinds:
        raise NotFound(f"collection {layer.id!r} has no item {record['id'][:80]!r}")


def as_feature(kind: RecordKind, layer: Layer, record: dict) -> dict:
    """A record as the GeoJSON Feature the API serves, with its version and review state."""
    return {"type": "Feature", "id": record["id"], "geometry": geometry_of(kind, record),
            "properties": {name: record.get(name) for name in PROPERTIES[layer.source]},
            "version": record["version"], "reviewState": record["review_state"]}


def geometry_of(kind: RecordKind, record: dict) -> dict | None:
    """A place's point, a partnership's line between its ends, an activity's places."""
    if kind.name == "place":
        return {"type": "Point", "coordinates": [record["lon"], record["lat"]]}
    ends = [record["place_a_id"], record["place_b_id"]] if kind.name == "partnership" \
        else [p for p in (record["place_ids"] or "").split(";") if p]
    points = queries.place_points(get_conn(), ends)
    coordinates = [list(points[end]) for end in ends if end in points]
    if kind.name == "partnership":
        return {"type": "LineString", "coordinates": coordinates}
    return {"type": "MultiPoint", "coordinates": coordinates} if coordinates else None


def answer(kind: RecordKind, layer: Layer, record: dict, status: int = 200) -> Response:
    """The written item, tagged with its new version."""
    body = json.dumps(as_feature(kind, layer, record), ensure_ascii=False)
    response = Response(body, status=status, mimetype=GEOJSON)
    response.set_etag(item_etag(record["version"]))
    response.headers["Cache-Control"] = "no-store"
    if status == 201:
        response.headers["Location"] = url_for("api.item", collection_id=layer.id,
                                               feature_id=record["id"],
                                               _external=True)
    return response


def editor() -> edits.Edit:
    """The token's user making a change, with the reason given in ``X-Change-Note``."""
    note = (request.headers.get("X-Change-Note") or "").strip()[:2000] or None
    return edits.Edit(bearer_writer(), note, current_app.config["REVIEW"] == "on")


@bp.post("/collections/<collection_id>/items")
def create(collection_id: str) -> Response:
    """Create an item; an editor's waits for review when review is on."""
    layer, kind = writable(collection_id)
    change, feature = editor(), feature_body()
    given_id = feature.get("id")
    if given_id is not None and not isinstance(given_id, str):
        raise InvalidRecord({"id": (N_("expected text"), {})})
    with writing() as conn:
        record = edits.create(conn, kind, record_values(layer, feature, whole=True), change,
                              given_id)
    return answer(kind, layer, record, 201)


def current(layer: Layer, kind: RecordKind, feature_id: str, change: edits.Edit) -> dict:
    """The item as its writer may see it, in this collection."""
    record = edits.visible(get_conn(), kind, feature_id, change.writer)
    in_collection(layer, record)
    return record


@bp.put("/collections/<collection_id>/items/<feature_id:feature_id>")
@bp.patch("/collections/<collection_id>/items/<feature_id:feature_id>")
def replace(collection_id: str, feature_id: str) -> Response:
    """Replace an item (PUT) or change the properties sent (PATCH), at ``If-Match``."""
    layer, kind = writable(collection_id)
    change, version = editor(), started_from()
    current(layer, kind, feature_id, change)
    values = record_values(layer, feature_body(), whole=request.method == "PUT")
    with writing() as conn:
        record = edits.update_record(conn, kind, feature_id, values, version, change)
    return answer(kind, layer, record)


@bp.delete("/collections/<collection_id>/items/<feature_id:feature_id>")
def withdraw(collection_id: str, feature_id: str) -> Response:
    """Withdraw an item: it leaves the map and the API; its history stays."""
    layer, kind = writable(collection_id)
    change, version = editor(), started_from()
    current(layer, kind, feature_id, change)
    with writing() as conn:
        edits.set_state(conn, kind, feature_id, "withdrawn", version, change)
    return Response(status=204)


def item_etag(version: int) -> str:
    """The ETag of a published item of a writable collection: its version."""
    return f"v{version}"


@bp.after_request
def challenge(response: Response) -> Response:
    """Name the scheme a refused write should use."""
    if response.status_code == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="geoapp"'
    return response


def init_app(app: Flask) -> None:
    """Register the write routes; tokens, not cookies, authorise them, so no CSRF token."""
    from geoapp.web.auth import csrf

    csrf.exempt(bp)
    app.register_blueprint(bp)
