"""Twinning candidates: for one place, every place within a radius that could partner it.

Store-side and free of Flask. The rules become one SQL query: the kinds asked for, open
places only, not the place itself nor its partners, a programme if chosen, and the rules
on regions (own country, no occupied territory, front line or rear, own or other oblast, a
chosen region) as one set of allowed region codes. The spatial index gives the places in
the box of the circle; pyproj's Geod measures each one exactly; all those within the
radius are ranked (:mod:`geoapp.ranking`), so the total is exact and a page is a slice.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np
from sqlalchemy import Connection, Select, func, select

from geoapp import geodesy, ranking
from geoapp.errors import N_, ParameterError
from geoapp.ranking import Reasons
from geoapp.regiontree import RegionTree
from geoapp.search import (
    COUNTRIES,
    DEFAULT_LIMIT,
    EXPORT_MAX,
    MAX_LIMIT,
    MAX_RADIUS_KM,
    OCCUPIED,
    OPEN_STATUSES,
    RANKINGS,
    SCOPES,
    ZONES,
    RegionRule,
    Search,
    read_search,
    region_rule,
    scope_region_of,
    search_slice,
)
from geoapp.store import dialect, links
from geoapp.store.collections import check_known
from geoapp.store.models import place_programmes
from geoapp.store.queries import PlaceFilter, filter_places, places, published
from geoapp.store.statuses import Statuses, region_facts

# The search's constants, for the pages, the command line and the notebooks.
__all__ = ["COUNTRIES", "DEFAULT_LIMIT", "EXPORT_MAX", "MAX_LIMIT", "MAX_RADIUS_KM", "OCCUPIED",
           "OPEN_STATUSES", "RANKINGS", "SCOPES", "ZONES", "Candidate", "ChosenPlace",
           "Search", "Shortlist", "candidate_query", "candidates_near", "chosen_place",
           "region_rule"]
NAMED_LEVELS = ("hromada", "raion", "oblast", "country")


@dataclass(frozen=True)
class Where:
    """Where a place is: its regions' names at each level, and the list's status there."""

    hromada: str | None = None
    raion: str | None = None
    oblast: str | None = None
    country: str | None = None
    country_code: str | None = None
    status: str | None = None
    status_since: dt.date | None = None


@dataclass(frozen=True)
class ChosenPlace:
    """The place that candidates are found for."""

    id: str
    name: str
    kind: str
    type: str | None
    region_code: str | None
    lon: float
    lat: float
    programmes: tuple[str, ...] = ()
    where: Where = Where()


@dataclass(frozen=True)
class Candidate:
    """One possible partner: where it is, how far, and why it ranks where it does."""

    id: str
    name: str
    kind: str
    type: str | None
    region_code: str | None
    distance_km: float
    bearing_deg: float
    lon: float
    lat: float
    where: Where
    shared_programmes: tuple[str, ...]
    partner_count: int
    cooperating: bool
    same_type: bool
    score: float | None = None


@dataclass(frozen=True)
class Shortlist:
    """The chosen place, the search as applied, one page of candidates, and how many in all."""

    place: ChosenPlace
    search: Search
    candidates: list[Candidate]
    total: int
    edition: dt.date | None = None
    scope_region: str | None = None

    @property
    def pages(self) -> int:
        """How many pages the candidates within the radius fill."""
        return max(1, math.ceil(self.total / self.search.limit))

    @property
    def first_rank(self) -> int:
        """The rank of the first candidate of this page."""
        return (self.search.page - 1) * self.search.limit + 1


def candidates_near(conn: Connection, place_id: str, lang: str = "uk", export: bool = False,
                    revisions: Mapping[str, int] | None = None, **asked) -> Shortlist:
    """Rank the places within the radius of a place that could become its partners.

    ``asked`` holds the search (see :class:`Search`); ``export`` gives every candidate
    within the radius (up to EXPORT_MAX) instead of one page. ``revisions``, the store's
    as the caller found them, spare asking which regions and statuses are current.
    """
    search = read_search(asked, export)
    check_known(conn, search.region, search.programme)
    facts = region_facts(conn, revisions)
    tree, statuses = facts.tree, facts.statuses
    chosen = chosen_place(conn, place_id, tree, statuses, lang)
    search = replace(search, kinds=search.kinds or (chosen.kind,))
    scope_region = scope_region_of(chosen, search.scope, tree)
    rule = region_rule(chosen, search, scope_region, facts)
    if search.rank == "nearest":
        page, total = nearest_page(conn, chosen, search, rule)
    else:
        found = within_radius(conn, candidate_query(chosen, search, rule), chosen,
                              search.radius_km * 1000.0)
        page, total = best_first(conn, chosen, search, found, tree)[search_slice(search)], \
            len(found)
    candidates = [describe(f, tree, statuses, lang)
                  for f in with_reasons(conn, chosen, page, tree)]
    return Shortlist(chosen, search, candidates, total, statuses.edition, scope_region)


def where_of(code: str | None, tree: RegionTree, statuses: Statuses, lang: str) -> Where:
    """A region's names at each level, and the gravest status in force there."""
    codes = {level: tree.at_level(code, level) for level in NAMED_LEVELS}
    situation = statuses.situation(tree, code)
    return Where(**{level: tree.name(codes[level], lang) for level in NAMED_LEVELS},
                 country_code=codes["country"],
                 status=situation.status if situation else None,
                 status_since=situation.since if situation else None)


