"""``/api/candidates`` and the ``/candidates`` page, on both stores."""

import csv
import html
import io

import pytest

from tests.support.world import XSS_NAME
from tests.web.test_caching import asked, statements


def test_api_gives_the_place_then_candidates_nearest_first(client):
    response = client.get("/api/candidates?place=edebo:1001")
    assert response.status_code == 200
    body = response.get_json()
    assert body["place"]["id"] == "edebo:1001"
    assert body["search"] | {"weights": None} == {
        "radius_km": 50.0, "limit": 20, "page": 1, "kind": ["school"], "scope": "any",
        "region": None, "programme": None, "occupied": "exclude", "country": "own",
        "zone": "any", "rank": "nearest", "weights": None}
    assert body["search"]["weights"]["distance"] == 3.0
    assert (body["total"], body["pages"], body["first_rank"]) == (2, 1, 1)
    found = body["candidates"]
    assert [c["id"] for c in found] == ["edebo:1002", "edebo:9999"]
    assert found[0]["distance_km"] < found[1]["distance_km"]
    assert set(found[0]) >= {"id", "name", "kind", "region_code", "distance_km",
                             "bearing_deg", "shared_programmes", "partner_count", "lon", "lat",
                             "where", "cooperating", "same_type", "score"}
    assert found[0]["where"]["hromada"] == "Кременчуцька"
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
    ("place=edebo:1001&occupied=yes", "occupied"),
    ("place=edebo:1001&rank=best&w_type=99", "w_type"),
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
    assert page.count('<tr data-candidate-id="') == 2
    assert '<tr data-candidate-id="edebo:1002">' in page
    assert 'id="shortlist" class="shortlist" data-place-id="edebo:1001"' in page
    assert "Candidates within 50 km: 2" in page
    assert 'id="csv"' in page and "f=csv" in page and 'id="print"' in page
    assert "folium-map" in page and 'id="candidates-data"' in page
    assert "/static/js/candidates.js" in page and "bindTooltip" not in page
    # In the JSON data block, escaped so that no tag can close it early.
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in page
    assert "cdn" not in page.lower() and "/static/vendor/leaflet/dist/leaflet.js" in page


def test_pickers_offer_names_not_code_boxes(client):
    page = client.get("/candidates?place=edebo:1001&lang=uk").get_data(as_text=True)
    assert '<select name="region" id="region-picker">' in page
    assert '<option value="UA53" >– Полтавська</option>' in page
    assert '<select name="programme" id="programme-picker">' in page
    assert '<option value="plich-o-plich" >Пліч-о-пліч</option>' in page
    assert '<option value="kindergarten" >Дитячий садок</option>' in page
    assert 'name="region" value' not in page and 'name="programme" value' not in page


def test_csv_download_is_every_candidate_for_a_spreadsheet(client):
    response = client.get("/candidates?place=edebo:1001&f=csv&lang=uk&limit=1")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.get_data()
    assert body.startswith("\ufeff".encode())  # a byte-order mark, for Excel
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert [r["Назва"] for r in rows] == ["Кременчуцька гімназія №5", XSS_NAME]
    assert [r["#"] for r in rows] == ["1", "2"]
    assert rows[0]["Тип"] == "Школа" and rows[0]["Громада"] == "Кременчуцька"
    assert float(rows[0]["Відстань, км"].replace(",", ".")) == pytest.approx(3.123, abs=1e-3)


def test_csv_in_english_is_comma_separated(client):
    body = client.get("/candidates?place=edebo:1001&f=csv&lang=en").get_data()
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0]["Name"] == "Кременчуцька гімназія №5" and rows[0]["Kind"] == "School"


def test_page_finds_places_by_name(client):
    page = client.get("/candidates?q=гімназія&lang=en").get_data(as_text=True)
    assert "/candidates?place=edebo%3A1002" in page or "place=edebo:1002" in page
    assert "edebo:1003" in page and "edebo:1001" not in page
    assert "(School, Піщанська)" in page or "(School, Pishchane)" in page


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "Radius, km (radius_km): '9999': expected a number in (0, 500]"),
    ("uk", "Радіус, км (radius_km): '9999': очікується число з проміжку (0, 500]"),
])
def test_page_names_a_bad_parameter_in_the_readers_language(client, lang, expected):
    response = client.get(f"/candidates?place=edebo:1001&radius_km=9999&lang={lang}")
    assert response.status_code == 400
    assert expected in html.unescape(response.get_data(as_text=True))


def test_pages_past_the_first(client):
    page = client.get("/candidates?place=edebo:1001&limit=1&lang=en").get_data(as_text=True)
    assert "Page 1 of 2" in page and 'rel="next"' in page
    second = client.get("/candidates?place=edebo:1001&limit=1&page=2&lang=en")
    text = second.get_data(as_text=True)
    assert '<tr data-candidate-id="edebo:9999">' in text and "Page 2 of 2" in text


def test_printable_page_has_the_map_and_the_table(client):
    response = client.get("/candidates/print?place=edebo:1001&lang=en")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'class="sheet"' in page and "folium-map" in page
    assert page.count('<tr data-candidate-id="') == 2 and "css/candidates.css" in page
    assert "Partner candidates for Кременчуцький ліцей №1" in page


def test_place_card_links_here(client):
    card = client.get("/places/katottg:UA530202?lang=en").get_data(as_text=True)
    assert "/candidates?place=katottg%3AUA530202" in card
    assert client.get("/candidates?place=katottg%3AUA530202&radius_km=500").status_code == 200


def test_which_regions_are_current_is_told_by_the_requests_revisions(app, client):
    """The regions and their statuses are read again only after a load of either: which
    are current is told by the revisions the request found, with no query of its own."""
    assert client.get("/api/candidates?place=edebo:1001").status_code == 200
    expected = asked(app)
    seen = statements(app)
    assert client.get("/api/candidates?place=edebo:1001").status_code == 200
    assert ["revisions" for sql in seen if "FROM revisions" in sql] == expected
