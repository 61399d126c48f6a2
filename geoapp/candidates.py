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
from dataclasses import dataclass, replace

import numpy as np
from sqlalchemy import Connection, Select, func, or_, select

from geoapp import geodesy, params, ranking
from geoapp.errors import N_, ParameterError
from geoapp.ranking import Reasons, Weights
from geoapp.regiontree import RegionTree
from geoapp.store import dialect, links
from geoapp.store.collections import check_known
from geoapp.store.models import PLACE_KINDS, place_programmes
from geoapp.store.queries import PlaceFilter, filter_places, places
from geoapp.store.statuses import RegionFacts, Statuses, region_facts

MAX_RADIUS_KM = 500.0
DEFAULT_LIMIT = 20
MAX_LIMIT = 100
# A CSV of the shortlist holds every candidate within the radius, up to this many.
EXPORT_MAX = 1000
SCOPES = ("any", "same-region", "other-region")
OCCUPIED = ("exclude", "include")
COUNTRIES = ("own", "any")
ZONES = ("any", "front-line", "rear")
RANKINGS = ("nearest", "best")
# A closed school cannot partner; a suspended one (often on the front line) can.
OPEN_STATUSES = ("operating", "suspended")
# "Region" in a scope is the place's oblast (or a country's first-level region).
SCOPE_LEVEL = "oblast"
NAMED_LEVELS = ("hromada", "raion", "oblast", "country")


@dataclass(frozen=True)
class Search:
    """What a planner asked for, checked."""

    radius_km: float = 50.0
    limit: int = DEFAULT_LIMIT
    page: int = 1
    kinds: tuple[str, ...] = ()
    scope: str = "any"
    region: str | None = None
    programme: str | None = None
    occupied: str = "exclude"
    country: str = "own"
    zone: str = "any"
    rank: str = "nearest"
    weights: Weights = Weights()


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


def read_search(asked: dict, export: bool = False) -> Search:
    """Check a search given as text (the URL) or values (the command line, notebooks)."""
    known = {"radius_km", "limit", "page", "kind", "scope", "region", "programme", "occupied",
             "country", "zone", "rank", *ranking.WEIGHT_PARAMS}
    unknown = sorted(set(asked) - known)
    if unknown:
        raise TypeError(f"unknown search parameters {unknown}")
    text = {key: None if value is None else str(value) for key, value in asked.items()}
    radius = params.number("radius_km", text.get("radius_km"), 0, MAX_RADIUS_KM, low_open=True)
    return Search(
        radius_km=50.0 if radius is None else radius,
        limit=EXPORT_MAX if export else params.integer("limit", text.get("limit"),
                                                       DEFAULT_LIMIT, 1, MAX_LIMIT),
        page=1 if export else params.integer("page", text.get("page"), 1, 1, 10**6),
        kinds=read_kinds(asked.get("kind")),
        scope=params.choice("scope", text.get("scope"), SCOPES) or "any",
        region=params.text("region", text.get("region"), 40),
        programme=params.text("programme", text.get("programme"), 60),
        occupied=params.choice("occupied", text.get("occupied"), OCCUPIED) or "exclude",
        country=params.choice("country", text.get("country"), COUNTRIES) or "own",
        zone=params.choice("zone", text.get("zone"), ZONES) or "any",
        rank=params.choice("rank", text.get("rank"), RANKINGS) or "nearest",
        weights=ranking.read_weights(text))


def read_kinds(kind) -> tuple[str, ...]:
    """The kinds asked for (comma-separated or a list); () for the place's own kind."""
    asked = kind if isinstance(kind, str) or kind is None else ",".join(kind)
    return params.choices("kind", asked, PLACE_KINDS)


def candidates_near(conn: Connection, place_id: str, lang: str = "uk", export: bool = False,
                    **asked) -> Shortlist:
    """Rank the places within the radius of a place that could become its partners.

    ``asked`` holds the search (see :class:`Search`); ``export`` gives every candidate
    within the radius (up to EXPORT_MAX) instead of one page.
    """
    search = read_search(asked, export)
    check_known(conn, search.region, search.programme)
    facts = region_facts(conn)
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


def search_slice(search: Search) -> slice:
    """The positions of the page asked for among all candidates."""
    return slice((search.page - 1) * search.limit, search.page * search.limit)


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
                              func.ST_Y(places.c.geom)).where(places.c.id == place_id)).first()
    if row is None:
        raise ParameterError("place", N_("no place has the id %(value)s"),
                             value=repr(place_id[:80]))
    programmes = conn.execute(select(place_programmes.c.programme_code).where(
        place_programmes.c.place_id == place_id).order_by(place_programmes.c.programme_code))
    where = where_of(row.region_code, tree, statuses, lang) if tree else Where()
    return ChosenPlace(*row, programmes=tuple(programmes.scalars()), where=where)


def scope_region_of(chosen: ChosenPlace, scope: str, tree: RegionTree) -> str | None:
    """Return the oblast-level region a scope compares against, walking up from the place."""
    if scope == "any":
        return None
    found = None
    for code in tree.lineage(chosen.region_code):
        if tree.levels.get(code) != "country":
            found = code
        if tree.levels.get(code) == SCOPE_LEVEL:
            break
    if found is None:
        raise ParameterError("scope", N_("place %(value)s lies in no region, so it has no "
                                         "same or other region"), value=repr(chosen.id))
    return found


@dataclass(frozen=True)
class RegionRule:
    """The region codes a candidate may lie in, and whether it may lie in none."""

    allowed: frozenset[str]
    every: frozenset[str]
    none_allowed: bool

    def condition(self, column):
        """The SQL condition on a region code column; None when it allows everything."""
        excluded = self.every - self.allowed
        if not excluded:
            return None if self.none_allowed else column.is_not(None)
        if len(self.allowed) <= len(excluded):
            inside = column.in_(sorted(self.allowed))
        else:
            inside = dialect.outside(column, sorted(excluded))
        return or_(inside, column.is_(None)) if self.none_allowed else inside


def region_rule(chosen: ChosenPlace, search: Search, scope_region: str | None,
                facts: RegionFacts) -> RegionRule:
    """Which regions candidates may lie in, from the rules on regions of ``search``."""
    tree, situations = facts.tree, facts.situations
    own_country = chosen.where.country_code if search.country == "own" else None
    scope = tree.subtree(scope_region) if scope_region else set()
    chosen_region = tree.subtree(search.region) if search.region else None

    def allowed(code: str | None) -> bool:
        status = situations.get(code) if code else None
        return not (
            (own_country and facts.countries.get(code) != own_country)
            or (search.occupied == "exclude" and status == "temporarily_occupied")
            or (search.zone == "front-line" and status is None)
            or (search.zone == "rear" and status is not None)
            or (search.scope == "same-region" and code not in scope)
            or (search.scope == "other-region" and code in scope)
            or (chosen_region is not None and code not in chosen_region))

    every = frozenset(tree.levels)
    return RegionRule(frozenset(c for c in every if allowed(c)), every, allowed(None))


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