def chosen_place(conn: Connection, place_id: str, tree: RegionTree | None = None,
                 statuses: Statuses | None = None, lang: str = "uk") -> ChosenPlace:
    """Return the place candidates are sought for; ParameterError if there is none."""
    row = conn.execute(select(places.c.id, places.c.name, places.c.kind, places.c.type,
                              places.c.region_code, func.ST_X(places.c.geom),
                              func.ST_Y(places.c.geom))
                       .where(places.c.id == place_id, published(places))).first()
    if row is None:
        raise ParameterError("place", N_("no place has the id %(value)s"),
                             value=repr(place_id[:80]))
    programmes = conn.execute(select(place_programmes.c.programme_code).where(
        place_programmes.c.place_id == place_id).order_by(place_programmes.c.programme_code))
    where = where_of(row.region_code, tree, statuses, lang) if tree else Where()
    return ChosenPlace(*row, programmes=tuple(programmes.scalars()), where=where)


def candidate_query(chosen: ChosenPlace, search: Search, rule: RegionRule,
                    reach_m: float | None = None) -> Select:
    """The places that could partner with ``chosen`` inside the box of a circle around it
    (of the search's radius, or of ``reach_m``)."""
    query = select(places.c.id, places.c.name, places.c.kind, places.c.type,
                   places.c.region_code, func.ST_X(places.c.geom).label("lon"),
                   func.ST_Y(places.c.geom).label("lat"))
    query = filter_places(query, PlaceFilter(kinds=search.kinds, programme=search.programme,
                                             statuses=OPEN_STATUSES))
    query = query.where(places.c.id != chosen.id, places.c.id.not_in(links.partners_of(chosen.id)))
    condition = rule.condition(places.c.region_code)
    if condition is not None:
        query = query.where(condition)
    reach_m = search.radius_km * 1000.0 if reach_m is None else reach_m
    frame = geodesy.circle_bbox(chosen.lon, chosen.lat, reach_m)
    return query.where(dialect.in_frame(places.c.geom, *frame))


@dataclass(frozen=True)
class Found:
    """A place within the radius, measured, and (once ranked) its reasons and score."""

    row: object
    metres: float
    bearing: float
    reasons: Reasons | None = None
    score: float | None = None


def within_radius(conn: Connection, query: Select, chosen: ChosenPlace,
                  radius_m: float) -> list[Found]:
    """Every row of ``query`` within ``radius_m`` of the place, measured on the ellipsoid."""
    rows = conn.execute(query).all()
    metres, bearings = geodesy.distances_and_bearings(
        chosen.lon, chosen.lat, [r.lon for r in rows], [r.lat for r in rows])
    return [Found(r, float(m), float(b)) for r, m, b in zip(rows, metres, bearings, strict=True)
            if m <= radius_m]


