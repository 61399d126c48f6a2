"""``/healthz``: whether the store answers, for load balancers and people."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from sqlalchemy.exc import SQLAlchemyError

from geoapp.store import get_store, queries, schema
from geoapp.web.caching import deployed

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """Answer 200 with the store's kind and schema and the release's name (the same on
    every host of one release: see :func:`geoapp.web.caching.init_app`), or 503 when the
    store does not answer.

    Library versions are not shown: they tell an attacker what to try; operators read
    them with ``geoapp info``.
    """
    store = get_store(current_app)
    try:
        with store.engine.connect() as conn:
            queries.ping(conn)
        version = schema.schema_version(store)
    except (SQLAlchemyError, RuntimeError) as exc:
        current_app.logger.warning("store unreachable: %s", exc)
        response = jsonify(status="unavailable", store=store.kind,
                           error="the store does not answer")
        response.headers["Retry-After"] = "30"
        return response, 503
    return jsonify(status="ok", store=store.kind, schema=version,
                   release=deployed())
