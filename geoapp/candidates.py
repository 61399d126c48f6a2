"""Twinning candidates: for one place, the nearest places that could become its partners.

Store-side and free of Flask. The spatial index finds a frame around the place (KNN on
PostGIS, the SpatialIndex on SpatiaLite), and pyproj's Geod ranks what it found by the
exact distance on the WGS 84 ellipsoid; the frame grows until the ranking is certain.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

from sqlalchemy import Connection, Select, bindparam, func, or_, select

from geoapp import geodesy, params
from geoapp.errors import ParameterError
from geoapp.spreadsheet import safe_cell
from geoapp.store import dialect
from geoapp.store.collections import check_known
from geoapp.store.models import PLACE_KINDS, place_programmes
from geoapp.store.queries import (
    PlaceFilter,
    filter_places,
    partnerships,
    places,
    published,
    region_lineage,
    region_subtree,
)

MAX_RADIUS_KM = 500.0
MAX_LIMIT = 100
SCOPES = ("any", "same-region", "other-region")
# A closed school cannot partner; a suspended one (often on the front line) can.
OPEN_STATUSES = ("operating", "suspended")
# "Region" in a scope is the place's oblast (or a country's first-level region).
SCOPE_LEVEL = "oblast"
# The KNN order on PostGIS is by sphere distance, within 0.6% of the ellipsoidal one.
NEARNESS_SLACK = 0.01
FIRST_REACH_M = 10_000.0
CSV_COLUMNS = ("rank", "id", "name", "kind", "region_code", "distance_km", "bearing_deg",
               "shared_programmes", "partner_count", "lon", "lat")


@dataclass(frozen=True)
class ChosenPlace:
    """The place that candidates are found for."""

    id: str
    name: str
    kind: str
    region_code: str | None
    lon: float
    lat: float
    programmes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Candidate:
    """One possible partner, with how far it is and what it already shares."""

    id: str
    name: str
    kind: str
    region_code: str | None
    distance_km: float
    bearing_deg: float
    shared_programmes: tuple[str, ...]
    partner_count: int
    lon: float
    lat: float


@dataclass(frozen=True)
class Shortlist:
    """The chosen place, the search as applied, and the candidates nearest first."""

    place: ChosenPlace
    candidates: list[Candidate]
    radius_km: float
    limit: int
    kinds: tuple[str, ...]
    scope: str = "any"
    region: str | None = None
    programme: str | None = None
    scope_region: str | None = field(default=None)


def candidates_near(conn: Connection, place_id: str, radius_km: float = 50, limit: int = 10,
                    kind: str | Sequence[str] | None = None, scope: str = "any",
                    region: str | None = None, programme: str | None = None) -> Shortlist:
    """Rank the places within ``radius_km`` of a place that could become its partners."""
    chosen = chosen_place(conn, place_id)
    radius_km, limit = check_radius(radius_km), check_limit(limit)
    kinds = check_kinds(kind, chosen.kind)
    check_known(conn, region, programme)
    scope_region = scope_region_of(conn, chosen, scope)
    query = candidate_query(conn, chosen, kinds, scope, scope_region,
                            PlaceFilter(kinds=kinds, region=region, programme=programme,
                                        statuses=OPEN_STATUSES))
    found = nearest(conn, query, chosen, radius_km * 1000.0, limit)
    return Shortlist(chosen, describe(conn, chosen, found), radius_km, limit, kinds, scope,
                     region, programme, scope_region)


def chosen_place(conn: Connection, place_id: str) -> ChosenPlace:
    """Return the place candidates are sought for; ParameterError if there is none."""
    row = conn.execute(select(places.c.id, places.c.name, places.c.kind, places.c.region_code,
                              func.ST_X(places.c.geom), func.ST_Y(places.c.geom))
                       .where(places.c.id == place_id, published(places))).first()
    if row is None:
        raise ParameterError("place", f"no place has the id {place_id[:80]!r}")
    programmes = conn.execute(select(place_programmes.c.programme_code).where(
        place_programmes.c.place_id == place_id).order_by(place_programmes.c.programme_code))
    return ChosenPlace(*row, programmes=tuple(programmes.scalars()))


def check_radius(radius_km) -> float:
    """Return the radius as a number of km in (0, MAX_RADIUS_KM]."""
    value = params.number("radius_km", radius_km, 0, MAX_RADIUS_KM, low_open=True)
    return 50.0 if value is None else value


def check_limit(limit) -> int:
    """Return the limit as a whole number in [1, MAX_LIMIT]."""
    return params.integer("limit", None if limit is None else str(limit), 10, 1, MAX_LIMIT)


def check_kinds(kind: str | Sequence[str] | None, default: str) -> tuple[str, ...]:
    """Return the kinds asked for (comma-separated or a list), or the chosen place's kind."""
    asked = kind if isinstance(kind, str) else ",".join(kind or ())
    return params.choices("kind", asked, PLACE_KINDS) or (default,)


