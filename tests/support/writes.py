"""What the tests of writes share: API request bodies and headers, and the history's size."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from geoapp.store.models import Change


def auth(token: str, **headers) -> dict:
    """Headers that carry a bearer token."""
    return {"Authorization": f"Bearer {token}", **headers}


def feature(properties: dict, geometry=None) -> str:
    """A GeoJSON Feature as the API's writes take it."""
    return json.dumps({"type": "Feature", "geometry": geometry, "properties": properties})


def changes(store) -> int:
    """How many changes the store's history holds."""
    with store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(Change.__table__)).scalar()
