"""What a map layer shows in a view: points, or counts per region when a view holds too
many; partnerships as lines; region outlines. Flask-free: the map's data route, the pages,
the embed and ``geoapp export-map`` all read the map through here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import Connection
from werkzeug.datastructures import MultiDict

from geoapp import params
from geoapp.dates import Period
from geoapp.layers import Layer
from geoapp.maps.features import (
    activity_feature,
    collection,
    level_for_zoom,
    partnership_feature,
    place_feature,
    roll_up,
)
from geoapp.maps.links import link_features, link_level
from geoapp.maps.regions import RegionAtlas
from geoapp.regiontree import RegionTree
from geoapp.store import Store, activities, mapdata, queries
from geoapp.store.collections import ItemQuery, check_known
from geoapp.store.models import AREAS, PLACE_KINDS, REGION_LEVELS, REGION_STATUSES
from geoapp.store.queries import PlaceFilter
from geoapp.store.sources import SOURCES, Source
from geoapp.store.statuses import Situation, read_statuses
from geoapp.store.tiles import Tile

# Above this many places in view (and below POINTS_ZOOM) a layer sends counts per region.
POINTS_MAX = 1500
POINTS_ZOOM = 10
POINT_CAP = 5000
PARTNERSHIP_CAP = 5000
# Below POINTS_ZOOM, more lines than this in view are a hairball: they are drawn as one line
# per pair of regions, with the count (geoapp.maps.links).
PARTNERSHIPS_MAX = 800
# A view takes four to sixteen tiles, and a line weighs a kilobyte: a tile far out holding
# more than a quarter of what a view draws says it is crowded, so that the page does not
# fetch thousands of lines only to learn that they are too many.
TILE_LINES_MAX = PARTNERSHIPS_MAX // 4
ALWAYS_SENT = ("name", "status")
# At most this many lines between regions, the largest: the reader is told how many
# partnerships they stand for.
LINKS_SHOWN = 150
# The reader is told how many lines a view holds, counted up to this many.
LINES_COUNTED = 1_000_000
# Filters whose name in the URL is not a Python name.
URL_NAMES = {"date_from": "from", "date_to": "to"}
# The list's statuses are drawn on these levels, the larger first (smaller ones on top).
STATUS_LEVELS = ("oblast", "raion", "hromada")


@dataclass(frozen=True)
class MapFilters:
    """The page's filters, checked against the store: what the URL carries."""

    region: str | None = None
    programme: str | None = None
    kind: str | None = None
    status: str | None = None
    q: str | None = None
    level: str | None = None
    area: str | None = None
    date_from: str | None = None
    date_to: str | None = None

    def given(self) -> dict[str, str]:
        """The filters that are set, by their names in the URL."""
        return {URL_NAMES.get(f.name, f.name): getattr(self, f.name) for f in fields(self)
                if getattr(self, f.name)}

    @property
    def period(self) -> Period | None:
        """The time filter: the days from ``from`` to ``to`` (checked when read)."""
        return params.period(self.date_from, self.date_to)

    def for_places(self, kinds: tuple[str, ...] = (), bbox=None,
                   tile=None) -> PlaceFilter | None:
        """The store's filter for places of ``kinds``, or None when the kind excludes them."""
        if self.kind:
            if kinds and self.kind not in kinds:
                return None
            kinds = (self.kind,)
        return PlaceFilter(kinds=kinds, region=self.region, programme=self.programme,
                           statuses=(self.status,) if self.status else (), q=self.q, bbox=bbox,
                           tile=tile)

    def for_source(self, source: str, bbox=None) -> PlaceFilter:
        """The store's filter for the records of a partnerships, activities or regions source."""
        kinds = (self.kind,) if self.kind and self.kind in SOURCES[source].kinds else ()
        return PlaceFilter(kinds=kinds, region=self.region, programme=self.programme,
                           statuses=(self.status,) if self.status else (), bbox=bbox,
                           area=self.area, during=self.period)


def read_filters(conn: Connection, args: MultiDict | dict,
                 source: Source = SOURCES["places"]) -> MapFilters:
    """Check the filters of a request for ``source``; ParameterError names a wrong one."""
    found = MapFilters(
        region=params.text("region", args.get("region"), 40),
        programme=params.text("programme", args.get("programme"), 60),
        kind=params.choice("kind", args.get("kind"), source.kinds or PLACE_KINDS),
        status=params.choice("status", args.get("status"), source.statuses),
        q=params.text("q", args.get("q")),
        level=params.choice("level", args.get("level"), REGION_LEVELS),
        area=params.choice("area", args.get("area"), AREAS),
        date_from=params.text("from", args.get("from"), 10),
        date_to=params.text("to", args.get("to"), 10))
    params.period(found.date_from, found.date_to)  # a wrong date is named now
    check_known(conn, found.region, found.programme)
    return found


