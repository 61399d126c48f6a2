"""One connection per request, opened on first use and released at teardown.

A reader's GET is answered from a read replica when the store has some; writes, and
every request of a writer (signed in, or with an API token), read and write on the
primary, so that writers see their own changes at once and revisions never go back for them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from flask import Flask, current_app, g, has_request_context, request
from sqlalchemy import Connection

from geoapp.store import get_store, queries

READS = ("GET", "HEAD", "OPTIONS")


def get_conn() -> Connection:
    """This request's connection to the store."""
    if "conn" not in g:
        g.conn = opener()()
        queries.revisions_read(g.conn)  # forgets what an earlier request read on it
    return g.conn


def opener() -> Callable[[], Connection]:
    """How this request opens a connection: to a replica for a reader's read, else to the
    primary. A read runs without a transaction: no BEGIN before it, no ROLLBACK after it."""
    store = get_store(current_app)
    if not has_request_context() or request.method not in READS:
        return store.engine.connect
    connect = store.engine.connect if from_a_writer() else store.read_connection
    return lambda: connect().execution_options(isolation_level="AUTOCOMMIT")


def from_a_writer() -> bool:
    """Whether the request may come from someone who writes: it carries the session cookie
    (signed in, or opening the sign-in form) or an API token. Told without opening the
    session, so that readers' answers do not vary by cookie."""
    return (current_app.config["SESSION_COOKIE_NAME"] in request.cookies
            or "Authorization" in request.headers)


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
