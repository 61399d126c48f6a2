"""Activities as records people edit, on both stores: roles by the partnership's ends,
review, versions, history, withdrawal and revert."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from geoapp.errors import Conflict, Forbidden, InvalidRecord, StaleVersion
from geoapp.store import activities, collections, edits, history, queries
from geoapp.store.collections import ItemQuery
from geoapp.store.models import Change, activity_places
from geoapp.store.records import ACTIVITY, PARTNERSHIP, read

KREMENCHUK, CHASIV_YAR, PISHCHANE = "katottg:UA530201", "katottg:UA140201", "katottg:UA530202"
DONETSK_SCHOOL = "edebo:1004"
IMC = "imc:kremenchuk-pishchane"
MEETING = {"partnership_id": IMC, "kind": "meeting", "title": "Зустріч директорів",
           "start_date": "2025-04-10", "description": "Про спільний табір",
           "source": "https://example.org/news/1"}


def public_ids(conn) -> list[str]:
    return [f["id"] for f in collections.find_items(conn, ItemQuery("activities"), 1000, 0)]


def history_count(conn) -> int:
    return conn.execute(select(func.count()).select_from(Change.__table__)).scalar()


def linked_places(conn, activity_id: str) -> list[str]:
    return sorted(conn.execute(select(activity_places.c.place_id).where(
        activity_places.c.activity_id == activity_id)).scalars())


def test_an_editor_records_an_activity_that_waits_and_a_reviewer_publishes_it(store, people):
    editor, reviewer = people["poltava_editor"], people["poltava_reviewer"]
    with store.engine.begin() as conn:
        made = edits.create(conn, ACTIVITY, MEETING, edits.Edit(editor, "from the minutes"))
    assert (made["review_state"], made["version"]) == ("pending", 1)
    # Of a partnership and no places named: at both its ends, in its programme.
    assert (made["place_ids"], made["programme_code"]) == (f"{KREMENCHUK};{PISHCHANE}", "imc")
    assert made["date_precision"] == "day"
    with store.engine.connect() as conn:
        assert made["id"] not in public_ids(conn)
        assert linked_places(conn, made["id"]) == [KREMENCHUK, PISHCHANE]
        waiting = [r["id"] for r in edits.pending(conn, ACTIVITY, reviewer)]
        assert waiting == [made["id"], "world:proposed"]  # the world's, at Kremenchuk
        assert edits.pending(conn, ACTIVITY, people["donetsk_editor"]) == []
    with store.engine.begin() as conn:
        with pytest.raises(Forbidden):
            edits.set_state(conn, ACTIVITY, made["id"], "published", 1, edits.Edit(editor))
        edits.set_state(conn, ACTIVITY, made["id"], "published", 1, edits.Edit(reviewer))
    with store.engine.connect() as conn:
        assert made["id"] in public_ids(conn)
        on_card = activities.timeline(conn, IMC, (KREMENCHUK, PISHCHANE))
        assert made["id"] in [event["id"] for event in on_card]
        assert queries.revision(conn, "activities") >= 1
        assert [e.action for e in history.changes_of(conn, "activity", made["id"])] == \
            ["publish", "create"]


def test_an_editor_of_poltava_may_not_touch_an_activity_of_a_donetsk_partnership(
        store, people):
    with store.engine.begin() as conn:
        donetsk = edits.create(conn, PARTNERSHIP, {"place_a_id": CHASIV_YAR,
                                                   "place_b_id": DONETSK_SCHOOL},
                               edits.Edit(people["admin"]))
        before = history_count(conn)
        with pytest.raises(Forbidden):
            edits.create(conn, ACTIVITY, {**MEETING, "partnership_id": donetsk["id"]},
                         edits.Edit(people["poltava_editor"]))
        assert history_count(conn) == before
        theirs = edits.create(conn, ACTIVITY, {**MEETING, "partnership_id": donetsk["id"]},
                              edits.Edit(people["donetsk_editor"], review=False))
        assert theirs["review_state"] == "published"
        with pytest.raises(Forbidden):
            edits.update_record(conn, ACTIVITY, theirs["id"], {"title": "x"}, 1,
                                edits.Edit(people["poltava_reviewer"]))


@pytest.mark.parametrize(("values", "fields"), [
    ({"title": ""}, {"title"}),
    ({"start_date": "10.04.2025"}, {"start_date"}),
    ({"start_date": "2025-04-10", "end_date": "2025-04-01"}, {"end_date"}),
    ({"end_date": "2025-04-01", "start_date": ""}, {"start_date"}),
    ({"kind": "party", "areas": "education;sailing"}, {"kind", "areas"}),
    ({"partnership_id": "nope:1"}, {"partnership_id"}),
    ({"partnership_id": "", "place_ids": ""}, {"place_ids"}),
    ({"partnership_id": "", "place_ids": "edebo:1001;nowhere:1"}, {"place_ids"}),
])
def test_bad_input_names_each_field_and_writes_nothing(store, people, values, fields):
    with store.engine.begin() as conn:
        before = history_count(conn)
        with pytest.raises(InvalidRecord) as refused:
            edits.create(conn, ACTIVITY, {**MEETING, **values},
                         edits.Edit(people["poltava_editor"]))
        assert set(refused.value.fields) == fields
        assert history_count(conn) == before


def test_an_activity_may_not_come_after_its_partnership_ended(store, people):
    reviewer = people["poltava_reviewer"]
    with store.engine.begin() as conn:
        edits.update_record(conn, PARTNERSHIP, IMC, {"status": "ended",
                                                     "end_date": "2024-12-31"}, 1,
                            edits.Edit(reviewer))
        with pytest.raises(InvalidRecord) as refused:
            edits.create(conn, ACTIVITY, MEETING, edits.Edit(reviewer))
    assert set(refused.value.fields) == {"start_date"}
    assert refused.value.fields["start_date"][1] == {"end": "2024-12-31"}


def test_a_stale_save_is_refused_and_overwrites_nothing(store, people):
    editor = people["poltava_editor"]
    with store.engine.begin() as conn:
        made = edits.create(conn, ACTIVITY, MEETING, edits.Edit(editor))
        edits.update_record(conn, ACTIVITY, made["id"], {"title": "First"}, 1,
                            edits.Edit(editor))
    with store.engine.begin() as conn, pytest.raises(StaleVersion) as refused:
        edits.update_record(conn, ACTIVITY, made["id"], {"title": "Second"}, 1,
                            edits.Edit(editor))
    assert refused.value.current == 2 and refused.value.status == 412
    with store.engine.connect() as conn:
        assert read(conn, ACTIVITY, made["id"])["title"] == "First"


def test_moving_an_activity_to_other_places_relinks_them(store, people):
    reviewer = people["poltava_reviewer"]
    with store.engine.begin() as conn:
        made = edits.create(conn, ACTIVITY, MEETING, edits.Edit(reviewer))
        moved = edits.update_record(conn, ACTIVITY, made["id"],
                                    {"place_ids": "edebo:1001; edebo:2001"}, 1,
                                    edits.Edit(reviewer))
        assert moved["place_ids"] == "edebo:1001;edebo:2001"
        assert linked_places(conn, made["id"]) == ["edebo:1001", "edebo:2001"]
        found = collections.find_items(conn, ItemQuery(
            "activities", queries.PlaceFilter(bbox=(33.42, 49.06, 33.44, 49.08))), 100, 0)
        assert made["id"] in [f["id"] for f in found]


def test_a_loaded_activity_keeps_its_date_precision_when_its_title_changes(store, people):
    with store.engine.begin() as conn:
        changed = edits.update_record(conn, ACTIVITY, "world:memorandum", {"title": "M"}, 1,
                                      edits.Edit(people["poltava_reviewer"]))
    assert (changed["date_precision"], changed["version"]) == ("month", 2)


def test_withdrawing_keeps_the_history_and_a_revert_restores_it(store, people):
    editor, reviewer = people["poltava_editor"], people["poltava_reviewer"]
    memorandum = "world:memorandum"
    with store.engine.begin() as conn:
        edits.set_state(conn, ACTIVITY, memorandum, "withdrawn", 1, edits.Edit(editor))
        assert memorandum not in public_ids(conn)
        assert read(conn, ACTIVITY, memorandum)["review_state"] == "withdrawn"
        with pytest.raises(Conflict):
            edits.update_record(conn, ACTIVITY, memorandum, {"title": "x"}, 2,
                                edits.Edit(reviewer))
        withdrawal = history.changes_of(conn, "activity", memorandum)[0]
        assert (withdrawal.action, withdrawal.user_id) == ("withdraw", editor.id)
        with pytest.raises(Forbidden):
            edits.revert(conn, withdrawal.id, edits.Edit(editor))
        restored = edits.revert(conn, withdrawal.id, edits.Edit(reviewer))
    assert (restored["review_state"], restored["version"]) == ("published", 3)
    with store.engine.connect() as conn:
        assert memorandum in public_ids(conn)
        assert [e.action for e in history.changes_of(conn, "activity", memorandum)] == \
            ["revert", "withdraw"]


def test_an_activity_of_a_proposed_partnership_waits_for_it(store, people):
    reviewer = people["poltava_reviewer"]
    with store.engine.begin() as conn:
        proposed = edits.create(conn, PARTNERSHIP, {"place_a_id": KREMENCHUK,
                                                    "place_b_id": "edebo:1002"},
                                edits.Edit(people["poltava_editor"]))
        made = edits.create(conn, ACTIVITY, {**MEETING, "partnership_id": proposed["id"]},
                            edits.Edit(reviewer))
        assert made["review_state"] == "pending"
        with pytest.raises(Conflict):
            edits.set_state(conn, ACTIVITY, made["id"], "published", 1, edits.Edit(reviewer))


def test_an_activity_moved_to_another_partnership_takes_its_ends(store, people):
    reviewer = people["poltava_reviewer"]
    with store.engine.begin() as conn:
        made = edits.create(conn, ACTIVITY, MEETING, edits.Edit(reviewer))
        moved = edits.update_record(conn, ACTIVITY, made["id"],
                                    {"partnership_id": "plich:kremenchuk-chasiv-yar"}, 1,
                                    edits.Edit(reviewer))
        assert moved["place_ids"] == f"{KREMENCHUK};{CHASIV_YAR}"
        assert linked_places(conn, made["id"]) == [CHASIV_YAR, KREMENCHUK]
        # Its own places are kept when only its title changes.
        kept = edits.update_record(conn, ACTIVITY, made["id"], {"title": "Renamed"}, 2,
                                   edits.Edit(reviewer))
        assert kept["place_ids"] == moved["place_ids"]