def region_atlas(store: Store, conn: Connection, revision: int | None = None) -> RegionAtlas:
    """The store's regions, read again only after a load has changed them; at the regions'
    ``revision`` when it is known (else asked for)."""
    current = queries.revision(conn, "regions") if revision is None else revision
    cached = store.cache.get("region_atlas")
    if cached is None or cached[0] != current:
        cached = (current, RegionAtlas.from_rows(mapdata.region_rows(conn)))
        store.cache["region_atlas"] = cached
    return cached[1]


@dataclass(frozen=True)
class View:
    """What part of the map is asked for, and in which language names are given."""

    bbox: tuple[float, float, float, float] | None
    zoom: int
    lang: str
    # The data's revision the answer is for: counts per region are remembered under it.
    revision: tuple | None = None


def layer_data(conn: Connection, atlas: RegionAtlas, layer: Layer, filters: MapFilters,
               view: View) -> dict[str, Any]:
    """The GeoJSON of one layer in a view."""
    reader = {"places": places_layer, "partnerships": partnerships_layer,
              "regions": regions_layer, "activities": activities_layer,
              "region_statuses": statuses_layer}[layer.source]
    return reader(conn, atlas, layer, filters, view)


def places_layer(conn: Connection, atlas: RegionAtlas, layer: Layer, filters: MapFilters,
                 view: View) -> dict:
    """Points of a places layer in view, or counts per region when there are too many."""
    where = filters.for_places(tuple(layer.kinds), view.bbox)
    if where is None:
        return collection([])
    if view.zoom < POINTS_ZOOM and more_than(conn, ItemQuery("places", where), POINTS_MAX):
        return region_counts(atlas, mapdata.counts_by_region(conn, where, view.revision),
                             filters, view)
    return place_points(conn, layer, where)


def places_tile(conn: Connection, layer: Layer, filters: MapFilters, tile: Tile) -> dict:
    """The points of a places layer in one map tile, each place in exactly one tile.

    A tile serves the map one zoom above its own (a tile is two screen tiles wide). Below
    that zoom a tile holding more than POINTS_MAX places sends none, only ``crowded``: the
    map then shows counts per region, fetched once for the whole map.
    """
    where = filters.for_places(tuple(layer.kinds), tile=tile.lonlat_box())
    if where is None:
        return collection([])
    if tile.z + 1 < POINTS_ZOOM and more_than(conn, ItemQuery("places", where), POINTS_MAX):
        return collection([], crowded=True)
    return place_points(conn, layer, where)


def layer_tile(conn: Connection, atlas: Callable[[], RegionAtlas], layer: Layer,
               filters: MapFilters, tile: Tile, lang: str) -> dict:
    """A layer's data in one WebMercatorQuad tile, for the map one zoom above the tile's.

    A place is in exactly one tile (:func:`places_tile`); a line, an activity held at several
    places or a region's polygon is in every tile it touches, and the map keeps one of each
    by id. Below POINTS_ZOOM a tile holding more activities than the map draws one by one,
    or more lines than TILE_LINES_MAX, sends none, only ``crowded``: the map then asks
    :func:`layer_data` for counts per region over the whole map, or for lines per pair of
    regions in the box its tiles cover. ``atlas`` gives the regions, asked only by the
    layers of regions (it costs a query).
    """
    if layer.source == "places":
        return places_tile(conn, layer, filters, tile)
    view = View(tile.lonlat_box(), tile.z + 1, lang)
    if layer.source == "activities":
        item_query = ItemQuery("activities", filters.for_source("activities", view.bbox))
        if view.zoom < POINTS_ZOOM and more_than(conn, item_query, POINTS_MAX):
            return collection([], crowded=True)
        return activity_points(conn, layer, item_query, lang)
    if layer.source == "partnerships":
        item_query = ItemQuery("partnerships", filters.for_source("partnerships", view.bbox))
        if view.zoom < POINTS_ZOOM and more_than(conn, item_query, TILE_LINES_MAX):
            return collection([], crowded=True)
        return partnership_lines(conn, layer, item_query)
    return layer_data(conn, atlas(), layer, filters, view)


def place_points(conn: Connection, layer: Layer, where: PlaceFilter) -> dict:
    """The points of the places ``where`` asks for, with what the layer's popups show."""
    rows = mapdata.place_points(conn, where, POINT_CAP)
    sent = dict.fromkeys((*ALWAYS_SENT, *layer.popup))
    return collection([place_feature(row, sent) for row in rows[:POINT_CAP]],
                      truncated=len(rows) > POINT_CAP)


