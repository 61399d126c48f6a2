"""``geoapp export-map``: one self-contained HTML map, for sites that cannot frame ``/embed``.

The options are the embed's URL parameters, checked by the same parsers, and the features
are read through the same :mod:`geoapp.layerdata` as ``/data``.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask
from flask_babel import force_locale
from flask_babel import gettext as _

from geoapp.cli.context import bad_option, open_app
from geoapp.errors import ParameterError
from geoapp.layerdata import POINTS_ZOOM, View, layer_data, read_filters, region_atlas
from geoapp.layers import get_layers
from geoapp.maps.export import export_html
from geoapp.store import get_store
from geoapp.store.models import LANGUAGES
from geoapp.web.embed import read_view
from geoapp.web.pages import map_layer

# Places come as points (not counts per region) from this zoom on; outlines simplified for it.
EXPORT_ZOOM = POINTS_ZOOM


def write_map(app: Flask, args: dict[str, str], lang: str, title: str | None,
              tiles: bool) -> str:
    """The HTML of the map that ``args`` (the embed's parameters) describe."""
    view = read_view(args, get_layers(app))
    store = get_store(app)
    with store.engine.connect() as conn:
        filters = read_filters(conn, args)
        atlas = region_atlas(store, conn)
        bbox = None
        if view.bounds:
            (south, west), (north, east) = view.bounds
            bbox = (west, south, east, north)
        found = [(layer, layer_data(conn, atlas, layer, filters, View(bbox, EXPORT_ZOOM, lang)))
                 for layer in view.layers]
    for layer, data in found:
        if data.get("truncated"):
            click.echo(f"warning: layer {layer.id} holds more features than an export "
                       "carries; narrow it with --region, --kind or --bbox", err=True)
    # Titles and words in the map's language, without a request: Babel is told directly.
    with app.app_context(), force_locale(lang):
        return export_html(
            [(map_layer(layer, lang), data) for layer, data in found],
            title=title or _("Map of schools and partnerships"), lang=lang,
            tile_url=app.config["TILE_URL"] if tiles else None,
            attribution=app.config["TILE_ATTRIBUTION"], legend_title=_("Legend"),
            bounds=view.bounds or (atlas.bounds(filters.region) if filters.region else None))


@click.command("export-map")
@click.option("--layers", help="Comma-separated layer ids (default: every layer).")
@click.option("--region", help="Region code: its places and those of its sub-regions.")
@click.option("--programme", help="Programme code.")
@click.option("--kind", help="Kind of place.")
@click.option("--status", help="Status of the places.")
@click.option("--lang", default="uk", show_default=True, type=click.Choice(LANGUAGES),
              help="Language of the map.")
@click.option("--bbox", help="Extent: minlon,minlat,maxlon,maxlat.")
@click.option("--from", "date_from", help="First year, month or day of the time shown.")
@click.option("--to", "date_to", help="Last year, month or day of the time shown.")
@click.option("--title", help="Title of the page.")
@click.option("--tiles/--no-tiles", default=True,
              help="Draw the basemap from GEOAPP_TILE_URL (needs network when viewed).")
@click.option("--out", required=True, type=click.Path(path_type=Path, dir_okay=False),
              help="The HTML file to write.")
@click.pass_context
def export_map(ctx: click.Context, out: Path, lang: str, title: str | None, tiles: bool,
               **options: str | None) -> None:
    """Write one self-contained HTML map (scripts, styles and data inlined) to OUT."""
    names = {"date_from": "from", "date_to": "to"}
    args = {names.get(name, name): value for name, value in options.items() if value}
    try:
        html = write_map(open_app(ctx), args, lang, title, tiles)
    except ParameterError as exc:
        raise bad_option(exc) from exc
    out.write_text(html, encoding="utf-8")
    click.echo(f"wrote {out} ({len(html.encode()) // 1024} KB)")
