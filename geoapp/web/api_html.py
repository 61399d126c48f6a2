"""``/api`` for people: the landing page, the collections, items (with a small map) and an
item as HTML pages in the UI's language, chosen by ``f=html`` or the browser's Accept header.

JSON stays the answer for clients (GDAL, QGIS send ``Accept: application/json`` or ``*/*``);
this module answers before the JSON view only when a page is wanted.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote, urlencode

from flask import Blueprint, Response, current_app, render_template, request
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from geoapp.api import features
from geoapp.api.params import Limits, parse_items
from geoapp.errors import NotFound
from geoapp.layers import Layer, get_layers
from geoapp.web import i18n
from geoapp.web.caching import data_revisions, once_more_if_dropped, vary_on
from geoapp.web.db import get_conn
from geoapp.web.links import public_url

JSON_TYPES = ["application/json", "application/geo+json", "text/html"]


def wants_html() -> bool:
    """True for ``f=html``, or for a browser whose Accept header puts HTML before JSON."""
    asked = request.args.get("f")
    if asked is not None:
        return asked == "html"
    return _prefers_html(request.headers.get("Accept"))


@lru_cache(maxsize=256)
def _prefers_html(accept: str | None) -> bool:
    """Told once per Accept header: clients send few different ones."""
    return parse_accept_header(accept, MIMEAccept).best_match(JSON_TYPES) == "text/html"


def _render(template: str, **context) -> str:
    return render_template(template, labels=i18n, **context)


def _base() -> str:
    return public_url("api.landing").rstrip("/")


def _layer(collection_id: str) -> Layer:
    layer = get_layers(current_app).get(collection_id)
    if layer is None:
        raise NotFound(f"no collection {collection_id[:80]!r}")
    return layer


def _page(url: str, **args) -> str:
    query = {key: value for key, value in args.items() if value not in (None, "")}
    return url + "?" + urlencode({**query, "f": "html"})


def landing() -> str:
    """The landing page."""
    return _render("api/landing.html", base=_base())


def collections() -> str:
    """Every collection, titled in the UI's language."""
    lang = i18n.current_language()
    return _render("api/collections.html", base=_base(), lang=lang,
                           layers=list(get_layers(current_app).values()))


def collection(collection_id: str) -> str:
    """One collection with its extent."""
    layer = _layer(collection_id)
    document = features.collection(get_conn(), layer, _base(), data_revisions())
    return _render("api/collection.html", base=_base(), layer=layer,
                           lang=i18n.current_language(), document=document)


def items(collection_id: str) -> str:
    """A page of items: a table and a small map, with the next and previous pages."""
    layer = _layer(collection_id)
    args = {k: v for k, v in request.args.items() if k != "f"}
    limits = Limits(current_app.config["API_LIMIT_DEFAULT"], current_app.config["API_LIMIT_MAX"])
    asked = parse_items(args, layer, limits)
    url = f"{_base()}/collections/{layer.id}/items"
    page = features.items(get_conn(), layer, asked, url, args)
    more = any(link["rel"] == "next" for link in page["links"])
    pages = {"next": _page(url, **{**args, "offset": asked.offset + asked.limit}) if more else None,
             "prev": _page(url, **{**args, "offset": max(0, asked.offset - asked.limit)})
             if asked.offset else None}
    return _render("api/items.html", base=_base(), layer=layer, page=page,
                           lang=i18n.current_language(), pages=pages, offset=asked.offset,
                           json_url=url + ("?" + urlencode(args) if args else ""),
                           item_url=lambda item_id: _page(f"{url}/{quote(item_id, safe='')}"),
                           map_data={"type": "FeatureCollection", "features": page["features"]},
                           **_map_settings())


def item(collection_id: str, feature_id: str) -> str:
    """One item: its properties with their labels, and a small map."""
    layer = _layer(collection_id)
    feature, _ = features.item(get_conn(), layer, feature_id, _base())
    return _render("api/item.html", base=_base(), layer=layer, feature=feature,
                           lang=i18n.current_language(),
                           map_data={"type": "FeatureCollection",
                                     "features": [{k: v for k, v in feature.items()
                                                   if k != "links"}]},
                           **_map_settings())


def _map_settings() -> dict:
    return {"tiles": current_app.config["TILE_URL"],
            "attribution": current_app.config["TILE_ATTRIBUTION"]}


PAGES = {"api.landing": landing, "api.landing_slash": landing, "api.collections": collections,
         "api.collection": collection, "api.items": items, "api.item": item}


def answer_with_a_page() -> Response | str | None:
    """Before an ``/api`` view: the HTML page when one is wanted, else None (JSON follows)."""
    page = PAGES.get(request.endpoint or "")
    if page is None or not wants_html():
        return None
    response = current_app.make_response(
        once_more_if_dropped(lambda: page(**(request.view_args or {}))))
    vary_on(response, "Accept")
    return response


def vary_by_accept(response: Response) -> Response:
    """The same URL answers JSON or HTML by the Accept header: caches must know."""
    vary_on(response, "Accept")
    return response


def init_api(bp: Blueprint) -> None:
    """Hook the pages into the API's blueprint."""
    bp.before_request(answer_with_a_page)
    bp.after_request(vary_by_accept)