def region_counts(atlas: RegionAtlas, counts: dict[str, int], filters: MapFilters,
                  view: View) -> dict:
    """Counts per region at the level of the view's zoom (or the one chosen), as polygons."""
    level = filters.level or level_for_zoom(view.zoom)
    totals = roll_up(counts, atlas.parents, atlas.levels, level)
    # Every region of the level in view is drawn: one without places says "no data"
    # rather than leaving a hole (Crimea and Sevastopol have no registered schools).
    codes = list(dict.fromkeys([*atlas.at_level(level, view.bbox, filters.region),
                                *(code for code in totals if code in atlas.shapes)]))
    return collection(atlas.features(codes, view.zoom, view.lang, totals),
                      aggregated=True, level=level)


def activities_layer(conn: Connection, atlas: RegionAtlas, layer: Layer, filters: MapFilters,
                     view: View) -> dict:
    """Activities in view (and in the time filter) at their places, or counts per region."""
    where = filters.for_source("activities", view.bbox)
    item_query = ItemQuery("activities", where)
    if view.zoom < POINTS_ZOOM and more_than(conn, item_query, POINTS_MAX):
        return region_counts(atlas, activities.counts_by_region(conn, where), filters, view)
    return activity_points(conn, layer, item_query, view.lang)


def activity_points(conn: Connection, layer: Layer, item_query: ItemQuery, lang: str) -> dict:
    """The activities ``item_query`` asks for, each at the places where it happened."""
    rows = mapdata.activity_rows(conn, item_query, POINT_CAP)
    where_held = activities.places_of(conn, [row["id"] for row in rows[:POINT_CAP]])
    return collection([activity_feature(row, where_held.get(row["id"], []), lang,
                                        layer.popup) for row in rows[:POINT_CAP]],
                      truncated=len(rows) > POINT_CAP)


def more_than(conn: Connection, item_query: ItemQuery, cap: int) -> bool:
    """Whether more than ``cap`` items match."""
    return mapdata.count_up_to(conn, item_query, cap) > cap


def partnerships_layer(conn: Connection, atlas: RegionAtlas, layer: Layer,
                       filters: MapFilters, view: View) -> dict:
    """Partnerships in view as lines between their places, with both ends named."""
    item_query = ItemQuery("partnerships", filters.for_source("partnerships", view.bbox))
    if view.zoom < POINTS_ZOOM:
        total = mapdata.count_up_to(conn, item_query, LINES_COUNTED)
        if total > PARTNERSHIPS_MAX:
            return partnership_links(conn, atlas, item_query, view, total)
    return partnership_lines(conn, layer, item_query)


def partnership_lines(conn: Connection, layer: Layer, item_query: ItemQuery) -> dict:
    """The partnerships ``item_query`` asks for, as lines between their places."""
    rows = mapdata.partnership_lines(conn, item_query, tuple(layer.popup), PARTNERSHIP_CAP)
    sent = dict.fromkeys((*mapdata.PARTNERSHIP_SENT, *layer.popup))
    return collection([partnership_feature(r, sent) for r in rows[:PARTNERSHIP_CAP]],
                      truncated=len(rows) > PARTNERSHIP_CAP)


def partnership_links(conn: Connection, atlas: RegionAtlas, item_query: ItemQuery, view: View,
                      total: int) -> dict:
    """Too many lines for the view: one per pair of regions, saying how many it stands for."""
    level = link_level(view.zoom)
    features = link_features(mapdata.partnership_pairs(conn, item_query), atlas, level,
                             view.lang)[:LINKS_SHOWN]
    shown = sum(f["properties"]["count"] for f in features)
    return collection(features, too_many=total, links_by=level, shown=shown)


def statuses_layer(conn: Connection, atlas: RegionAtlas, layer: Layer, filters: MapFilters,
                   view: View) -> dict:
    """Regions in view with a status in force in the official list, each with its gravest."""
    found = read_statuses(conn)
    tree = RegionTree(atlas.levels, atlas.parents, atlas.names)
    wanted = (filters.status,) if filters.status else REGION_STATUSES
    features = []
    for level in STATUS_LEVELS:
        for code in atlas.at_level(level, view.bbox, filters.region):
            here = sorted(found.at(tree, code), key=lambda s: (-s.gravity, s.since))
            if here and here[0].status in wanted:
                features.append(status_feature(atlas, code, here[0], view))
    return collection(features, edition=found.edition.isoformat() if found.edition else None)


def status_feature(atlas: RegionAtlas, code: str, situation: Situation, view: View) -> dict:
    """A region's polygon with the status set on it: which, since when, by which entry."""
    [feature] = atlas.features([code], view.zoom, view.lang)
    feature["properties"].update(status=situation.status, since=situation.since.isoformat(),
                                 entry=situation.name, entry_code=situation.region_code)
    return feature


def regions_layer(conn: Connection, atlas: RegionAtlas, layer: Layer, filters: MapFilters,
                  view: View) -> dict:
    """Outlines of the layer's region levels in view, under the chosen region if any."""
    codes = [code for level in layer.levels or ("oblast",)
             for code in atlas.at_level(level, view.bbox, filters.region)]
    return collection(atlas.features(codes, view.zoom, view.lang))
