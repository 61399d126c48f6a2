"""The store's engines: PostgreSQL connections without parallel query unless the URL asks."""

from __future__ import annotations

from sqlalchemy import text

from geoapp.store.engine import RECYCLE_SECONDS, make_engine


def parallel_workers(url: str) -> str:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SHOW max_parallel_workers_per_gather")).scalar()
    finally:
        engine.dispose()


def test_postgresql_connections_run_without_parallel_query(postgis_url) -> None:
    assert parallel_workers(postgis_url) == "0"


def test_options_in_the_url_win(postgis_url) -> None:
    separator = "&" if "?" in postgis_url else "?"
    asked = f"{postgis_url}{separator}options=-c%20max_parallel_workers_per_gather%3D3"
    assert parallel_workers(asked) == "3"


def test_pgoptions_of_the_environment_still_apply(postgis_url, monkeypatch) -> None:
    monkeypatch.setenv("PGOPTIONS", "-c statement_timeout=4321")
    engine = make_engine(postgis_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SHOW statement_timeout")).scalar() == "4321ms"
            assert conn.execute(text("SHOW max_parallel_workers_per_gather")).scalar() == "0"
    finally:
        engine.dispose()


def test_the_pool_lends_the_connection_last_given_back(postgis_url) -> None:
    """After a burst, one client's requests keep to one warm connection, not each idle one
    in turn."""
    engine = make_engine(postgis_url)
    try:
        first, second = engine.connect(), engine.connect()
        backends = [conn.execute(text("SELECT pg_backend_pid()")).scalar()
                    for conn in (first, second)]
        first.close()
        second.close()
        for _ in range(3):
            with engine.connect() as conn:
                assert conn.execute(text("SELECT pg_backend_pid()")).scalar() == backends[1]
    finally:
        engine.dispose()


def test_a_connection_long_in_the_pool_is_replaced(postgis_url) -> None:
    """One left at the bottom of the pool may idle past a firewall's timeout: once
    RECYCLE_SECONDS old it is opened anew rather than lent."""
    engine = make_engine(postgis_url)
    try:
        with engine.connect() as conn:
            backend = conn.execute(text("SELECT pg_backend_pid()")).scalar()
            record = conn.connection._connection_record
        with engine.connect() as conn:
            assert conn.execute(text("SELECT pg_backend_pid()")).scalar() == backend
        record.starttime -= RECYCLE_SECONDS + 1
        with engine.connect() as conn:
            assert conn.execute(text("SELECT pg_backend_pid()")).scalar() != backend
    finally:
        engine.dispose()
