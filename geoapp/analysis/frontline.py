"""Front-line hromadas and their twinning candidates, as tables a planner can take along.

"Front-line" is the official list of territories of hostilities and temporary occupation as
loaded in the store (``geoapp load region-statuses``; the sample holds the edition of
30.04.2025): a community is front-line when its hromada, raion or oblast (or its hromada's
centre) has a status of hostilities in force, and occupied when the gravest is temporary
occupation. It replaced the team's working list of 31 raions (``data/frontline_raions.*``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd
from sqlalchemy import Connection

from geoapp.candidates import MAX_LIMIT, OPEN_STATUSES, candidates_near
from geoapp.shortlist import shortlist_rows
from geoapp.store.queries import PlaceFilter, count_places, find_places
from geoapp.store.statuses import read_statuses, read_tree

COMMUNITY_COLUMNS = ["id", "name", "status", "region_code", "lon", "lat"]
HOSTILITIES = ("possible_hostilities", "active_hostilities")
TABLE_COLUMNS = ["for_id", "for_name", "rank", "id", "name", "hromada", "oblast", "situation",
                 "distance_km", "bearing_deg", "shared_programmes", "partner_count"]


def communities_in(conn: Connection, region_codes: Iterable[str],
                   kinds: Sequence[str] = ("community",)) -> pd.DataFrame:
    """The communities (by default) that can partner, inside any of the given regions."""
    frames = []
    for code in region_codes:
        where = PlaceFilter(kinds=tuple(kinds), region=code, statuses=OPEN_STATUSES)
        rows = find_places(conn, where, limit=max(count_places(conn, where), 1))
        frames.append(pd.DataFrame([dict(r) for r in rows], columns=COMMUNITY_COLUMNS)
                      .assign(within=code))
    if not frames:
        return pd.DataFrame(columns=COMMUNITY_COLUMNS + ["within"])
    found = pd.concat(frames, ignore_index=True).drop_duplicates("id")
    return found.sort_values("id", ignore_index=True)


def listed_communities(conn: Connection, statuses: Sequence[str] = HOSTILITIES,
                       kinds: Sequence[str] = ("community",)) -> pd.DataFrame:
    """The communities whose gravest status in force is one of ``statuses``, with it.

    Columns: those of :func:`communities_in`, ``status_listed``, ``since`` and ``oblast``.
    """
    tree, found = read_tree(conn), read_statuses(conn)
    where = PlaceFilter(kinds=tuple(kinds), statuses=OPEN_STATUSES)
    rows = find_places(conn, where, limit=max(count_places(conn, where), 1))
    communities = pd.DataFrame([dict(r) for r in rows], columns=COMMUNITY_COLUMNS)
    listed = [found.situation(tree, code) for code in communities["region_code"]]
    communities = communities.assign(
        status_listed=[s.status if s else None for s in listed],
        since=[s.since if s else None for s in listed],
        oblast=[tree.name(tree.at_level(c, "oblast"), "uk") for c in communities["region_code"]])
    return communities[communities["status_listed"].isin(statuses)].reset_index(drop=True)


def frontline_communities(conn: Connection) -> pd.DataFrame:
    """The communities with hostilities (possible or active) in force, not occupied."""
    return listed_communities(conn, HOSTILITIES)


def shortlist_frame(conn: Connection, place_id: str, per_place: int = 5,
                    avoid: Iterable[str] = (), **search) -> pd.DataFrame:
    """One place's candidates as a table; ``search`` is passed to ``candidates_near``.

    Candidates in ``avoid`` (for example other front-line communities) are left out; more are
    asked for so that ``per_place`` usually remain.
    """
    avoid = set(avoid)
    shortlist = candidates_near(conn, place_id, limit=min(MAX_LIMIT, per_place + len(avoid)),
                                **search)
    rows = [row for row in shortlist_rows(shortlist) if row["id"] not in avoid][:per_place]
    for rank, row in enumerate(rows, start=1):
        row.update(rank=rank, for_id=shortlist.place.id, for_name=shortlist.place.name)
    return pd.DataFrame(rows, columns=TABLE_COLUMNS)


def twinning_table(conn: Connection, place_ids: Iterable[str], per_place: int = 3,
                   avoid: Iterable[str] = (), **search) -> pd.DataFrame:
    """Candidates for many places at once: ``per_place`` rows for each, nearest first."""
    avoid = set(avoid)
    frames = [shortlist_frame(conn, place_id, per_place, avoid, **search)
              for place_id in place_ids]
    if not frames:
        return pd.DataFrame(columns=TABLE_COLUMNS)
    return pd.concat(frames, ignore_index=True)
