"""The map page, the list view and the place card, read as HTML (structure, not snapshots)."""

from __future__ import annotations

import json
import re

import pytest

from geoapp import create_app
from geoapp.collation import sort_key
from geoapp.store import get_store
from tests.support.world import XSS_NAME

URL = re.compile(r"https?://[^\s\"'<>)\\]+")


def config_of(html: str) -> dict:
    found = re.search(r'<script[^>]*id="map-config"[^>]*>(.*?)</script>',
                      html, re.S)
    return json.loads(found.group(1))


def test_map_page_declares_every_layer_and_inlines_no_place(client) -> None:
    html = client.get("/?lang=en").get_data(True)
    config = config_of(html)
    assert [layer["id"] for layer in config["layers"]] == [
        "stem_centres", "schools", "teacher_centres", "vocational", "communities", "activities",
        "partnerships", "frontline", "regions"]
    for layer in config["layers"]:
        assert f"var {layer['group']} =" in html
    assert "Кременчуцький ліцей" not in html and "onerror" not in html
    assert config["dataUrl"] == "/data/LAYER.geojson"


def test_the_only_outside_url_is_the_tile_url(client, app) -> None:
    html = client.get("/").get_data(True)
    tiles = app.config["TILE_URL"]
    assert {u for u in URL.findall(html) if not u.startswith(tiles.split("{")[0])} <= {
        "https://www.openstreetmap.org/copyright"}  # the attribution's link, not a request
    assert "/static/vendor/leaflet/dist/leaflet.js" in html
    assert "/static/js/map.js" in html


def test_filters_are_kept_in_the_form_and_the_config(client) -> None:
    html = client.get("/?lang=en&region=UA53&kind=school&status=closed&q=%3Cb%3E").get_data(True)
    assert 'name="region" id="f-region-code" value="UA53"' in html
    assert 'value="Poltava (Oblast / region)"' in html
    assert '<option value="school" selected>' in html
    assert 'value="&lt;b&gt;"' in html
    config = config_of(html)
    assert config["filters"] == {"region": "UA53", "kind": "school", "status": "closed",
                                 "q": "<b>"}
    # nothing is named "<b>": the map frames the chosen region
    assert config["bounds"] == [[48.7, 32.0], [50.6, 35.5]]


def test_region_picker_offers_every_level_at_once(client) -> None:
    url = config_of(client.get("/?lang=en").get_data(True))["regionChoicesUrl"]
    choices = {code: (label, depth) for code, label, depth in client.get(url).get_json()}
    assert {"UA53", "UA5302", "UA530201"} <= set(choices)  # no drilling down through the tree
    assert choices["UA530201"][0] == "Kremenchuk (Hromada / community, Kremenchuk, Poltava)"
    # Its depth ranks the names a text matches: the oblast above its raion, the raion above
    # its hromada.
    assert choices["UA53"][1] < choices["UA5302"][1] < choices["UA530201"][1]


@pytest.mark.parametrize(("lang", "poltava"), [("uk", "Полтавська / Poltava (Область)"),
                                               ("en", "Poltava (Oblast / region)")])
def test_region_choices_come_apart_from_the_page_in_its_language(client, lang,
                                                                 poltava) -> None:
    """The 2,000 names of a real store were 411 KB of the page's 460: a browser now keeps
    them from one map page to the next, revalidating them by the data's revision."""
    html = client.get(f"/?lang={lang}").get_data(True)
    assert "<option value=" not in html.split('id="region-options"')[1].split("</datalist>")[0]
    url = config_of(html)["regionChoicesUrl"]
    assert url.endswith(f"lang={lang}")
    response = client.get(url)
    choices = response.get_json()
    labels = [label for _, label, _ in choices]
    assert labels == sorted(labels, key=sort_key(lang)) and len(labels) > 3
    assert {code: label for code, label, _ in choices}["UA53"] == poltava
    again = client.get(url, headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_the_maps_words_follow_the_language_asked_for(client) -> None:
    """map.js's words are made once per language, and each page gets its own."""
    said = [config_of(client.get(f"/?lang={lang}").get_data(True))["words"]["download"]
            for lang in ("uk", "en", "ru", "uk", "en")]
    assert said == ["Завантажити", "Download", "Скачать", "Завантажити", "Download"]
    embed = config_of(client.get("/embed?lang=ro").get_data(True))
    assert embed["words"]["download"] == "Descărcare"


def test_each_layer_is_told_only_the_filters_it_understands(client) -> None:
    layers = {layer["id"]: layer for layer in config_of(client.get("/").get_data(True))["layers"]}
    assert layers["schools"]["filters"] == ["region", "programme", "kind", "status", "q", "level"]
    # Dated layers follow the page's time filter (from, to); the kind control holds places'.
    assert layers["partnerships"]["filters"] == ["region", "programme", "from", "to"]
    assert layers["activities"]["filters"] == ["region", "programme", "area", "from", "to",
                                               "level"]
    assert layers["regions"]["filters"] == ["region"]


@pytest.mark.parametrize("query", ["region=XX", "kind=castle", "status=open", "programme=x"])
def test_bad_filter_is_a_400_page_naming_it(client, query: str) -> None:
    response = client.get(f"/?lang=en&{query}")
    assert response.status_code == 400
    name, value = query.split("=")
    page = response.get_data(True)
    assert f"({name}): " in page and f"&#39;{value}&#39;" in page


def test_place_card_says_what_where_and_with_whom(client) -> None:
    html = client.get("/places/katottg:UA530201?lang=en").get_data(True)
    assert "<h1>Кременчуцька громада</h1>" in html
    assert "Community" in html and "Kremenchuk, Kremenchuk, Poltava, Ukraine" in html
    assert "Placed at its exact address." in html
    assert "Side by side" in html  # its programme, named in the reader's language
    assert 'href="/places/katottg:UA140201?lang=en">Часовоярська громада</a>' in html
    assert 'href="/places/katottg:UA530202?lang=en">Піщанська громада</a>' in html
    assert 'href="/candidates?place=katottg%3AUA530201&amp;lang=en"' in html


def test_place_card_escapes_the_name(client) -> None:
    html = client.get("/places/edebo:9999").get_data(True)
    assert XSS_NAME not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_unknown_place_is_a_404(client) -> None:
    assert client.get("/places/nowhere:1").status_code == 404


def test_list_view_shows_the_filtered_places_as_text(client) -> None:
    html = client.get("/list?lang=en&region=UA14").get_data(True)
    assert "2 of 2 places" in html
    assert ">Часовоярський ліцей</a>" in html and "Suspended" in html
    assert ">Часовоярська громада</a>" in html
    assert "Кременчуцький" not in html


def test_list_view_pages(client, monkeypatch) -> None:
    from geoapp.web import pages

    monkeypatch.setattr(pages, "LIST_PAGE", 4)
    first = client.get("/list?lang=en").get_data(True)
    assert "4 of 11 places" in first and "offset=4" in first
    assert client.get("/list?offset=x").status_code == 400


def test_favicon_is_served(client) -> None:
    with client.get("/favicon.ico", follow_redirects=True) as response:
        assert response.status_code == 200 and b"<svg" in response.data


def test_local_tiles_only_when_testing(client, store) -> None:
    tile = client.get("/_test/tiles/6/37/22.png")
    assert tile.status_code == 200 and tile.data.startswith(b"\x89PNG")
    production = create_app({"DATABASE_URL": store.url})
    assert production.test_client().get("/_test/tiles/6/37/22.png").status_code == 404
    get_store(production).dispose()
