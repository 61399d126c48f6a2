"""``geoapp load region-statuses FILE``: one edition of the official list of territories of
hostilities and temporary occupation, replacing the edition held before it.

A row is one dated status of a region (or settlement): ``region_code`` (or ``katottg``),
``status`` (or the list's ``section``), ``start_date``, ``end_date`` (empty: not ended),
``edition_date`` (the same on every row: the date of the list's last amendment) and
``name`` as printed. Everything is written in one transaction, or nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from sqlalchemy import Connection, delete, func, select

from geoapp.ingest.check import parse_date, rows_of, text
from geoapp.ingest.load import LoadOptions, LoadReport, finish_checks
from geoapp.ingest.problems import Problem
from geoapp.ingest.source import table_chunks
from geoapp.store import Store
from geoapp.store.models import REGION_STATUSES, RegionStatus
from geoapp.store.queries import bump_revision

TARGET = "region-statuses"
# The list's table 3 (active hostilities where the state's e-services work) is a kind of
# active hostilities.
SECTIONS = {"active_hostilities_e_resources": "active_hostilities"}
ALIASES = {"region_code": "katottg", "status": "section"}
statuses = RegionStatus.__table__


@dataclass
class StatusReport(LoadReport):
    """What a load of the list did, with the edition it replaced."""

    edition: dt.date | None = None
    replaced_edition: dt.date | None = None
    replaced: int = 0


def load_statuses(store: Store, path: Path, options: LoadOptions | None = None
                  ) -> StatusReport:
    """Replace the stored edition of the list by the one in ``path``; LoadError if bad."""
    path, options = Path(path), options or LoadOptions()
    report = StatusReport(TARGET, path, dry_run=options.dry_run)
    problems: list[Problem] = []
    frames = list(table_chunks(path, options.limits(), 50_000))
    frame = pd.concat(frames) if frames else pd.DataFrame()
    report.read = len(frame)
    records = [status_record(number, row, problems) for number, row in rows_of(frame)]
    report.edition = one_edition(records, problems)
    with store.engine.connect() as conn, conn.begin() as transaction:
        report.replaced_edition = stored_edition(conn)
        check_newer(report, problems)
        check_dates(records, report, problems)
        finish_checks(path, problems, report, options)
        rejected = {p.row for p in problems}
        kept = [{k: v for k, v in r.items() if k != "row"} for r in records
                if r["row"] not in rejected]
        report.replaced = conn.execute(select(func.count()).select_from(statuses)).scalar()
        replace_all(conn, kept)
        report.inserted = len(kept)
        if options.dry_run:
            transaction.rollback()
    return report


def cell(row: dict, column: str) -> str:
    """A cell by its name or its alias."""
    return text(row, column) or text(row, ALIASES.get(column, ""))


def status_record(number: int, row: dict, problems: list[Problem]) -> dict:
    """One dated status from a row, reporting what is wrong with it."""
    code = cell(row, "region_code")
    if not code:
        problems.append(Problem(number, "region_code", "missing region code"))
    elif len(code) > 40:
        problems.append(Problem(number, "region_code", "longer than 40 characters", code[:80]))
    status = SECTIONS.get(cell(row, "status"), cell(row, "status"))
    if status not in REGION_STATUSES:
        problems.append(Problem(number, "status", f"{status!r} is not one of "
                                f"{', '.join(REGION_STATUSES)}", status))
    for column in ("start_date", "edition_date"):
        if not text(row, column):
            problems.append(Problem(number, column, f"missing {column.replace('_', ' ')}"))
    return {"row": number, "region_code": code, "status": status,
            "start_date": parse_date(number, row, "start_date", problems),
            "end_date": parse_date(number, row, "end_date", problems),
            "edition_date": parse_date(number, row, "edition_date", problems),
            "name": text(row, "name") or None}


def one_edition(records: list[dict], problems: list[Problem]) -> dt.date | None:
    """The edition date every row must share; rows that differ are problems."""
    dates = [r["edition_date"] for r in records if r["edition_date"]]
    if not dates:
        problems.append(Problem(0, "edition_date", "no edition date: give the date of the "
                                "list's last amendment in a column edition_date"))
        return None
    edition = dates[0]
    for record in records:
        if record["edition_date"] not in (None, edition):
            problems.append(Problem(record["row"], "edition_date",
                                    f"{record['edition_date']} differs from the file's edition "
                                    f"{edition}: load one edition at a time",
                                    str(record["edition_date"] or "")))
    return edition


def stored_edition(conn: Connection) -> dt.date | None:
    """The edition date of the list the store holds, or None."""
    return conn.execute(select(func.max(statuses.c.edition_date))).scalar()


def check_newer(report: StatusReport, problems: list[Problem]) -> None:
    """Refuse an edition older than the stored one: a newer edition replaces an older."""
    if report.edition and report.replaced_edition and report.edition < report.replaced_edition:
        problems.append(Problem(0, "edition_date", f"the store holds the edition of "
                                f"{report.replaced_edition}, newer than this file's "
                                f"{report.edition}", str(report.edition)))


def check_dates(records: list[dict], report: StatusReport, problems: list[Problem]) -> None:
    """An end before its start is a problem; an end after the edition, a warning."""
    for r in records:
        if r["start_date"] and r["end_date"] and r["end_date"] < r["start_date"]:
            problems.append(Problem(r["row"], "end_date", f"{r['end_date']} is before the "
                                    f"start date {r['start_date']}", str(r["end_date"])))
        elif report.edition and r["end_date"] and r["end_date"] > report.edition:
            report.warnings.append(Problem(r["row"], "end_date", f"{r['end_date']} is after "
                                           f"the edition date {report.edition}; kept as printed",
                                           str(r["end_date"])))


def replace_all(conn: Connection, rows: list[dict]) -> None:
    """Put ``rows`` in place of every stored status, and tell caches."""
    conn.execute(delete(statuses))
    for start in range(0, len(rows), 2000):
        conn.execute(statuses.insert(), rows[start:start + 2000])
    bump_revision(conn, "region_statuses")
