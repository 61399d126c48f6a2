"""The pages people open: the map (``/``), its list view, a place card; tiles for tests."""

from __future__ import annotations

import struct
import zlib
from functools import cache, lru_cache

from flask import (
    Blueprint,
    Flask,
    Response,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale, get_translations
from flask_babel import gettext as _

from geoapp import layerdata, params
from geoapp.layerdata import MapFilters, read_filters
from geoapp.layers import Layer, get_layers
from geoapp.maps.features import STATUS_COLOURS
from geoapp.maps.legend import SEVERAL_PROGRAMMES, programme_colours
from geoapp.maps.page import UKRAINE_BOUNDS, MapLayer, build_shell
from geoapp.store.activities import years_span
from geoapp.store.models import PLACE_KINDS, PLACE_STATUSES, REGION_LEVELS
from geoapp.store.queries import (
    count_places,
    find_places,
    programme_names,
)
from geoapp.web import i18n, mapview, places
from geoapp.web.caching import data_revisions, get_atlas
from geoapp.web.db import get_conn

bp = Blueprint("pages", __name__)

LIST_PAGE = 100
# The most tiles of places a map view asks for (fewer, larger ones on a large screen).
MAX_TILES = 16


def sent_filters(layer: Layer) -> list[str]:
    """The page's filters a layer's data is asked with, by their names in the URL."""
    if layer.source == "places":
        return [*layer.filters, "level"]
    # The page's kind and status controls hold kinds and statuses of places.
    found = [f for f in layer.filters if f not in ("kind", "status", "datetime")]
    if "datetime" in layer.filters:
        found += ["from", "to"]  # the page's time filter, the API's datetime
    return found + (["level"] if layer.source == "activities" else [])


def map_layer(layer: Layer, lang: str) -> MapLayer:
    """A layer definition as the map draws it, titled in ``lang``."""
    wanted = sent_filters(layer)
    return MapLayer(
        id=layer.id, title=layer.title[lang], source=layer.source, color=layer.style.color,
        radius=layer.style.radius, weight=layer.style.weight,
        fill_opacity=layer.style.fill_opacity, cluster=layer.cluster, visible=layer.visible,
        popup=tuple(layer.popup), filters=tuple(wanted))


def page_filters(lang: str) -> tuple[MapFilters, dict[str, str]]:
    """The request's filters, checked, and the programmes' names in ``lang``."""
    conn = get_conn()
    return read_filters(conn, request.args), programme_names(conn, lang)


def map_config(shell_config: dict, filters: MapFilters, lang: str,
               programmes: dict[str, str]) -> dict:
    """Everything map.js needs: the groups to fill, the filters, the words to show."""
    return {**shell_config, "lang": lang, "programmes": programmes,
            "programmeColours": programme_colours(programmes),
            "severalProgrammes": SEVERAL_PROGRAMMES,
            "statusColours": STATUS_COLOURS,
            "filters": filters.given(), "chosen": chosen_region(filters.region, lang),
            "dataUrl": url_for("data.layer_geojson", layer_id="LAYER"),
            "tileUrl": url_for("data.layer_tile", layer_id="LAYER", z="ZZ", x="XX", y="YY"),
            "tiling": {"pointsMax": layerdata.POINTS_MAX, "pointsZoom": layerdata.POINTS_ZOOM,
                       "linesMax": layerdata.PARTNERSHIPS_MAX, "maxTiles": MAX_TILES},
            "regionChoicesUrl": url_for("data.region_choices", lang=lang),
            "placeUrl": url_for("pages.place_card", place_id="PLACE"),
            "partnershipUrl": url_for("partnerships.card", partnership_id="LINK"),
            "words": map_words()}


def map_words() -> dict:
    """The words map.js shows, in the request's language: made once per language (the
    gettext calls of nearly a hundred words took a quarter of the map page)."""
    return _map_words(get_translations(), str(get_locale()))


@lru_cache(maxsize=32)
def _map_words(_catalogue: object, _locale: str) -> dict:
    # By the catalogue gettext reads below and the locale whose plural forms it asks for;
    # nothing changes the dict.
    return {**time_words(), **stack_words(), **line_words(),
            "fields": i18n.words(i18n.FIELD_LABELS),
            "kinds": i18n.words(i18n.KIND_LABELS),
            "statuses": i18n.words(i18n.STATUS_LABELS),
            "levels": i18n.words(i18n.LEVEL_LABELS),
            "precisions": i18n.words(i18n.PRECISION_LABELS),
            "regionStatuses": i18n.words(i18n.REGION_STATUS_LABELS),
            "since": _("since %(date)s"), "perList": _("per the list of %(date)s"),
            "types": i18n.words(i18n.TYPE_LABELS),
            "areas": i18n.words(i18n.AREA_LABELS),
            "placesCount": i18n.plural_forms(lambda n: get_translations().ngettext(
                "%(num)s place", "%(num)s places", n)),
            "controls": {"zoomIn": _("Zoom in"), "zoomOut": _("Zoom out"),
                         "layers": _("Layers"), "close": _("Close")},
            "download": _("Download"),
            "noProgramme": _("No programme"),
            "noRegion": _("No region has that name: type part of it and choose one "
                          "of the names offered."),
            "noRegionList": _("The list of regions could not be loaded: try again."),
            "downloadTitle": _("Download the places matching the filters"),
            "card": _("Open the card"),
            "empty": _("No places in this view."),
            "counts": _("Places per region"), "more": _("More places than shown: "
                                                         "zoom in or narrow the "
                                                         "filters."),
            "noData": _("No data: no places here match the filters"),
            "noneInRegion": _("No places in %(region)s match the filters. The "
                              "registers loaded list none there: the state "
                              "register holds no institutions of temporarily "
                              "occupied territories, and a programme or kind may "
                              "have none in this region."),
            "loading": _("Loading…"), "failed": _("Could not load the map data.")}


def stack_words() -> dict:
    """The words of the list that a stack of places at one point opens as."""
    return {"stackCount": i18n.plural_forms(lambda n: get_translations().ngettext(
                "%(num)s place at this point", "%(num)s places at this point", n)),
            "stackHint": _("The registers give no exact addresses, so these places share one "
                           "approximate point. Choose one to open it.")}


def line_words() -> dict:
    """The words of partnerships drawn one line per pair of regions, far out."""
    ngettext = get_translations().ngettext
    return {"tooManyLines": i18n.plural_forms(lambda n: ngettext(
                "%(num)s partnership in this view, drawn as one line per pair of regions: "
                "the wider the line, the more partnerships. Zoom in to see each one.",
                "%(num)s partnerships in this view, drawn as one line per pair of regions: "
                "the wider the line, the more partnerships. Zoom in to see each one.", n)),
            "someLines": i18n.plural_forms(lambda n: ngettext(
                "%(shown)s of %(num)s partnership in this view drawn, as one line per pair "
                "of regions (the wider the line, the more partnerships); the smallest pairs "
                "are left out. Zoom in to see them all.",
                "%(shown)s of %(num)s partnerships in this view drawn, as one line per pair "
                "of regions (the wider the line, the more partnerships); the smallest pairs "
                "are left out. Zoom in to see them all.", n)),
            "partnershipsCount": i18n.plural_forms(lambda n: ngettext(
                "%(num)s partnership", "%(num)s partnerships", n)),
            "within": _("Within %(region)s"), "severalProgrammes": _("Several programmes"),
            "zoomHere": _("Zoom in here")}


def time_words() -> dict:
    """The words of the time slider and of activities' popups."""
    return {"activityKinds": i18n.words(i18n.ACTIVITY_KIND_LABELS),
            "areas": i18n.words(i18n.AREA_LABELS),
            "precision": i18n.words(i18n.DATE_PRECISION_LABELS),
            "allYears": _("All years"), "play": _("Play"), "pause": _("Pause"),
            "partnership": _("Open the partnership")}


def chosen_region(code: str | None, lang: str) -> dict | None:
    """The chosen region's name and outline, drawn whether or not it has places."""
    atlas = get_atlas()
    if not code or code not in atlas.shapes:
        return None
    return {"code": code, "name": atlas.name(code, lang), "outline": atlas.outline(code, 8)}


@bp.get("/")
def index():
    """The map with every layer, the filters, and the list of what it shows."""
    lang, app = i18n.current_language(), current_app
    filters, programmes = page_filters(lang)
    atlas = get_atlas()
    bounds = mapview.found_bounds(get_conn(), atlas, filters, data_revisions()) or UKRAINE_BOUNDS
    shown = mapview.with_what_was_asked(
        get_conn(), mapview.shown_layers(request.args.get("layers"), get_layers(app)), filters)
    shell = build_shell([map_layer(layer, lang) for layer in shown],
                        tile_url=app.config["TILE_URL"],
                        attribution=app.config["TILE_ATTRIBUTION"], basemap=_("Basemap"),
                        bounds=bounds, legend_title=_("Legend"),
                        full_screen=i18n.full_screen_titles())
    return render_template(
        "map.html", shell=shell, config={
            **map_config(shell.config, filters, lang, programmes),
            "downloadUrl": url_for("downloads.places_download"), "layersInUrl": True},
        years=years_span(get_conn(), data_revisions()), filters=filters, programmes=programmes,
        region_label=mapview.region_label(atlas, lang, map_words()["levels"], filters.region),
        kinds=PLACE_KINDS, statuses=PLACE_STATUSES, levels=REGION_LEVELS[1:],
        labels=i18n)


@bp.get("/list")
def place_list():
    """The map's places as text, page by page, with the same filters."""
    offset = params.integer("offset", request.args.get("offset"), 0, 0, params.MAX_OFFSET)
    filters, conn = read_filters(get_conn(), request.args), get_conn()
    where = filters.for_places()
    total = count_places(conn, where)
    rows = find_places(conn, where, LIST_PAGE, offset)
    return render_template("list.html", rows=rows, total=total, offset=offset,
                           page=LIST_PAGE, filters=filters, labels=i18n)


@bp.get("/places/<path:place_id>")
def place_card(place_id: str):
    """A place: what it is, where, how precisely, its programmes, partners and history."""
    return places.render_card(place_id)


@bp.get("/favicon.ico")
def favicon():
    """Browsers ask for /favicon.ico whatever the page says; a 404 shows as a console error."""
    return redirect(url_for("static", filename="favicon.svg"), code=301)


@cache
def blank_tile() -> bytes:
    """A 256×256 light grey PNG, written by hand so tests need no image library."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\xe8\xe8\xe8" * 256 for _ in range(256))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 256, 256, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def local_tile(z: int, x: int, y: int) -> Response:
    """A blank basemap tile, so that browser tests send no request off the machine."""
    return Response(blank_tile(), mimetype="image/png")


def init_app(app: Flask) -> None:
    """Register the pages, and the local tile route when testing."""
    app.register_blueprint(bp)
    if app.config.get("TESTING"):
        app.add_url_rule("/_test/tiles/<int:z>/<int:x>/<int:y>.png", "local_tile", local_tile)
