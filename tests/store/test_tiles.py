"""The query of a collection's tiles runs on the driver's cursor, planned for each tile: a
plan made once for any tile can be far from the best for one (a z6 tile of closed
schools took a quarter longer on PostgreSQL's generic plan)."""

from __future__ import annotations

import mapbox_vector_tile

from geoapp.store.collections import ItemQuery
from geoapp.store.tiles import find_tile
from tests.api.test_tiles import KREMENCHUK, tile_of


def test_each_tile_is_planned_for_its_own_area(store, store_kind):
    with store.engine.connect() as conn:
        for z in (8, 12, 14, 8, 8, 8, 8, 8):  # more than the 5 before a generic plan
            body = find_tile(conn, ItemQuery("places"), tile_of(*KREMENCHUK, z), "schools")
            ids = {f["properties"]["id"] for f in mapbox_vector_tile.decode(body)["schools"]
                   ["features"]}
            assert "edebo:1001" in ids
        if store_kind == "postgis":
            statements = conn.exec_driver_sql("SELECT statement FROM pg_prepared_statements")
            assert not [text for (text,) in statements if "ST_AsMVT" in text]
