"""One load: read and check chunk by chunk, write in one transaction, all or nothing.

Memory is bounded by a few chunks, not by the file: each chunk's good rows are written as
soon as they are checked (places: while the next chunk is checked), inside the load's one
transaction, which a refusal rolls back. Once a problem is found, nothing more is written
(unless ``skip_invalid``), but the rest of the file is still checked so that the report
lists every problem.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import AbstractContextManager, closing, contextmanager, nullcontext
from dataclasses import dataclass, field
from itertools import compress
from pathlib import Path

import numpy as np
import shapely
from tqdm import tqdm

from geoapp import config
from geoapp.ingest import activities, check, countries, write
from geoapp.ingest.ahead import ahead
from geoapp.ingest.columns import Columns
from geoapp.ingest.lock import LoadLock
from geoapp.ingest.problems import (
    MAX_PROBLEMS,
    LoadError,
    Problem,
    report_path,
    write_report,
)
from geoapp.ingest.read import GeoReader
from geoapp.ingest.source import Limits, table_chunks
from geoapp.store import Store, dialect, queries
from geoapp.store.models import Activity, Partnership, Place, Programme, Region

TARGETS = ("regions", "places", "partnerships", "programmes", "activities", "region-statuses")
DEFAULT_ID_COLUMN = {"regions": "code", "places": "id", "partnerships": "id",
                     "programmes": "code", "activities": "id"}
TABLES = {"regions": Region.__table__, "places": Place.__table__,
          "partnerships": Partnership.__table__, "programmes": Programme.__table__,
          "activities": Activity.__table__}
# Rows per chunk: regions carry polygons of up to millions of vertices. Places come in
# smaller chunks than the rest: the next one is checked while one is written, and only the
# first one's checks are not overlapped (100,000 places on PostGIS: 4.0 s -> 3.7 s).
CHUNK_ROWS = {"regions": 200, "places": 25_000, "partnerships": 50_000, "programmes": 50_000,
              "activities": 50_000}
SWAPPED = ("outside every region of the store, but inside one with latitude and longitude "
           "swapped")


@dataclass(frozen=True)
class LoadOptions:
    """How to read a file: its CRS, coordinate and id columns, a kind for every place.

    ``allow_outside`` loads places that fall outside every region but inside one when
    latitude and longitude are swapped (real places abroad); ``max_bytes`` and
    ``max_rows`` default to the settings GEOAPP_LOAD_MAX_BYTES and GEOAPP_LOAD_MAX_ROWS.
    """

    crs: str | None = None
    x_column: str | None = None
    y_column: str | None = None
    id_column: str | None = None
    kind: str | None = None
    dry_run: bool = False
    skip_invalid: bool = False
    progress: bool = True
    allow_outside: bool = False
    max_bytes: int | None = None
    max_rows: int | None = None

    def limits(self) -> Limits:
        """The caps of this load: given, else from the environment, else the defaults."""
        found = {s.name: s.default for s in config.SETTINGS} | config.from_environment()
        return Limits(max_bytes=self.max_bytes or found["LOAD_MAX_BYTES"],
                      max_rows=self.max_rows or found["LOAD_MAX_ROWS"])


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


@dataclass
class Load:
    """A load under way: its file and options, what it found so far, what it has written."""

    target: str
    path: Path
    options: LoadOptions
    report: LoadReport
    problems: list[Problem] = field(default_factory=list)
    seen: check.SeenIds = field(default_factory=check.SeenIds)
    swapped: list[int] = field(default_factory=list)
    pending: list[dict] = field(default_factory=list)

    @property
    def id_column(self) -> str:
        return self.options.id_column or DEFAULT_ID_COLUMN[self.target]

    def bad(self) -> set[int]:
        """The numbers of the rows with a problem."""
        return {p.row for p in self.problems}

    def good(self, records: list[dict]) -> list[dict]:
        """The records of rows with no problem."""
        bad = self.bad()
        return [r for r in records if r["row"] not in bad]

    def stopped(self) -> bool:
        """True once the file is refused as a whole: reading on would find nothing new."""
        if len(self.problems) > MAX_PROBLEMS:
            self.problems.append(Problem(0, "file", f"more than {MAX_PROBLEMS:,} problems; "
                                         "the rest of the file was not checked"))
            return True
        return any(p.row == 0 for p in self.problems)

    def writing(self) -> bool:
        """Whether checked rows are still written (after a problem, only with skip_invalid)."""
        return self.options.skip_invalid or not self.problems


def load_file(store: Store, target: str, path: Path, options: LoadOptions = LoadOptions()
              ) -> LoadReport:
    """Load ``path`` as ``target`` records; raise LoadError and change nothing on bad input."""
    if target not in TARGETS:
        raise LoadError(path, [Problem(0, "target", f"{target!r} is not one of "
                                       f"{', '.join(TARGETS)}")])
    path = Path(path)
    if target == "region-statuses":  # one edition of the official list: its own loader
        from geoapp.ingest.statuses import load_statuses
        return load_statuses(store, path, options)
    load = Load(target, path, options, LoadReport(target, path, dry_run=options.dry_run))
    with (LoadLock(store, path) as lock, store.engine.connect() as conn,
          conn.begin() as transaction):
        lock.take(conn)
        # Shown after a second: a file refused at once prints only its problems.
        with tqdm(desc=f"loading {target}", unit="rows", disable=not options.progress,
                  delay=1.0) as bar:
            with (bulk_writes(conn, load), untracked_before(),
                  closing(CHECKERS[target](conn, load)) as chunks):
                for records in chunks:
                    write_records(conn, load, records, bar.update)
                write_regions(conn, load, bar.update)
                finish(load)  # a refusal here rolls back before any index is built again
        queries.bump_revision(conn, target)
        if options.dry_run:
            transaction.rollback()
    store.checkpoint()
    return load.report


def bulk_writes(conn, load: Load) -> AbstractContextManager:
    """The load's writes as one bulk load (:func:`geoapp.store.dialect.bulk_load`), unless
    it is a dry run: that one rolls back, and with its indexes kept it locks no reader out."""
    return nullcontext() if load.options.dry_run else dialect.bulk_load(conn, TABLES[load.target])


@contextmanager
def untracked_before() -> Iterator[None]:
    """Leave the objects the process made before the load out of the garbage collector's
    full passes while it runs; the load's own objects are collected as usual.

    A load makes hundreds of thousands of objects, which set off full passes, and each
    walked the whole process again: checking 100,000 places took 1.3 s of CPU, 0.6 to
    0.8 s of it in 4 full passes; with this, 0.85 s (0.05 s in them). In a process that
    froze its objects already (a server's worker, see :func:`geoapp.served_app`), they stay
    frozen and nothing is done.
    """
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def region_chunks(conn, load: Load) -> Iterator[list[dict]]:
    """Regions are checked chunk by chunk but kept, and written by ``write_regions`` at the
    end: a parent must be in the store before its children, wherever it is in the file."""
    reader = GeoReader(load.path, load.options.limits(), CHUNK_ROWS["regions"],
                       load.options.crs, problems=load.problems, warnings=load.report.warnings)
    for gdf in reader.chunks():
        load.report.read += len(gdf)
        records = check.check_regions(gdf, load.id_column, load.problems,
                                      load.report.warnings, load.seen)
        check.check_lengths(records, Region.__table__, {"code": load.id_column}, load.problems)
        load.pending.extend(records)
        if load.stopped():
            break
    yield from ()


def place_chunks(conn, load: Load) -> Iterator[Columns]:
    """Places, located in the deepest region holding them, chunk by chunk, column by column.

    Each chunk is read and checked a chunk ahead, in a thread, while the caller writes
    the one before; the checks that ask the store are made here, on the load's connection.
    """
    regions = queries.regions_frame(conn)
    with closing(ahead(checked_places(load, regions))) as chunks:
        for chunk in chunks:
            load.report.read += chunk.read
            load.problems.extend(chunk.problems)
            load.report.warnings.extend(chunk.warnings)
            places = chunk.places
            if len(places):
                check_references(conn, places, "programmes", "programmes", load.problems)
                places = places.without(load.bad())
                note_swapped(places, load)
                countries.place_abroad(conn, places, load.problems, load.report.warnings)
                yield places.without(load.bad())
            if load.stopped():
                return
    refuse_swapped(load)


@dataclass
class Checked:
    """One chunk checked without the store: its places and what was found in it.

    Each place's ``region_code`` is the deepest region holding it; ``swapped`` is true for
    those in no region whose point, with latitude and longitude swapped, lies in one.
    """

    read: int
    places: Columns
    problems: list[Problem]
    warnings: list[Problem]


def checked_places(load: Load, regions) -> Iterator[Checked]:
    """The file's places read, checked and located in ``regions`` chunk by chunk, each
    chunk's problems its own (the last item may carry only the warnings found at the end
    of the file)."""
    options = load.options
    reader = GeoReader(load.path, options.limits(), CHUNK_ROWS["places"], options.crs,
                       options.x_column, options.y_column)
    for gdf in reader.chunks():
        problems, reader.problems = reader.problems, []
        warnings, reader.warnings = reader.warnings, []
        places = check.check_places(gdf, load.id_column, options.kind, problems, load.seen)
        check.check_lengths(places, Place.__table__, {"id": load.id_column}, problems)
        where_places_lie(places, {p.row for p in problems}, regions)
        yield Checked(len(gdf), places, problems, warnings)
    if reader.problems or reader.warnings:
        yield Checked(0, Columns({"row": []}), reader.problems, reader.warnings)


def partnership_chunks(conn, load: Load) -> Iterator[list[dict]]:
    """Partnerships between places that exist, drawn as lines between their points."""
    names = {"id": load.id_column, "place_a_id": "place_a", "place_b_id": "place_b",
             "programme_code": "programme"}
    for frame in table_chunks(load.path, load.options.limits(), CHUNK_ROWS["partnerships"]):
        load.report.read += len(frame)
        records = check.check_partnerships(frame, load.id_column, load.problems, load.seen)
        check.check_lengths(records, Partnership.__table__, names, load.problems)
        records = attach_points(conn, load.good(records), load.problems)
        check_references(conn, records, "programme_code", "programme", load.problems)
        yield load.good(records)
        if load.stopped():
            return


def programme_chunks(conn, load: Load) -> Iterator[list[dict]]:
    """Programmes: a code and names."""
    for frame in table_chunks(load.path, load.options.limits(), CHUNK_ROWS["programmes"]):
        load.report.read += len(frame)
        records = check.check_programmes(frame, load.id_column, load.problems, load.seen)
        check.check_lengths(records, Programme.__table__, {"code": load.id_column},
                            load.problems)
        yield load.good(records)
        if load.stopped():
            return


def activity_chunks(conn, load: Load) -> Iterator[list[dict]]:
    """Activities at places or of partnerships that exist (geoapp.ingest.activities)."""
    for frame in table_chunks(load.path, load.options.limits(), CHUNK_ROWS["activities"]):
        load.report.read += len(frame)
        records = activities.check_activities(conn, frame, load.id_column, load.problems,
                                              load.seen)
        check.check_lengths(records, Activity.__table__, {"id": load.id_column}, load.problems)
        yield load.good(records)
        if load.stopped():
            return


CHECKERS = {"regions": region_chunks, "places": place_chunks,
            "partnerships": partnership_chunks, "programmes": programme_chunks,
            "activities": activity_chunks}


def where_places_lie(places: Columns, bad: set[int], regions) -> None:
    """Give each place of a row not in ``bad`` the deepest region holding its point
    (``region_code``); mark those in none whose point, with latitude and longitude
    swapped, lies in one (``swapped``)."""
    checked = np.flatnonzero([row not in bad for row in places["row"]])
    points = np.array(places["point"], dtype=object)[checked]
    codes = write.deepest_regions(points, regions)
    found = np.full(len(places), None, dtype=object)
    found[checked] = codes
    in_none = np.array([code is None for code in codes], dtype=bool)
    lost, x, y = checked[in_none], shapely.get_x(points[in_none]), shapely.get_y(points[in_none])
    if len(regions):  # swapped, only those inside the regions' bounds can lie in one
        west, south, east, north = regions.total_bounds
        near = (y >= west) & (y <= east) & (x >= south) & (x <= north)
        lost, x, y = lost[near], x[near], y[near]
    turned = write.deepest_regions(shapely.points(y, x), regions)
    swapped = np.zeros(len(places), dtype=bool)
    swapped[lost] = [code is not None for code in turned]
    places["region_code"], places["swapped"] = found.tolist(), swapped.tolist()


def note_swapped(places: Columns, load: Load) -> None:
    """Note the places whose points fit the store's regions only swapped."""
    for row in compress(places["row"], places["swapped"]):
        load.swapped.append(row)
        if load.options.allow_outside:
            load.report.warnings.append(Problem(row, "geometry", SWAPPED))
        else:
            load.problems.append(Problem(row, "geometry", SWAPPED))


