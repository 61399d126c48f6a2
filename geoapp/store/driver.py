"""Statements run on the driver's own cursor: the API's most frequent reads.

For a single item, SQLAlchemy's execution (the statement's cache key, result metadata
built from the cursor's description, a Row around each row) cost as much of the app's CPU
as the query itself, and PostgreSQL spent three times as long parsing and planning the
statement as running it. Here a statement is compiled once per kind of store, SQLAlchemy
still binds its parameters (expanding IN lists, converting values), and its rows are the
driver's tuples. A statement whose plan fits every parameter, such as a lookup by key,
may be ``prepared``: on PostGIS it is then parsed and planned once per connection.
SQLAlchemy's ``before_cursor_execute`` listeners still see each statement (with no
execution context, which the event allows); they cannot rewrite it.

A failure is raised as SQLAlchemy raises it, a :class:`~sqlalchemy.exc.DBAPIError`; when
the store dropped the connection (a restart, a failover), the error says so
(``connection_invalidated``) and the pool marks every connection it opened until then
as invalid, as SQLAlchemy does: each is closed and opened anew at its next checkout,
those checked out at the time included.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Select
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.compiler import Compiled, ExpandedState

from geoapp.store import dialect


def rows(conn: Connection, statement: Select, params: dict[str, Any] | None = None,
         prepared: bool = False) -> list[tuple]:
    """The rows of ``statement`` with ``params``, as the driver's tuples in the order of the
    statement's columns."""
    state = _compiled(statement, conn.dialect).construct_expanded_state(params)
    values = _bound(state)
    if not conn.in_transaction():
        conn.begin()  # as SQLAlchemy's own execute begins (nothing is sent in autocommit)
    driver = conn.connection.dbapi_connection
    cursor = driver.cursor()
    for listener in conn.dispatch.before_cursor_execute:  # as SQLAlchemy tells them
        listener(conn, cursor, state.statement, values, None, False)
    try:
        dialect.run_on_cursor(conn, cursor, state.statement, values, prepared)
        return cursor.fetchall()
    except conn.dialect.loaded_dbapi.Error as exc:
        raise _failure(conn, exc, state.statement, values, cursor) from exc
    finally:
        cursor.close()


@lru_cache(maxsize=512)
def _compiled(statement: Select, sql_dialect: Dialect) -> Compiled:
    # Statements are built once and kept (lru_cache where they are made), so a statement
    # object and a store's SQLAlchemy dialect identify its compiled form.
    return statement.compile(dialect=sql_dialect)


def _bound(state: ExpandedState) -> dict[str, Any] | tuple:
    """The parameters as the driver takes them: converted, and in order for SQLite's ``?``."""
    values = {name: state.processors[name](value) if name in state.processors else value
              for name, value in state.parameters.items()}
    if state.positiontup is None:
        return values
    return tuple(values[name] for name in state.positiontup)


def _failure(conn: Connection, exc: Exception, statement: str, values: Any,
             cursor: Any) -> DBAPIError:
    """SQLAlchemy's error for the driver's ``exc``; if the store dropped the connection,
    the pool's connections opened until then are marked to be replaced."""
    dropped = conn.dialect.is_disconnect(exc, conn.connection.dbapi_connection, cursor)
    if dropped:  # its other connections went with this one: each is replaced at checkout
        conn.engine.pool._invalidate(conn.connection, exc)  # as SQLAlchemy's execute does
        conn.invalidate(exc)
    return DBAPIError.instance(statement, values, exc, conn.dialect.loaded_dbapi.Error,
                               connection_invalidated=dropped, dialect=conn.dialect)
