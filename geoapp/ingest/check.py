"""Validating rows into records of regions, places, programmes and partnerships."""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import MultiPolygon, Polygon

from geoapp.ingest.problems import Problem
from geoapp.store.models import (
    LANGUAGES,
    LOCATION_PRECISIONS,
    PARTNERSHIP_STATUSES,
    PLACE_KINDS,
    PLACE_STATUSES,
    REGION_LEVELS,
    fold,
)

NAME_COLUMNS = tuple(f"name_{lang}" for lang in LANGUAGES)


def rows_of(frame: pd.DataFrame) -> list[tuple[int, dict]]:
    """Return (row number, cells) pairs; plain dicts are far faster than pandas rows."""
    cells = pd.DataFrame(frame).drop(columns="geometry", errors="ignore").to_dict("records")
    return list(zip((int(i) for i in frame.index), cells, strict=True))


def text(row: dict, column: str) -> str:
    """Return a cell as stripped text ('' when absent or empty)."""
    value = row.get(column, "")
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value).strip()


def one_of(number: int, row: dict, column: str, allowed: tuple[str, ...], default: str,
           problems: list[Problem]) -> str:
    """Return a cell that must be one of ``allowed``; report anything else."""
    value = text(row, column) or default
    if value not in allowed:
        problems.append(Problem(number, column,
                                f"{value!r} is not one of {', '.join(allowed)}", value))
    return value


def unique_ids(frame: pd.DataFrame, column: str, problems: list[Problem]) -> pd.Series:
    """Return the id column; blank and repeated ids become problems."""
    if column not in frame.columns:
        problems.append(Problem(0, column, f"no id column {column!r}; name it with --id-column"))
        return pd.Series(dtype=str)
    ids = frame[column].map(lambda v: "" if v is None else str(v).strip())
    first: dict[str, int] = {}
    for row, value in ids.items():
        if not value:
            problems.append(Problem(int(row), column, "missing id"))
        elif value in first:
            problems.append(Problem(int(row), column,
                                    f"duplicate id {value!r} (first on row {first[value]})", value))
        else:
            first[value] = int(row)
    return ids


def check_places(gdf: gpd.GeoDataFrame, id_column: str, kind: str | None,
                 problems: list[Problem]) -> list[dict]:
    """Return place records from rows; a row with a problem is left out."""
    ids = unique_ids(gdf, id_column, problems).to_dict()
    geoms = gdf.geometry.to_numpy()
    # Rows whose coordinate cells the reader already reported need no second problem.
    located = {p.row for p in problems}
    records = [place_record(number, row, ids.get(number, ""), kind, geom, problems, located)
               for (number, row), geom in zip(rows_of(gdf), geoms, strict=True)]
    return [r for r in records if r["id"]]


def place_record(number: int, row: dict, place_id: str, kind: str | None, geom,
                 problems: list[Problem], located: set[int]) -> dict:
    """Build one place record, reporting what is wrong with the row."""
    if geom is None or geom.geom_type != "Point":
        problems.append(Problem(number, "geometry", "a place needs a point geometry"))
    elif number not in located and (geom.is_empty or not np.isfinite(geom.x + geom.y)):
        problems.append(Problem(number, "geometry", "missing coordinates"))
    name = text(row, "name")
    if not name:
        problems.append(Problem(number, "name", "missing name"))
    kind_value = kind or text(row, "kind")
    if not kind_value:
        problems.append(Problem(number, "kind", "missing kind; give a column or --kind"))
    elif kind_value not in PLACE_KINDS:
        problems.append(Problem(number, "kind",
                                f"{kind_value!r} is not one of {', '.join(PLACE_KINDS)}",
                                kind_value))
    return {
        "row": number, "id": place_id, "kind": kind_value, "type": text(row, "type") or None,
        "name": name,
        "name_folded": fold(name),
        "status": one_of(number, row, "status", PLACE_STATUSES, "operating", problems),
        "website": text(row, "website") or None, "address": text(row, "address") or None,
        "location_precision": one_of(number, row, "location_precision", LOCATION_PRECISIONS,
                                     "exact", problems),
        "note": text(row, "note") or None, "country": text(row, "country") or None,
        "programmes": [c for c in text(row, "programmes").split(";") if c.strip()],
        "point": geom,
    }


