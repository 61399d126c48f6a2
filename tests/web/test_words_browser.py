"""No raw code and no English in a non-English UI: every page, in each language, in
Debian's Chromium; plural forms; Leaflet's own buttons in the reader's words."""

from __future__ import annotations

import pytest

from geoapp.ingest import LoadOptions, load_file
from tests.support.browser import screenshot
from tests.support.world import write_csv
from tests.web.test_map_browser import READY, site  # noqa: F401  (site is a fixture)

pytestmark = pytest.mark.browser

PAGES = ["/", "/?kind=stem_centre", "/list?kind=school", "/places/edebo:5001", "/embed",
         "/no/such/page", "/places/nowhere:1"]
# English that Leaflet, its plugins or Werkzeug would show, and raw codes of the data.
ENGLISH = ["Zoom in", "Zoom out", "Layers", "Full Screen", "Full screen", "Close popup",
           "Not Found", "requested URL", "places"]
RAW = ["lyceum", "operating", "community_centroid", "stem_centre"]
ONE_PLACE = {"uk": "1 заклад", "ru": "1 место", "kk": "1 орын", "ro": "1 loc", "en": "1 place"}
SHOWN = """() => {
  const attributes = [...document.querySelectorAll("[title], [aria-label], [placeholder]")]
    .flatMap((n) => ["title", "aria-label", "placeholder"].map((a) => n.getAttribute(a) || ""));
  return document.body.innerText + "\\n" + attributes.join("\\n") + "\\n" + document.title;
}"""


@pytest.fixture
def typed_place(store, tmp_path):
    """A lyceum: a place whose type the register gives as a code."""
    path = tmp_path / "lyceum.csv"
    write_csv(path, ["id", "kind", "type", "name", "status", "lon", "lat"],
              [("edebo:5001", "school", "lyceum", "Тестовий ліцей", "operating", 33.42, 49.065)])
    load_file(store, "places", path, LoadOptions(progress=False))
    return store


@pytest.mark.parametrize("lang", ["uk", "ru", "kk", "ro"])
def test_every_page_speaks_the_language_without_raw_codes(page, typed_place, site,  # noqa: F811
                                                          lang) -> None:
    for path in PAGES:
        page.goto(f"{site}{path}{'&' if '?' in path else '?'}lang={lang}")
        if path.startswith(("/?", "/embed")) or path == "/":
            page.wait_for_function(READY)
        text = page.evaluate(SHOWN)
        found = [word for word in ENGLISH + RAW if word in text]
        assert found == [], f"{path} in {lang} shows {found}"
        if path == "/?kind=stem_centre":
            assert page.locator("#list-status").inner_text().startswith(ONE_PLACE[lang])
            page.locator(".leaflet-control-zoom-fullscreen").hover()
        screenshot(page, f"words_{lang}_{path.strip('/').replace('/', '_') or 'map'}")


def test_plural_forms_follow_the_language(page, site) -> None:  # noqa: F811
    for lang, expected in ONE_PLACE.items():
        page.goto(f"{site}/?kind=stem_centre&lang={lang}")
        page.wait_for_function(READY)
        assert page.locator("#list-status").inner_text().startswith(expected)
    page.goto(f"{site}/list?kind=school&lang=uk")
    assert "5 з 5 закладів" in page.locator(".card").inner_text()