def scope_region_of(conn: Connection, chosen: ChosenPlace, scope: str) -> str | None:
    """Return the oblast-level region a scope compares against, walking up from the place."""
    params.choice("scope", scope, SCOPES)
    if scope == "any":
        return None
    found = None
    for code, level in region_lineage(conn, chosen.region_code):
        if level != "country":
            found = code
        if level == SCOPE_LEVEL:
            break
    if found is None:
        raise ParameterError("scope", f"place {chosen.id!r} lies in no region, so it has "
                             "no same or other region")
    return found


def candidate_query(conn: Connection, chosen: ChosenPlace, kinds: tuple[str, ...], scope: str,
                    scope_region: str | None, where: PlaceFilter) -> Select:
    """Places that could partner with ``chosen``, with how near they are, not yet framed."""
    here = dialect.point(bindparam("here_lon", chosen.lon), bindparam("here_lat", chosen.lat))
    query = select(places.c.id, places.c.name, places.c.kind, places.c.region_code,
                   func.ST_X(places.c.geom).label("lon"), func.ST_Y(places.c.geom).label("lat"),
                   dialect.nearness(places.c.geom, here).label("nearness"))
    query = filter_places(query, where).where(places.c.id != chosen.id,
                                              places.c.id.not_in(partners_of(chosen.id)))
    if scope_region is not None:
        codes = list(conn.execute(select(region_subtree(scope_region))).scalars())
        inside = places.c.region_code.in_(codes)
        query = query.where(inside if scope == "same-region"
                            else or_(places.c.region_code.is_(None), ~inside))
    return query


def partners_of(place_id: str) -> Select:
    """The ids of places in an active partnership with ``place_id``."""
    active = (partnerships.c.status == "active") & published(partnerships)
    return select(partnerships.c.place_b_id).where(
        active, partnerships.c.place_a_id == place_id).union(
        select(partnerships.c.place_a_id).where(active, partnerships.c.place_b_id == place_id))


def nearest(conn: Connection, query: Select, chosen: ChosenPlace, radius_m: float,
            limit: int) -> list[tuple[float, float, object]]:
    """Return up to ``limit`` (metres, bearing, row) within ``radius_m``, nearest first."""
    reach, fetch = min(radius_m, FIRST_REACH_M), 2 * limit + 10
    while True:
        rows = conn.execute(framed(query, chosen, reach, fetch)).all()
        metres, bearings = geodesy.distances_and_bearings(
            chosen.lon, chosen.lat, [r.lon for r in rows], [r.lat for r in rows])
        complete = len(rows) < fetch
        # Every place this query did not return is farther than `sure`.
        sure = reach if complete else min(reach, rows[-1].nearness * (1 - NEARNESS_SLACK))
        ranked = sorted((float(m), r.id, float(b), r)
                        for m, b, r in zip(metres, bearings, rows, strict=True) if m <= sure)
        if len(ranked) >= limit or (complete and reach >= radius_m):
            return [(m, b, r) for m, _, b, r in ranked[:limit]]
        if complete:
            reach = min(radius_m, reach * 4)
        else:
            fetch *= 4


