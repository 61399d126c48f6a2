"""A planner's meeting on the real sample, in Chromium, on both stores: partners for Chasiv
Yar hromada outside its oblast within 300 km, the list's layer on the map, the card's line,
and the printable page turned into an A4 PDF.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from geoapp import create_app
from geoapp.analysis.frontline import listed_communities
from geoapp.candidates import candidates_near
from geoapp.store import Store, get_store
from tests.support.browser import ARTIFACTS, screenshot
from tests.support.live import live_server

pytestmark = pytest.mark.browser

CHASIV_YAR = "katottg:UA14020130000080900"
SEARCH = {"kind": "community", "scope": "other-region", "radius_km": 300}
QUERY = "kind=community&scope=other-region&radius_km=300"
READY = "() => document.body.dataset.mapState === 'ready'"
CODE = re.compile(r"\bUA\d{17}\b")
SIZES = {"desktop": (1280, 800), "frame": (500, 800), "phone": (390, 844)}


@pytest.fixture(params=["spatialite", "postgis"])
def sample(request, sample_urls) -> Iterator[tuple[str, Store]]:
    """A live server on the real sample, and the store behind it."""
    url = sample_urls(request.param)
    app = create_app({"TESTING": True, "DATABASE_URL": url,
                      "TILE_URL": "/_test/tiles/{z}/{x}/{y}.png", "TILE_ATTRIBUTION": "tests"})
    store = Store(url)
    with live_server(app) as base:
        yield base, store
    store.dispose()
    get_store(app).dispose()


def expected(store: Store) -> tuple[int, set[str]]:
    """The total the search must state, and the occupied communities it must leave out."""
    with store.engine.connect() as conn:
        total = candidates_near(conn, CHASIV_YAR, "uk", **SEARCH).total
        occupied = set(listed_communities(conn, ("temporarily_occupied",))["id"])
    return total, occupied


def test_chasiv_yar_outside_its_oblast_within_300_km(page, sample, request):
    base, store = sample
    total, occupied = expected(store)
    assert total > 100 and len(occupied) > 50
    page.goto(f"{base}/places/{CHASIV_YAR}?lang=uk")
    assert "активні бойові дії з 07.08.2024, за переліком від 30.04.2025" in page.inner_text(
        ".listed")
    page.get_by_role("link", name="Знайти кандидатів у партнери").click()
    page.select_option("select[name=kind]", "community")
    page.select_option("select[name=scope]", "other-region")
    page.fill("input[name=radius_km]", "300")
    page.get_by_role("button", name="Знайти кандидатів").click()
    page.wait_for_selector("#shortlist")
    assert f"Кандидатів у межах 300 км: {total}" in page.inner_text("#summary")
    rows = page.locator("#shortlist tbody tr")
    assert rows.count() == 20
    table = page.inner_text("#shortlist")
    assert "тимчасово окуповано" not in table and "Росія" not in table
    assert not CODE.search(table) and "community" not in table
    assert "Громада" in table and "Харківська область" in table
    ids = rows.evaluate_all("(rows) => rows.map((r) => r.dataset.candidateId)")
    assert not set(ids) & occupied
    for name, size in SIZES.items():
        page.set_viewport_size({"width": size[0], "height": size[1]})
        screenshot(page, f"{request.node.name}-{name}")
    with page.expect_download() as download:
        page.locator("#csv").click()
    body = Path(download.value.path()).read_bytes()
    listed = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert len(listed) == total
    assert {r["Країна"] for r in listed} == {"Україна"}
    assert not any(r["Ідентифікатор"] in occupied or "russia" in r["Ідентифікатор"]
                   for r in listed)
    page.get_by_role("link", name="Наступна сторінка").click()
    page.wait_for_selector("#shortlist")
    assert "показано: 21–40" in page.inner_text("#summary")
    assert page.problems.none(), page.problems


def test_the_lists_layer_and_legend_on_the_map(page, sample, request):
    base, _ = sample
    page.goto(f"{base}/?lang=uk")
    page.wait_for_function(READY)
    page.get_by_label("Бойові дії та окупація").check()
    page.wait_for_selector("path.region-status-temporarily_occupied")
    page.wait_for_function(READY)
    for status in ("temporarily_occupied", "active_hostilities", "possible_hostilities"):
        assert page.locator(f"path.region-status-{status}").count() > 0, status
    legend = page.inner_text(".legend")
    assert "тимчасово окуповано" in legend and "за переліком від 30.04.2025" in legend
    screenshot(page, f"{request.node.name}-desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, f"{request.node.name}-phone")
    assert page.problems.none(), page.problems


def test_an_occupied_hromadas_card_says_so(page, sample):
    base, _ = sample
    page.goto(f"{base}/places/katottg:UA44120050000066819?lang=en")  # Lysychansk
    listed = page.inner_text(".listed")
    assert "temporarily occupied since 03.07.2022, per the list of 30.04.2025" in listed
    assert "Settlements of its hromada in the list:" in listed


def test_the_printable_page_renders_to_an_a4_pdf(page, sample, request):
    base, _ = sample
    page.goto(f"{base}/candidates/print?place={CHASIV_YAR}&{QUERY}&lang=uk")
    page.wait_for_selector("path.leaflet-interactive")
    page.wait_for_load_state("networkidle")
    assert page.locator("#shortlist tbody tr").count() == 20
    page.emulate_media(media="print")
    assert not page.locator("header.site").is_visible()
    assert not page.locator("#print-now").is_visible()
    assert page.locator(".map-box").bounding_box()["height"] > 300
    screenshot(page, f"{request.node.name}-print")
    pdf = page.pdf(format="A4", print_background=True)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"{request.node.name}.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    pages = re.findall(rb"/Type\s*/Page\b", pdf)
    assert 1 <= len(pages) <= 4
    # A4 is 210 x 297 mm, 595.3 x 841.9 points (Chromium rounds it to whole pixels).
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert len(boxes) == len(pages)
    assert all(abs(float(w) - 595.3) < 1 and abs(float(h) - 841.9) < 1.5 for w, h in boxes)
    assert page.problems.none(), page.problems
