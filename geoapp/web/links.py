"""Absolute links: from the configured public URL, never from the request's Host header
(a forged Host would otherwise reach every client through a shared cache)."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Flask, current_app, request, url_for

# Absolute URLs already made, by endpoint and what they are made from; bounded, since the
# Host header is the client's to choose.
_URLS = "geoapp.public_urls"
CACHED_URLS = 1024


def public_url(endpoint: str, query: dict[str, str] | None = None) -> str:
    """The absolute URL of an endpoint, on ``GEOAPP_PUBLIC_URL`` when it is set."""
    return _endpoint_url(endpoint) + ("?" + urlencode(query, safe=",:") if query else "")


def _endpoint_url(endpoint: str) -> str:
    """Made once per endpoint, public URL and request address: building it cost a small API
    answer a few percent of its time."""
    environ = request.environ
    key = (endpoint, current_app.config["PUBLIC_URL"], environ.get("wsgi.url_scheme"),
           environ.get("HTTP_HOST"), environ.get("SERVER_NAME"), environ.get("SERVER_PORT"),
           environ.get("SCRIPT_NAME"))
    made = current_app.extensions.setdefault(_URLS, {})
    found = made.get(key)
    if found is None:
        base = current_app.config["PUBLIC_URL"].rstrip("/") or request.host_url.rstrip("/")
        found = base + url_for(endpoint)
        if len(made) >= CACHED_URLS:
            made.clear()
        made[key] = found
    return found


def with_query(endpoint: str, **changes) -> str:
    """The URL of ``endpoint`` carrying this request's query, with ``changes`` applied.

    The query is encoded here, never handed to url_for: a key such as ``_external`` or
    ``_anchor`` in a user's URL would be read by url_for as one of its own options.
    """
    pairs = [(k, v) for k, v in request.args.items(multi=True) if k not in changes]
    pairs += [(k, str(v)) for k, v in changes.items() if v is not None]
    return url_for(endpoint) + ("?" + urlencode(pairs, safe=",:") if pairs else "")


def init_app(app: Flask) -> None:
    """Give templates the link builders."""
    app.jinja_env.globals["with_query"] = with_query
