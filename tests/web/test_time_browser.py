"""Time on the map of the real sample, in Debian's Chromium: the slider, Play, the URL, and
the practices of Donetsk oblast. Screenshots on a desktop, a 500 px frame and a phone."""

from __future__ import annotations

import re

import pytest

from geoapp import create_app
from geoapp.store import get_store
from tests.support.browser import screenshot, watch
from tests.support.live import live_server

pytestmark = pytest.mark.browser

READY = "() => document.body.dataset.mapState === 'ready'"
KREMENCHUK_CHASIV_YAR = "article:kremenchuk-chasiv-yar"
DONETSK_OBLAST = "UA14000000000091971"
# Between Kremenchuk and Chasiv Yar, close enough that every year's lines are drawn.
BETWEEN = "#7/49.0/35.6"
LINES = """() => {
  const cfg = JSON.parse(document.getElementById("map-config").textContent);
  const layer = cfg.layers.find((l) => l.source === "partnerships");
  const ids = [];
  window[layer.group].eachLayer((line) => ids.push(line.feature.id));
  return ids;
}"""
ACTIVITIES = """() => {
  const cfg = JSON.parse(document.getElementById("map-config").textContent);
  const ids = new Set();
  cfg.layers.filter((l) => l.source === "activities").forEach((layer) => {
    window[layer.group].eachLayer((m) => m.options.activityIds.forEach((id) => ids.add(id)));
  });
  return [...ids].sort();
}"""
PLAYED = """() => document.getElementById("year-shown").textContent === "2026"
  && document.getElementById("play").getAttribute("aria-pressed") === "false"
  && document.body.dataset.mapState === "ready" """


@pytest.fixture(scope="module")
def sample_site(sample_urls):
    """The app on the real sample (SpatiaLite), with local basemap tiles."""
    app = create_app({"TESTING": True, "DATABASE_URL": sample_urls("spatialite"),
                      "TILE_URL": "/_test/tiles/{z}/{x}/{y}.png",
                      "TILE_ATTRIBUTION": "test tiles"})
    with live_server(app) as url:
        yield url
    get_store(app).dispose()


def test_the_slider_shows_kremenchuk_chasiv_yar_from_2025(page, sample_site) -> None:
    page.goto(f"{sample_site}/?lang=en{BETWEEN}")
    page.wait_for_function(READY)
    # With no time chosen, sister cities and agreements of every year are too many to draw
    # one by one: a line per pair of regions stands for them.
    far = page.evaluate(LINES)
    assert far and all("|" in link for link in far)
    assert "partnerships in this view" in page.locator("#list-status").inner_text()
    slider = page.locator("#f-year")
    slider.focus()
    slider.press("Home")
    shown = {}
    for year in range(2015, 2027):
        if year > 2015:
            slider.press("ArrowRight")
        page.wait_for_url(re.compile(rf"from={year}&to={year}"))
        page.wait_for_function(READY)
        drawn = page.evaluate(LINES)
        assert drawn, year  # each year's lines are few enough to draw
        shown[year] = KREMENCHUK_CHASIV_YAR in drawn
        assert page.locator("#year-shown").inner_text() == str(year)
        if year in (2024, 2025):
            screenshot(page, f"time_slider_{year}")
    assert shown == {year: year >= 2025 for year in range(2015, 2027)}
    assert page.locator("#f-from").input_value() == "2026"
    page.reload()  # the time travels in the URL
    page.wait_for_function(READY)
    assert slider.input_value() == "2026" and KREMENCHUK_CHASIV_YAR in page.evaluate(LINES)
    assert page.problems.none(), page.problems


