"""Security headers of every response: a strict Content-Security-Policy with a nonce.

Scripts and styles come only from the app itself; inline ones (Folium writes several)
run only with this response's nonce, which :func:`add_nonces` gives to every
``<script>``/``<style>`` tag of the HTML the app generated. User text in that HTML is
always escaped, so it cannot contain a literal tag that would receive the nonce.
"""

from __future__ import annotations

import re
import secrets
from functools import lru_cache
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, g

# An opening <script> or <style> tag that has no nonce yet.
UNNONCED_TAG = re.compile(r"<(script|style)\b(?![^>]*\bnonce=)", re.IGNORECASE)
# Stands for the nonce in a policy built ahead of its response; in no URL or origin.
NONCE_MARK = "\x00"


def csp_nonce() -> str:
    """This response's nonce for inline scripts and styles, made on first use."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(18)
    return g.csp_nonce


def allow_embedding() -> None:
    """Let the sites of ``EMBED_ORIGINS`` frame this response (only ``/embed`` calls it)."""
    g.framable_by_embed_origins = True


def tile_source(tile_url: str) -> str | None:
    """The CSP source of the basemap tiles' host, or None when the app serves them."""
    parts = urlsplit(tile_url)
    if not parts.scheme or not parts.netloc:
        return None
    # Leaflet fills {s} with a subdomain: allow them all, on that host only.
    host = re.sub(r"^\{s\}\.", "*.", parts.netloc)
    return f"{parts.scheme}://{host}"


def embed_origins(raw: str) -> list[str]:
    """The origins of ``EMBED_ORIGINS`` (space- or comma-separated), checked one by one."""
    origins = [o for o in re.split(r"[\s,]+", raw or "") if o]
    for origin in origins:
        parts = urlsplit(origin)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.path.strip("/"):
            raise ValueError(f"EMBED_ORIGINS: {origin!r} is not an origin like "
                             "https://example.org (scheme and host, no path)")
    return [origin.rstrip("/") for origin in origins]


def content_security_policy(nonce: str, tile_url: str, frame_ancestors: list[str]) -> str:
    """The Content-Security-Policy header of a response."""
    images = ["'self'", "data:", *filter(None, [tile_source(tile_url)])]
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", f"'nonce-{nonce}'"],
        "style-src": ["'self'", f"'nonce-{nonce}'"],
        "img-src": images,
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'", *frame_ancestors],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def add_nonces(html: str, nonce: str) -> str:
    """Give ``nonce`` to every ``<script>`` and ``<style>`` tag that lacks one."""
    return UNNONCED_TAG.sub(lambda m: f'<{m.group(1)} nonce="{nonce}"', html)


def secure(response: Response) -> Response:
    """Add the nonce to generated HTML and the security headers to ``response``."""
    nonce = csp_nonce()
    if response.mimetype == "text/html" and not response.direct_passthrough \
            and not response.is_streamed:
        response.set_data(add_nonces(response.get_data(as_text=True), nonce))
    embedded = g.get("framable_by_embed_origins", False)
    ancestors = current_app.extensions["geoapp.embed_origins"] if embedded else []
    response.headers["Content-Security-Policy"] = nonce.join(
        _policy_around_nonce(current_app.config["TILE_URL"], tuple(ancestors)))
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
    if not embedded:
        # For browsers that predate frame-ancestors.
        response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


@lru_cache(maxsize=16)
def _policy_around_nonce(tile_url: str, frame_ancestors: tuple[str, ...]) -> tuple[str, ...]:
    """The policy's text split where the nonce goes: built once, not on every response."""
    return tuple(content_security_policy(NONCE_MARK, tile_url, list(frame_ancestors))
                 .split(NONCE_MARK))


def init_app(app: Flask) -> None:
    """Check ``EMBED_ORIGINS`` and secure every response of ``app``."""
    app.extensions["geoapp.embed_origins"] = embed_origins(app.config["EMBED_ORIGINS"])
    app.jinja_env.globals["csp_nonce"] = csp_nonce
    app.after_request(secure)
