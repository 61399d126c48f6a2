"""The query of a collection's tiles is prepared: PostGIS parses and plans it once per
connection, whichever tile is asked for."""

from __future__ import annotations

import mapbox_vector_tile

from geoapp.store.collections import ItemQuery
from geoapp.store.tiles import find_tile
from tests.api.test_tiles import KREMENCHUK, tile_of


def test_the_tile_query_is_planned_once_for_every_tile(store, store_kind):
    with store.engine.connect() as conn:
        for z in (8, 12, 14, 8):
            body = find_tile(conn, ItemQuery("places"), tile_of(*KREMENCHUK, z), "schools")
            ids = {f["properties"]["id"] for f in mapbox_vector_tile.decode(body)["schools"]
                   ["features"]}
            assert "edebo:1001" in ids
        if store_kind == "postgis":
            statements = conn.exec_driver_sql("SELECT statement FROM pg_prepared_statements")
            assert ["ST_AsMVT" in text for (text,) in statements] == [True]
