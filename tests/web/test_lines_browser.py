"""Partnerships a planner can read, in Debian's Chromium: far out one line per pair of
regions with the count said, a legend keyed by programme, named areas, popups whose source
is a link and whose text stays inside, at 1280 px, in a 500 px frame and on a 390x844 phone."""

from __future__ import annotations

import re

import pytest

from geoapp import layerdata as data
from geoapp.ingest import LoadOptions, load_file
from tests.support.browser import screenshot
from tests.support.world import write_csv
from tests.web.test_map_browser import (  # noqa: F401  (site is a fixture)
    OPEN_PARTNERSHIP,
    open_map,
    site,
)
from tests.web.test_time_browser import sample_site  # noqa: F401  (a fixture)

pytestmark = pytest.mark.browser

SIZES = {"desktop": (1280, 800), "frame": (500, 500), "phone": (390, 844)}
LONG_URL = "https://example.org/news/" + "a-very-long-article-address-" * 6 + "end"
LONG_TITLE = "Співпраця" + "-і-взаємодопомога" * 8 + " громад"
# Every partnership drawn, by its feature id: its colour and whether it is a pair of regions.
DRAWN = """() => {
  const cfg = JSON.parse(document.getElementById("map-config").textContent);
  const layer = cfg.layers.find((l) => l.source === "partnerships");
  const found = {};
  window[layer.group].eachLayer((line) => {
    found[line.feature.id] = {colour: line.options.color,
                              link: (line.options.className || "").includes("partnership-link")};
  });
  return found;
}"""
OPEN_LINK = """(id) => {
  const cfg = JSON.parse(document.getElementById("map-config").textContent);
  const layer = cfg.layers.find((l) => l.source === "partnerships");
  window[layer.group].eachLayer((line) => { if (line.feature.id === id) { line.openPopup(); } });
}"""


def faded_in(page) -> None:
    """Wait for the open popup's fade-in to end, for a screenshot that shows it."""
    page.wait_for_function(
        "() => getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'")


def view_size(page, size: str) -> None:
    page.set_viewport_size(dict(zip(("width", "height"), SIZES[size], strict=True)))


def rgb(colour: str) -> str:
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


@pytest.mark.parametrize("size", SIZES)
def test_far_out_partnerships_are_lines_between_regions_with_the_count_said(
        page, site, monkeypatch, size) -> None:  # noqa: F811
    monkeypatch.setattr(data, "PARTNERSHIPS_MAX", 1)
    view_size(page, size)
    open_map(page, f"{site}/?lang=en&layers=partnerships,regions")
    drawn = page.evaluate(DRAWN)
    assert set(drawn) == {"UA14|UA53", "UA53|UA53"}
    assert all(line["link"] for line in drawn.values())
    said = "2 partnerships in this view, drawn as one line per pair of regions"
    assert said in page.locator(".links-note").inner_text()
    assert page.locator(".links-note").is_visible()
    assert said in page.locator("#list-status").inner_text()  # role=status: read out
    if page.locator(".legend-toggle").count():  # folded on small screens
        page.locator(".legend-toggle").click()
    for code, name in (("plich-o-plich", "Side by side"), ("imc", "Inter-municipal")):
        item = page.locator(f".legend-programmes li[data-programme='{code}']")
        assert item.inner_text().strip().startswith(name)
        link = "UA14|UA53" if code == "plich-o-plich" else "UA53|UA53"
        assert item.locator(".swatch").evaluate(
            "(s) => getComputedStyle(s).backgroundColor") == rgb(drawn[link]["colour"])
    assert drawn["UA14|UA53"]["colour"] != drawn["UA53|UA53"]["colour"]
    if page.locator(".legend-toggle").count():
        page.locator(".legend-toggle").click()  # folded again, off the popup
    # The partnerships layer has no colour of its own in the legend: its lines have many.
    assert page.locator(".legend .swatch.partnerships.by-programme").count() == 1
    assert page.locator(".legend .swatch.partnerships[data-color]").count() == 0
    page.evaluate(OPEN_LINK, "UA14|UA53")
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert popup.locator("h3").inner_text() == "Donetsk \u2194 Poltava: 1 partnership"
    assert "Side by side: 1" in popup.inner_text()
    faded_in(page)
    screenshot(page, f"lines_per_region_pair_{size}")
    popup.locator("button.zoom-here").click()
    page.wait_for_function("() => document.body.dataset.mapState === 'ready' && "
                           "!document.querySelector('.leaflet-popup')")
    assert page.problems.none(), page.problems


