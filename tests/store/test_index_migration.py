"""Migration 0011 on both stores: places' geography index goes on PostGIS, nothing else."""

from __future__ import annotations

from tests.ingest.test_large_loads import indexes
from tests.store.test_activity_migration import migrate


def names(store) -> set[str]:
    return {name for name, _definition in indexes(store)}


def test_only_the_geography_index_goes_and_a_downgrade_brings_it_back(store, store_kind):
    at_head = names(store)
    migrate(store, "0010", down=True)
    before = names(store)
    migrate(store, "head")
    assert names(store) == at_head
    assert before - at_head == ({"idx_places_geog"} if store_kind == "postgis" else set())
    assert at_head <= before
