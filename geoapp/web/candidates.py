"""Twinning candidates on the web: ``/api/candidates`` (JSON), the ``/candidates`` page with
its CSV, and ``/candidates/print``, an A4 page with the map and the table for a meeting."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from geoapp import params, ranking
from geoapp.candidates import (
    EXPORT_MAX,
    MAX_LIMIT,
    MAX_RADIUS_KM,
    RANKINGS,
    SCOPES,
    ZONES,
    Shortlist,
    candidates_near,
)
from geoapp.errors import N_, ParameterError
from geoapp.maps.candidates import candidates_map
from geoapp.maps.regions import RegionAtlas
from geoapp.shortlist import Words, shortlist_csv, shortlist_json, shortlist_rows
from geoapp.store.models import PLACE_KINDS
from geoapp.store.queries import PlaceFilter, find_places, programme_names
from geoapp.web import i18n
from geoapp.web.caching import data_revisions, get_atlas
from geoapp.web.db import get_conn
from geoapp.web.errors import translated
from geoapp.web.links import with_query

bp = Blueprint("candidates", __name__)

SEARCH_RESULTS = 20
SEARCH_KEYS = ("radius_km", "limit", "page", "kind", "scope", "region", "programme",
               "occupied", "country", "zone", "rank", *ranking.WEIGHT_PARAMS)
# The regions a planner picks from: countries, oblasts and raions (hromadas are too many).
PICKER_LEVELS = ("country", "oblast", "raion")


def search_args(args: MultiDict) -> dict:
    """The search parameters given in a request; blank ones take their defaults."""
    found = {key: args.get(key, "").strip() for key in SEARCH_KEYS}
    return {key: value for key, value in found.items() if value}


def find_shortlist(args: MultiDict, export: bool = False) -> Shortlist:
    """Run the search a request asks for; ParameterError names what is wrong."""
    place_id = params.text("place", args.get("place"), 200)
    if not place_id:
        raise ParameterError("place", N_("give the id of a place (?place=...)"))
    return candidates_near(get_conn(), place_id, i18n.current_language(), export,
                           dict(data_revisions()), **search_args(args))


@bp.get("/api/candidates")
def api_candidates():
    """The place, the total within the radius, then a page of candidates, as JSON."""
    return jsonify(shortlist_json(find_shortlist(request.args)))


@bp.get("/candidates")
def candidates_page():
    """Search a place by name, then see its candidates on a map and in a table, or as CSV."""
    if request.args.get("place") and request.args.get("f") == "csv":
        return csv_download(find_shortlist(request.args, export=True))
    return render_shortlist("candidates.html")


@bp.get("/candidates/print")
def print_page():
    """The shortlist on an A4 page: the search, the map and the table, for a meeting."""
    return render_shortlist("candidates_print.html")


def render_shortlist(template: str):
    """A page of the shortlist the request asks for, or of the error that stops it."""
    args, shortlist, error, status = request.args, None, None, 200
    if args.get("place"):
        try:
            shortlist = find_shortlist(args)
        except ParameterError as exc:
            error, status = translated(exc), 400
    lang, atlas = i18n.current_language(), get_atlas()
    programmes = programme_names(get_conn(), lang)
    words = page_words(programmes)
    return render_template(
        template, shortlist=shortlist, error=error, found=name_search(args), args=args,
        rows=shortlist_rows(shortlist, words) if shortlist else [], words=words,
        map=page_map(shortlist), kinds=PLACE_KINDS, scopes=SCOPES, zones=ZONES,
        rankings=RANKINGS, max_radius=MAX_RADIUS_KM, max_limit=MAX_LIMIT,
        export_max=EXPORT_MAX, programmes=programmes, regions=region_choices(atlas, lang),
        region_name=lambda code: atlas.name(code, lang), weights=ranking.Weights(),
        labels=i18n, url_with=url_with), status


def url_with(**changes) -> str:
    """This page's URL with some parameters changed (None drops one)."""
    return with_query(request.endpoint, **changes)


def page_words(programmes: dict[str, str]) -> Words:
    """The words of a shortlist in the reader's language."""
    headers = {"rank": "#", "name": _("Name"), "kind": _("Kind"), "type": _("Type"),
               "hromada": _("Hromada"), "raion": _("Raion"), "oblast": _("Oblast / region"),
               "country": _("Country"), "situation": _("Hostilities and occupation list"),
               "distance_km": _("Distance, km"), "bearing_deg": _("Bearing, °"),
               "shared_programmes": _("Shared programmes"), "partner_count": _("Partners"),
               "cooperating": _("Hromadas cooperate"), "same_type": _("Same type"),
               "score": _("Best-match score"), "id": _("Id"), "lon": _("Longitude"),
               "lat": _("Latitude")}
    return Words(headers=headers, kinds=i18n.words(i18n.KIND_LABELS),
                 statuses=i18n.words(i18n.REGION_STATUS_LABELS), programmes=programmes,
                 since=_("since %(date)s"), yes=_("yes"), no=_("no"),
                 decimal="." if i18n.current_language() == "en" else ",")


def region_choices(atlas: RegionAtlas, lang: str) -> tuple[tuple[str, str, int], ...]:
    """(code, name, depth) of the countries, oblasts and raions, each under its parent; made
    once per language and regions' load."""
    return atlas.derived(("picker", lang), lambda: _region_tree(atlas, lang))


def _region_tree(atlas: RegionAtlas, lang: str) -> tuple[tuple[str, str, int], ...]:
    shown: list[tuple[str, str, int]] = []

    def walk(parent: str | None, depth: int) -> None:
        kids = [c for c in atlas.children(parent) if atlas.levels.get(c) in PICKER_LEVELS]
        for code in sorted(kids, key=lambda c: ranking.name_key(atlas.name(c, lang))):
            shown.append((code, atlas.name(code, lang), depth))
            walk(code, depth + 1)

    walk(None, 0)
    return tuple(shown)


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
    """Every candidate within the radius (up to EXPORT_MAX) as a CSV file for a spreadsheet."""
    name = "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in shortlist.place.id)
    words = page_words(programme_names(get_conn(), i18n.current_language()))
    return Response(shortlist_csv(shortlist, words).encode("utf-8"),
                    mimetype="text/csv", headers={
                        "Content-Disposition": f'attachment; filename="candidates-{name}.csv"'})
