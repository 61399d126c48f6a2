"""Loading activities: their dates, places and partnership checked row by row and field by
field; a bad file changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from geoapp.ingest import LoadError, LoadOptions, load_file
from geoapp.store.models import Activity, activity_places
from tests.ingest.test_load import write_csv

QUIET = LoadOptions(progress=False)
activities = Activity.__table__


def snapshot(store) -> tuple:
    """Every activity and link a load could change."""
    with store.engine.connect() as conn:
        rows = conn.execute(select(activities.c.id, activities.c.title, activities.c.version,
                                   func.ST_AsText(activities.c.geom))
                            .order_by(activities.c.id)).all()
        links = conn.execute(select(activity_places).order_by(
            activity_places.c.activity_id, activity_places.c.place_id)).all()
    return rows, links


def activity(activity_id: str = "new:1", **cells: str) -> dict:
    return {"id": activity_id, "kind": "training", "title": "Тренінг", "date": "2021-10-07",
            "places": "edebo:1001", "partnership": "", "programme": "", "areas": "education",
            **cells}


def test_a_good_file_loads_its_dates_places_and_partnership(store, tmp_path):
    path = write_csv(tmp_path / "activities.csv", [
        activity("new:week", date="2026-W03", places="edebo:1001;edebo:1002",
                 title_en="Training"),
        activity("new:linked", kind="meeting", date="2025-09", places="",
                 partnership="plich:kremenchuk-chasiv-yar", programme="plich-o-plich"),
    ])
    report = load_file(store, "activities", path, QUIET)
    assert (report.inserted, report.updated) == (2, 0)
    with store.engine.connect() as conn:
        found = {r.id: r for r in conn.execute(select(activities).where(
            activities.c.id.in_(["new:week", "new:linked"])))}
        links = set(conn.execute(select(activity_places)))
    week = found["new:week"]
    assert (week.start_date, week.end_date, week.date_precision) == (
        dt.date(2026, 1, 12), dt.date(2026, 1, 18), "week")
    assert (week.review_state, week.version, week.title_en) == ("published", 1, "Training")
    # With a partnership and no places, an activity is at both ends of the partnership.
    assert found["new:linked"].place_ids == "katottg:UA530201;katottg:UA140201"
    assert {("new:linked", "katottg:UA530201"), ("new:linked", "katottg:UA140201"),
            ("new:week", "edebo:1001"), ("new:week", "edebo:1002")} <= links


def test_loading_again_raises_the_version_and_relinks_the_places(store, tmp_path):
    path = write_csv(tmp_path / "a.csv", [activity(places="edebo:1001;edebo:1002")])
    load_file(store, "activities", path, QUIET)
    write_csv(path, [activity(title="Тренінг (виправлено)", places="edebo:1003")])
    report = load_file(store, "activities", path, QUIET)
    assert (report.inserted, report.updated) == (0, 1)
    with store.engine.connect() as conn:
        row = conn.execute(select(activities).where(activities.c.id == "new:1")).one()
        linked = conn.execute(select(activity_places.c.place_id).where(
            activity_places.c.activity_id == "new:1")).scalars().all()
    assert (row.title, row.version, row.place_ids) == ("Тренінг (виправлено)", 2, "edebo:1003")
    assert linked == ["edebo:1003"]


@pytest.mark.parametrize(("cells", "state"), [
    ({"review_state": "pending"}, "pending"), ({"review_state": ""}, "published"),
    ({"status": "proposed"}, "pending"),  # a file written before activities were reviewed
    ({"status": "withdrawn"}, "withdrawn"),
])
def test_a_file_says_where_an_activity_stands_in_review(store, tmp_path, cells, state):
    load_file(store, "activities", write_csv(tmp_path / "a.csv", [activity(**cells)]), QUIET)
    with store.engine.connect() as conn:
        found = conn.execute(select(activities.c.review_state).where(
            activities.c.id == "new:1")).scalar()
    assert found == state


@pytest.mark.parametrize(("row", "field", "message"), [
    (activity(title=""), "title", "missing title"),
    (activity(kind="party"), "kind", "'party' is not one of meeting, training"),
    (activity(kind=""), "kind", "missing kind"),
    (activity(date="18.01.2022"), "date", "is not a date: expected YYYY-MM-DD"),
    (activity(date="2022-02-30"), "date", "is not a real date"),
    (activity(date="2022-02/2022-01"), "date", "the range ends before it starts"),
    (activity(areas="education;sailing"), "areas", "'sailing' is not one of"),
    (activity(places="edebo:1001;nowhere:1"), "places", "place 'nowhere:1' does not exist"),
    (activity(places="", partnership="nope"), "partnership", "partnership 'nope' does not"),
    (activity(places=""), "places", "no places and no partnership"),
    (activity(programme="nope"), "programme", "programme 'nope' does not exist"),
    (activity(language="fr"), "language", "'fr' is not one of uk, en, ru, kk, ro"),
    (activity(review_state="draft"), "review_state", "'draft' is not one of pending, publ"),
    (activity(status="draft"), "status", "'draft' is not one of pending, published"),
    (activity("new:0"), "id", "duplicate id 'new:0' (first on row 1)"),
])
def test_a_bad_row_is_named_and_nothing_is_written(store, tmp_path, row, field, message):
    path = write_csv(tmp_path / "activities.csv", [activity("new:0"), row])
    before = snapshot(store)
    with pytest.raises(LoadError) as caught:
        load_file(store, "activities", path, QUIET)
    assert snapshot(store) == before
    text = str(caught.value)
    assert f"activities.csv, row 2, field {field!r}" in text and message in text
    assert message in (tmp_path / "activities.csv.rejected.csv").read_text(encoding="utf-8")


def test_skip_invalid_loads_the_good_rows(store, tmp_path):
    path = write_csv(tmp_path / "activities.csv",
                     [activity("new:good"), activity("new:bad", date="soon")])
    report = load_file(store, "activities", path, LoadOptions(progress=False,
                                                               skip_invalid=True))
    assert report.inserted == 1 and [p.field for p in report.rejected] == ["date"]
    with store.engine.connect() as conn:
        ids = set(conn.execute(select(activities.c.id)).scalars())
    assert "new:good" in ids and "new:bad" not in ids


def test_an_undated_activity_is_kept_without_dates(store, tmp_path):
    load_file(store, "activities",
              write_csv(tmp_path / "a.csv", [activity(date="")]), QUIET)
    with store.engine.connect() as conn:
        row = conn.execute(select(activities).where(activities.c.id == "new:1")).one()
    assert (row.start_date, row.end_date, row.date_precision) == (None, None, None)
