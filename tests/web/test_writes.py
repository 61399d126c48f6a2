"""The forms of those who record, through the test client, on both stores."""

from __future__ import annotations

import logging
import re

import pytest

from geoapp import create_app
from geoapp.store import get_store, history, users
from geoapp.store.records import PARTNERSHIP, PLACE, read
from tests.support.people import PASSWORD
from tests.support.signing import csrf_of, post_form, sign_in
from tests.support.writes import changes

DONETSK_SCHOOL, POLTAVA_SCHOOL = "edebo:1004", "edebo:1001"
LINK = "imc:kremenchuk-pishchane"


@pytest.fixture
def client(writing_app):
    return writing_app.test_client()


def test_sign_in_and_out(client):
    assert 'href="/sign-in?next=' in client.get("/list?lang=en").get_data(True)
    response = sign_in(client, "poltava_editor")
    assert response.status_code == 302 and response.headers["Location"].startswith("/")
    page = client.get("/list?lang=en").get_data(True)
    assert "Olena" in page and "Sign out" in page
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "Secure" in cookie and "SameSite=Lax" in cookie
    post_form(client, "/list?lang=en", "/sign-out", {})
    assert "Olena" not in client.get("/list?lang=en").get_data(True)


def test_a_wrong_password_is_refused_and_never_echoed(client):
    response = sign_in(client, "poltava_editor", "wrong password 123")
    body = response.get_data(True)
    assert response.status_code == 401 and "Wrong e-mail or password." in body
    assert "wrong password 123" not in body


def test_sign_in_goes_back_only_to_this_site(client):
    token = csrf_of(client.get("/sign-in").get_data(True))
    response = client.post("/sign-in", data={"email": "olena@poltava.example.org",
                                             "password": PASSWORD, "csrf_token": token,
                                             "next": "https://evil.example.org/"})
    assert response.headers["Location"].startswith("/?")


def test_the_login_is_throttled_after_n_failures(store, people):
    from tests.support.signing import SECRET_KEY

    app = create_app({"TESTING": True, "DATABASE_URL": store.url, "SECRET_KEY": SECRET_KEY,
                      "LOGIN_LIMIT": "3 per 15 minutes"})
    client = app.test_client()
    try:
        # Successes do not count; the failures come from the same address.
        assert sign_in(app.test_client(), "poltava_editor").status_code == 302
        assert [sign_in(client, "poltava_editor", f"guess {n}").status_code
                for n in range(3)] == [401, 401, 401]
        throttled = sign_in(client, "poltava_editor")  # even the right password now waits
        assert throttled.status_code == 429
        assert "Too many failed sign-ins" in throttled.get_data(True)
        assert "Olena" not in throttled.get_data(True)
    finally:
        get_store(app).dispose()


def test_passwords_are_in_no_log_and_no_response(writing_app, caplog):
    caplog.set_level(logging.DEBUG)
    client = writing_app.test_client()
    seen = [sign_in(client, "admin", "not the password 1"), sign_in(client, "admin")]
    seen.append(post_form(client, "/admin/users", "/admin/users", {
        "email": "new@example.org", "name": "New", "role": "editor", "regions": "UA53",
        "password": "a brand new secret"}, follow_redirects=True))
    seen.append(client.get("/admin/users"))
    for response in seen:
        text = response.get_data(True) + str(response.headers)
        assert PASSWORD not in text and "a brand new secret" not in text
        assert "not the password 1" not in text
    logged = caplog.text + "".join(str(r.args) for r in caplog.records)
    assert PASSWORD not in logged and "a brand new secret" not in logged
    assert "new@example.org" in seen[2].get_data(True)


@pytest.mark.parametrize("action", ["/partnerships/new?lang=en",
                                    f"/places/{POLTAVA_SCHOOL}/move?lang=en",
                                    "/sign-in?lang=en", "/account/tokens?lang=en"])
def test_a_form_without_csrf_token_is_refused(client, store, action):
    sign_in(client, "poltava_reviewer")
    before = changes(store)
    response = client.post(action, data={"place_a_id": POLTAVA_SCHOOL,
                                         "place_b_id": "edebo:1002", "lon": "33.5",
                                         "lat": "49.1", "version": "1", "email": "x"})
    assert response.status_code == 400
    assert "The form was refused" in response.get_data(True)
    assert changes(store) == before


