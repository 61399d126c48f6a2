"""Pages by region: its successful practices and activities (with a map), and the catalogue
of teacher professional-development centres by oblast and hromada."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, current_app, render_template, request
from flask_babel import gettext as _

from geoapp import params
from geoapp.dates import Period
from geoapp.layerdata import MapFilters
from geoapp.layers import get_layers
from geoapp.maps.page import UKRAINE_BOUNDS, build_shell
from geoapp.maps.regions import RegionAtlas
from geoapp.regiontree import ancestor_at
from geoapp.store.activities import find_activities, places_of, years_span
from geoapp.store.collections import check_known
from geoapp.store.models import AREAS
from geoapp.store.queries import PlaceFilter, find_places, programme_names
from geoapp.web import i18n
from geoapp.web.caching import data_revisions, get_atlas
from geoapp.web.db import get_conn
from geoapp.web.pages import map_config, map_layer

bp = Blueprint("practices", __name__)

CATALOGUE_MAX = 10_000
# Half the side of the box framed around a single point, in degrees.
PADDING = 0.5


@bp.get("/practices")
def practices():
    """The practices and activities of a region's places, by area and year, on a map."""
    lang, conn = i18n.current_language(), get_conn()
    region = params.text("region", request.args.get("region"), 40)
    area = params.choice("area", request.args.get("area"), AREAS)
    year = params.integer("year", request.args.get("year"), 0, 1900, 2100) or None
    check_known(conn, region)
    during = Period(dt.date(year, 1, 1), dt.date(year, 12, 31)) if year else None
    events = find_activities(conn, PlaceFilter(region=region, area=area, during=during))
    held = places_of(conn, [event["id"] for event in events])
    atlas, programmes = get_atlas(), programme_names(conn, lang)
    filters = MapFilters(region=region, area=area, date_from=year and str(year),
                         date_to=year and str(year))
    shell = practices_map(lang, framing(held, atlas, region))
    span = years_span(conn, data_revisions())
    return render_template(
        "practices.html", events=events, held=held, region=region, area=area, year=year,
        where=[atlas.name(c, lang) for c in atlas.path(region)] if region else [],
        shell=shell, config=shell and map_config(shell.config, filters, lang, programmes),
        regions=atlas.options(region, lang), areas=AREAS, programme_names=programmes,
        years=list(range(span[1], span[0] - 1, -1)) if span else [], labels=i18n)


def practices_map(lang: str, bounds):
    """The map of the activities layer alone, or None when no layer shows activities."""
    app = current_app
    chosen = [map_layer(layer.model_copy(update={"visible": True}), lang)
              for layer in get_layers(app).values() if layer.source == "activities"]
    if not chosen:
        return None
    return build_shell(chosen, tile_url=app.config["TILE_URL"],
                       attribution=app.config["TILE_ATTRIBUTION"], basemap=_("Basemap"),
                       bounds=bounds, legend_title=_("Legend"))


def framing(held: dict[str, list[dict]], atlas: RegionAtlas, region: str | None):
    """((south, west), (north, east)) around the region and the activities' places."""
    corners = [(p["lat"], p["lon"]) for places in held.values() for p in places]
    if region and atlas.bounds(region):
        corners += list(atlas.bounds(region))
    if not corners:
        return UKRAINE_BOUNDS
    lats, lons = [c[0] for c in corners], [c[1] for c in corners]
    pad = PADDING if max(lats) - min(lats) + max(lons) - min(lons) < 2 * PADDING else 0
    return (min(lats) - pad, min(lons) - pad), (max(lats) + pad, max(lons) + pad)


@bp.get("/teacher-centres")
def teacher_centres():
    """The teacher development centres loaded, by oblast and hromada, with their sites."""
    lang, conn = i18n.current_language(), get_conn()
    region = params.text("region", request.args.get("region"), 40)
    check_known(conn, region)
    atlas = get_atlas()
    rows = find_places(conn, PlaceFilter(kinds=("teacher_centre",), region=region),
                       CATALOGUE_MAX)
    return render_template(
        "teacher_centres.html", groups=by_oblast_and_hromada(rows, atlas, lang),
        region=region, region_name=region and atlas.name(region, lang), total=len(rows),
        regions=atlas.options(region, lang), labels=i18n)


def by_oblast_and_hromada(rows: list, atlas: RegionAtlas, lang: str) -> list:
    """Places grouped as [(oblast name, [(hromada name, [places])])], sorted by name.

    A place outside any hromada polygon is listed under its oblast with an empty hromada
    name; one outside every region, under an empty oblast name.
    """
    groups: dict[str, dict[str, list]] = {}
    for row in rows:
        code = row["region_code"]
        oblast = ancestor_at(code, "oblast", atlas.parents, atlas.levels)
        hromada = ancestor_at(code, "hromada", atlas.parents, atlas.levels)
        groups.setdefault(atlas.name(oblast, lang) if oblast else "", {}).setdefault(
            atlas.name(hromada, lang) if hromada else "", []).append(row)
    return [(oblast, [(hromada, sorted(found, key=lambda r: r["name"]))
                      for hromada, found in sorted(hromadas.items(), key=_last_empty)])
            for oblast, hromadas in sorted(groups.items(), key=_last_empty)]


def _last_empty(item: tuple) -> tuple:
    return (item[0] == "", item[0])
