"""``/embed`` and ``/embed/builder`` without a browser: parameters, headers, the snippet."""

from __future__ import annotations

import html
import re

import pytest

from geoapp import create_app
from geoapp.store import get_store

ALLOWED = "https://institute.example.org"


@pytest.fixture
def embed_client(store):
    """A client of the app letting one site frame /embed."""
    app = create_app({"TESTING": True, "DATABASE_URL": store.url, "EMBED_ORIGINS": ALLOWED})
    yield app.test_client()
    get_store(app).dispose()


def frame_ancestors(response) -> str:
    """The frame-ancestors directive of a response."""
    return re.search(r"frame-ancestors ([^;]*)", response.headers["Content-Security-Policy"])[1]


def test_embed_may_be_framed_by_the_allowed_sites_only(embed_client):
    embedded = embed_client.get("/embed?layers=schools&region=UA53&lang=uk")
    assert embedded.status_code == 200
    assert frame_ancestors(embedded) == f"'self' {ALLOWED}"
    assert "X-Frame-Options" not in embedded.headers
    builder = embed_client.get("/embed/builder")
    assert builder.status_code == 200
    assert frame_ancestors(builder) == "'self'"
    assert builder.headers["X-Frame-Options"] == "SAMEORIGIN"


def test_embed_needs_no_cookie_and_sets_none(embed_client):
    response = embed_client.get("/embed?lang=en")
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers


def test_embed_carries_the_url_into_the_map(embed_client):
    page = embed_client.get("/embed?layers=stem_centres,schools&region=UA53&lang=uk"
                            "&legend=0&control=0").get_data(as_text=True)
    config = html.unescape(re.search(r'id="map-config">(.*?)</script>', page, re.S)[1])
    assert '"filters": {"region": "UA53"}' in config or '"region": "UA53"' in config
    assert [m for m in re.findall(r'"id": "(\w+)"', config)][:2] == ["stem_centres", "schools"]
    assert 'class="embed no-legend no-control"' in page
    assert '<html lang="uk">' in page
    assert 'id="filters" class="embed-filters" method="get" action="/embed" hidden' in page


def test_center_and_zoom_set_the_view(embed_client):
    page = embed_client.get("/embed?center=48.6,37.8&zoom=11").get_data(as_text=True)
    # The map opens there (no fit to bounds first, whose zoom animation would undo it).
    assert re.search(r"center: \[48\.6, 37\.8\]", page) and '"zoom": 11' in page
    assert "fitBounds" not in page


@pytest.mark.parametrize(("query", "parameter"), [
    ("layers=schools,castles", "layers"),
    ("region=XX", "region"),
    ("programme=nope", "programme"),
    ("kind=castle", "kind"),
    ("lang=de", "lang"),
    ("bbox=1,2,3", "bbox"),
    ("bbox=10,50,0,40", "bbox"),
    ("center=91,0", "center"),
    ("center=48,37&zoom=40", "zoom"),
    ("center=48,37&bbox=30,44,40,52", "center"),
    ("legend=maybe", "legend"),
    ("filters=2", "filters"),
])
def test_bad_parameters_are_named(embed_client, query, parameter):
    response = embed_client.get(f"/embed?{query}")
    assert response.status_code == 400
    # The parameter as the URL spells it, after its label where it has one: "Регіон (region): ".
    assert re.search(rf"(^|[ (>]){parameter}\)?: ", response.get_data(as_text=True))


def test_the_builder_writes_an_escaped_snippet(embed_client):
    response = embed_client.get('/embed/builder?layers=schools&layers=stem_centres'
                                '&region=UA53&map_lang=uk&title=Map "<b>"&width=600')
    page = response.get_data(as_text=True)
    snippet = html.unescape(re.search(r'<textarea id="snippet"[^>]*>(.*?)</textarea>',
                                      page, re.S)[1])
    assert snippet.startswith('<iframe src="http://localhost/embed?')
    assert "layers=stem_centres,schools" in snippet and "region=UA53" in snippet
    assert "lang=uk" in snippet and "map_lang" not in snippet
    assert 'title="Map &quot;&lt;b&gt;&quot;"' in snippet and 'width="600"' in snippet
    assert "<b>" not in page


@pytest.mark.parametrize(("query", "parameter"), [
    ("width=100px;x", "width"), ("map_lang=de", "lang"), ("layers=castles", "layers")])
def test_the_builder_names_bad_choices(embed_client, query, parameter):
    response = embed_client.get(f"/embed/builder?{query}")
    assert response.status_code == 400
    # The parameter as the URL spells it, after its label where it has one: "Регіон (region): ".
    assert re.search(rf"(^|[ (>]){parameter}\)?: ", response.get_data(as_text=True))
