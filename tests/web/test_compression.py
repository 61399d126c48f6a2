"""gzip for large responses when the client accepts it; ETags still revalidate."""

from __future__ import annotations

import gzip
import json

import pytest

from geoapp.store import tiles
from geoapp.web import compression
from tests.api.test_tiles import tile_of

LARGE = "/api/openapi"
SMALL = "/api/conformance"


def test_a_large_response_is_gzipped_when_accepted(client):
    plain = client.get(LARGE)
    packed = client.get(LARGE, headers={"Accept-Encoding": "gzip, br"})
    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == "gzip"
    assert len(packed.data) < len(plain.data) / 3
    assert json.loads(gzip.decompress(packed.data)) == plain.get_json()
    assert "Accept-Encoding" in packed.headers["Vary"]


def test_a_small_response_is_sent_as_it_is(client):
    response = client.get(SMALL, headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in response.headers and response.get_json()["conformsTo"]


def test_the_weak_etag_of_a_gzipped_response_revalidates(client):
    packed = client.get(LARGE, headers={"Accept-Encoding": "gzip"})
    assert packed.headers["ETag"].startswith('W/"')
    again = client.get(LARGE, headers={"Accept-Encoding": "gzip",
                                       "If-None-Match": packed.headers["ETag"]})
    assert again.status_code == 304


def test_a_page_is_gzipped_after_its_script_nonces_are_set(client):
    page = client.get("/?lang=en", headers={"Accept-Encoding": "gzip"})
    assert page.status_code == 200 and page.headers["Content-Encoding"] == "gzip"
    html = gzip.decompress(page.data).decode()
    nonce = page.headers["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in html


@pytest.mark.parametrize("template", [
    "/api/collections/schools/tiles/WebMercatorQuad/{z}/{y}/{x}",
    "/data/schools/{z}/{x}/{y}.geojson?lang=en"])
def test_a_kept_tile_is_gzipped_once(client, monkeypatch, template):
    monkeypatch.setattr(tiles, "REMEMBERED_FROM", 0)  # the fixture world's tiles are small
    made = []
    monkeypatch.setattr(compression, "gzipped",
                        lambda body: made.append(body) or gzip.compress(body))
    tile = tile_of(33.41, 49.07, 12)
    url = template.format(z=tile.z, x=tile.x, y=tile.y)
    plain = client.get(url).data
    # Just large enough to keep: the gzip is kept for the tile's size, though smaller.
    monkeypatch.setattr(tiles, "REMEMBERED_FROM", len(plain))
    packed = [client.get(url, headers={"Accept-Encoding": "gzip"}) for _ in range(3)]
    assert plain and {gzip.decompress(r.data) for r in packed} == {plain}
    assert len(packed[0].data) < len(plain)
    assert len(made) == 1  # compressed for the first request only
    assert all(r.headers["Content-Encoding"] == "gzip" for r in packed)
    etag = packed[0].headers["ETag"]
    assert etag.startswith('W/"') and "Accept-Encoding" in packed[0].headers["Vary"]
    again = client.get(url, headers={"Accept-Encoding": "gzip", "If-None-Match": etag})
    assert again.status_code == 304