def nearest_order(found: list[Found]) -> list[Found]:
    """Candidates by distance, then name in alphabetical order, then id."""
    return sorted(found, key=lambda f: ranking.nearest_key(f.metres, f.row.name, f.row.id))


def nearest_page(conn: Connection, chosen: ChosenPlace, search: Search,
                 rule: RegionRule) -> tuple[list[Found], int]:
    """One page of the nearest candidates, and how many lie within the radius.

    Only the points of the candidates in the radius's box are read to count them and to
    find how far the page reaches; then the places within that reach are read and sorted.
    """
    radius_m = search.radius_km * 1000.0
    query = candidate_query(chosen, search, rule)
    points = conn.execute(query.with_only_columns(query.selected_columns.lon,
                                                  query.selected_columns.lat)).all()
    metres, _ = geodesy.distances_and_bearings(chosen.lon, chosen.lat,
                                               [p[0] for p in points], [p[1] for p in points])
    inside = metres[metres <= radius_m]
    wanted = min(inside.size, search.page * search.limit)
    if wanted == 0 or (search.page - 1) * search.limit >= inside.size:
        return [], int(inside.size)
    reach = float(np.partition(inside, wanted - 1)[wanted - 1])
    found = within_radius(conn, candidate_query(chosen, search, rule, reach), chosen, reach)
    return nearest_order(found)[search_slice(search)], int(inside.size)


def best_first(conn: Connection, chosen: ChosenPlace, search: Search, found: list[Found],
               tree: RegionTree) -> list[Found]:
    """Every candidate by best-match score, each with its reasons and score."""
    nearest = nearest_order(found)
    reasons = reasons_of(conn, chosen, nearest, tree)
    radius_m = search.radius_km * 1000.0
    scored = [replace(f, reasons=reasons[f.row.id], score=ranking.score(
        reasons[f.row.id], search.weights, radius_m, len(chosen.programmes))) for f in nearest]
    # sorted() is stable: equal scores keep the nearest order.
    return sorted(scored, key=lambda f: -f.score)


def with_reasons(conn: Connection, chosen: ChosenPlace, page: list[Found],
                 tree: RegionTree) -> list[Found]:
    """The page's candidates with their reasons, where ranking did not give them yet."""
    if all(f.reasons for f in page):
        return page
    reasons = reasons_of(conn, chosen, page, tree)
    return [replace(f, reasons=reasons[f.row.id]) for f in page]


def reasons_of(conn: Connection, chosen: ChosenPlace, found: list[Found],
               tree: RegionTree) -> dict[str, Reasons]:
    """Why each candidate of ``found`` ranks: distance, programmes, partners, agreements, type."""
    ids = [f.row.id for f in found]
    shared = links.programmes_among(conn, ids, chosen.programmes)
    partners = links.partner_counts(conn, ids)
    hromada = tree.at_level(chosen.region_code, "hromada")
    cooperating = {tree.at_level(code, "hromada")
                   for code in links.cooperating_regions(conn, hromada)} - {None}
    return {f.row.id: Reasons(
        f.metres, shared[f.row.id], partners[f.row.id],
        tree.at_level(f.row.region_code, "hromada") in cooperating,
        bool(chosen.type) and f.row.type == chosen.type) for f in found}


def describe(found: Found, tree: RegionTree, statuses: Statuses, lang: str) -> Candidate:
    """A ranked place as a candidate, with its regions named in ``lang``."""
    row, why = found.row, found.reasons
    return Candidate(row.id, row.name, row.kind, row.type, row.region_code,
                     found.metres / 1000.0, found.bearing, row.lon, row.lat,
                     where_of(row.region_code, tree, statuses, lang), why.shared_programmes,
                     why.partner_count, why.cooperating, why.same_type, found.score)
