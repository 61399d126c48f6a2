"""One connection per request, opened on first use and released at teardown."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask, current_app, g, has_request_context, request
from sqlalchemy import Connection

from geoapp import layerdata
from geoapp.maps.regions import RegionAtlas
from geoapp.store import get_store

READS = ("GET", "HEAD", "OPTIONS")


def get_conn() -> Connection:
    """This request's connection to the store."""
    if "conn" not in g:
        conn = get_store(current_app).engine.connect()
        if has_request_context() and request.method in READS:
            # A read needs no transaction: no BEGIN before it, no ROLLBACK after it.
            conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        g.conn = conn
    return g.conn


def get_atlas() -> RegionAtlas:
    """The store's regions, as fresh as its last load."""
    return layerdata.region_atlas(get_store(current_app), get_conn())


def close_conn(_error: BaseException | None = None) -> None:
    """Give the request's connection back to the pool."""
    conn = g.pop("conn", None)
    if conn is not None:
        conn.close()


def init_app(app: Flask) -> None:
    """Release each request's connection when the request ends."""
    app.teardown_appcontext(close_conn)


@contextmanager
def writing() -> Iterator[Connection]:
    """This request's connection inside a transaction: committed at the end, or rolled back."""
    conn = get_conn()
    if conn.in_transaction():
        conn.commit()  # ends the reads so far; the write starts a transaction of its own
    with conn.begin():
        yield conn
