"""gzip for responses of more than a few KB, when the client says it accepts it.

Level 5: within a few percent of the smallest output at a fraction of level 9's time.
A compressed response's ETag becomes weak (the bytes differ, the data does not), which
is what ``@revalidated`` compares, as nginx does for what it compresses.
"""

from __future__ import annotations

import gzip

from flask import Response, request

from geoapp.web.caching import vary_on

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
    # The size first: most answers are too small, and need no Accept-Encoding parsed.
    if not _worth_compressing(response) or "gzip" not in request.accept_encodings:
        return response
    response.set_data(gzip.compress(response.get_data(), LEVEL, mtime=0))
    response.headers["Content-Encoding"] = "gzip"
    etag, weak = response.get_etag()
    if etag and not weak:
        response.set_etag(etag, weak=True)
    return response

