"""``/embed``: the map for other sites' iframes, and ``/embed/builder`` that writes the snippet.

Everything an embedded map shows is fixed in its URL; the map itself is the map page's
(the same shell, config and ``map.js``), without the app's chrome.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from flask import Blueprint, current_app, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from geoapp import params
from geoapp.errors import ParameterError
from geoapp.layers import Layer, get_layers
from geoapp.maps.page import UKRAINE_BOUNDS, build_shell
from geoapp.store.models import LANGUAGES, PLACE_KINDS, PLACE_STATUSES
from geoapp.web import i18n
from geoapp.web.caching import get_atlas
from geoapp.web.links import public_url
from geoapp.web.pages import map_config, map_layer, page_filters
from geoapp.web.security import allow_embedding, embed_origins

bp = Blueprint("embed", __name__, url_prefix="/embed")

SWITCHES = {"filters": False, "legend": True, "control": True}
TRUE, FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")
# What the builder's form sends that is not part of the embedded map's URL.
BUILDER_ONLY = ("width", "height", "title", "map_lang")


@dataclass(frozen=True)
class EmbedView:
    """What the URL fixes beyond the filters: layers, extent, and the parts shown."""

    layers: list[Layer]
    bounds: tuple | None
    center: tuple[float, float] | None
    zoom: int | None
    shown: dict[str, bool]


def read_switch(args: MultiDict, name: str) -> bool:
    """A yes/no parameter (1/0, true/false); its default when absent."""
    raw = (args.get(name) or "").strip().lower()
    if not raw:
        return SWITCHES[name]
    if raw not in TRUE + FALSE:
        raise ParameterError(name, f"{raw!r} is neither 1 nor 0")
    return raw in TRUE


def read_layers(args: MultiDict, known: dict[str, Layer]) -> list[Layer]:
    """The layers named in ``layers`` (comma-separated), shown; all layers when absent."""
    raw = (args.get("layers") or "").strip()
    if not raw:
        return list(known.values())
    wanted = [name.strip() for name in raw.split(",") if name.strip()]
    unknown = [name for name in wanted if name not in known]
    if unknown:
        raise ParameterError("layers", f"unknown layer {unknown[0]!r}; expected some of "
                           f"{', '.join(known)}")
    return [known[name].model_copy(update={"visible": True}) for name in dict.fromkeys(wanted)]


def read_center(raw: str | None) -> tuple[float, float] | None:
    """``lat,lon`` of the map's centre, or None when absent."""
    if not raw:
        return None
    try:
        lat, lon = (float(part) for part in raw.split(","))
    except ValueError:
        raise ParameterError("center", f"{raw!r} is not two numbers lat,lon") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ParameterError("center", f"{raw!r} is out of range: lat -90..90, lon -180..180")
    return lat, lon


def read_view(args: MultiDict, known: dict[str, Layer]) -> EmbedView:
    """Check the URL's layers, extent and switches; raise ParameterError naming a wrong one."""
    lang = args.get("lang")
    if lang and lang not in LANGUAGES:
        raise ParameterError("lang", f"unknown language {lang!r}; expected one of "
                           f"{', '.join(LANGUAGES)}")
    box, center = params.view_bbox(args.get("bbox")), read_center(args.get("center"))
    if box and center:
        raise ParameterError("center", "give either bbox or center and zoom, not both")
    zoom = params.zoom(args.get("zoom")) if center else None
    bounds = ((box[1], box[0]), (box[3], box[2])) if box else None
    return EmbedView(layers=read_layers(args, known), bounds=bounds, center=center, zoom=zoom,
                     shown={name: read_switch(args, name) for name in SWITCHES})