def test_an_editor_of_poltava_gets_403_on_a_donetsk_school(client, store):
    sign_in(client, "poltava_editor")
    assert client.get(f"/places/{DONETSK_SCHOOL}/edit").status_code == 403
    card = client.get(f"/places/{DONETSK_SCHOOL}?lang=en").get_data(True)
    assert 'id="move-form"' not in card and "Correct name" not in card
    response = post_form(client, f"/places/{POLTAVA_SCHOOL}", f"/places/{DONETSK_SCHOOL}/move",
                         {"lon": "37.9", "lat": "48.6", "location_precision": "exact",
                          "version": "1"})
    assert response.status_code == 403
    with store.engine.connect() as conn:
        assert read(conn, PLACE, DONETSK_SCHOOL)["lon"] == 37.83


def test_a_candidate_row_links_to_the_proposal_with_both_ends(client):
    page = client.get("/candidates?place=edebo:1001&lang=en").get_data(True)
    links = re.findall(r'class="propose" href="([^"]+)"', page)
    assert links and links[0].startswith(
        "/partnerships/new?place_a=edebo:1001&amp;place_b=edebo:1002")
    sign_in(client, "poltava_editor")
    form = client.get(links[0].replace("&amp;", "&")).get_data(True)
    assert 'value="edebo:1001"' in form and 'value="edebo:1002"' in form
    assert "Кременчуцька гімназія №5" in form  # the second end named beside its id


def test_a_proposal_with_bad_fields_says_so_at_each_field_and_writes_nothing(client, store):
    sign_in(client, "poltava_editor")
    before = changes(store)
    response = post_form(client, "/partnerships/new?lang=en", "/partnerships/new?lang=en", {
        "place_a_id": POLTAVA_SCHOOL, "place_b_id": "edebo:nowhere", "status": "active",
        "start_date": "2026-05-01", "end_date": "2026-01-01", "programme_code": ""})
    page = response.get_data(True)
    assert response.status_code == 400
    assert re.search(r'id="place_b_id-error">no place has the id edebo:nowhere<', page)
    assert 'aria-invalid="true"' in page
    assert changes(store) == before


def test_messages_at_the_field_speak_the_readers_language(client):
    sign_in(client, "poltava_editor")
    response = post_form(client, "/partnerships/new?lang=uk", "/partnerships/new?lang=uk", {
        "place_a_id": POLTAVA_SCHOOL, "place_b_id": POLTAVA_SCHOOL, "status": "active"})
    assert "id=\"place_b_id-error\">заклад не може бути партнером сам собі<" in \
        response.get_data(True)


def test_a_stale_form_is_refused_with_a_message_and_overwrites_nothing(writing_app, store):
    first, second = writing_app.test_client(), writing_app.test_client()
    for client in (first, second):
        sign_in(client, "poltava_editor")
    page = f"/partnerships/{LINK}/edit?lang=en"
    forms = [client.get(page).get_data(True) for client in (first, second)]
    fields = {"place_a_id": "katottg:UA530201", "place_b_id": "katottg:UA530202",
              "status": "active", "programme_code": "imc", "version": "1"}
    saved = first.post(page, data={**fields, "title": "First", "csrf_token": csrf_of(forms[0])})
    assert saved.status_code == 302
    refused = second.post(page, data={**fields, "title": "Second",
                                      "csrf_token": csrf_of(forms[1])})
    assert refused.status_code == 412
    assert "Someone else saved a change after you opened this" in refused.get_data(True)
    with store.engine.connect() as conn:
        assert read(conn, PARTNERSHIP, LINK)["title"] == "First"


def test_a_proposal_waits_then_a_reviewer_publishes_it_from_the_queue(writing_app, store):
    editor, reviewer = writing_app.test_client(), writing_app.test_client()
    sign_in(editor, "poltava_editor")
    made = post_form(editor, "/partnerships/new", "/partnerships/new", {
        "place_a_id": POLTAVA_SCHOOL, "place_b_id": "edebo:1002", "status": "active",
        "title": "Ліцей і гімназія", "programme_code": ""})
    card = made.headers["Location"].split("?")[0]
    partnership_id = card.rsplit("/", 1)[1]
    assert "Awaiting review" in editor.get(card + "?lang=en").get_data(True)
    public = writing_app.test_client()
    assert public.get(card).status_code == 404
    assert partnership_id not in public.get("/api/collections/partnerships/items").get_data(True)
    sign_in(reviewer, "poltava_reviewer")
    queue = reviewer.get("/review?lang=en").get_data(True)
    assert "Ліцей і гімназія" in queue
    published = reviewer.post(
        f"/review/partnership/{partnership_id}/publish?next=/review",
        data={"version": "1", "csrf_token": csrf_of(queue)})
    assert published.status_code == 302
    assert public.get(card).status_code == 200
    assert partnership_id in public.get("/api/collections/partnerships/items").get_data(True)


