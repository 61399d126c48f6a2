"""gzip for responses of more than a few KB, when the client says it accepts it.

Level 5: within a few percent of the smallest output at a fraction of level 9's time.
A compressed response's ETag becomes weak (the bytes differ, the data does not), which
is what ``@revalidated`` compares, as nginx does for what it compresses. A tile large
enough to be kept in memory is kept gzipped too (:func:`kept_response`).
"""

from __future__ import annotations

import gzip

from flask import Response, request

from geoapp.store import tiles
from geoapp.web.caching import data_revisions, vary_on
from geoapp.web.db import get_conn

SMALLEST = 2048
LEVEL = 5
MEDIA = ("application/json", "application/geo+json", "text/", "application/javascript",
         "image/svg+xml", "application/vnd.oai.openapi+json", "application/vnd.mapbox-vector-tile")


def _worth_compressing(response: Response) -> bool:
    return (response.status_code == 200 and not response.direct_passthrough
            and not response.is_streamed and "Content-Encoding" not in response.headers
            and response.mimetype.startswith(MEDIA)
            and (response.content_length or 0) >= SMALLEST)


def compress(response: Response) -> Response:
    """gzip the body when it is large and the client accepts gzip."""
    if response.status_code == 200 and response.mimetype.startswith(MEDIA):
        vary_on(response, "Accept-Encoding")
    if response.headers.get("Content-Encoding") == "gzip":  # kept_response's, gzipped once
        _weaken_etag(response)
        return response
    # The size first: most answers are too small, and need no Accept-Encoding parsed.
    if not _worth_compressing(response) or "gzip" not in request.accept_encodings:
        return response
    response.set_data(gzipped(response.get_data()))
    response.headers["Content-Encoding"] = "gzip"
    _weaken_etag(response)
    return response


def gzipped(body: bytes) -> bytes:
    """``body`` compressed as every response is."""
    return gzip.compress(body, LEVEL, mtime=0)


def _weaken_etag(response: Response) -> None:
    etag, weak = response.get_etag()
    if etag and not weak:
        response.set_etag(etag, weak=True)


def kept_response(body: bytes, mimetype: str, revisions: tuple | None = None) -> Response:
    """The response of a body that may be kept in memory from one request to the next: a
    tile, the region picker's choices. One large enough to be kept
    (:func:`geoapp.store.tiles.large_tile`) is kept gzipped beside it for clients that take
    gzip, as browsers do: compressing a z6 tile of schools (1.1 MB) took 16 ms a request,
    sending the kept tile 3 ms. The gzip is kept by the body's bytes, which a kept body
    shares with every request for it, under the same ``revisions`` of the data (those the
    body depends on; default all)."""
    if len(body) < tiles.REMEMBERED_FROM or "gzip" not in request.accept_encodings:
        return Response(body, mimetype=mimetype)  # gzipped by compress() when worth it
    revisions = data_revisions() if revisions is None else revisions
    packed = tiles.large_tile(get_conn(), revisions, ("gzip", body),
                              lambda: gzipped(body), size=len(body))
    response = Response(packed, mimetype=mimetype)
    response.headers["Content-Encoding"] = "gzip"
    return response