def check_regions(gdf: gpd.GeoDataFrame, id_column: str, problems: list[Problem],
                  warnings: list[Problem]) -> list[dict]:
    """Return region records; invalid polygons are repaired and listed in ``warnings``."""
    ids = unique_ids(gdf, id_column, problems).to_dict()
    records = []
    for (number, row), geom in zip(rows_of(gdf), gdf.geometry.to_numpy(), strict=True):
        names = {c: text(row, c) or None for c in NAME_COLUMNS}
        names["name_uk"] = names["name_uk"] or text(row, "name") or None
        records.append({"row": number, "code": ids.get(number, ""),
                        "level": one_of(number, row, "level", REGION_LEVELS, "", problems),
                        "parent_code": text(row, "parent_code") or None, **names,
                        # A country may come without its outline (none was found for some).
                        "polygon": None if geom is None and text(row, "level") == "country"
                        else region_polygon(number, geom, problems, warnings)})
    return [r for r in records if r["code"]]


def region_polygon(row: int, geom, problems: list[Problem], warnings: list[Problem]):
    """Return a valid MultiPolygon, repairing invalid ones with make_valid."""
    if geom is None or geom.is_empty or geom.geom_type not in ("Polygon", "MultiPolygon"):
        kind = "nothing" if geom is None or geom.is_empty else geom.geom_type
        problems.append(Problem(row, "geometry", f"a region needs a polygon, got {kind}"))
        return None
    if not geom.is_valid:
        reason = shapely.is_valid_reason(geom)
        geom = shapely.make_valid(geom)
        warnings.append(Problem(row, "geometry", f"invalid polygon repaired ({reason})"))
    parts = [g for g in getattr(geom, "geoms", [geom]) if isinstance(g, Polygon | MultiPolygon)]
    polygons = [p for g in parts for p in getattr(g, "geoms", [g])]
    return MultiPolygon(polygons)


def check_partnerships(frame: pd.DataFrame, id_column: str, problems: list[Problem]) -> list[dict]:
    """Return partnership records; whether their places exist is checked against the store."""
    ids = unique_ids(frame, id_column, problems).to_dict()
    records = [partnership_record(number, row, ids.get(number, ""), problems)
               for number, row in rows_of(frame)]
    return [r for r in records if r["id"]]


def partnership_record(number: int, row: dict, partnership_id: str,
                       problems: list[Problem]) -> dict:
    """Build one partnership record, reporting what is wrong with the row."""
    ends = {}
    for column in ("place_a", "place_b"):
        ends[column] = text(row, column)
        if not ends[column]:
            problems.append(Problem(number, column, "missing place id"))
    if ends["place_a"] and ends["place_a"] == ends["place_b"]:
        problems.append(Problem(number, "place_b", "a place cannot partner with itself"))
    return {
        "row": number, "id": partnership_id,
        "place_a_id": ends["place_a"], "place_b_id": ends["place_b"],
        "programme_code": text(row, "programme") or None,
        "status": one_of(number, row, "status", PARTNERSHIP_STATUSES, "active", problems),
        "start_date": parse_date(number, row, "start_date", problems),
        "end_date": parse_date(number, row, "end_date", problems),
        "areas": text(row, "areas") or None, "source": text(row, "source") or None,
        "title": text(row, "title") or None,
    }


def parse_date(number: int, row: dict, column: str, problems: list[Problem]) -> dt.date | None:
    """Return an ISO date cell as a date; report anything else."""
    value = text(row, column)
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        problems.append(Problem(number, column, f"{value!r} is not a date YYYY-MM-DD",
                                value))
        return None


def check_programmes(frame: pd.DataFrame, id_column: str, problems: list[Problem]) -> list[dict]:
    """Return programme records."""
    ids = unique_ids(frame, id_column, problems).to_dict()
    return [{"row": number, "code": ids[number], **{c: text(row, c) or None for c in NAME_COLUMNS},
             "url": text(row, "url") or None}
            for number, row in rows_of(frame) if ids.get(number)]
