"""``/api/candidates`` and the ``/candidates`` page, on both stores."""

import csv
import io

import pytest

from tests.support.world import XSS_NAME


def test_api_gives_the_place_then_candidates_nearest_first(client):
    response = client.get("/api/candidates?place=edebo:1001")
    assert response.status_code == 200
    body = response.get_json()
    assert body["place"]["id"] == "edebo:1001"
    assert body["search"] == {"radius_km": 50.0, "limit": 10, "kind": ["school"],
                              "scope": "any", "region": None, "programme": None}
    found = body["candidates"]
    assert [c["id"] for c in found] == ["edebo:1002", "edebo:9999"]
    assert found[0]["distance_km"] < found[1]["distance_km"]
    assert set(found[0]) >= {"id", "name", "kind", "region_code", "distance_km",
                             "bearing_deg", "shared_programmes", "partner_count", "lon", "lat"}
    assert found[1]["name"] == XSS_NAME  # JSON carries the text; pages escape it


def test_api_takes_every_filter(client):
    response = client.get("/api/candidates?place=katottg:UA530202&radius_km=400&limit=5"
                          "&kind=community&scope=other-region&programme=plich-o-plich")
    assert response.status_code == 200
    assert [c["id"] for c in response.get_json()["candidates"]] == ["katottg:UA140201"]


@pytest.mark.parametrize(("query", "parameter"), [
    ("", "place"),
    ("place=nowhere", "place"),
    ("place=edebo:1001&radius_km=900", "radius_km"),
    ("place=edebo:1001&radius_km=-1", "radius_km"),
    ("place=edebo:1001&limit=1000", "limit"),
    ("place=edebo:1001&kind=castle", "kind"),
    ("place=edebo:1001&scope=everywhere", "scope"),
    ("place=edebo:1001&region=XX", "region"),
    ("place=edebo:1001&programme='%20OR%201=1", "programme"),
])
def test_api_answers_400_naming_the_parameter(client, query, parameter):
    response = client.get(f"/api/candidates?{query}")
    assert response.status_code == 400
    assert response.get_json()["parameter"] == parameter
    assert response.get_json()["description"].startswith(f"{parameter}:")


def test_page_shows_map_table_and_csv_link_with_names_escaped(client):
    response = client.get("/candidates?place=edebo:1001&lang=en")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert XSS_NAME not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert page.count("<tr>") == 1 + 2  # header and two candidates
    assert 'id="csv"' in page and "f=csv" in page
    assert "folium-map" in page and 'id="candidates-data"' in page
    assert "/static/js/candidates.js" in page and "bindTooltip" not in page
    # In the JSON data block, escaped so that no tag can close it early.
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in page
    assert "cdn" not in page.lower() and "/static/vendor/leaflet/dist/leaflet.js" in page


def test_csv_download_is_the_shortlist(client):
    response = client.get("/candidates?place=edebo:1001&f=csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [r["id"] for r in rows] == ["edebo:1002", "edebo:9999"]
    assert [r["rank"] for r in rows] == ["1", "2"]
    assert float(rows[0]["distance_km"]) == pytest.approx(3.1229, abs=1e-3)


def test_page_finds_places_by_name(client):
    page = client.get("/candidates?q=гімназія&lang=en").get_data(as_text=True)
    assert "/candidates?place=edebo%3A1002" in page or "place=edebo:1002" in page
    assert "edebo:1003" in page and "edebo:1001" not in page


def test_page_names_a_bad_parameter(client):
    response = client.get("/candidates?place=edebo:1001&radius_km=9999&lang=en")
    assert response.status_code == 400
    assert "radius_km" in response.get_data(as_text=True)


def test_place_card_links_here(client):
    card = client.get("/places/katottg:UA530202?lang=en").get_data(as_text=True)
    assert "/candidates?place=katottg%3AUA530202" in card
    assert client.get("/candidates?place=katottg%3AUA530202&radius_km=500").status_code == 200
