"""The map's own JSON: ``/data/<layer>.geojson`` by bbox, zoom and the page's filters.

Places come as points, or, when a view holds too many of them, as counts per region
(polygons for the choropleth); partnerships as lines, long ones as geodesic arcs.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, Flask, current_app, jsonify, request
from sqlalchemy import Connection, func, or_, select
from werkzeug.datastructures import MultiDict

from geoapp.api import ApiError
from geoapp.api.params import parse_bbox
from geoapp.layers import Layer, get_layers
from geoapp.maps.features import (
    collection,
    level_for_zoom,
    partnership_feature,
    place_feature,
    roll_up,
)
from geoapp.maps.regions import RegionAtlas
from geoapp.store import get_store, queries
from geoapp.store.dialect import in_bbox
from geoapp.store.models import (
    PLACE_KINDS,
    PLACE_STATUSES,
    REGION_LEVELS,
    Programme,
    Region,
)
from geoapp.store.queries import (
    PlaceFilter,
    filter_places,
    partnerships,
    place_columns,
    places,
    region_subtree,
)
from geoapp.web.i18n import current_language

bp = Blueprint("data", __name__, url_prefix="/data")

# Above this many places in view (and below POINTS_ZOOM) a layer sends counts per region.
POINTS_MAX = 1500
POINTS_ZOOM = 10
POINT_CAP = 5000
PARTNERSHIP_CAP = 5000
# Below POINTS_ZOOM, more lines than this in view are a hairball: the reader is asked to
# zoom in or choose a programme instead.
PARTNERSHIPS_MAX = 800
ALWAYS_SENT = ("name", "status")
# What a partnership's popup always shows, besides its two ends.
PARTNERSHIP_SENT = ("title", "status", "start_date", "end_date", "areas", "source")


class BadParameter(ValueError):
    """A query parameter the app cannot use; the message names it and what was expected."""

    def __init__(self, parameter: str, message: str):
        super().__init__(f"{parameter}: {message}")
        self.parameter = parameter


@dataclass(frozen=True)
class MapFilters:
    """The page's filters, checked against the store: what the URL carries."""

    region: str | None = None
    programme: str | None = None
    kind: str | None = None
    status: str | None = None
    q: str | None = None
    level: str | None = None

    def for_places(self, kinds: tuple[str, ...] = (), bbox=None) -> PlaceFilter | None:
        """The store's filter for places of ``kinds``, or None when the kind excludes them."""
        if self.kind:
            if kinds and self.kind not in kinds:
                return None
            kinds = (self.kind,)
        return PlaceFilter(kinds=kinds, region=self.region, programme=self.programme,
                           statuses=(self.status,) if self.status else (), q=self.q, bbox=bbox)


def choice(args: MultiDict, name: str, allowed) -> str | None:
    """A parameter that must be one of ``allowed``, or None when empty."""
    value = (args.get(name) or "").strip() or None
    if value is not None and value not in allowed:
        shown = ", ".join(list(allowed)[:12])
        raise BadParameter(name, f"unknown value {value!r}; expected one of {shown}")
    return value


def read_filters(args: MultiDict, atlas: RegionAtlas, programmes: dict) -> MapFilters:
    """Check the filters of a request; raise BadParameter naming a wrong one."""
    q = (args.get("q") or "").strip() or None
    if q and len(q) > 200:
        raise BadParameter("q", "longer than 200 characters")
    return MapFilters(region=choice(args, "region", atlas.levels),
                      programme=choice(args, "programme", programmes),
                      kind=choice(args, "kind", PLACE_KINDS),
                      status=choice(args, "status", PLACE_STATUSES), q=q,
                      level=choice(args, "level", REGION_LEVELS))


def read_bbox(raw: str | None) -> tuple[float, float, float, float] | None:
    """``minlon,minlat,maxlon,maxlat`` in WGS 84, or None when absent."""
    if not raw:
        return None
    try:
        box = parse_bbox(raw)
    except ApiError as exc:
        raise BadParameter("bbox", exc.description) from None
    # The API splits a box across the antimeridian; a map view never needs one.
    if box[0] > box[2]:
        raise BadParameter("bbox", f"{raw!r}: the minimum longitude comes first")
    return box


def read_zoom(raw: str | None) -> int:
    """A zoom level 0..22; 6 when absent."""
    if raw is None or raw == "":
        return 6
    try:
        zoom = int(float(raw))
    except ValueError:
        raise BadParameter("zoom", f"{raw!r} is not a number") from None
    if not 0 <= zoom <= 22:
        raise BadParameter("zoom", f"{zoom} is out of range 0..22")
    return zoom


def region_atlas(app: Flask) -> RegionAtlas:
    """The app's regions, read again only after a load has changed them."""
    with get_store(app).engine.connect() as conn:
        current = queries.revision(conn, "regions")
        cached = app.extensions.get("geoapp.region_atlas")
        if cached is None or cached[0] != current:
            table = Region.__table__
            columns = [table.c.code, table.c.level, table.c.parent_code,
                       *(c for c in table.c if c.name.startswith("name_")),
                       func.ST_AsBinary(table.c.geom).label("wkb")]
            rows = conn.execute(select(*columns)).mappings().all()
            app.extensions["geoapp.region_atlas"] = (current, RegionAtlas.from_rows(rows))
    return app.extensions["geoapp.region_atlas"][1]


