"""Twinning candidates on the web: ``/api/candidates`` (JSON) and the ``/candidates`` page."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify, render_template, request, url_for
from werkzeug.datastructures import MultiDict

from geoapp import params
from geoapp.candidates import (
    MAX_LIMIT,
    MAX_RADIUS_KM,
    SCOPES,
    Shortlist,
    candidates_near,
    shortlist_csv,
    shortlist_json,
    shortlist_rows,
)
from geoapp.errors import ParameterError
from geoapp.maps.candidates import candidates_map
from geoapp.store.models import PLACE_KINDS
from geoapp.store.queries import PlaceFilter, find_places
from geoapp.web.db import get_conn
from geoapp.web.links import with_query

bp = Blueprint("candidates", __name__)

SEARCH_RESULTS = 20
SEARCH_KEYS = ("radius_km", "limit", "kind", "scope", "region", "programme")


def search_args(args: MultiDict) -> dict:
    """The search parameters given in a request; blank ones take their defaults."""
    found = {key: args.get(key, "").strip() for key in SEARCH_KEYS}
    return {key: value for key, value in found.items() if value}


def find_shortlist(args: MultiDict) -> Shortlist:
    """Run the search a request asks for; ParameterError names what is wrong."""
    place_id = params.text("place", args.get("place"), 200)
    if not place_id:
        raise ParameterError("place", "give the id of a place (?place=...)")
    return candidates_near(get_conn(), place_id, **search_args(args))


@bp.get("/api/candidates")
def api_candidates():
    """The place, then its candidates nearest first, as JSON; 400 naming a bad parameter."""
    return jsonify(shortlist_json(find_shortlist(request.args)))


@bp.get("/candidates")
def candidates_page():
    """Search a place by name, then see its candidates on a map and in a table, or as CSV."""
    args, shortlist, error, status = request.args, None, None, 200
    if args.get("place"):
        try:
            shortlist = find_shortlist(args)
        except ParameterError as exc:
            error, status = exc, 400
    if shortlist is not None and args.get("f") == "csv":
        return csv_download(shortlist)
    return render_template(
        "candidates.html", shortlist=shortlist, error=error, found=name_search(args),
        rows=shortlist_rows(shortlist) if shortlist else [], map=page_map(shortlist),
        kinds=PLACE_KINDS, scopes=SCOPES, max_radius=MAX_RADIUS_KM, max_limit=MAX_LIMIT,
        csv_url=with_query("candidates.candidates_page", f="csv"),
        args=args), status


def name_search(args: MultiDict) -> list:
    """Places whose name contains ``?q=``, to pick one from."""
    q = params.text("q", args.get("q", "")[:200])
    if not q:
        return []
    return find_places(get_conn(), PlaceFilter(q=q), limit=SEARCH_RESULTS)


def page_map(shortlist: Shortlist | None):
    """The map of a shortlist, or None before a place is chosen."""
    if shortlist is None:
        return None
    card = url_for("pages.place_card", place_id="PLACE").replace("PLACE", "{id}")
    return candidates_map(shortlist.place, shortlist.candidates,
                          tile_url=current_app.config["TILE_URL"],
                          attribution=current_app.config["TILE_ATTRIBUTION"], card_url=card)


def csv_download(shortlist: Shortlist) -> Response:
    """The shortlist as a CSV file named after the place."""
    name = "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in shortlist.place.id)
    return Response(shortlist_csv(shortlist), mimetype="text/csv",
                    headers={"Content-Disposition":
                             f'attachment; filename="candidates-{name}.csv"'})
