"""The pages people open: the map (``/``), its list view, a place card; tiles for tests."""

from __future__ import annotations

import struct
import zlib
from functools import cache

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from sqlalchemy import Connection, or_, select

from geoapp.layers import Layer, get_layers
from geoapp.maps.page import UKRAINE_BOUNDS, MapLayer, build_shell
from geoapp.store import get_store
from geoapp.store.models import PLACE_KINDS, PLACE_STATUSES, REGION_LEVELS, place_programmes
from geoapp.store.queries import count_places, find_places, get_place, partnerships, places
from geoapp.web import i18n
from geoapp.web.data import BadParameter, MapFilters, programme_names, read_filters, region_atlas

bp = Blueprint("pages", __name__)

# Which of the page's filters each kind of layer understands.
SOURCE_FILTERS = {"places": ("region", "programme", "kind", "status", "q", "level"),
                  "partnerships": ("region", "programme"), "regions": ("region",)}
LIST_PAGE = 100


def map_layer(layer: Layer, lang: str) -> MapLayer:
    """A layer definition as the map draws it, titled in ``lang``."""
    wanted = [*layer.filters, "level"] if layer.source == "places" else layer.filters
    return MapLayer(
        id=layer.id, title=layer.title[lang], source=layer.source, color=layer.style.color,
        radius=layer.style.radius, weight=layer.style.weight,
        fill_opacity=layer.style.fill_opacity, cluster=layer.cluster, visible=layer.visible,
        popup=tuple(layer.popup),
        filters=tuple(f for f in SOURCE_FILTERS[layer.source] if f in wanted))


def page_filters(conn: Connection, lang: str) -> tuple[MapFilters, dict[str, str]]:
    """The request's filters, checked, and the programmes' names in ``lang``."""
    programmes = programme_names(conn, lang)
    return read_filters(request.args, region_atlas(current_app), programmes), programmes


def map_config(shell_config: dict, filters: MapFilters, lang: str,
               programmes: dict[str, str]) -> dict:
    """Everything map.js needs: the groups to fill, the filters, the words to show."""
    return {**shell_config, "lang": lang, "programmes": programmes,
            "filters": {k: v for k, v in filters.__dict__.items() if v},
            "dataUrl": url_for("data.layer_geojson", layer_id="LAYER"),
            "placeUrl": url_for("pages.place_card", place_id="PLACE"),
            "words": {"fields": i18n.words(i18n.FIELD_LABELS),
                      "kinds": i18n.words(i18n.KIND_LABELS),
                      "statuses": i18n.words(i18n.STATUS_LABELS),
                      "levels": i18n.words(i18n.LEVEL_LABELS),
                      "precisions": i18n.words(i18n.PRECISION_LABELS),
                      "card": _("Open the card"), "places": _("places"),
                      "empty": _("No places in this view."),
                      "counts": _("Places per region"), "more": _("More places than shown: "
                                                                   "zoom in or narrow the "
                                                                   "filters."),
                      "tooManyLines": _("%(count)s partnerships in this view: zoom in or "
                                        "choose a programme to see them."),
                      "loading": _("Loading…"), "failed": _("Could not load the map data.")}}


@bp.errorhandler(BadParameter)
def bad_parameter(error: BadParameter):
    """Answer 400 with a page naming the parameter."""
    return render_template("error.html", message=str(error)), 400


@bp.get("/")
def index():
    """The map with every layer, the filters, and the list of what it shows."""
    lang, app = i18n.current_language(), current_app
    with get_store(app).engine.connect() as conn:
        filters, programmes = page_filters(conn, lang)
    atlas = region_atlas(app)
    bounds = (atlas.bounds(filters.region) if filters.region else None) or UKRAINE_BOUNDS
    shell = build_shell([map_layer(layer, lang) for layer in get_layers(app).values()],
                        tile_url=app.config["TILE_URL"],
                        attribution=app.config["TILE_ATTRIBUTION"], basemap=_("Basemap"),
                        bounds=bounds, legend_title=_("Legend"))
    return render_template(
        "map.html", shell=shell, config=map_config(shell.config, filters, lang, programmes),
        filters=filters, programmes=programmes, regions=atlas.options(filters.region, lang),
        kinds=PLACE_KINDS, statuses=PLACE_STATUSES, levels=REGION_LEVELS[1:],
        labels=i18n)


@bp.get("/list")
def place_list():
    """The map's places as text, page by page, with the same filters."""
    lang, offset = i18n.current_language(), request.args.get("offset", "0")
    if not offset.isdigit():
        raise BadParameter("offset", f"{offset!r} is not a whole number")
    with get_store(current_app).engine.connect() as conn:
        filters, programmes = page_filters(conn, lang)
        where = filters.for_places()
        total = count_places(conn, where)
        rows = find_places(conn, where, LIST_PAGE, int(offset))
    return render_template("list.html", rows=rows, total=total, offset=int(offset),
                           page=LIST_PAGE, filters=filters, labels=i18n)


@bp.get("/places/<path:place_id>")
def place_card(place_id: str):
    """A place: what it is, where, how precisely, its programmes and its partners."""
    lang = i18n.current_language()
    with get_store(current_app).engine.connect() as conn:
        place = get_place(conn, place_id)
        if place is None:
            abort(404, description=_("No place with id %(id)s.", id=place_id))
        programmes = programme_names(conn, lang)
        member_of = place_programme_codes(conn, place_id)
        partners = place_partners(conn, place_id)
    atlas = region_atlas(current_app)
    where = [atlas.name(code, lang) for code in reversed(atlas.path(place["region_code"]))]
    return render_template("place.html", place=place, where=where, partners=partners,
                           programmes=[programmes.get(c, c) for c in member_of],
                           programme_names=programmes, labels=i18n)


def place_programme_codes(conn: Connection, place_id: str) -> list[str]:
    """Codes of the programmes a place takes part in."""
    query = select(place_programmes.c.programme_code).where(
        place_programmes.c.place_id == place_id).order_by(place_programmes.c.programme_code)
    return list(conn.execute(query).scalars())


def place_partners(conn: Connection, place_id: str) -> list:
    """A place's partnerships, each with the other place's id and name."""
    other = places.alias("other")
    query = (
        select(partnerships.c.id, partnerships.c.programme_code, partnerships.c.status,
               partnerships.c.start_date, partnerships.c.end_date, partnerships.c.source,
               other.c.id.label("partner_id"), other.c.name.label("partner_name"))
        .join(other, or_(
            (partnerships.c.place_a_id == place_id) & (other.c.id == partnerships.c.place_b_id),
            (partnerships.c.place_b_id == place_id) & (other.c.id == partnerships.c.place_a_id)))
        .order_by(partnerships.c.start_date, partnerships.c.id))
    return conn.execute(query).mappings().all()


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
