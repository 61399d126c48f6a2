"""The floor of the OGC API's page of 1,000 schools in a bbox: its query on an open psycopg
connection, the rows made into GeoJSON features and encoded with orjson; no framework, no
ETag, no count. What no server of that page can go below.

bench_api times it in one process (no HTTP), and serves it (``served``, a WSGI app on
geoapp's own server, ``GET /?bbox=w,s,e,n``), so that the page's time over its floor splits
into what HTTP and the server take and what the app takes.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from urllib.parse import parse_qs

import orjson
import psycopg

from geoapp.store.sources import PROPERTIES

NAMES = PROPERTIES["places"]
QUERY = (f"SELECT id, {', '.join(NAMES)}, ST_X(geom), ST_Y(geom) FROM places "
         "WHERE kind = 'school' AND geom && ST_MakeEnvelope(%s, %s, %s, %s, 4326) "
         "ORDER BY id LIMIT 1000")


def connect(url: str) -> psycopg.Connection:
    """A psycopg connection to the store of a GEOAPP_DATABASE_URL."""
    return psycopg.connect(url.replace("postgresql+psycopg", "postgresql"), autocommit=True)


def floor_page(conn: psycopg.Connection, box: list[float]) -> bytes:
    """The page of the schools in ``box`` (west, south, east, north) as GeoJSON."""
    rows = conn.execute(QUERY, box).fetchall()
    return orjson.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": row[0],
         "geometry": {"type": "Point", "coordinates": [row[-2], row[-1]]},
         "properties": dict(zip(NAMES, row[1:-2], strict=True))} for row in rows]})


def served() -> Callable:
    """The floor as a WSGI app on GEOAPP_DATABASE_URL, a connection per server thread."""
    url, local = os.environ["GEOAPP_DATABASE_URL"], threading.local()

    def app(environ: dict, start_response: Callable) -> Iterable[bytes]:
        if not hasattr(local, "conn"):
            local.conn = connect(url)
        box = [float(v) for v in parse_qs(environ["QUERY_STRING"])["bbox"][0].split(",")]
        body = floor_page(local.conn, box)
        start_response("200 OK", [("Content-Type", "application/geo+json"),
                                  ("Content-Length", str(len(body)))])
        return [body]
    return app
