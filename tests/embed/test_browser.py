"""Embedding in a real browser: framed by an allowed site, refused by others, no CSP violation."""

from __future__ import annotations

import re

import pytest

from tests.support.browser import screenshot

pytestmark = pytest.mark.browser

DONETSK_STEM = "layers=schools,stem_centres&region=UA53&lang=uk"
# Schools and STEM centres of the fixture world in region UA53 (the XSS place among them).
EXPECTED_MARKERS = 5
COUNT_MARKERS = """() => {
  const config = JSON.parse(document.getElementById("map-config").textContent);
  return config.layers.reduce((n, layer) => n + window[layer.group].getLayers().length, 0);
}"""
DRAWN = "document.querySelectorAll('.leaflet-overlay-pane canvas, .marker-cluster').length"


def host_page(snippet: str) -> str:
    """Another site's page holding ``snippet``."""
    return ("<!doctype html><html><head><meta charset='utf-8'><link rel='icon' href='data:,'>"
            f"<title>Institute</title></head><body><h1>Our STEM map</h1>{snippet}</body></html>")


def iframe(src: str) -> str:
    """An iframe as an editor would write it."""
    return f'<iframe src="{src}" title="Map" width="800" height="500"></iframe>'


def embedded_frame(page):
    """The frame showing /embed, once its map has loaded its data."""
    frame = page.wait_for_selector("iframe").content_frame()
    frame.wait_for_url(re.compile(r"/embed\?"))
    frame.wait_for_function("() => document.body && document.body.dataset.mapState === 'ready'")
    return frame


def test_an_allowed_site_frames_the_map_with_its_markers(csp_page, sites, app_url):
    url = sites["allowed"].publish("map.html", host_page(iframe(f"{app_url}/embed?{DONETSK_STEM}")))
    csp_page.goto(url)
    frame = embedded_frame(csp_page)
    assert frame.evaluate(COUNT_MARKERS) == EXPECTED_MARKERS
    assert frame.evaluate(DRAWN) > 0
    assert frame.evaluate("document.documentElement.lang") == "uk"
    assert frame.evaluate("document.cookie") == ""
    screenshot(csp_page, "embed_allowed_site")
    assert csp_page.problems.none(), csp_page.problems


def test_a_site_not_allowed_cannot_frame_the_map(csp_page, sites, app_url):
    url = sites["refused"].publish("map.html", host_page(iframe(f"{app_url}/embed?{DONETSK_STEM}")))
    with csp_page.expect_console_message(lambda m: "frame-ancestors" in m.text):
        csp_page.goto(url)
    child = csp_page.frames[1]
    child.wait_for_url(re.compile(r"^chrome-error://"))  # Chromium's page for a refused frame
    assert not child.url.startswith(app_url)
    assert not any(f.evaluate("!!document.getElementById('map-config')")
                   for f in csp_page.frames)


def test_other_pages_cannot_be_framed_even_by_an_allowed_site(csp_page, sites, app_url):
    url = sites["allowed"].publish("builder.html", host_page(iframe(f"{app_url}/embed/builder")))
    with csp_page.expect_console_message(lambda m: "frame-ancestors" in m.text):
        csp_page.goto(url)


def test_the_builders_snippet_pasted_into_a_page_shows_the_map(csp_page, sites, app_url):
    csp_page.goto(f"{app_url}/embed/builder?lang=en")
    csp_page.wait_for_function("() => document.getElementById('snippet').value.includes('<iframe')")
    # The builder opens with the map's default layers ticked, as its preview shows them.
    for box in csp_page.locator("input[name=layers]").all():
        wanted = box.get_attribute("value") in ("schools", "stem_centres")
        box.check() if wanted else box.uncheck()
    csp_page.select_option("#b-region", "UA53")
    csp_page.select_option("#b-map-lang", "uk")
    csp_page.fill("#b-title", "STEM map of the oblast")
    snippet = csp_page.input_value("#snippet")
    assert 'title="STEM map of the oblast"' in snippet
    assert re.search(r'src="[^"]*/embed\?[^"]*region=UA53', snippet), snippet
    preview = embedded_frame(csp_page)
    csp_page.wait_for_function("() => document.getElementById('preview').src.includes('UA53')")
    screenshot(csp_page, "embed_builder")

    csp_page.goto(sites["allowed"].publish("pasted.html", host_page(snippet)))
    frame = embedded_frame(csp_page)
    assert frame.evaluate(COUNT_MARKERS) == EXPECTED_MARKERS
    assert preview is not None
    assert csp_page.problems.none(), csp_page.problems


# Every HTML page of the app; those with a map wait until map.js has drawn it.
PAGES = [
    ("/?lang=en", True), ("/list?lang=en", False), ("/places/edebo:9999?lang=en", False),
    ("/candidates?lang=en&place=katottg:UA530201", False), ("/embed/builder?lang=en", False),
    ("/embed?lang=en&filters=1", True),
]


@pytest.mark.parametrize(("path", "has_map"), PAGES)
def test_every_page_renders_with_no_csp_violation(csp_page, app_url, path, has_map):
    response = csp_page.goto(f"{app_url}{path}")
    assert response.status == 200
    assert "'nonce-" in response.headers["content-security-policy"]
    if has_map:
        csp_page.wait_for_function("() => document.body.dataset.mapState === 'ready'")
    csp_page.wait_for_load_state("networkidle")
    assert csp_page.problems.none(), csp_page.problems


def test_the_embed_fills_a_phone_wide_frame(browser, sites, app_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True, device_scale_factor=2)
    try:
        phone = context.new_page()
        snippet = (f'<iframe src="{app_url}/embed?{DONETSK_STEM}" title="Map" width="100%" '
                   'height="420"></iframe>')
        phone.goto(sites["allowed"].publish("phone.html", host_page(snippet)))
        frame = embedded_frame(phone)
        assert frame.evaluate(COUNT_MARKERS) == EXPECTED_MARKERS
        width, height = frame.evaluate("""() => {
            const box = document.querySelector('.folium-map').getBoundingClientRect();
            return [box.width / window.innerWidth, box.height / window.innerHeight];
        }""")
        assert width == pytest.approx(1, abs=0.01) and height > 0.9
        screenshot(phone, "embed_phone")
    finally:
        context.close()
