"""``geoapp export-map``: one self-contained HTML map, for sites that cannot frame ``/embed``.

The options are the embed's URL parameters; they are checked, and the features read, by
the same code that serves ``/embed`` and ``/data``, inside a request context of the app.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask
from flask_babel import gettext as _

from geoapp import create_app
from geoapp.layers import get_layers
from geoapp.maps.export import export_html
from geoapp.store import get_store
from geoapp.web import i18n
from geoapp.web.data import (
    POINTS_ZOOM,
    READERS,
    BadParameter,
    programme_names,
    read_filters,
    region_atlas,
)
from geoapp.web.embed import read_view
from geoapp.web.pages import map_layer

# Places come as points (not counts per region) from this zoom on; outlines simplified for it.
EXPORT_ZOOM = POINTS_ZOOM


def read_map(app: Flask, args: dict[str, str]) -> tuple[list, dict, object]:
    """The chosen layers with their features, the filters and the view; checks every option."""
    lang = i18n.current_language()
    view = read_view(args, get_layers(app))
    with get_store(app).engine.connect() as conn:
        filters = read_filters(args, region_atlas(app), programme_names(conn, lang))
        bbox = None
        if view.bounds:
            (south, west), (north, east) = view.bounds
            bbox = (west, south, east, north)
        found = [(layer, READERS[layer.source](conn, layer, filters, bbox, EXPORT_ZOOM))
                 for layer in view.layers]
    return found, filters, view


def write_map(app: Flask, args: dict[str, str], title: str | None, tiles: bool) -> str:
    """The HTML of the map that ``args`` (the embed's parameters) describe."""
    with app.test_request_context("/embed", query_string=args):
        lang = i18n.current_language()
        found, filters, view = read_map(app, args)
        region_bounds = region_atlas(app).bounds(filters.region) if filters.region else None
        for layer, data in found:
            if data.get("truncated"):
                click.echo(f"warning: layer {layer.id} holds more features than an export "
                           "carries; narrow it with --region, --kind or --bbox", err=True)
        return export_html(
            [(map_layer(layer, lang), data) for layer, data in found],
            title=title or _("Map of schools and partnerships"), lang=lang,
            tile_url=app.config["TILE_URL"] if tiles else None,
            attribution=app.config["TILE_ATTRIBUTION"], legend_title=_("Legend"),
            bounds=view.bounds or region_bounds)


@click.command("export-map")
@click.option("--layers", help="Comma-separated layer ids (default: every layer).")
@click.option("--region", help="Region code: its places and those of its sub-regions.")
@click.option("--programme", help="Programme code.")
@click.option("--kind", help="Kind of place.")
@click.option("--status", help="Status of the places.")
@click.option("--lang", default="uk", show_default=True, help="Language of the map.")
@click.option("--bbox", help="Extent: minlon,minlat,maxlon,maxlat.")
@click.option("--title", help="Title of the page.")
@click.option("--tiles/--no-tiles", default=True,
              help="Draw the basemap from GEOAPP_TILE_URL (needs network when viewed).")
@click.option("--out", required=True, type=click.Path(path_type=Path, dir_okay=False),
              help="The HTML file to write.")
def export_map(out: Path, title: str | None, tiles: bool, **options: str | None) -> None:
    """Write one self-contained HTML map (scripts, styles and data inlined) to OUT."""
    args = {name: value for name, value in options.items() if value}
    app = create_app()
    try:
        html = write_map(app, args, title, tiles)
    except BadParameter as exc:
        raise click.BadParameter(str(exc).split(": ", 1)[1],
                                 param_hint=f"--{exc.parameter}") from exc
    finally:
        get_store(app).dispose()
    out.write_text(html, encoding="utf-8")
    click.echo(f"wrote {out} ({len(html.encode()) // 1024} KB)")
