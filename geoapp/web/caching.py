"""Caching by data revision: an ETag from the revisions of the store (or of the records an
answer reads), the URL, the language and the release, so that a conditional request is
answered 304 before any query runs and a load or a new release makes every cached response
stale at once. A page of items or a tile asked without an ETag reads the revisions in its
own statement instead (:func:`revalidated_in_one_trip`)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import lru_cache, wraps
from pathlib import Path
from typing import Any, TypeVar

from flask import Response, current_app, g, make_response, request
from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError

from geoapp import layerdata
from geoapp.layers import get_layers
from geoapp.maps.regions import RegionAtlas
from geoapp.store import get_store, queries
from geoapp.web.db import READS, close_conn, from_a_writer, get_conn
from geoapp.web.i18n import current_language

# Shared caches (nginx, a CDN) may keep a response but must ask again before using it:
# the answer is a cheap 304 until a load changes the data.
CACHE_CONTROL = "public, no-cache"
T = TypeVar("T")


def data_etag(revision_names: tuple[str, ...] | None = None) -> str:
    """The ETag of this request's response for the store's current data (all of it, or
    the records of the revisions ``revision_names`` alone, where the answer reads no
    other) as the release deployed answers it."""
    key = repr((deployed(), revisions_of(revision_names), request.url, current_language()))
    return hashlib.blake2b(key.encode(), digest_size=16).hexdigest()


def revisions_of(names: tuple[str, ...] | None) -> tuple:
    """The request's revisions (:func:`data_revisions`) of the records ``names`` (None:
    all)."""
    found = data_revisions()
    return found if names is None else tuple(pair for pair in found if pair[0] in names)


# The files of a release: what the package ships (no compiled Python, no editor's copies).
SHIPPED = frozenset({".py", ".html", ".js", ".css", ".mo", ".po", ".yaml", ".yml", ".json"})
RELEASE = "geoapp.release"


def init_app(app) -> None:
    """Name the release the app runs, at start-up: a digest of the package's files (code,
    templates, scripts, translations) and of the layer definitions. Made before any answer,
    from the files the process loaded, so that a worker started before an update in place
    does not tag its answers with the update's name; the same on every worker and host of
    one release (``/healthz`` shows it)."""
    layers = [layer.model_dump_json() for layer in get_layers(app).values()]
    key = repr((package_digest(), layers)).encode()
    app.extensions[RELEASE] = hashlib.blake2b(key, digest_size=8).hexdigest()


def deployed() -> str:
    """The release this app runs (:func:`init_app`): in every data ETag, so that an answer
    of an earlier release (other words, other fields, the same data) is never taken for
    this one's by a browser or a shared cache."""
    return current_app.extensions[RELEASE]


@lru_cache(maxsize=1)
def package_digest() -> str:
    """:func:`files_digest` of the geoapp package, once per process."""
    return files_digest(Path(__file__).resolve().parents[1])