def refuse_swapped(load: Load) -> None:
    """One rule: points that fit the store only with lat/lon swapped refuse the whole file."""
    if not load.swapped or load.options.allow_outside:
        return
    count = len(load.swapped)
    rows = ", ".join(str(row) for row in load.swapped[:5]) + (", ..." if count > 5 else "")
    what = f"{count:,} points (rows {rows}) are" if count > 1 else f"1 point (row {rows}) is"
    load.problems.append(Problem(0, "geometry", (
        f"{what} {SWAPPED}: check which column is longitude and which latitude (--x-column, "
        "--y-column) and the CRS; if these places really are abroad, load them with "
        "--allow-outside")))


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


def check_references(conn, records: list[dict] | Columns, key: str, column: str,
                     problems: list[Problem], also: set[str] = frozenset()) -> None:
    """Report each record whose ``key`` names a region or programme that does not exist."""
    table = Programme.__table__ if column.startswith("programme") else Region.__table__
    what = "programme" if table is Programme.__table__ else "region"
    if not len(records):
        return
    rows = records if isinstance(records, Columns) else Columns.of(records)
    named = [(row, value if isinstance(value, list) else [value])
             for row, value in zip(rows["row"], rows[key], strict=True) if value]
    wanted = sorted({v for _row, values in named for v in values} - also)
    known = queries.existing_ids(conn, table, wanted) | also
    for row, values in named:
        for value in values:
            if value not in known:
                problems.append(Problem(row, column, f"{what} {value!r} does not exist", value))


