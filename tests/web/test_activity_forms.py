"""Recording activities through the forms, on both stores: from the partnership's card,
messages at the fields in the reader's language, roles on the server, review, history."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from geoapp.store import edits
from geoapp.store.models import Change
from geoapp.store.records import ACTIVITY, PARTNERSHIP, read
from tests.support.signing import csrf_of, post_form, sign_in
from tests.support.writes import changes

LINK = "imc:kremenchuk-pishchane"
CARD = f"/partnerships/{LINK}?lang=en"
NEW = f"/partnerships/{LINK}/activities/new?lang=en"
GOOD = {"kind": "meeting", "title": "Directors' meeting", "start_date": "2025-04-10",
        "end_date": "", "description": "A summer camp together", "source": "", "version": "",
        "note": "from the minutes"}


@pytest.fixture
def client(writing_app):
    return writing_app.test_client()


def newest_activity(store) -> dict:
    with store.engine.connect() as conn:
        found = conn.execute(select(Change.__table__.c.record_id).where(
            Change.__table__.c.record_kind == "activity").order_by(
            Change.__table__.c.id.desc())).scalar()
        return read(conn, ACTIVITY, found)


def test_the_card_opens_the_form_with_the_partnership_filled_in(client):
    assert "record-activity" not in client.get(CARD).get_data(True)  # not to readers
    sign_in(client, "poltava_editor")
    card = client.get(CARD).get_data(True)
    assert f'href="/partnerships/{LINK}/activities/new?lang=en"' in card
    form = client.get(NEW).get_data(True)
    assert "Record an activity" in form and 'id="activity-form"' in form
    assert 'name="start_date"' in form and 'name="kind"' in form


@pytest.mark.parametrize(("lang", "values", "field", "message"), [
    ("en", {"title": ""}, "title", "required"),
    ("uk", {"title": ""}, "title", "обов’язкове поле"),
    ("en", {"start_date": "10.04.2025"}, "start_date", "a date like 2025-03-01"),
    ("en", {"end_date": "2025-04-01"}, "end_date", "the end comes before the start"),
    ("ro", {"kind": "party"}, "kind", "se așteaptă una dintre: meeting, training"),
])
def test_bad_input_is_named_at_its_field_and_nothing_is_written(
        client, store, lang, values, field, message):
    sign_in(client, "poltava_editor")
    before = changes(store)
    page = NEW.replace("lang=en", f"lang={lang}")
    response = post_form(client, page, page, {**GOOD, **values})
    assert response.status_code == 400
    html = response.get_data(True)
    error = html.split(f'id="{field}-error">')[1].split("</p>")[0]
    assert message in error
    assert changes(store) == before


def test_a_date_after_the_partnership_ended_is_refused(client, store, people):
    with store.engine.begin() as conn:
        edits.update_record(conn, PARTNERSHIP, LINK, {"status": "ended",
                                                      "end_date": "2024-12-31"}, 1,
                            edits.Edit(people["poltava_reviewer"]))
    sign_in(client, "poltava_editor")
    before = changes(store)
    response = post_form(client, NEW, NEW, GOOD)
    assert response.status_code == 400
    assert "after the partnership ended (2024-12-31)" in response.get_data(True)
    assert changes(store) == before


def test_a_form_without_its_csrf_token_is_refused(client, store):
    sign_in(client, "poltava_editor")
    before = changes(store)
    response = client.post(NEW, data=GOOD)
    assert response.status_code == 400
    assert changes(store) == before


def test_an_editor_of_poltava_gets_403_on_a_donetsk_partnership(client, store, people):
    with store.engine.begin() as conn:
        donetsk = edits.create(conn, PARTNERSHIP, {"place_a_id": "katottg:UA140201",
                                                   "place_b_id": "edebo:1004"},
                               edits.Edit(people["admin"]))
    sign_in(client, "poltava_editor")
    url = f"/partnerships/{donetsk['id']}/activities/new?lang=en"
    assert client.get(url).status_code == 403
    before = changes(store)
    token = csrf_of(client.get(NEW).get_data(True))
    assert client.post(url, data={**GOOD, "csrf_token": token}).status_code == 403
    assert changes(store) == before


def test_recorded_reviewed_shown_withdrawn_and_restored(writing_app, store):
    editor, reviewer = writing_app.test_client(), writing_app.test_client()
    sign_in(editor, "poltava_editor")
    response = post_form(editor, NEW, NEW, GOOD)
    assert response.status_code == 302 and response.headers["Location"].startswith(
        f"/partnerships/{LINK}")
    made = newest_activity(store)
    assert (made["review_state"], made["partnership_id"]) == ("pending", LINK)
    assert "Directors&#39; meeting" in editor.get(CARD).get_data(True)  # to its author
    assert "Directors" not in writing_app.test_client().get(CARD).get_data(True)
    sign_in(reviewer, "poltava_reviewer")
    assert made["title"] in reviewer.get("/review?lang=en").get_data(True).replace("&#39;", "'")
    published = post_form(reviewer, CARD, f"/review/activity/{made['id']}/publish?lang=en",
                          {"version": "1"})
    assert published.status_code == 302
    public = writing_app.test_client().get(CARD).get_data(True)
    assert f'data-id="{made["id"]}"' in public.split('class="timeline"')[1]
    card = reviewer.get(CARD).get_data(True)
    history = card.split('id="history-title"')[1]
    assert "Directors&#39; meeting" in history and "Published" in history
    withdrawn = post_form(editor, CARD, f"/review/activity/{made['id']}/withdraw?lang=en",
                          {"version": "2"})
    assert withdrawn.status_code == 302
    assert f'data-id="{made["id"]}"' not in writing_app.test_client().get(CARD).get_data(True)
    with store.engine.connect() as conn:
        from geoapp.store import history as changes_of
        withdrawal = changes_of.changes_of(conn, "activity", made["id"])[0]
    assert withdrawal.action == "withdraw"
    reverted = post_form(reviewer, CARD, f"/changes/{withdrawal.id}/revert?lang=en", {})
    assert reverted.status_code == 302 and reverted.headers["Location"].startswith(
        f"/partnerships/{LINK}")
    assert f'data-id="{made["id"]}"' in writing_app.test_client().get(CARD).get_data(True)


def test_an_edit_begun_before_another_save_is_refused(writing_app, store):
    first, second = writing_app.test_client(), writing_app.test_client()
    for client in (first, second):
        sign_in(client, "poltava_reviewer")
    url = "/activities/world:memorandum/edit?lang=en"
    forms = [client.get(url).get_data(True) for client in (first, second)]
    assert 'value="1"' in forms[0]
    saved = first.post(url, data={**GOOD, "title": "First", "start_date": "2025-03-01",
                                  "version": "1", "csrf_token": csrf_of(forms[0])})
    assert saved.status_code == 302
    stale = second.post(url, data={**GOOD, "title": "Second", "start_date": "2025-03-01",
                                   "version": "1", "csrf_token": csrf_of(forms[1])})
    assert stale.status_code == 412
    with store.engine.connect() as conn:
        assert read(conn, ACTIVITY, "world:memorandum")["title"] == "First"
