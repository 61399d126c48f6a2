"""The query of a collection's tiles runs on the driver's cursor. A near tile of points
(zoom 8 and more) is a small area that the spatial index finds whatever the filters: its
query is prepared, and the plan PostgreSQL then keeps for any such tile must still find
each tile's own places. A far tile is planned for its own area (a z6 tile of closed
schools took 7-43% longer on a plan kept for any tile)."""

from __future__ import annotations

import mapbox_vector_tile

from geoapp.store.collections import ItemQuery
from geoapp.store.tiles import PREPARED_FROM, find_tile
from tests.api.test_tiles import KREMENCHUK, tile_of

LVIV = (24.03, 49.84)


def ids_of(conn, lon: float, lat: float, z: int) -> set[str]:
    body = find_tile(conn, ItemQuery("places"), tile_of(lon, lat, z), "schools")
    layer = mapbox_vector_tile.decode(body).get("schools", {"features": []})  # none: no layer
    return {f["properties"]["id"] for f in layer["features"]}


def test_each_near_tile_finds_its_own_places(store, store_kind):
    with store.engine.connect() as conn:
        for z in (8, 12, 14, 8, 8, 8, 8, 8):  # more than the 5 runs before a kept plan
            assert "edebo:1001" in ids_of(conn, *KREMENCHUK, z)
            assert "edebo:1001" not in ids_of(conn, *LVIV, z)
        assert "edebo:1001" in ids_of(conn, *KREMENCHUK, PREPARED_FROM - 1)
        if store_kind == "postgis":
            runs = conn.exec_driver_sql(
                "SELECT generic_plans + custom_plans FROM pg_prepared_statements "
                "WHERE statement LIKE '%%ST_AsMVT%%'").scalars().all()
            assert runs == [16]  # the near tiles' statement, one for all; the far one not