def finish(load: Load) -> None:
    """Write the report of rejected rows; refuse the load unless told to skip them."""
    finish_checks(load.path, load.problems, load.report, load.options)


def finish_checks(path: Path, problems: list[Problem], report: LoadReport,
                  options: LoadOptions) -> None:
    """Write the report of rejected rows; refuse the load unless told to skip them."""
    if not problems:
        report_path(path).unlink(missing_ok=True)
        return
    problems.sort(key=lambda p: (p.row, p.field))
    report.rejected = problems
    report.report = write_report(path, problems)
    if any(p.row == 0 for p in problems) or not options.skip_invalid:
        raise LoadError(path, problems, report.report)


def write_records(conn, load: Load, records: list[dict], progress) -> None:
    """Write one chunk's records, counting inserts and updates."""
    if not records or not load.writing():
        return
    writer = {"places": write.write_places, "partnerships": write.write_partnerships,
              "programmes": write.write_programmes, "regions": write.write_regions,
              "activities": activities.write_activities}
    existed = writer[load.target](conn, records, progress)
    load.report.updated += existed
    load.report.inserted += len(records) - existed


def write_regions(conn, load: Load, progress) -> None:
    """Write the regions kept until the end, once every parent is known."""
    if load.target != "regions" or not load.pending:
        return
    codes = {r["code"] for r in load.pending}
    check_references(conn, load.pending, "parent_code", "parent_code", load.problems,
                     also=codes)
    write_records(conn, load, load.good(load.pending), progress)
    load.pending = []
