"""The pages people open: the map (``/``), a place card, and the local tiles of tests."""

from __future__ import annotations

from flask import Blueprint, render_template

bp = Blueprint("pages", __name__)


@bp.get("/")
def index():
    """The map."""
    return render_template("base.html")
