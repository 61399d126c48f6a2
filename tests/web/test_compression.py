"""gzip for large responses when the client accepts it; ETags still revalidate."""

from __future__ import annotations

import gzip
import json

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
