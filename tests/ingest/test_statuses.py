"""``geoapp load region-statuses``: one edition of the official list, replacing the older one."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from geoapp.cli import main
from geoapp.ingest import LoadError, LoadOptions, load_file
from geoapp.store import queries
from geoapp.store.models import RegionStatus
from geoapp.store.statuses import read_statuses, read_tree, settlement_counts
from tests.ingest.test_load import write_csv

QUIET = LoadOptions(progress=False)
EDITION = "2025-04-30"


def status(code, section, start, end="", edition=EDITION, name="") -> dict:
    return {"region_code": code, "status": section, "start_date": start, "end_date": end,
            "edition_date": edition, "name": name}


LIST = [
    status("UA140201", "active_hostilities", "2022-02-24", "2024-08-06"),
    status("UA140201", "active_hostilities", "2024-08-07", name="Часовоярська громада"),
    status("UA14", "possible_hostilities", "2023-01-01"),
    status("UA14020100010001", "temporarily_occupied", "2024-05-01", name="с. Хромове"),
    status("UA530201", "temporarily_occupied", "2022-03-01", "2022-04-01"),
]


def stored(store) -> list[tuple]:
    table = RegionStatus.__table__
    with store.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(
            select(table.c.region_code, table.c.status, table.c.start_date, table.c.end_date,
                   table.c.edition_date).order_by(table.c.region_code, table.c.start_date))]


def load(store, tmp_path, rows, name="list.csv", options=QUIET):
    return load_file(store, "region-statuses", write_csv(tmp_path / name, rows), options)


def test_an_edition_is_stored_with_its_date_and_read_as_situations(store, tmp_path):
    report = load(store, tmp_path, LIST)
    assert (report.inserted, report.edition, report.replaced) == (5, dt.date(2025, 4, 30), 0)
    assert len(stored(store)) == 5
    with store.engine.connect() as conn:
        tree, found = read_tree(conn), read_statuses(conn)
        hromada = settlement_counts(conn, "UA140201", tree)
        assert queries.revision(conn, "region_statuses") == 1
    assert found.edition == dt.date(2025, 4, 30)
    # The hromada's own active hostilities outrank its oblast's possible ones; the ended
    # occupation of Kremenchuk is history, not a status in force.
    chasiv_yar = found.situation(tree, "UA140201")
    assert (chasiv_yar.status, chasiv_yar.since) == ("active_hostilities", dt.date(2024, 8, 7))
    assert [s.status for s in found.along(tree, "UA140201")] == [
        "active_hostilities", "possible_hostilities"]
    assert found.situation(tree, "UA1402").status == "possible_hostilities"
    assert found.situation(tree, "UA530201") is None
    assert found.situations(tree)["UA5302"] is None
    assert hromada == {"temporarily_occupied": 1}


def test_a_newer_edition_replaces_the_old_and_an_older_one_is_refused(store, tmp_path):
    load(store, tmp_path, LIST)
    newer = [status("UA140201", "temporarily_occupied", "2025-06-01", edition="2026-01-08")]
    report = load(store, tmp_path, newer, "newer.csv")
    assert (report.replaced, report.replaced_edition) == (5, dt.date(2025, 4, 30))
    assert stored(store) == [("UA140201", "temporarily_occupied", dt.date(2025, 6, 1), None,
                              dt.date(2026, 1, 8))]
    with pytest.raises(LoadError) as caught:
        load(store, tmp_path, LIST, "older.csv")
    assert "newer than this file's 2025-04-30" in str(caught.value)
    assert len(stored(store)) == 1


@pytest.mark.parametrize(("row", "field", "message"), [
    (status("UA14", "bombed", "2022-02-24"), "status", "'bombed' is not one of"),
    (status("", "temporarily_occupied", "2022-02-24"), "region_code", "missing region code"),
    (status("UA14", "temporarily_occupied", "24.02.2022"), "start_date", "not a date"),
    (status("UA14", "temporarily_occupied", ""), "start_date", "missing start date"),
    (status("UA14", "temporarily_occupied", "2022-02-24", "2021-01-01"), "end_date",
     "is before the start date"),
    (status("UA14", "temporarily_occupied", "2022-02-24", edition="2025-05-07"),
     "edition_date", "differs from the file's edition 2025-04-30"),
])
def test_a_bad_row_refuses_the_file_naming_row_and_field(store, tmp_path, row, field, message):
    load(store, tmp_path, LIST[:1])
    before = stored(store)
    with pytest.raises(LoadError) as caught:
        load(store, tmp_path, [*LIST, row], "bad.csv")
    problem = next(p for p in caught.value.problems if p.field == field)
    assert problem.row == len(LIST) + 1 and message in problem.message
    assert stored(store) == before


def test_a_file_without_edition_date_is_refused(store, tmp_path):
    rows = [{k: v for k, v in r.items() if k != "edition_date"} for r in LIST]
    with pytest.raises(LoadError, match="no edition date"):
        load(store, tmp_path, rows)
    assert stored(store) == []


def test_the_lists_own_columns_and_sections_are_read(store, tmp_path):
    rows = [{"katottg": "UA140201", "section": "active_hostilities_e_resources",
             "start_date": "2024-08-07", "end_date": "", "edition_date": EDITION}]
    load(store, tmp_path, rows)
    assert stored(store)[0][:2] == ("UA140201", "active_hostilities")


def test_an_end_after_the_edition_is_kept_with_a_warning(store, tmp_path):
    report = load(store, tmp_path, [status("UA14", "active_hostilities", "2022-09-01",
                                           "2025-09-09")])
    assert [w.field for w in report.warnings] == ["end_date"]
    assert len(stored(store)) == 1


def test_dry_run_writes_nothing(store, tmp_path):
    report = load(store, tmp_path, LIST, options=LoadOptions(progress=False, dry_run=True))
    assert report.inserted == 5 and stored(store) == []


def test_the_command_line_names_the_edition(store, tmp_path):
    path = write_csv(tmp_path / "list.csv", LIST)
    env = {"GEOAPP_DATABASE_URL": store.url}
    first = CliRunner().invoke(main, ["load", "region-statuses", str(path)], env=env)
    again = CliRunner().invoke(main, ["load", "region-statuses", str(path)], env=env)
    assert first.exit_code == again.exit_code == 0, first.output
    assert "edition of 2025-04-30" in first.output
    assert "replaces 5 statuses of the edition of 2025-04-30" in again.output
