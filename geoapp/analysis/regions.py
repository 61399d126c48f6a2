"""Regions for analysis: the hierarchy as a table, ancestors at a level, shapes with names."""

from __future__ import annotations

from collections.abc import Iterable

import geopandas as gpd
import pandas as pd
from sqlalchemy import Connection, select

from geoapp.regiontree import ancestor_at
from geoapp.store.queries import regions, regions_frame

COLUMNS = ["code", "level", "parent_code", "name_uk", "name_en"]


def region_table(conn: Connection) -> pd.DataFrame:
    """Every region's code, level, parent and names, indexed by code."""
    rows = conn.execute(select(*(regions.c[name] for name in COLUMNS))).all()
    return pd.DataFrame(rows, columns=COLUMNS).set_index("code", drop=False)


def ancestors_at(table: pd.DataFrame, codes: Iterable[str | None], level: str) -> list:
    """For each region code, the code of the region at ``level`` containing it (or None)."""
    parent = dict(zip(table["code"], table["parent_code"], strict=True))
    level_of = dict(zip(table["code"], table["level"], strict=True))
    codes = list(codes)
    found = {code: ancestor_at(code, level, parent, level_of) for code in set(codes)}
    return [found[code] for code in codes]


def region_shapes(conn: Connection, level: str, table: pd.DataFrame | None = None,
                  parent: str | None = None) -> gpd.GeoDataFrame:
    """The polygons of one level (optionally under one parent region), with their names."""
    table = region_table(conn) if table is None else table
    shapes = regions_frame(conn)
    shapes = shapes[shapes["level"] == level].drop(columns="level")
    named = shapes.merge(table.drop(columns="level").reset_index(drop=True), on="code")
    if parent is not None:
        named = named[named["parent_code"] == parent]
    return gpd.GeoDataFrame(named.reset_index(drop=True), geometry="geometry", crs=shapes.crs)
