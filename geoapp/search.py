"""What a planner asks of the candidates finder, checked, and the rules on regions it makes.

Flask-free: the page, the API, the command line and the notebooks give a search as text or
values; :func:`read_search` checks each parameter (ParameterError names a wrong one), and
:func:`region_rule` turns the rules on regions (own country, no occupied territory, front
line or rear, own or other oblast, a chosen region) into one set of allowed region codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import or_

from geoapp import params, ranking
from geoapp.errors import N_, ParameterError
from geoapp.ranking import Weights
from geoapp.regiontree import RegionTree
from geoapp.store import dialect
from geoapp.store.models import PLACE_KINDS
from geoapp.store.statuses import RegionFacts

if TYPE_CHECKING:
    from geoapp.candidates import ChosenPlace

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


def search_slice(search: Search) -> slice:
    """The positions of the page asked for among all candidates."""
    return slice((search.page - 1) * search.limit, search.page * search.limit)


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
            inside = dialect.among(column, sorted(self.allowed))
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