def programme_names(conn: Connection, lang: str) -> dict[str, str]:
    """Programme codes and their names in ``lang`` (else Ukrainian, English, the code)."""
    table = Programme.__table__
    rows = conn.execute(select(table).order_by(table.c.code)).mappings().all()
    return {r["code"]: r[f"name_{lang}"] or r["name_uk"] or r["name_en"] or r["code"]
            for r in rows}


def places_layer(conn: Connection, layer: Layer, filters: MapFilters, bbox, zoom: int) -> dict:
    """Points of a places layer in view, or counts per region when there are too many."""
    where = filters.for_places(tuple(layer.kinds), bbox)
    if where is None:
        return collection([])
    if zoom < POINTS_ZOOM:
        total = conn.execute(filter_places(select(func.count()).select_from(places), where))
        if total.scalar() > POINTS_MAX:
            return region_counts(conn, where, filters.level or level_for_zoom(zoom), zoom)
    query = filter_places(select(*place_columns()), where).order_by(places.c.id)
    rows = conn.execute(query.limit(POINT_CAP + 1)).mappings().all()
    fields = dict.fromkeys((*ALWAYS_SENT, *layer.popup))
    return collection([place_feature(row, fields) for row in rows[:POINT_CAP]],
                      truncated=len(rows) > POINT_CAP)


def region_counts(conn: Connection, where: PlaceFilter, level: str, zoom: int) -> dict:
    """Counts of matching places per region at ``level``, as polygons for the choropleth."""
    query = filter_places(select(places.c.region_code, func.count()).select_from(places), where)
    counts = dict(conn.execute(query.group_by(places.c.region_code)).all())
    atlas = region_atlas(current_app)
    totals = roll_up(counts, atlas.parents, atlas.levels, level)
    codes = [code for code in totals if code in atlas.shapes]
    return collection(atlas.features(codes, zoom, current_language(), totals),
                      aggregated=True, level=level)


def partnerships_layer(conn: Connection, layer: Layer, filters: MapFilters, bbox,
                       zoom: int) -> dict:
    """Partnerships in view as lines between their places, with both ends named."""
    a, b = places.alias("a"), places.alias("b")
    query = (
        select(*(partnerships.c[name] for name in dict.fromkeys(
                   ("id", "place_a_id", "place_b_id", "programme_code", *PARTNERSHIP_SENT,
                    *layer.popup))),
               a.c.name.label("a_name"), func.ST_X(a.c.geom).label("a_lon"),
               func.ST_Y(a.c.geom).label("a_lat"), b.c.name.label("b_name"),
               func.ST_X(b.c.geom).label("b_lon"), func.ST_Y(b.c.geom).label("b_lat"))
        .join_from(partnerships, a, partnerships.c.place_a_id == a.c.id)
        .join(b, partnerships.c.place_b_id == b.c.id)
        .order_by(partnerships.c.id))
    if filters.programme:
        query = query.where(partnerships.c.programme_code == filters.programme)
    if filters.region:
        subtree = select(region_subtree(filters.region))
        query = query.where(or_(a.c.region_code.in_(subtree), b.c.region_code.in_(subtree)))
    if bbox:
        query = query.where(in_bbox(partnerships, bbox))
    if zoom < POINTS_ZOOM:
        total = conn.execute(select(func.count()).select_from(query.subquery())).scalar()
        if total > PARTNERSHIPS_MAX:
            return collection([], too_many=total)
    rows = conn.execute(query.limit(PARTNERSHIP_CAP + 1)).mappings().all()
    fields = dict.fromkeys((*PARTNERSHIP_SENT, *layer.popup))
    return collection([partnership_feature(r, fields) for r in rows[:PARTNERSHIP_CAP]],
                      truncated=len(rows) > PARTNERSHIP_CAP)


def regions_layer(conn: Connection, layer: Layer, filters: MapFilters, bbox,
                  zoom: int) -> dict:
    """Outlines of the layer's region levels in view, under the chosen region if any."""
    atlas = region_atlas(current_app)
    codes = [code for level in layer.levels or ("oblast",)
             for code in atlas.at_level(level, bbox, filters.region)]
    return collection(atlas.features(codes, zoom, current_language()))


READERS = {"places": places_layer, "partnerships": partnerships_layer,
           "regions": regions_layer}


@bp.errorhandler(BadParameter)
def bad_parameter(error: BadParameter):
    """Answer 400 naming the parameter."""
    return jsonify(error=str(error), parameter=error.parameter), 400


@bp.get("/<layer_id>.geojson")
def layer_geojson(layer_id: str):
    """GeoJSON of one layer in view: ``bbox``, ``zoom``, and the page's filters."""
    layer = get_layers(current_app).get(layer_id)
    if layer is None:
        known = ", ".join(get_layers(current_app))
        return jsonify(error=f"layer: no layer {layer_id!r}; known: {known}",
                       parameter="layer"), 404
    bbox, zoom = read_bbox(request.args.get("bbox")), read_zoom(request.args.get("zoom"))
    atlas = region_atlas(current_app)
    with get_store(current_app).engine.connect() as conn:
        filters = read_filters(request.args, atlas, programme_names(conn, "en"))
        body = READERS[layer.source](conn, layer, filters, bbox, zoom)
    return jsonify(body)

