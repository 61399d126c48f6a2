"""``geoapp export-map``: one HTML file with assets and data inlined, opened with no network."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from geoapp.cli import main
from geoapp.maps.assets import VENDOR_DIR
from geoapp.maps.export import export_html, features_bounds, inline_css
from geoapp.maps.page import MapLayer
from tests.support.world import XSS_NAME
from tests.web.test_motion_browser import FADING

DONETSK_STEM = ["--layers", "schools,stem_centres,partnerships", "--region", "UA53",
                "--lang", "uk"]


def export(store, tmp_path, *options: str):
    """Run export-map on ``store``; return the result and the file it wrote."""
    out = tmp_path / "map.html"
    result = CliRunner().invoke(main, ["export-map", *options, "--out", str(out)],
                                env={"GEOAPP_DATABASE_URL": store.url})
    return result, out


def test_export_writes_one_self_contained_file(store, tmp_path):
    result, out = export(store, tmp_path, *DONETSK_STEM)
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]+src=|<link[^>]+stylesheet", html)
    assert "/static/" not in html
    assert "L.markerClusterGroup(" in html and "L.control.fullscreen(" in html
    assert "jQuery" not in html  # Folium's unused assets are left out
    assert '<html lang="uk">' in html
    # The XSS place is in the data, escaped for a script, and shown with textContent.
    assert XSS_NAME not in html and "\\u003cimg src=x" in html


@pytest.mark.parametrize(("options", "named"), [
    (["--region", "XX"], "--region"),
    (["--layers", "schools,nope"], "--layers"),
    (["--kind", "castle"], "--kind"),
    (["--lang", "de"], "--lang"),
    (["--bbox", "1,2,3"], "--bbox"),
    (["--from", "2026", "--to", "2025"], "--to"),
])
def test_bad_options_are_named(store, tmp_path, options, named):
    result, out = export(store, tmp_path, *options)
    assert result.exit_code == 2
    assert named in result.output
    assert not out.exists()


def test_an_export_shows_one_years_partnerships_and_activities(store, tmp_path):
    result, out = export(store, tmp_path, "--layers", "partnerships,activities",
                         "--from", "2024", "--to", "2024", "--lang", "en")
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "imc:kremenchuk-pishchane" in html and "plich:kremenchuk-chasiv-yar" not in html
    result, out = export(store, tmp_path, "--layers", "partnerships,activities",
                         "--from", "2025", "--lang", "en")
    html = out.read_text(encoding="utf-8")
    assert "plich:kremenchuk-chasiv-yar" in html and "Chasiv Yar memorandum" in html


def test_images_of_stylesheets_are_inlined():
    css = inline_css(VENDOR_DIR / "leaflet" / "dist" / "leaflet.css")
    assert "url(images/" not in css and "data:image/png;base64," in css


def test_the_map_frames_its_features():
    points = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {},
         "geometry": {"type": "Point", "coordinates": [33, 49]}},
        {"type": "Feature", "properties": {},
         "geometry": {"type": "LineString", "coordinates": [[30, 48], [37, 50]]}}]}
    assert features_bounds([points]) == ((48, 30), (50, 37))
    html = export_html([(MapLayer(id="a", title="<b>A</b>", source="places"), points)],
                       title="T", lang="en", tile_url=None)
    assert "[[48, 30], [50, 37]]" in html.replace(".0", "")
    assert "<b>A</b>" not in html


@pytest.mark.browser
def test_the_exported_file_shows_its_markers_offline(store, tmp_path, page):
    result, out = export(store, tmp_path, *DONETSK_STEM)
    assert result.exit_code == 0, result.output
    blocked = []
    page.context.route(re.compile(r"^(?!file:).*"),
                       lambda route: (blocked.append(route.request.url), route.abort()))
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(out.as_uri())
    page.wait_for_selector("path.exported-stem_centres")
    assert page.locator("path.exported-stem_centres").count() == 1
    assert page.locator("path.exported-partnerships").count() == 2
    # Clusters animate into place: wait for the count to settle on the 4 schools, and fail
    # (by timeout) if it never does.
    page.wait_for_function("""() =>
        [...document.querySelectorAll('.marker-cluster')].reduce((n, c) => n + +c.textContent, 0)
        + document.querySelectorAll('path.exported-schools').length === 4""")
    assert page.locator(".legend").count() == 1
    assert not errors
    # Only the basemap's tiles were asked for, and refused: everything else is in the file.
    assert all("tile.openstreetmap.org" in url for url in blocked), blocked


@pytest.mark.browser
def test_the_exported_file_moves_less_when_the_system_asks(store, tmp_path, page):
    result, out = export(store, tmp_path, *DONETSK_STEM)
    assert result.exit_code == 0, result.output
    page.context.route(re.compile(r"^(?!file:).*"), lambda route: route.abort())
    for motion in ("reduce", "no-preference"):
        page.emulate_media(reduced_motion=motion)
        page.goto(out.as_uri())
        page.wait_for_selector("path.exported-stem_centres")
        assert page.evaluate(FADING) == [motion == "no-preference"], motion
