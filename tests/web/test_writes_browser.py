"""Those who record, in Debian's Chromium on both stores: sign in, propose from a candidate
row, review, publish; roles by region; CSRF; two writers at once; move and revert.

Each test keeps a screenshot in test-artifacts/ (see tests/support/browser.py).
"""

from __future__ import annotations

import json
import logging
import re

import pytest

from geoapp.store import edits
from geoapp.store.records import PARTNERSHIP, PLACE, read
from tests.support.browser import CHROMIUM_ARGS, screenshot, watch  # noqa: F401
from tests.support.live import live_server
from tests.support.people import PASSWORD, PEOPLE

pytestmark = pytest.mark.browser
READY = "() => document.body.dataset.mapState === 'ready'"
LINE_IDS = """() => {
  const cfg = JSON.parse(document.getElementById("map-config").textContent);
  const layer = cfg.layers.find((l) => l.source === "partnerships");
  const ids = [];
  window[layer.group].eachLayer((line) => ids.push(line.feature.id));
  return ids.sort();
}"""
CARD_MAP_READY = "() => document.getElementById('place-map').dataset.state === 'ready'"
SCHOOL, DONETSK_SCHOOL, LINK = "edebo:1001", "edebo:1004", "imc:kremenchuk-pishchane"


@pytest.fixture
def site(writing_app):
    """The app with its writers, served on loopback."""
    with live_server(writing_app) as url:
        yield url


@pytest.fixture
def second_page(browser):
    """A second browser, with its own cookies: another person at another desk."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-US")
    other = context.new_page()
    other.set_default_timeout(15_000)
    other.problems = watch(other)
    yield other
    context.close()


def sign_in(page, site: str, who: str, password: str = PASSWORD) -> None:
    """Sign in through the form, as a person would."""
    page.goto(f"{site}/sign-in?lang=en")
    page.fill("#email", PEOPLE[who][0])
    page.fill("#password", password)
    page.locator("main").get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def test_propose_from_a_candidate_row_publish_and_see_it_on_the_map_and_api(
        page, second_page, site, caplog):
    caplog.set_level(logging.DEBUG)
    sign_in(page, site, "poltava_editor")
    assert page.locator("nav.account").inner_text().startswith("Olena")
    cookie = next(c for c in page.context.cookies() if c["name"] == "session")
    assert cookie["httpOnly"] and cookie["secure"] and cookie["sameSite"] == "Lax"
    page.goto(f"{site}/candidates?place={SCHOOL}&lang=en")
    row = page.locator("#shortlist tbody tr").first
    assert "Кременчуцька гімназія №5" in row.inner_text()
    row.get_by_role("link", name="Propose a partnership").click()
    assert page.input_value("#place_a_id") == SCHOOL
    assert page.input_value("#place_b_id") == "edebo:1002"
    page.fill("#title", "Ліцей і гімназія: спільні уроки")
    page.fill("#start_date", "2026-02-01")
    page.select_option("#programme_code", "stem")
    page.fill("#note", "agreed by both directors")
    screenshot(page, "writes_propose_form")
    page.get_by_role("button", name="Propose").click()
    page.wait_for_url(re.compile(r"/partnerships/user:"))
    partnership_id = page.url.split("/partnerships/")[1].split("?")[0]
    assert "Awaiting review" in page.locator(".review-state").inner_text()
    assert "It waits for a reviewer" in page.locator(".flashes").inner_text()

    reviewer = second_page
    sign_in(reviewer, site, "poltava_reviewer")
    reviewer.goto(f"{site}/review?lang=en")
    pending = reviewer.locator("#pending-partnerships tbody tr")
    assert pending.count() == 1 and "спільні уроки" in pending.inner_text()
    screenshot(reviewer, "writes_review_queue", full_page=True)
    pending.get_by_role("button", name="Publish").click()
    reviewer.wait_for_load_state()
    assert "Published: it is on the public map now." in reviewer.locator(".flashes").inner_text()

    reader = page.context.browser.new_context(locale="en-US").new_page()
    try:
        reader.goto(f"{site}/?lang=en")
        reader.wait_for_function(READY)
        assert partnership_id in reader.evaluate(LINE_IDS)
        item = reader.request.get(f"{site}/api/collections/partnerships/items/{partnership_id}")
        assert item.status == 200
        assert item.json()["properties"]["title"] == "Ліцей і гімназія: спільні уроки"
        assert reader.context.cookies() == []
    finally:
        reader.context.close()
    assert PASSWORD not in caplog.text
    assert page.problems.none(), page.problems
    assert reviewer.problems.none(), reviewer.problems


def make_token(page, site: str) -> str:
    """Make an API token on the user's page and read it, as it is shown once."""
    page.goto(f"{site}/account?lang=en")
    page.fill("#label", "QGIS on my laptop")
    page.get_by_role("button", name="Make a token").click()
    return page.locator("#new-token").inner_text()


