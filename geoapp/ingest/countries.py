"""The country of a place abroad that lies in no region's polygon: the row names it.

A ``country`` cell holds the code of a country-level region (``RO``, ``BY``...). It is used
only when no polygon holds the point (some countries are loaded without an outline); when
one does, a different country in the cell is a warning, since one of the two is wrong.
"""

from __future__ import annotations

from sqlalchemy import Connection, select

from geoapp.ingest.columns import Columns
from geoapp.ingest.problems import Problem
from geoapp.regiontree import ancestor_at
from geoapp.store.models import Region

regions = Region.__table__


def place_abroad(conn: Connection, places: Columns, problems: list[Problem],
                 warnings: list[Problem]) -> None:
    """Give each place outside every polygon the country its row names; check the others."""
    named = {country for country in places["country"] if country}
    if not named:
        return
    found = country_of_regions(conn, {code for code in places["region_code"] if code})
    countries = set(conn.execute(select(regions.c.code).where(
        regions.c.level == "country", regions.c.code.in_(sorted(named)))).scalars())
    codes = places["region_code"]
    for index, (row, country) in enumerate(zip(places["row"], places["country"], strict=True)):
        if not country:
            continue
        if country not in countries:
            problems.append(Problem(row, "country", f"{country!r} is not the code of "
                                    "a country-level region", country))
        elif codes[index] is None:
            codes[index] = country
        elif found.get(codes[index]) != country:
            warnings.append(Problem(row, "country", f"the point lies in "
                                    f"{found.get(codes[index])}, not in {country}; "
                                    "check the coordinates or the country", country))


def country_of_regions(conn: Connection, codes: set[str]) -> dict[str, str | None]:
    """The country-level ancestor of each region in ``codes`` (None when there is none)."""
    rows = conn.execute(select(regions.c.code, regions.c.level, regions.c.parent_code)).all()
    parents = {code: parent for code, _, parent in rows}
    levels = {code: level for code, level, _ in rows}
    return {code: ancestor_at(code, "country", parents, levels) for code in codes}
