"""Writes on both stores: roles by region, review, versions, history, revert, withdrawal."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from geoapp.errors import Conflict, Forbidden, InvalidRecord, NotFound, StaleVersion
from geoapp.store import collections, edits, history, queries
from geoapp.store.collections import ItemQuery
from geoapp.store.models import Change
from geoapp.store.records import PARTNERSHIP, PLACE, read

KREMENCHUK, CHASIV_YAR, PISHCHANE = "katottg:UA530201", "katottg:UA140201", "katottg:UA530202"
DONETSK_SCHOOL, POLTAVA_SCHOOL = "edebo:1004", "edebo:1001"


def public_ids(conn, source: str) -> list[str]:
    return [f["id"] for f in collections.find_items(conn, ItemQuery(source), 1000, 0)]


def history_count(conn) -> int:
    return conn.execute(select(func.count()).select_from(Change.__table__)).scalar()


def test_a_proposal_waits_for_a_reviewer_then_shows(store, people):
    editor, reviewer = people["poltava_editor"], people["poltava_reviewer"]
    with store.engine.begin() as conn:
        made = edits.create(conn, PARTNERSHIP, {
            "place_a_id": PISHCHANE, "place_b_id": CHASIV_YAR, "programme_code": "imc",
            "start_date": "2026-01-15", "title": "Pishchane and Chasiv Yar"},
            edits.Edit(editor, "agreed at the March meeting"))
        revision = queries.revision(conn, "partnerships")
    assert made["review_state"] == "pending" and made["version"] == 1
    with store.engine.connect() as conn:
        assert made["id"] not in public_ids(conn, "partnerships")
        assert edits.visible(conn, PARTNERSHIP, made["id"], editor)["title"] == made["title"]
        with pytest.raises(NotFound):
            edits.visible(conn, PARTNERSHIP, made["id"], people["donetsk_editor"])
        assert [r["id"] for r in edits.pending(conn, PARTNERSHIP, reviewer)] == [made["id"]]
    with store.engine.begin() as conn:
        with pytest.raises(Forbidden):
            edits.set_state(conn, PARTNERSHIP, made["id"], "published", 1, edits.Edit(editor))
        edits.set_state(conn, PARTNERSHIP, made["id"], "published", 1, edits.Edit(reviewer))
    with store.engine.connect() as conn:
        assert made["id"] in public_ids(conn, "partnerships")
        assert queries.revision(conn, "partnerships") == revision + 1
        actions = [e.action for e in history.changes_of(conn, "partnership", made["id"])]
        assert actions == ["publish", "create"]
        assert history.changes_of(conn, "partnership", made["id"])[1].note == \
            "agreed at the March meeting"


def test_with_review_off_an_editor_publishes_directly(store, people):
    with store.engine.begin() as conn:
        made = edits.create(conn, PARTNERSHIP, {"place_a_id": PISHCHANE,
                                                "place_b_id": POLTAVA_SCHOOL},
                            edits.Edit(people["poltava_editor"], review=False))
        assert made["review_state"] == "published"
        assert made["id"] in public_ids(conn, "partnerships")


def test_an_editor_writes_only_in_their_regions(store, people):
    editor = people["poltava_editor"]
    with store.engine.begin() as conn:
        school = read(conn, PLACE, DONETSK_SCHOOL)
        with pytest.raises(Forbidden):
            edits.update_record(conn, PLACE, DONETSK_SCHOOL, {"name": "Renamed"},
                                school["version"], edits.Edit(editor))
        with pytest.raises(Forbidden):  # neither end in Poltava oblast
            edits.create(conn, PARTNERSHIP, {"place_a_id": DONETSK_SCHOOL,
                                             "place_b_id": "city:balti"}, edits.Edit(editor))
        with pytest.raises(Forbidden):  # moving a Poltava school into Donetsk oblast
            edits.update_record(conn, PLACE, POLTAVA_SCHOOL, {"lon": 37.8, "lat": 48.6},
                                1, edits.Edit(editor), "move")
        assert read(conn, PLACE, DONETSK_SCHOOL) == school


def test_bad_input_names_each_field_and_writes_nothing(store, people):
    with store.engine.begin() as conn:
        before = history_count(conn)
        with pytest.raises(InvalidRecord) as refused:
            edits.create(conn, PARTNERSHIP, {
                "place_a_id": PISHCHANE, "place_b_id": "edebo:nowhere", "status": "maybe",
                "start_date": "2026-13-01", "programme_code": "nope"},
                edits.Edit(people["poltava_editor"]))
        assert set(refused.value.fields) == {"place_b_id", "status", "start_date",
                                             "programme_code"}
        with pytest.raises(InvalidRecord) as refused:
            edits.update_record(conn, PLACE, POLTAVA_SCHOOL, {"lat": 95, "website": "ftp://x"},
                                1, edits.Edit(people["poltava_editor"]))
        assert set(refused.value.fields) == {"lat", "website"}
        assert history_count(conn) == before


def test_a_stale_save_is_refused_and_overwrites_nothing(store, people):
    editor = people["poltava_editor"]
    pid = "imc:kremenchuk-pishchane"
    with store.engine.begin() as conn:
        edits.update_record(conn, PARTNERSHIP, pid, {"title": "First"}, 1, edits.Edit(editor))
    with store.engine.begin() as conn, pytest.raises(StaleVersion) as refused:
        edits.update_record(conn, PARTNERSHIP, pid, {"title": "Second"}, 1, edits.Edit(editor))
    assert refused.value.current == 2 and refused.value.status == 412
    with store.engine.connect() as conn:
        assert read(conn, PARTNERSHIP, pid)["title"] == "First"


def test_two_writers_at_once_one_wins(store, people):
    """The conditional UPDATE holds when the second writer read before the first committed."""
    editor, pid = people["poltava_editor"], "imc:kremenchuk-pishchane"
    outcome = {}
    first = store.engine.connect()
    first.begin()
    edits.update_record(first, PARTNERSHIP, pid, {"title": "First"}, 1, edits.Edit(editor))

    def second_writer():
        with store.engine.connect() as conn:
            try:
                with conn.begin():
                    edits.update_record(conn, PARTNERSHIP, pid, {"title": "Second"}, 1,
                                        edits.Edit(editor))
                outcome["saved"] = True
            except StaleVersion as exc:
                outcome["refused"] = exc.current

    thread = threading.Thread(target=second_writer)
    thread.start()
    thread.join(timeout=1.0)  # it waits on the first writer's lock
    first.commit()
    first.close()
    thread.join(timeout=30)
    assert outcome == {"refused": 2}
    with store.engine.connect() as conn:
        assert read(conn, PARTNERSHIP, pid)["title"] == "First"


def test_moving_a_school_changes_position_precision_region_and_lines(store, people):
    editor, reviewer = people["poltava_editor"], people["poltava_reviewer"]
    with store.engine.begin() as conn:
        edits.create(conn, PARTNERSHIP, {"place_a_id": POLTAVA_SCHOOL,
                                         "place_b_id": PISHCHANE},
                     edits.Edit(reviewer))
        school = read(conn, PLACE, POLTAVA_SCHOOL)
        assert school["location_precision"] == "exact"  # the world loads them so
        edits.update_record(conn, PLACE, POLTAVA_SCHOOL, {"location_precision": "settlement"},
                            1, edits.Edit(editor))
        moved = edits.update_record(conn, PLACE, POLTAVA_SCHOOL, {
            "lon": 33.7, "lat": 49.1, "location_precision": "exact"}, 2,
            edits.Edit(editor, "surveyed on site"), "move")
    assert (moved["lon"], moved["lat"], moved["region_code"]) == (33.7, 49.1, "UA530202")
    with store.engine.connect() as conn:
        entry = history.changes_of(conn, "place", POLTAVA_SCHOOL)[0]
        assert entry.action == "move" and entry.note == "surveyed on site"
        assert entry.before == {"lon": 33.41, "lat": 49.06, "location_precision": "settlement",
                                "region_code": "UA530201"}
        assert entry.after["lon"] == 33.7 and entry.after["location_precision"] == "exact"
        line = [f for f in collections.find_items(conn, ItemQuery("partnerships"), 100, 0)
                if f["properties"]["place_a_id"] == POLTAVA_SCHOOL][0]
        assert list(line["geometry"]["coordinates"][0]) == [33.7, 49.1]


def test_a_revert_restores_and_is_itself_a_change(store, people):
    editor, reviewer = people["poltava_editor"], people["poltava_reviewer"]
    with store.engine.begin() as conn:
        edits.update_record(conn, PLACE, POLTAVA_SCHOOL, {"lon": 33.5, "lat": 49.12}, 1,
                            edits.Edit(editor), "move")
        move = history.changes_of(conn, "place", POLTAVA_SCHOOL)[0]
        with pytest.raises(Forbidden):
            edits.revert(conn, move.id, edits.Edit(editor))
        restored = edits.revert(conn, move.id, edits.Edit(reviewer))
    assert (restored["lon"], restored["lat"], restored["version"]) == (33.41, 49.06, 3)
    with store.engine.connect() as conn:
        entries = history.changes_of(conn, "place", POLTAVA_SCHOOL)
        assert [e.action for e in entries] == ["revert", "move"]
        assert entries[0].note == f"reverts change {move.id}"
        assert entries[0].user_id == reviewer.id


def test_withdrawing_hides_and_keeps_history_and_a_revert_restores(store, people):
    reviewer = people["poltava_reviewer"]
    pid = "imc:kremenchuk-pishchane"
    with store.engine.begin() as conn:
        with pytest.raises(Conflict):  # it has published partnerships
            edits.set_state(conn, PLACE, PISHCHANE, "withdrawn", 1, edits.Edit(reviewer))
        edits.set_state(conn, PARTNERSHIP, pid, "withdrawn", 1, edits.Edit(reviewer))
        assert pid not in public_ids(conn, "partnerships")
        assert read(conn, PARTNERSHIP, pid)["review_state"] == "withdrawn"
        with pytest.raises(Conflict):
            edits.update_record(conn, PARTNERSHIP, pid, {"title": "x"}, 2, edits.Edit(reviewer))
        withdrawal = history.changes_of(conn, "partnership", pid)[0]
        edits.revert(conn, withdrawal.id, edits.Edit(reviewer))
        assert pid in public_ids(conn, "partnerships")


def test_unpublished_places_are_hidden_from_every_public_read(store, people):
    with store.engine.begin() as conn:
        made = edits.create(conn, PLACE, {"name": "Нова школа", "kind": "school",
                                          "lon": 33.45, "lat": 49.07},
                            edits.Edit(people["poltava_editor"]), "edebo:7777")
        assert made["review_state"] == "pending" and made["region_code"] == "UA530201"
        assert "edebo:7777" not in public_ids(conn, "places")
        assert queries.count_places(conn, queries.PlaceFilter(q="Нова школа")) == 0
        assert queries.find_places(conn, queries.PlaceFilter(q="Нова школа")) == []
