"""Front-line hromadas and their twinning candidates, as tables a planner can take along.

What "front-line" means here is a working definition kept in ``data/frontline_raions.csv``,
with its source note in ``data/frontline_raions.md``: the hromadas of the listed raions. It
is not the official list of territories of hostilities, which changes month by month; put
that list's raions into the same file to use it instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd
from sqlalchemy import Connection

from geoapp.candidates import MAX_LIMIT, OPEN_STATUSES, candidates_near, shortlist_rows
from geoapp.config import REPO
from geoapp.store.queries import PlaceFilter, count_places, find_places

FRONTLINE_FILE = REPO / "data" / "frontline_raions.csv"
COMMUNITY_COLUMNS = ["id", "name", "status", "region_code", "lon", "lat"]
TABLE_COLUMNS = ["for_id", "for_name", "rank", "id", "name", "region_code", "distance_km",
                 "bearing_deg", "shared_programmes", "partner_count"]


def frontline_raions(path: Path = FRONTLINE_FILE) -> pd.DataFrame:
    """The raions whose hromadas count as front-line, with their oblasts."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)


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


def frontline_communities(conn: Connection, path: Path = FRONTLINE_FILE) -> pd.DataFrame:
    """The communities of the front-line raions of ``path``."""
    return communities_in(conn, frontline_raions(path)["raion_code"])


def shortlist_frame(conn: Connection, place_id: str, per_place: int = 5,
                    avoid: Iterable[str] = (), **search) -> pd.DataFrame:
    """One place's candidates as a table; ``search`` is passed to ``candidates_near``.

    Candidates in ``avoid`` (for example other front-line communities) are left out; more are
    asked for so that ``per_place`` usually remain.
    """
    avoid = set(avoid)
    asked = min(MAX_LIMIT, per_place + len(avoid)) if avoid else per_place
    shortlist = candidates_near(conn, place_id, limit=asked, **search)
    rows = [row for row in shortlist_rows(shortlist) if row["id"] not in avoid][:per_place]
    for rank, row in enumerate(rows, start=1):
        row.update(rank=rank, for_id=shortlist.place.id, for_name=shortlist.place.name,
                   shared_programmes=" ".join(row["shared_programmes"]))
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