def test_play_runs_through_the_years_and_stops(page, sample_site) -> None:
    page.goto(f"{sample_site}/?lang=en&programme=plich-o-plich{BETWEEN}")
    page.wait_for_function(READY)
    page.click("#play")
    assert page.locator("#play").get_attribute("aria-pressed") == "true"
    page.wait_for_url(re.compile(r"from=2015&to=2015"))
    page.wait_for_function(READY)
    assert page.evaluate(LINES) == []
    page.wait_for_function(PLAYED, timeout=90_000)
    assert page.locator("#play").inner_text() == "Play"
    assert "from=2026&to=2026" in page.url and "programme=plich-o-plich" in page.url
    assert sorted(page.evaluate(LINES)) == ["article:kremenchuk-74-chasiv-yar-42",
                                            KREMENCHUK_CHASIV_YAR]
    page.click("#all-years")
    page.wait_for_function(READY)
    assert "from=" not in page.url and page.locator("#year-shown").inner_text() == "All years"
    assert page.problems.none(), page.problems


def test_activities_follow_the_time(page, sample_site) -> None:
    page.goto(f"{sample_site}/?lang=en&from=2022-01&to=2022-01#5/47.5/26")
    page.wait_for_function(READY)
    assert page.evaluate(ACTIVITIES) == ["article:balti-cluj-platform-launch",
                                         "article:balti-cluj-signing",
                                         "article:balti-cluj-visit"]
    # One marker per place: Bălți's holds its three events, newest first.
    assert page.locator("path.activity-marker").count() == 2
    page.locator("path.activity-marker").first.click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert popup.locator(".activity-title").count() == 3
    assert "January 26, 2022" in popup.locator("li").first.inner_text()
    assert popup.locator("a[href^='/partnerships/article%3Abalti-cluj']").count() == 3
    page.wait_for_timeout(400)  # the popup fades in
    screenshot(page, "time_activities_january_2022")
    assert page.problems.none(), page.problems


@pytest.mark.parametrize(("width", "height", "phone"), [(500, 800, False), (390, 844, True)])
def test_the_time_control_fits_narrow_screens(browser, sample_site, width, height,
                                              phone) -> None:
    context = browser.new_context(viewport={"width": width, "height": height},
                                  is_mobile=phone, has_touch=phone, locale="uk-UA")
    try:
        narrow = context.new_page()
        problems = watch(narrow)
        narrow.goto(f"{sample_site}/?lang=uk&from=2025&to=2025{BETWEEN}")
        narrow.wait_for_function(READY)
        box = narrow.locator("#time-filter")
        box.scroll_into_view_if_needed()
        assert box.bounding_box()["width"] <= width
        assert narrow.evaluate("() => document.documentElement.scrollWidth") <= width
        assert narrow.locator("#year-shown").inner_text() == "2025"
        screenshot(narrow, f"time_control_{width}px")
        assert problems.none(), problems
    finally:
        context.close()


def test_the_practices_of_donetsk_oblast_list_the_institutes_trainings(page,
                                                                       sample_site) -> None:
    page.goto(f"{sample_site}/practices?region={DONETSK_OBLAST}&lang=uk")
    page.wait_for_function(READY)
    titles = page.locator("li.activity h3").all_inner_texts()
    assert "Система освітнього менеджменту в територіальній громаді" in titles
    assert "Цифровізація управлінських процесів в освітній сфері" in titles
    assert len(page.evaluate(ACTIVITIES)) == len(titles) == 10
    page.select_option("#p-year", "2021")
    page.click("form.choices button")
    page.wait_for_url(re.compile(r"year=2021"))
    page.wait_for_function(READY)
    assert page.locator("li.activity").count() == 8
    assert page.locator("li.activity .kind").all_inner_texts().count("Тренінг") == 6
    screenshot(page, "practices_donetsk_2021")
    assert page.problems.none(), page.problems


def test_the_practices_page_on_a_phone(browser, sample_site) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True)
    try:
        phone = context.new_page()
        problems = watch(phone)
        phone.goto(f"{sample_site}/practices?region={DONETSK_OBLAST}&year=2021&lang=en")
        phone.wait_for_function(READY)
        assert phone.evaluate("() => document.documentElement.scrollWidth") <= 390
        screenshot(phone, "practices_phone")
        assert problems.none(), problems
    finally:
        context.close()
