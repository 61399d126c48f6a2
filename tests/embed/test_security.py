"""The security headers of every response: a strict CSP with a per-response nonce."""

from __future__ import annotations

import re

import pytest

from geoapp import create_app
from geoapp.store import get_store
from geoapp.web.security import add_nonces, content_security_policy, embed_origins, tile_source


def directives(response) -> dict[str, list[str]]:
    """The response's Content-Security-Policy as {directive: sources}."""
    header = response.headers["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in header.split(";"))}


def test_every_response_has_a_strict_policy(client):
    response = client.get("/healthz")
    csp = directives(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"][0] == "'self'" and csp["script-src"][1].startswith("'nonce-")
    assert csp["style-src"] == csp["script-src"]
    assert csp["frame-ancestors"] == ["'self'"]
    assert "unsafe-eval" not in response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"


def test_the_nonce_changes_per_response(client):
    first = directives(client.get("/healthz"))["script-src"][1]
    second = directives(client.get("/healthz"))["script-src"][1]
    assert first != second


def test_the_tile_host_is_the_only_foreign_image_source(store):
    app = create_app({"TESTING": True, "DATABASE_URL": store.url,
                      "TILE_URL": "https://{s}.tiles.example.org/{z}/{x}/{y}.png"})
    try:
        csp = directives(app.test_client().get("/healthz"))
    finally:
        get_store(app).dispose()
    assert csp["img-src"] == ["'self'", "data:", "https://*.tiles.example.org"]


def test_generated_html_tags_get_the_nonce(client):
    response = client.get("/")
    nonce = directives(response)["script-src"][1][len("'nonce-"):-1]
    tags = re.findall(r"<(?:script|style)\b[^>]*>", response.get_data(as_text=True))
    assert tags, "the map page has scripts"
    assert all(f'nonce="{nonce}"' in tag for tag in tags)


@pytest.mark.parametrize(("html", "expected"), [
    ("<script>x</script>", '<script nonce="N">x</script>'),
    ('<style media="all">', '<style nonce="N" media="all">'),
    ('<script nonce="other">', '<script nonce="other">'),
    ("<scripts><p>&lt;script&gt;</p>", "<scripts><p>&lt;script&gt;</p>"),
])
def test_add_nonces(html, expected):
    assert add_nonces(html, "N") == expected


@pytest.mark.parametrize(("url", "source"), [
    ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://tile.openstreetmap.org"),
    ("/_test/tiles/{z}/{x}/{y}.png", None),
    ("http://127.0.0.1:8123/t/{z}/{x}/{y}.png", "http://127.0.0.1:8123"),
])
def test_tile_source(url, source):
    assert tile_source(url) == source


def test_embed_origins_are_checked():
    assert embed_origins("https://a.example.org  http://127.0.0.1:8000/") == [
        "https://a.example.org", "http://127.0.0.1:8000"]
    with pytest.raises(ValueError, match="EMBED_ORIGINS: 'a.example.org/page'"):
        embed_origins("a.example.org/page")


def test_policy_lists_embed_origins_as_frame_ancestors():
    policy = content_security_policy("N", "/t/{z}/{x}/{y}.png", ["https://a.example.org"])
    assert "frame-ancestors 'self' https://a.example.org" in policy
    assert "script-src 'self' 'nonce-N'" in policy
