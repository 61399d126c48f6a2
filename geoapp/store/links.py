"""What places already share: programmes, partners, and their hromadas' agreements.

Read in bulk for many places at once (the candidates of a search), in chunks that both
stores bind comfortably.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from sqlalchemy import Connection, Select, and_, or_, select, union_all

from geoapp.store.models import Partnership, Place, place_programmes
from geoapp.store.queries import published

places = Place.__table__
partnerships = Partnership.__table__
CHUNK = 5000
# The programme of inter-municipal cooperation agreements between hromadas.
COOPERATION = "imc"
# The two ends of a partnership; made once (an alias of a table is costly to build).
end_a, end_b = places.alias("a"), places.alias("b")


def chunks(ids: Sequence[str]) -> Iterator[list[str]]:
    """``ids`` in lists of at most CHUNK."""
    for start in range(0, len(ids), CHUNK):
        yield list(ids[start:start + CHUNK])


def in_force():
    """A partnership that counts: active, and published (not a proposal or withdrawn)."""
    return and_(partnerships.c.status == "active", published(partnerships))


def partners_of(place_id: str) -> Select:
    """The ids of places in an active partnership with ``place_id``."""
    active = in_force()
    return select(partnerships.c.place_b_id).where(
        active, partnerships.c.place_a_id == place_id).union(
        select(partnerships.c.place_a_id).where(active, partnerships.c.place_b_id == place_id))


def partner_counts(conn: Connection, ids: Sequence[str]) -> dict[str, int]:
    """How many distinct places each of ``ids`` is in an active partnership with."""
    partners: dict[str, set[str]] = {i: set() for i in ids}
    for chunk in chunks(ids):
        rows = conn.execute(select(partnerships.c.place_a_id, partnerships.c.place_b_id).where(
            in_force(),
            or_(partnerships.c.place_a_id.in_(chunk), partnerships.c.place_b_id.in_(chunk))))
        for a, b in rows:
            for one, other in ((a, b), (b, a)):
                if one in partners:
                    partners[one].add(other)
    return {i: len(found) for i, found in partners.items()}


def programmes_among(conn: Connection, ids: Sequence[str],
                     programmes: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """Which of ``programmes`` each of ``ids`` takes part in, by code."""
    found: dict[str, list[str]] = {i: [] for i in ids}
    if not programmes:
        return {i: () for i in ids}
    for chunk in chunks(ids):
        rows = conn.execute(select(place_programmes.c.place_id, place_programmes.c.programme_code)
                            .where(place_programmes.c.place_id.in_(chunk),
                                   place_programmes.c.programme_code.in_(list(programmes))))
        for place_id, code in rows:
            found[place_id].append(code)
    return {i: tuple(sorted(codes)) for i, codes in found.items()}


def cooperating_regions(conn: Connection, region_code: str | None) -> set[str]:
    """The regions of the places an active agreement (IMC) links to places of ``region_code``."""
    if region_code is None:
        return set()
    # One select per end, each found through the places of the region (an index): with
    # both ends in one OR, PostGIS hashed the whole places table twice, 46 ms of the
    # candidates' 47 (1.6 ms so).
    rows = conn.execute(union_all(*(
        select(end_a.c.region_code, end_b.c.region_code)
        .join_from(partnerships, end_a, partnerships.c.place_a_id == end_a.c.id)
        .join(end_b, partnerships.c.place_b_id == end_b.c.id)
        .where(partnerships.c.programme_code == COOPERATION, in_force(),
               end.c.region_code == region_code) for end in (end_a, end_b))))
    return {other for one, two in rows for other in (one, two)
            if other is not None and other != region_code}
