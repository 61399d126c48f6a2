"""The registry of sources: what each table behind layers, the API, the map and the
exports is, declared once.

A source knows its table, key, geometry type, the properties users see, the statuses its
records can have, and the filters it understands. Layers (``layers/*.yaml``) choose among
those filters; the API, the map's data and the exports all read them from here.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Column, Table

from geoapp.store.models import (
    ACTIVITY_KINDS,
    PARTNERSHIP_STATUSES,
    PLACE_KINDS,
    PLACE_STATUSES,
    REGION_STATUSES,
    Activity,
    Partnership,
    Place,
    Region,
    RegionStatus,
)


@dataclass(frozen=True)
class Source:
    """One table that layers draw from."""

    name: str
    table: Table
    key: str
    geometry_type: str
    properties: tuple[str, ...]
    statuses: tuple[str, ...]
    filters: tuple[str, ...]
    kinds: tuple[str, ...] = ()

    @property
    def key_column(self) -> Column:
        """The column of the stable id."""
        return self.table.c[self.key]


SOURCES: dict[str, Source] = {
    "places": Source(
        "places", Place.__table__, "id", "Point",
        ("name", "kind", "type", "status", "address", "website", "location_precision",
         "region_code", "note"),
        PLACE_STATUSES, ("region", "programme", "kind", "status", "q"), PLACE_KINDS),
    "partnerships": Source(
        "partnerships", Partnership.__table__, "id", "LineString",
        ("title", "programme_code", "status", "start_date", "end_date", "areas", "source",
         "place_a_id", "place_b_id"),
        PARTNERSHIP_STATUSES, ("region", "programme", "status", "datetime")),
    "regions": Source(
        "regions", Region.__table__, "code", "MultiPolygon",
        ("code", "level", "parent_code", "name_uk", "name_en", "name_ru", "name_kk",
         "name_ro"),
        (), ("region",)),
    # Only published activities are read (queries.published): the others wait for editors.
    "activities": Source(
        "activities", Activity.__table__, "id", "MultiPoint",
        ("title", "language", "title_uk", "title_en", "title_ru", "title_kk", "title_ro",
         "kind", "start_date", "end_date", "date_precision", "place_ids", "partnership_id",
         "programme_code", "areas", "description", "source"),
        (), ("region", "programme", "kind", "area", "datetime"), ACTIVITY_KINDS),
    # Dated statuses of the official list; each is drawn with its region's polygon.
    "region_statuses": Source(
        "region_statuses", RegionStatus.__table__, "id", "MultiPolygon",
        ("region_code", "name", "status", "start_date", "end_date", "edition_date"),
        REGION_STATUSES, ("region", "status")),
}
# Every filter any source understands, in the order forms show them.
FILTERS = ("region", "programme", "kind", "status", "q", "area", "datetime")
# What each source shows to users: popups, API properties, exports.
PROPERTIES = {name: source.properties for name, source in SOURCES.items()}