def framed(query: Select, chosen: ChosenPlace, reach_m: float, fetch: int) -> Select:
    """The ``fetch`` nearest rows of ``query`` inside the box of a circle around ``chosen``."""
    frame = geodesy.circle_bbox(chosen.lon, chosen.lat, reach_m)
    return (query.where(dialect.in_frame(places.c.geom, *frame))
            .order_by(query.selected_columns.nearness).limit(fetch))


def describe(conn: Connection, chosen: ChosenPlace, found: list) -> list[Candidate]:
    """Turn ranked rows into candidates with their shared programmes and partner counts."""
    ids = [row.id for _, _, row in found]
    shared = {i: [] for i in ids}
    if ids and chosen.programmes:
        links = conn.execute(select(place_programmes.c.place_id, place_programmes.c.programme_code)
                             .where(place_programmes.c.place_id.in_(ids),
                                    place_programmes.c.programme_code.in_(chosen.programmes))
                             .order_by(place_programmes.c.programme_code))
        for place_id, code in links:
            shared[place_id].append(code)
    counts = partner_counts(conn, ids)
    return [Candidate(row.id, row.name, row.kind, row.region_code, metres / 1000.0, bearing,
                      tuple(shared[row.id]), counts.get(row.id, 0), row.lon, row.lat)
            for metres, bearing, row in found]


def partner_counts(conn: Connection, ids: list[str]) -> dict[str, int]:
    """How many distinct places each of ``ids`` is in an active partnership with."""
    if not ids:
        return {}
    rows = conn.execute(select(partnerships.c.place_a_id, partnerships.c.place_b_id).where(
        partnerships.c.status == "active", published(partnerships),
        or_(partnerships.c.place_a_id.in_(ids), partnerships.c.place_b_id.in_(ids))))
    partners: dict[str, set[str]] = {}
    for a, b in rows:
        partners.setdefault(a, set()).add(b)
        partners.setdefault(b, set()).add(a)
    return {i: len(partners.get(i, ())) for i in ids}


def shortlist_rows(shortlist: Shortlist) -> list[dict]:
    """The candidates as flat rows, in CSV_COLUMNS order, for tables and files."""
    return [{"rank": rank, **{k: v for k, v in asked(c).items() if k in CSV_COLUMNS}}
            for rank, c in enumerate(shortlist.candidates, start=1)]


def asked(candidate: Candidate) -> dict:
    """A candidate as plain data, rounded to a millimetre and a thousandth of a degree."""
    data = asdict(candidate)
    data["distance_km"] = round(candidate.distance_km, 6)
    data["bearing_deg"] = round(candidate.bearing_deg, 3)
    data["shared_programmes"] = list(candidate.shared_programmes)
    return data


def shortlist_json(shortlist: Shortlist) -> dict:
    """The shortlist as JSON-ready data: the search, the place, then the candidates."""
    search = {"radius_km": shortlist.radius_km, "limit": shortlist.limit,
              "kind": list(shortlist.kinds), "scope": shortlist.scope,
              "region": shortlist.region, "programme": shortlist.programme}
    place = {**asdict(shortlist.place), "programmes": list(shortlist.place.programmes)}
    return {"place": place, "search": search,
            "candidates": [asked(c) for c in shortlist.candidates]}


def shortlist_csv(shortlist: Shortlist) -> str:
    """The shortlist as CSV text, safe to open in a spreadsheet."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in shortlist_rows(shortlist):
        row["shared_programmes"] = " ".join(row["shared_programmes"])
        writer.writerow({key: safe_cell(value) for key, value in row.items()})
    return out.getvalue()
