"""One load: read, check, then write everything in one transaction or nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd
from shapely.geometry import Point
from tqdm import tqdm

from geoapp.ingest import check, countries, read, write
from geoapp.ingest.problems import LoadError, Problem, report_path, write_report
from geoapp.store import Store, queries
from geoapp.store.models import Partnership, Place, Programme, Region

TARGETS = ("regions", "places", "partnerships", "programmes", "region-statuses")
DEFAULT_ID_COLUMN = {"regions": "code", "places": "id", "partnerships": "id",
                     "programmes": "code"}
TABLES = {"regions": Region.__table__, "places": Place.__table__,
          "partnerships": Partnership.__table__, "programmes": Programme.__table__}


@dataclass(frozen=True)
class LoadOptions:
    """How to read a file: its CRS, coordinate and id columns, a kind for every place."""

    crs: str | None = None
    x_column: str | None = None
    y_column: str | None = None
    id_column: str | None = None
    kind: str | None = None
    dry_run: bool = False
    skip_invalid: bool = False
    progress: bool = True


@dataclass
class LoadReport:
    """What a load did."""

    target: str
    path: Path
    read: int = 0
    inserted: int = 0
    updated: int = 0
    rejected: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    report: Path | None = None
    dry_run: bool = False


def load_file(store: Store, target: str, path: Path, options: LoadOptions = LoadOptions()
              ) -> LoadReport:
    """Load ``path`` as ``target`` records; raise LoadError and change nothing on bad input."""
    if target not in TARGETS:
        raise LoadError(path, [Problem(0, "target", f"{target!r} is not one of "
                                       f"{', '.join(TARGETS)}")])
    if target == "region-statuses":  # one edition of the official list: its own loader
        from geoapp.ingest.statuses import load_statuses
        return load_statuses(store, path, options)
    path = Path(path)
    id_column = options.id_column or DEFAULT_ID_COLUMN[target]
    problems: list[Problem] = []
    report = LoadReport(target, path, dry_run=options.dry_run)
    with store.engine.connect() as conn, conn.begin() as transaction:
        records = read_records(conn, target, path, options, id_column, problems, report)
        finish_checks(path, problems, report, options)
        write_records(conn, target, records, options, report)
        if options.dry_run:
            transaction.rollback()
    return report


def read_records(conn, target: str, path: Path, options: LoadOptions, id_column: str,
                 problems: list[Problem], report: LoadReport) -> list[dict]:
    """Read and check the file's rows into records of ``target``."""
    if target in ("regions", "places"):
        gdf, problems[:0] = read.read_file(path, options.crs, options.x_column, options.y_column)
    else:
        gdf = read_table(path)
    report.read = len(gdf)
    if target == "regions":
        records = check.check_regions(gdf, id_column, problems, report.warnings)
        check_references(conn, records, "parent_code", "parent_code", problems,
                         also={r["code"] for r in records})
    elif target == "places":
        records = check.check_places(gdf, id_column, options.kind, problems)
        check_references(conn, records, "programmes", "programmes", problems)
        locate_places(conn, records, report.warnings)
        countries.place_abroad(conn, records, problems, report.warnings)
    elif target == "partnerships":
        records = attach_points(conn, check.check_partnerships(gdf, id_column, problems),
                                problems)
        check_references(conn, records, "programme_code", "programme", problems)
    else:
        records = check.check_programmes(gdf, id_column, problems)
    rejected = {p.row for p in problems}
    return [r for r in records if r["row"] not in rejected]


def read_table(path: Path) -> pd.DataFrame:
    """Read a file of records without coordinates (CSV or any format geopandas reads)."""
    if not path.exists():
        raise LoadError(path, [Problem(0, "file", "no such file")])
    frame = read.read_csv(path) if read.is_csv(path) else pd.DataFrame(
        gpd.read_file(path, engine="pyogrio").drop(columns="geometry", errors="ignore"))
    frame.index = pd.RangeIndex(1, len(frame) + 1, name="row")
    return frame


def locate_places(conn, records: list[dict], warnings: list[Problem]) -> None:
    """Give each place the deepest region containing it; warn of points that look swapped."""
    regions = queries.regions_frame(conn)
    found = write.assign_regions(records, regions)
    for record in records:
        record["region_code"] = found.get(record["id"])
    # Only a warning: a sister city far abroad can swap into a region by chance.
    lost = [r for r in records if r["region_code"] is None]
    swapped = write.assign_regions(
        [{"id": r["id"], "point": Point(r["point"].y, r["point"].x)} for r in lost], regions)
    for record in lost:
        if record["id"] in swapped:
            warnings.append(Problem(record["row"], "geometry",
                                    "outside every region, but inside one with latitude and "
                                    "longitude swapped; check the coordinate columns"))


def attach_points(conn, records: list[dict], problems: list[Problem]) -> list[dict]:
    """Check that both places of each partnership exist; keep their points for the line."""
    ids = sorted({r[end] for r in records for end in ("place_a_id", "place_b_id")})
    points = queries.place_points(conn, ids)
    kept = []
    for record in records:
        missing = [end for end in ("place_a_id", "place_b_id") if record[end] not in points]
        for end in missing:
            problems.append(Problem(record["row"], end.removesuffix("_id"),
                                    f"place {record[end]!r} does not exist", record[end]))
        if not missing:
            record["points"] = (points[record["place_a_id"]], points[record["place_b_id"]])
            kept.append(record)
    return kept


def check_references(conn, records: list[dict], key: str, column: str,
                     problems: list[Problem], also: set[str] = frozenset()) -> None:
    """Report each record whose ``key`` names a region or programme that does not exist."""
    table = Programme.__table__ if column.startswith("programme") else Region.__table__
    what = "programme" if table is Programme.__table__ else "region"

    def named(record: dict) -> list[str]:
        value = record[key]
        return value if isinstance(value, list) else [value] if value else []

    wanted = sorted({v for r in records for v in named(r)} - also)
    known = queries.existing_ids(conn, table, wanted) | also
    for record in records:
        for value in named(record):
            if value not in known:
                problems.append(Problem(record["row"], column,
                                        f"{what} {value!r} does not exist", value))


def finish_checks(path: Path, problems: list[Problem], report: LoadReport,
                  options: LoadOptions) -> None:
    """Write the report of rejected rows; refuse the load unless told to skip them."""
    stale = report_path(path)
    if not problems:
        stale.unlink(missing_ok=True)
        return
    problems.sort(key=lambda p: (p.row, p.field))
    report.rejected = problems
    report.report = write_report(path, problems)
    whole_file = any(p.row == 0 for p in problems)
    if whole_file or not options.skip_invalid:
        raise LoadError(path, problems, report.report)


def write_records(conn, target: str, records: list[dict], options: LoadOptions,
                  report: LoadReport) -> None:
    """Write the records of one load and count inserts and updates."""
    table = TABLES[target]
    key = table.primary_key.columns.values()[0].name
    existing = queries.existing_ids(conn, table, [r[key] for r in records])
    report.updated = len(existing)
    report.inserted = len(records) - len(existing)
    writer = {"regions": write.write_regions, "places": write.write_places,
              "partnerships": write.write_partnerships,
              "programmes": write.write_programmes}[target]
    with tqdm(total=len(records), desc=f"loading {target}", unit="rows",
              disable=not options.progress) as bar:
        writer(conn, [{k: v for k, v in r.items() if k != "row"} for r in records], bar.update)
    write.bump_revision(conn, target)
