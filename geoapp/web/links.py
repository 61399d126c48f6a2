"""Absolute links: from the configured public URL, never from the request's Host header
(a forged Host would otherwise reach every client through a shared cache)."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Flask, current_app, request, url_for


def public_url(endpoint: str, query: dict[str, str] | None = None) -> str:
    """The absolute URL of an endpoint, on ``GEOAPP_PUBLIC_URL`` when it is set."""
    base = current_app.config["PUBLIC_URL"].rstrip("/") or request.host_url.rstrip("/")
    return base + url_for(endpoint) + ("?" + urlencode(query, safe=",:") if query else "")


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