@bp.get("")
def embedded_map():
    """The map alone, for an iframe: may be framed by the sites of ``EMBED_ORIGINS``."""
    allow_embedding()
    app, lang = current_app, i18n.current_language()
    view = read_view(request.args, get_layers(app))
    filters, programmes = page_filters(lang)
    region_bounds = get_atlas().bounds(filters.region) if filters.region else None
    shell = build_shell([map_layer(layer, lang) for layer in view.layers],
                        tile_url=app.config["TILE_URL"],
                        attribution=app.config["TILE_ATTRIBUTION"], basemap=_("Basemap"),
                        bounds=view.bounds or region_bounds or UKRAINE_BOUNDS,
                        legend_title=_("Legend"),
                        full_screen=i18n.full_screen_titles(),
                        view=(view.center, view.zoom) if view.center else None)
    config = map_config(shell.config, filters, lang, programmes)
    return render_template("embed.html", shell=shell, config=config, view=view,
                           filters=filters, hidden=hidden_fields(request.args), labels=i18n,
                           kinds=PLACE_KINDS, statuses=PLACE_STATUSES,
                           full_map=url_for("pages.index", **filter_args()))


def filter_args() -> dict[str, str]:
    """The request's filter parameters, for the link to the full map."""
    names = ("region", "programme", "kind", "status", "q", "level", "area", "from", "to", "lang")
    return {name: request.args[name] for name in names if request.args.get(name)}


def hidden_fields(args: MultiDict) -> dict[str, str]:
    """What the embed's filter form must carry unchanged: all but the filters it shows."""
    return {name: value for name, value in args.items()
            if name not in ("kind", "status", "q") and value}


def builder_args(args: MultiDict, known: dict[str, Layer]) -> dict[str, str]:
    """The builder's form as one value per name: chosen layers joined, empty ones dropped."""
    chosen = set(args.getlist("layers"))
    found = {name: value for name, value in args.items() if value and name != "layers"}
    if chosen:
        found["layers"] = ",".join(name for name in known if name in chosen) or \
            ",".join(sorted(chosen))
    for name in ("width", "height"):
        if name in found and not re.fullmatch(r"\d{1,4}%?", found[name]):
            raise ParameterError(name, f"{found[name]!r} is not a size like 600 or 100%")
    return found


def iframe_snippet(src: str, title: str, width: str, height: str) -> str:
    """The ``<iframe>`` an editor pastes into a page, with a title for screen readers."""
    return (f'<iframe src="{escape(src)}" title="{escape(title)}" width="{escape(width)}" '
            f'height="{escape(height)}" loading="lazy" allowfullscreen></iframe>')


@bp.get("/builder")
def builder():
    """Choose what the embedded map shows, preview it, and copy its ``<iframe>``."""
    app, lang = current_app, i18n.current_language()
    layers = get_layers(app)
    args = builder_args(request.args, layers)
    # The builder speaks the editor's language (lang); the map, the one chosen (map_lang).
    embed_args = {k: v for k, v in args.items() if k not in (*BUILDER_ONLY, "lang")}
    embed_args["lang"] = args.get("map_lang") or lang
    # No layer chosen yet: the boxes and the preview both show the map's default layers.
    embed_args.setdefault("layers", ",".join(i for i, layer in layers.items() if layer.visible))
    read_view(MultiDict(embed_args), layers)
    filters, programmes = page_filters(lang)
    src = public_url("embed.embedded_map", embed_args)
    title = args.get("title") or _("Map of schools and partnerships")
    width, height = args.get("width") or "100%", args.get("height") or "500"
    return render_template(
        "embed_builder.html", args=embed_args, filters=filters, programmes=programmes,
        src=src, snippet=iframe_snippet(src, title, width, height), title=title,
        width=width, height=height, layers=layers, chosen=embed_args.get("layers", ""),
        languages=i18n.LANGUAGE_NAMES, regions=get_atlas().options(filters.region, lang),
        kinds=PLACE_KINDS, labels=i18n, switches=SWITCHES,
        embed_url=public_url("embed.embedded_map"),
        origins=embed_origins(app.config["EMBED_ORIGINS"]))
