"""Region statuses: which regions the official list of territories of hostilities and
temporary occupation names, from when, in which edition; and what that makes of a place.

A status is in force when its period has no end date (the list's "not ended"). A place
takes the gravest status in force of its region or of any region above it. The list often
names the settlements of a hromada rather than the hromada (Лисичанська громада is its
32 settlements): a hromada also takes the status of its administrative centre, the
settlement numbered 001 in the hromada (so in every hromada of KATOTTG 2021). Other
settlements (which are no regions here) are kept and counted on their hromada's cards.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import Connection, func, select

from geoapp.regiontree import RegionTree
from geoapp.store.models import LANGUAGES, REGION_STATUSES, Region, RegionStatus
from geoapp.store.queries import revision

statuses = RegionStatus.__table__
regions = Region.__table__
# The first 9 characters of a KATOTTG code name its hromada (UA + oblast, raion, hromada);
# the next 3 its settlement, 001 being the hromada's administrative centre.
HROMADA_PREFIX = 9
CENTRE = "001"


@dataclass(frozen=True)
class Situation:
    """A status in force at a region: which, since when, set on which region, which edition."""

    status: str
    since: dt.date
    region_code: str
    edition: dt.date | None
    name: str | None = None

    @property
    def gravity(self) -> int:
        """0 for possible hostilities, 1 for active ones, 2 for temporary occupation."""
        return REGION_STATUSES.index(self.status)


@dataclass
class Statuses:
    """The statuses in force, by region code, and the edition of the list they come from."""

    edition: dt.date | None = None
    by_code: dict[str, list[Situation]] = field(default_factory=dict)

    def at(self, tree: RegionTree, code: str) -> list[Situation]:
        """The statuses in force set on a region itself (a hromada: or on its centre)."""
        found = list(self.by_code.get(code, ()))
        if tree.levels.get(code) == "hromada":
            found += self.by_code.get(centre_of(code), ())
        return found

    def along(self, tree: RegionTree, code: str | None) -> list[Situation]:
        """The statuses in force at a region and above it, gravest first, then oldest."""
        found = [s for c in tree.lineage(code) for s in self.at(tree, c)]
        return sorted(found, key=lambda s: (-s.gravity, s.since, s.region_code))

    def situation(self, tree: RegionTree, code: str | None) -> Situation | None:
        """The gravest status in force at a region or above it, or None (the rear)."""
        found = self.along(tree, code)
        return found[0] if found else None

    def situations(self, tree: RegionTree) -> dict[str, str | None]:
        """The gravest status in force of every region of ``tree`` (None: the rear)."""
        found = {code: self.situation(tree, code) for code in tree.levels}
        return {code: s.status if s else None for code, s in found.items()}


@dataclass
class RegionFacts:
    """The region tree and the list in force, with each region's country and gravest status."""

    tree: RegionTree
    statuses: Statuses
    countries: dict[str, str | None]
    situations: dict[str, str | None]


# Facts read from a store, keyed by its URL and the revisions of its regions and list: a load
# changes a revision, so the next search reads them again.
_FACTS: dict[tuple, RegionFacts] = {}
FACTS_KEPT = 8


def region_facts(conn: Connection, revisions: Mapping[str, int] | None = None) -> RegionFacts:
    """The region facts of the store behind ``conn``, read once per data revision: that of
    ``revisions`` (as a request found them) where given, else asked for."""
    if revisions is None:
        revisions = {name: revision(conn, name) for name in ("regions", "region_statuses")}
    key = (str(conn.engine.url), revisions.get("regions", 0), revisions.get("region_statuses", 0))
    if key not in _FACTS:
        tree, found = read_tree(conn), read_statuses(conn)
        countries = {code: tree.at_level(code, "country") for code in tree.levels}
        while len(_FACTS) >= FACTS_KEPT:
            _FACTS.pop(next(iter(_FACTS)))
        _FACTS[key] = RegionFacts(tree, found, countries, found.situations(tree))
    return _FACTS[key]


def centre_of(code: str) -> str:
    """The key under which the statuses of a hromada's administrative centre are kept."""
    return code[:HROMADA_PREFIX] + CENTRE


def read_tree(conn: Connection) -> RegionTree:
    """Every region's level, parent and names (no shapes)."""
    names = [regions.c[f"name_{lang}"] for lang in LANGUAGES]
    tree = RegionTree()
    for row in conn.execute(select(regions.c.code, regions.c.level, regions.c.parent_code,
                                   *names)):
        tree.levels[row.code] = row.level
        tree.parents[row.code] = row.parent_code or None
        tree.names[row.code] = {lang: value for lang, value in
                                zip(LANGUAGES, row[3:], strict=True) if value}
    return tree


def edition_date(conn: Connection) -> dt.date | None:
    """The edition date of the stored list, or None when none is loaded."""
    return conn.execute(select(func.max(statuses.c.edition_date))).scalar()


def read_statuses(conn: Connection) -> Statuses:
    """The statuses in force (periods with no end date), by region code."""
    found = Statuses(edition_date(conn))
    rows = conn.execute(select(statuses.c.region_code, statuses.c.status, statuses.c.start_date,
                               statuses.c.name)
                        .where(statuses.c.end_date.is_(None))
                        .order_by(statuses.c.region_code, statuses.c.start_date))
    for code, status, start, name in rows:
        situation = Situation(status, start, code, found.edition, name)
        found.by_code.setdefault(code, []).append(situation)
        if is_centre(code):
            found.by_code.setdefault(centre_of(code), []).append(situation)
    return found


def is_centre(code: str) -> bool:
    """Whether a KATOTTG code is a hromada's administrative centre (settlement 001)."""
    return len(code) > HROMADA_PREFIX + 3 and code[HROMADA_PREFIX:HROMADA_PREFIX + 3] == CENTRE


def settlement_counts(conn: Connection, hromada_code: str | None,
                      tree: RegionTree) -> dict[str, int]:
    """How many settlements of a hromada the list names, by status in force."""
    if not hromada_code or tree.levels.get(hromada_code) != "hromada":
        return {}
    prefix = hromada_code[:HROMADA_PREFIX]
    rows = conn.execute(
        select(statuses.c.status, func.count(func.distinct(statuses.c.region_code)))
        .where(statuses.c.end_date.is_(None), statuses.c.region_code.startswith(prefix),
               statuses.c.region_code != hromada_code,
               statuses.c.region_code.not_in(select(regions.c.code)))
        .group_by(statuses.c.status))
    return dict(rows.all())
