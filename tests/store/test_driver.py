"""Statements run on the driver's cursor give SQLAlchemy's rows and raise SQLAlchemy's
errors, on both stores."""

import datetime as dt
import gc

import pytest
from sqlalchemy import Integer, bindparam, cast, column, select, table
from sqlalchemy.exc import DBAPIError

from geoapp.store import driver
from geoapp.store.queries import partnerships

# An expanding IN list and a date (which SQLite's driver takes as text) among the values.
SINCE = (select(partnerships.c.id, partnerships.c.status, partnerships.c.start_date)
         .where(partnerships.c.status.in_(bindparam("statuses", expanding=True)))
         .where(partnerships.c.start_date >= bindparam("since"))
         .order_by(partnerships.c.id))


def plain(value):
    return value.isoformat() if isinstance(value, dt.date) else value


@pytest.mark.parametrize("statuses", [["active"], ["active", "planned", "ended"]])
@pytest.mark.parametrize("since", [dt.date(2000, 1, 1), dt.date(2024, 6, 1)])
def test_rows_are_sqlalchemys(store, statuses, since):
    params = {"statuses": statuses, "since": since}
    with store.engine.connect() as conn:
        expected = [tuple(map(plain, row)) for row in conn.execute(SINCE, params)]
        found = [tuple(map(plain, row)) for row in driver.rows(conn, SINCE, params)]
    assert found == expected
    assert found or since.year == 2024  # the fixture world has dated partnerships


def test_a_prepared_statement_is_parsed_once_per_connection(store, store_kind):
    with store.engine.connect() as conn:
        for _ in range(3):
            assert driver.rows(conn, SINCE, {"statuses": ["active"], "since": dt.date(2000, 1, 1)},
                               prepared=True)
        if store_kind == "postgis":
            statements = conn.exec_driver_sql("SELECT statement FROM pg_prepared_statements")
            assert ["partnerships.start_date >=" in text for (text,) in statements] == [True]


def test_an_error_is_sqlalchemys_and_leaves_the_connection_usable(store):
    missing = select(column("id")).select_from(table("no_such_table"))
    with store.engine.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        with pytest.raises(DBAPIError) as raised:
            driver.rows(conn, missing)
        assert not raised.value.connection_invalidated
        assert "no_such_table" in str(raised.value)
        number = select(cast(bindparam("text"), Integer))
        assert driver.rows(conn, number, {"text": "12"}) == [(12,)]


@pytest.mark.parametrize("store_kind", ["postgis"])
def test_a_dropped_connection_marks_every_older_one_to_be_replaced(store, store_kind):
    """After a restart of the server, the connection that met it and every other one the
    pool opened before are replaced at their next checkout, those checked out then too
    (an export streaming on its own): none is left open outside the pool."""
    engine, probe = store.engine, select(cast(bindparam("text"), Integer))
    held = engine.connect().execution_options(isolation_level="AUTOCOMMIT")  # as a reader's
    failing = engine.connect()
    held.exec_driver_sql("SELECT 1")
    failing.exec_driver_sql("SELECT 1")
    failing.rollback()
    with engine.connect() as admin:
        admin.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() "
            "AND application_name <> 'geoapp revisions'")
    with pytest.raises(DBAPIError) as raised:
        driver.rows(failing, probe, {"text": "1"})
    assert raised.value.connection_invalidated
    failing.close()
    held.close()  # checked in after the failure, as a streamed export's connection is
    with engine.connect() as first, engine.connect() as second:
        assert driver.rows(first, probe, {"text": "2"}) == [(2,)]
        assert driver.rows(second, probe, {"text": "3"}) == [(3,)]
    store.dispose()
    gc.collect()  # a connection the pool lost would be closed here, with a warning