def test_an_editor_of_poltava_gets_403_on_a_donetsk_school(page, site, store):
    sign_in(page, site, "poltava_editor")
    refused = page.goto(f"{site}/places/{DONETSK_SCHOOL}/edit?lang=en")
    assert refused.status == 403
    assert "outside the regions you may edit" in page.locator("main").inner_text()
    screenshot(page, "writes_403_form")
    page.goto(f"{site}/places/{DONETSK_SCHOOL}?lang=en")
    assert page.locator("#move-form").count() == 0
    token = make_token(page, site)
    answer = page.request.patch(
        f"{site}/api/collections/schools/items/{DONETSK_SCHOOL}",
        headers={"Authorization": f"Bearer {token}", "If-Match": '"v1"',
                 "Content-Type": "application/geo+json"},
        data=json.dumps({"type": "Feature", "properties": {"name": "Renamed"}}))
    assert answer.status == 403 and answer.json()["code"] == "Forbidden"
    with store.engine.connect() as conn:
        assert read(conn, PLACE, DONETSK_SCHOOL)["version"] == 1


def test_a_form_without_its_csrf_token_is_refused(page, site, store):
    sign_in(page, site, "poltava_editor")
    page.goto(f"{site}/places/{SCHOOL}?lang=en")
    page.evaluate("() => document.querySelector('#move-form input[name=csrf_token]').remove()")
    page.fill("#lat", "49.2")
    with page.expect_response(re.compile(r"/move")) as sent:
        page.get_by_role("button", name="Save the position").click()
    assert sent.value.status == 400
    assert "The form was refused" in page.locator("main").inner_text()
    with store.engine.connect() as conn:
        assert read(conn, PLACE, SCHOOL)["lat"] == 49.06


def test_two_browsers_edit_one_partnership_and_the_second_save_is_refused(
        page, second_page, site, store):
    for browser_page, who in ((page, "poltava_editor"), (second_page, "poltava_reviewer")):
        sign_in(browser_page, site, who)
        browser_page.goto(f"{site}/partnerships/{LINK}/edit?lang=en")
    page.fill("#title", "Кременчук і Піщане: спільний транспорт")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(rf"/partnerships/{re.escape(LINK)}\?"))
    second_page.fill("#title", "Кременчук і Піщане: освіта")
    with second_page.expect_response(re.compile(r"/edit")) as sent:
        second_page.get_by_role("button", name="Save").click()
    assert sent.value.status == 412
    message = second_page.locator("#form-message").inner_text()
    assert "Someone else saved a change after you opened this" in message
    assert second_page.input_value("#title") == "Кременчук і Піщане: освіта"  # not lost
    screenshot(second_page, "writes_stale_refused")
    with store.engine.connect() as conn:
        assert read(conn, PARTNERSHIP, LINK)["title"] == "Кременчук і Піщане: спільний транспорт"