def test_moving_a_school_shows_in_its_history_and_a_revert_restores_it(writing_app, store):
    editor, reviewer = writing_app.test_client(), writing_app.test_client()
    sign_in(editor, "poltava_editor")
    card = f"/places/{POLTAVA_SCHOOL}?lang=en"
    moved = post_form(editor, card, f"/places/{POLTAVA_SCHOOL}/move", {
        "lon": "33.4321", "lat": "49.0765", "location_precision": "exact", "version": "1",
        "note": "checked on site"})
    assert moved.status_code == 302
    page = editor.get(card).get_data(True)
    assert "49.07650, 33.43210" in page and "checked on site" in page
    assert re.search(r"<th scope=\"row\">Longitude</th><td>33.41</td><td>33.4321</td>", page)
    sign_in(reviewer, "poltava_reviewer")
    page = reviewer.get(card).get_data(True)
    change_id = re.search(r'action="/changes/(\d+)/revert', page).group(1)
    reverted = reviewer.post(f"/changes/{change_id}/revert", data={"csrf_token": csrf_of(page)})
    assert reverted.status_code == 302
    assert "49.06000, 33.41000" in reviewer.get(card).get_data(True)
    with store.engine.connect() as conn:
        assert [e.action for e in history.changes_of(conn, "place", POLTAVA_SCHOOL)] == \
            ["revert", "move"]


def test_bad_coordinates_are_refused_at_the_field(client, store):
    sign_in(client, "poltava_editor")
    card = f"/places/{POLTAVA_SCHOOL}?lang=en"
    response = post_form(client, card, f"/places/{POLTAVA_SCHOOL}/move?lang=en", {
        "lon": "east", "lat": "91", "location_precision": "exact", "version": "1"})
    page = response.get_data(True)
    assert response.status_code == 400
    assert 'id="lon-error">a number of degrees, like 33.42<' in page
    assert 'id="lat-error">between -90 and 90<' in page
    with store.engine.connect() as conn:
        assert read(conn, PLACE, POLTAVA_SCHOOL)["version"] == 1


def test_readers_get_no_cookie_and_no_form(writing_app):
    reader = writing_app.test_client()
    for url in ("/", "/embed", f"/places/{POLTAVA_SCHOOL}", f"/partnerships/{LINK}", "/list",
                "/api/collections/partnerships/items"):
        response = reader.get(url)
        assert response.status_code == 200, url
        assert "Set-Cookie" not in response.headers, url
        assert "csrf_token" not in response.get_data(True), url


def test_signing_in_is_off_without_a_secret_key(client, app):
    response = app.test_client().get("/sign-in")
    assert response.status_code == 503


def test_only_administrators_manage_users(client):
    sign_in(client, "poltava_reviewer")
    assert client.get("/admin/users").status_code == 403
    assert client.get("/review").status_code == 200


def test_an_api_token_is_shown_once_and_kept_as_a_hash(client, store):
    sign_in(client, "poltava_editor")
    response = post_form(client, "/account", "/account/tokens", {"label": "QGIS"})
    token = re.search(r'<code id="new-token">([^<]+)</code>', response.get_data(True)).group(1)
    assert response.headers["Cache-Control"] == "no-store"
    page = client.get("/account").get_data(True)
    assert "QGIS" in page and token not in page


def test_an_administrator_adds_a_user_and_changes_a_role(client, store):
    sign_in(client, "admin")
    refused = post_form(client, "/admin/users?lang=en", "/admin/users?lang=en", {
        "email": "not an address", "name": "", "role": "editor", "regions": "UA99",
        "password": "short"})
    page = refused.get_data(True)
    assert refused.status_code == 400
    for field in ("email", "name", "regions", "password"):
        assert f'id="{field}-error"' in page
    added = post_form(client, "/admin/users?lang=en", "/admin/users?lang=en", {
        "email": "Iryna@Example.org", "name": "Iryna", "role": "editor",
        "regions": "UA5302, UA14", "password": "a long first password"})
    assert added.status_code == 302
    page = client.get("/admin/users?lang=en").get_data(True)
    user_id = re.search(r'action="/admin/users/(\d+)\?lang=en"[^>]*>(?:(?!</form>).)*'
                        r'value="UA14 UA5302"', page, re.S).group(1)
    changed = client.post(f"/admin/users/{user_id}?lang=en", data={
        f"u{user_id}-csrf_token": csrf_of(page), f"u{user_id}-role": "reviewer",
        f"u{user_id}-regions": "UA53"})
    assert changed.status_code == 302
    with store.engine.connect() as conn:
        iryna = users.by_email(conn, "iryna@example.org")
    assert (iryna.role, iryna.regions, iryna.active) == ("reviewer", ("UA53",), False)
