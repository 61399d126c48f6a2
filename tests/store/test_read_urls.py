"""GEOAPP_DATABASE_READ_URLS is checked at start-up: each URL a PostgreSQL server, the
primary PostGIS, and an error that names the variable and the URL (without its password)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from geoapp import create_app
from geoapp.cli import main
from geoapp.store.engine import replica_urls

PRIMARY = "postgresql+psycopg://geoapp@db-primary/geoapp"
REPLICA = "postgresql+psycopg://geoapp@db-replica-{}/geoapp"


def test_urls_are_split_on_commas_and_blanks_are_ignored():
    raw = f" {REPLICA.format(1)} ,, {REPLICA.format(2)},"
    assert replica_urls(raw, PRIMARY) == [REPLICA.format(1), REPLICA.format(2)]
    assert replica_urls("", PRIMARY) == [] and replica_urls(None, PRIMARY) == []


@pytest.mark.parametrize(("raw", "message"), [
    ("not a url", "GEOAPP_DATABASE_READ_URLS: URL 1 is not a PostgreSQL URL"),
    (f"{REPLICA.format(1)},mysql://reader:s3cret@db/geoapp",
     r"GEOAPP_DATABASE_READ_URLS: URL 2 \(mysql://reader:\*\*\*@db/geoapp\) is not"),
    ("sqlite:///replica.sqlite", "URL 1 .* is not a PostgreSQL URL"),
])
def test_a_url_that_is_not_postgresql_is_named(raw, message):
    with pytest.raises(ValueError, match=message) as caught:
        replica_urls(raw, PRIMARY)
    assert "s3cret" not in str(caught.value)


def test_replicas_need_a_postgis_primary(tmp_path):
    with pytest.raises(ValueError, match="GEOAPP_DATABASE_READ_URLS: .*PostGIS primary"):
        replica_urls(REPLICA.format(1), f"sqlite:///{tmp_path / 'geoapp.sqlite'}")


def test_the_app_refuses_to_start_with_a_bad_read_url(tmp_path):
    with pytest.raises(ValueError, match="GEOAPP_DATABASE_READ_URLS: URL 1"):
        create_app({"TESTING": True, "DATABASE_URL": PRIMARY,
                    "DATABASE_READ_URLS": "http://replica.example/"})


def test_serve_refuses_a_bad_read_url_before_starting_workers(monkeypatch):
    monkeypatch.setenv("GEOAPP_DATABASE_URL", PRIMARY)
    monkeypatch.setenv("GEOAPP_DATABASE_READ_URLS", "replica-1:5432")
    result = CliRunner().invoke(main, ["serve"])
    assert result.exit_code == 1
    assert "GEOAPP_DATABASE_READ_URLS: URL 1" in result.output
