"""Migration 0009 on both stores: an activity's ``status`` becomes its ``review_state``."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import command

from geoapp.store import collections, schema
from geoapp.store.collections import ItemQuery
from geoapp.store.queries import PlaceFilter


def migrate(store, revision: str, down: bool = False) -> None:
    config = schema._alembic_config()
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)


def states(store, column: str) -> dict[str, str]:
    with store.engine.connect() as conn:
        return dict(conn.execute(sa.text(f"SELECT id, {column} FROM activities")).all())


def test_statuses_become_review_states_and_the_map_still_finds_activities(store):
    migrate(store, "0008", down=True)
    assert states(store, "status")["world:proposed"] == "proposed"
    migrate(store, "head")
    found = states(store, "review_state")
    assert found["world:proposed"] == "pending" and found["world:memorandum"] == "published"
    with store.engine.connect() as conn:  # the spatial index still answers a bbox
        items = collections.find_items(conn, ItemQuery(
            "activities", PlaceFilter(bbox=(27.0, 47.0, 28.0, 48.0))), 10, 0)
    assert [item["id"] for item in items] == ["world:balti-signing", "world:balti-visit"]