def test_drag_a_school_then_a_reviewer_reverts_the_move(page, second_page, site, store, people):
    with store.engine.begin() as conn:  # placed at its settlement, as the register allows
        edits.update_record(conn, PLACE, SCHOOL, {"location_precision": "settlement"}, 1,
                            edits.Edit(people["admin"]))
    sign_in(page, site, "poltava_editor")
    page.goto(f"{site}/places/{SCHOOL}?lang=en")
    page.wait_for_function(CARD_MAP_READY)
    assert page.input_value("#location_precision") == "settlement"
    marker = page.locator("#place-map .leaflet-marker-icon").bounding_box()
    x, y = marker["x"] + marker["width"] / 2, marker["y"] + marker["height"] - 4
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 40, y - 30, steps=8)
    page.mouse.move(x + 80, y - 60, steps=8)
    page.mouse.up()
    lat, lon = float(page.input_value("#lat")), float(page.input_value("#lon"))
    assert lat > 49.06 and lon > 33.41
    assert page.input_value("#location_precision") == "exact"
    page.fill("#note", "seen on the satellite view")
    screenshot(page, "writes_move_dragged")
    page.get_by_role("button", name="Save the position").click()
    page.wait_for_load_state()
    assert page.locator("#place-position").inner_text() == f"{lat:.5f}, {lon:.5f}"
    latest = page.locator("ol.changes > li").first
    table = latest.locator("table.diff").inner_text()
    for expected in ("Longitude\t33.41", "Latitude\t49.06", "Location\tsettlement\texact address"):
        assert expected in table
    assert "seen on the satellite view" in latest.inner_text()

    sign_in(second_page, site, "poltava_reviewer")
    second_page.goto(f"{site}/places/{SCHOOL}?lang=en")
    second_page.locator("ol.changes > li").first.get_by_role(
        "button", name="Revert this change").click()
    second_page.wait_for_load_state()
    assert second_page.locator("#place-position").inner_text() == "49.06000, 33.41000"
    assert "Reverted" in second_page.locator("ol.changes > li").first.inner_text()
    screenshot(second_page, "writes_move_reverted", full_page=True)
    with store.engine.connect() as conn:
        place = read(conn, PLACE, SCHOOL)
    assert (place["lon"], place["lat"], place["location_precision"]) == \
        (33.41, 49.06, "settlement")
    assert page.problems.none(), page.problems


def test_typed_coordinates_move_the_marker(page, site):
    sign_in(page, site, "poltava_editor")
    page.goto(f"{site}/places/{SCHOOL}?lang=en")
    page.wait_for_function(CARD_MAP_READY)
    before = page.locator("#place-map .leaflet-marker-icon").bounding_box()
    page.fill("#lat", "49.065")
    page.fill("#lon", "33.42")
    page.locator("#lon").dispatch_event("change")
    page.wait_for_timeout(400)  # the pan
    after = page.locator("#place-map .leaflet-marker-icon").bounding_box()
    assert (before["x"], before["y"]) != (after["x"], after["y"]) or page.evaluate(
        "() => document.querySelector('#place-map .leaflet-marker-icon') !== null")


def test_the_login_is_throttled_after_n_failures(page, site, writing_app, caplog):
    caplog.set_level(logging.DEBUG)
    writing_app.config["LOGIN_LIMIT"] = "2 per 15 minutes"
    for guess in ("guess one 123", "guess two 456"):
        sign_in(page, site, "poltava_editor", guess)
        assert "Wrong e-mail or password." in page.locator("main").inner_text()
    sign_in(page, site, "poltava_editor")
    assert "Too many failed sign-ins from your address" in page.locator("main").inner_text()
    assert page.locator("nav.account").inner_text().strip() == "Sign in"
    screenshot(page, "writes_throttled")
    for secret in (PASSWORD, "guess one 123", "guess two 456"):
        assert secret not in caplog.text
        assert secret not in page.content()


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (500, 800), (390, 844)])
def test_the_card_and_the_forms_fit_each_screen(page, site, width, height):
    page.set_viewport_size({"width": width, "height": height})
    sign_in(page, site, "poltava_reviewer")
    page.goto(f"{site}/places/{SCHOOL}?lang=uk")
    page.wait_for_function(CARD_MAP_READY)
    screenshot(page, f"writes_card_{width}", full_page=True)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    page.goto(f"{site}/partnerships/new?place_a={SCHOOL}&place_b=edebo:1002&lang=uk")
    screenshot(page, f"writes_propose_{width}", full_page=True)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    assert page.problems.none(), page.problems