def test_near_lines_are_each_partnership_and_the_note_goes(page, site,  # noqa: F811
                                                          monkeypatch) -> None:
    monkeypatch.setattr(data, "PARTNERSHIPS_MAX", 1)
    open_map(page, f"{site}/?lang=uk&layers=partnerships#11/49.07/33.6")
    drawn = page.evaluate(DRAWN)
    assert "imc:kremenchuk-pishchane" in drawn
    assert not any(line["link"] for line in drawn.values())
    assert page.locator(".links-note").count() == 0 or not page.locator(
        ".links-note").is_visible()
    assert page.problems.none(), page.problems


@pytest.mark.parametrize(("lang", "names"), [
    ("uk", ("Полтавська", "Донецька")), ("en", ("Poltava", "Donetsk")),
])
def test_areas_carry_their_names_in_the_uis_language(page, site, lang, names) -> None:  # noqa: F811
    open_map(page, f"{site}/?lang={lang}&layers=regions")
    labels = page.locator(".area-label-text").all_inner_texts()
    for name in names:
        assert name in labels
    screenshot(page, f"area_labels_{lang}")
    assert page.problems.none(), page.problems


def test_counts_per_region_carry_name_and_count(page, site, monkeypatch) -> None:  # noqa: F811
    monkeypatch.setattr(data, "POINTS_MAX", 2)
    open_map(page, f"{site}/?lang=en&layers=schools")
    labels = page.locator(".area-label-text").all_inner_texts()
    assert "Poltava\n4" in labels
    assert page.problems.none(), page.problems


@pytest.fixture
def long_sourced(store, tmp_path):
    """Partnerships with long words: a title, an article's address; one source is a script."""
    path = tmp_path / "long.csv"
    write_csv(path, ["id", "place_a", "place_b", "programme", "status", "start_date", "areas",
                     "source", "title"],
              [("stem:long", "katottg:UA530202", "katottg:UA140201", "stem", "active",
                "2024-09-01", "social;infrastructure", LONG_URL, LONG_TITLE),
               ("stem:script", "katottg:UA530201", "katottg:UA530202", "stem", "active",
                "2024-09-01", "culture", "javascript:alert(1)", "")])
    load_file(store, "partnerships", path, LoadOptions(progress=False))
    return store


@pytest.mark.parametrize("size", SIZES)
def test_a_partnerships_popup_links_its_source_and_keeps_its_text_inside(
        page, long_sourced, site, size) -> None:  # noqa: F811
    view_size(page, size)
    open_map(page, f"{site}/?lang=uk&layers=partnerships")
    page.evaluate(OPEN_PARTNERSHIP, "stem:long")
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    source = popup.locator(f"a[href='{LONG_URL}']")
    assert source.count() == 1
    assert "noopener" in source.get_attribute("rel").split()
    assert "Соціальна підтримка, Інфраструктура" in popup.inner_text()
    assert "social;infrastructure" not in popup.inner_text()
    spill = popup.evaluate("""(box) => {
      const outer = box.getBoundingClientRect();
      return [...box.querySelectorAll('*')].filter((node) => {
        const r = node.getBoundingClientRect();
        return r.right > outer.right + 1 || node.scrollWidth > node.clientWidth + 1;
      }).map((node) => node.tagName + ':' + node.textContent.slice(0, 30));
    }""")
    assert spill == []
    assert popup.evaluate("(box) => box.getBoundingClientRect().width") <= SIZES[size][0]
    faded_in(page)
    screenshot(page, f"partnership_popup_long_{size}")
    open_map(page, f"{site}/?lang=uk&layers=partnerships")  # the pan may have left it out
    page.evaluate(OPEN_PARTNERSHIP, "stem:script")
    popup.wait_for()
    assert popup.locator("a[href^='javascript']").count() == 0
    assert "javascript:alert(1)" in popup.inner_text()  # shown as text, not followed
    assert page.problems.none(), page.problems


@pytest.mark.parametrize("size", SIZES)
def test_the_real_samples_partnerships_far_out(page, sample_site, size) -> None:  # noqa: F811
    """Nearly 4,000 partnerships of the sample, all Ukraine in view: lines between oblasts."""
    view_size(page, size)
    open_map(page, f"{sample_site}/?lang=uk&layers=partnerships#6/48.5/31.5")
    drawn = page.evaluate(DRAWN)
    assert drawn and all(line["link"] for line in drawn.values())
    assert len(drawn) <= data.LINKS_SHOWN  # the largest pairs, thousands of lines behind them
    note = page.locator(".links-note").inner_text()
    shown, total = (int(n) for n in re.match(r"Показано (\d+) з (\d+) партнерств", note).groups())
    assert data.PARTNERSHIPS_MAX < shown < total
    assert note in page.locator("#list-status").inner_text()
    legend = page.locator(".legend-programmes li").all_inner_texts()
    assert "Міста-побратими" in legend and "Кілька програм" in legend
    screenshot(page, f"lines_real_sample_{size}")
    assert page.problems.none(), page.problems