def files_digest(folder: Path) -> str:
    """A digest of the names and contents of the files under ``folder`` that a release
    ships (:data:`SHIPPED`)."""
    digest = hashlib.blake2b(digest_size=8)
    for path in sorted(folder.rglob("*")):
        if path.suffix in SHIPPED and path.is_file() and not path.name.startswith("."):
            digest.update(f"{path.relative_to(folder).as_posix()}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def data_revisions() -> tuple:
    """The store's revisions as this request found them, read once: the key of the ETag
    and of the answers remembered under a revision (counts)."""
    if "data_revisions" not in g:
        heard = heard_revisions()
        g.data_revisions = asked_revisions() if heard is None else heard
    return g.data_revisions


def get_atlas() -> RegionAtlas:
    """The store's regions at the revisions this request found: no round trip where they
    were heard of (a query of the regions' revision took half of the region choices)."""
    regions = dict(data_revisions()).get("regions", 0)
    return layerdata.region_atlas(get_store(current_app), get_conn(), regions)


# The revisions each database (primary, replica) last showed this process.
_LAST_SEEN: dict[Any, tuple] = {}


def heard_revisions() -> tuple | None:
    """For a reader's read, the revisions as this process last heard of them, with no
    round trip (:meth:`Store.known_revisions`); None where they are not known here. A
    writer reads them from the primary, which holds their own changes."""
    if request.method not in READS or from_a_writer():
        return None
    store = get_store(current_app)
    known = store.known_revisions()
    if known is not None:
        _LAST_SEEN[store.engine.url] = known
    return known


def asked_revisions() -> tuple:
    """The store's revisions, asked for: the request's first query (:func:`first_query`)."""
    found = tuple(sorted(first_query(queries.revisions).items()))
    _LAST_SEEN[get_conn().engine.url] = found
    return found


def first_query(query: Callable[[Connection], T]) -> T:
    """Run a request's first query, which also checks its connection.

    The pool does not ping a connection before lending it (a round trip on every request):
    when the store dropped it (restart, failover), the first query fails, the pool marks
    its older connections to be replaced, and the query runs once more on a new one.
    """
    return once_more_if_dropped(lambda: query(get_conn()))


def once_more_if_dropped(build: Callable[[], T]) -> T:
    """``build()``, once more on a new connection if the store dropped the request's."""
    try:
        return build()
    except DBAPIError as exc:
        if not exc.connection_invalidated:
            raise
        close_conn()
        return build()


def revalidated(view: Callable) -> Callable:
    """Answer a GET with 304 when the client's ETag is still current; tag the 200 answer."""
    return revalidated_by(None)(view)


def revalidated_by(revision_names: tuple[str, ...] | None) -> Callable:
    """As :func:`revalidated`, for a view that reads only the records of the revisions
    ``revision_names`` (None: any): a change of other records leaves its ETag as it was."""
    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(*args, **kwargs) -> Response:
            # The revisions may have been heard, not asked: the view's query is then the
            # first and, on a connection the store dropped, runs once more on a new one.
            return conditional(data_etag(revision_names),
                               lambda: once_more_if_dropped(lambda: view(*args, **kwargs)))
        return wrapper
    return decorate


def revalidated_in_one_trip(when: Callable[[], bool] = lambda: True) -> Callable:
    """As :func:`revalidated`, for a view whose main statement reads the revisions' sum
    with its answer (``queries.REVISIONS_SUM``: a page of items, a tile) for the requests
    ``when()`` tells.

    Such a request that holds no ETag has no 304 to hope for: it is answered first, under
    the revisions heard of (:func:`heard_revisions`) or else those its database last
    showed this process, and tagged with them if the answer was read at them (its round
    trip and snapshot read their sum). Where it was not (a write came between), or nothing
    was read (an empty page, a tile remembered) under revisions not heard of, or the
    connection was dropped, the answer is made again as :func:`revalidated` makes it,
    revisions first. Under revisions heard of, an answer that read nothing stands, as every
    answer of :func:`revalidated` made under them does.
    """
    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(*args, **kwargs) -> Response:
            def build() -> Any:
                return view(*args, **kwargs)
            if not request.if_none_match and when():
                expected, heard = heard_revisions(), True
                if expected is None:
                    expected, heard = _LAST_SEEN.get(get_conn().engine.url), False
                response = (None if expected is None
                            else _answered_under(expected, heard, build))
                if response is not None:
                    return response
            return conditional(data_etag(), lambda: once_more_if_dropped(build))
        return wrapper
    return decorate


def _answered_under(expected: tuple, heard: bool,
                    build: Callable[[], Any]) -> Response | None:
    """The response ``build()`` makes under the ``expected`` revisions, tagged, or None
    unless its statement read their sum (or, when they were ``heard`` of, read none)."""
    g.data_revisions = expected
    try:
        response = make_response(build())
    except DBAPIError as exc:
        if not exc.connection_invalidated:
            raise
        close_conn()
        g.pop("data_revisions")
        return None
    read = queries.revisions_read(get_conn())
    if read == queries.revisions_sum(expected) or (read is None and heard):
        return _tagged(response, data_etag())
    g.pop("data_revisions")
    if read is not None:  # a change not heard of yet: the revisions are asked for
        g.data_revisions = asked_revisions()
    return None


def conditional(etag: str, build: Callable[[], Any]) -> Response:
    """Answer 304 when the client holds ``etag``, else the 200 response ``build()`` makes,
    tagged with it."""
    if request.if_none_match.contains_weak(etag):  # weak: gzip weakens it
        return _tagged(Response(status=304), etag)
    return _tagged(make_response(build()), etag)


def _tagged(response: Response, etag: str) -> Response:
    """A 200 or 304 ``response`` tagged with ``etag``, cacheable by shared caches; any
    other left as it is."""
    if response.status_code not in (200, 304):
        return response
    response.set_etag(etag)
    response.headers["Cache-Control"] = CACHE_CONTROL
    vary_on(response, "Accept-Language")
    if not current_app.config["PUBLIC_URL"]:
        vary_on(response, "Host")  # absolute links are made from it
    return response


def vary_on(response: Response, header: str) -> None:
    """Add ``header`` to the response's Vary, as ``response.vary.add`` does, without
    parsing the header into a set and writing it back on every call."""
    current = response.headers.get("Vary")
    if not current:
        response.headers["Vary"] = header
    elif header.lower() not in {name.strip().lower() for name in current.split(",")}:
        response.headers["Vary"] = f"{current}, {header}"
