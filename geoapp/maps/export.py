"""A map as one self-contained HTML file: scripts, styles and data inlined, no server needed.

For sites that cannot frame ``/embed``. The features are given (already fetched from the
store by the caller); they go into the page as JSON data (``<script type="application/json">``),
never into a script, and every text from them is put in the page with ``textContent``.
"""

from __future__ import annotations

import base64
import mimetypes
import re
from collections.abc import Iterable
from html import escape
from pathlib import Path

import folium
from branca.element import Element, Figure, MacroElement
from folium.plugins import Fullscreen
from jinja2 import Template

from geoapp.maps.assets import DEFAULT_BASE_URL, VENDOR_DIR, use_local_assets
from geoapp.maps.legend import Legend
from geoapp.maps.page import UKRAINE_BOUNDS, MapLayer, layer_group

# The vendored files an exported map needs; Folium links more (jQuery, Bootstrap, fonts)
# that only its other plugins use, and they would add a megabyte to every file.
NEEDED = ("leaflet/", "leaflet.markercluster/", "leaflet.fullscreen/")
LINKED = re.compile(
    r'<script src="(?P<js>[^"]+)"></script>|<link rel="stylesheet" href="(?P<css>[^"]+)"/>')
MAP_CSS = VENDOR_DIR.parent / "css" / "map.css"
MOTION_JS = VENDOR_DIR.parent / "js" / "motion.js"
CSS_URL = re.compile(r"url\((?P<q>['\"]?)(?P<path>[^)'\"#:]+)(?P=q)\)")


class DataLayer(MacroElement):
    """A layer's features drawn into its group, with popups built from text, never HTML."""

    _template = Template("""
        {% macro html(this, kwargs) %}
        <script type="application/json" id="{{ this.get_name() }}">{{ this.data|tojson }}</script>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function () {
            var style = {{ this.style|tojson }}, fields = {{ this.fields|tojson }};
            var data = JSON.parse(
                document.getElementById({{ this.get_name()|tojson }}).textContent);
            function popup(props) {
                var box = document.createElement("div");
                fields.forEach(function (field) {
                    var value = props[field];
                    if (value === null || value === undefined || value === "") { return; }
                    var line = document.createElement(field === fields[0] ? "strong" : "div");
                    line.textContent = String(value);
                    box.appendChild(line);
                });
                return box;
            }
            L.geoJSON(data, {
                pointToLayer: function (f, latlng) { return L.circleMarker(latlng, style); },
                style: function () { return style; },
                onEachFeature: function (f, shape) {
                    shape.bindPopup(function () { return popup(f.properties); });
                }
            }).eachLayer(function (shape) { {{ this._parent.get_name() }}.addLayer(shape); });
        })();
        {% endmacro %}
    """)

    def __init__(self, layer: MapLayer, data: dict):
        super().__init__()
        self._name = "DataLayer"
        self.data = data
        self.fields = list(dict.fromkeys(("name", "title", "place_a_name", "place_b_name",
                                          *layer.popup)))
        self.style = {"radius": layer.radius, "color": layer.color, "weight": layer.weight,
                      "fillColor": layer.color, "fillOpacity": layer.fill_opacity,
                      "className": f"exported exported-{layer.id}"}


def data_uri(path: Path) -> str:
    """A file as a ``data:`` URI."""
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode()}"


def inline_css(path: Path) -> str:
    """A stylesheet with the images it refers to inlined as ``data:`` URIs."""
    def replace(match: re.Match) -> str:
        target = path.parent / match.group("path")
        return f'url("{data_uri(target)}")' if target.is_file() else match.group(0)

    return CSS_URL.sub(replace, path.read_text(encoding="utf-8"))


def inline_assets(html: str, base_url: str = DEFAULT_BASE_URL) -> str:
    """Replace the links to vendored files by their content; drop the ones not needed."""
    prefix = base_url.rstrip("/") + "/"

    def replace(match: re.Match) -> str:
        url = match.group("js") or match.group("css")
        relative = url[len(prefix):] if url.startswith(prefix) else None
        if relative is None or not relative.startswith(NEEDED):
            return ""
        path = VENDOR_DIR / relative
        if match.group("js"):
            # A literal "</script" inside would end the inline block early.
            code = path.read_text(encoding="utf-8").replace("</script", "<\\/script")
            return f"<script>{code}</script>"
        return f"<style>{inline_css(path)}</style>"

    return LINKED.sub(replace, html)


def features_bounds(collections: Iterable[dict]) -> tuple | None:
    """((south, west), (north, east)) around every point of the features, or None."""
    xs, ys = [], []
    for collection in collections:
        for feature in collection["features"]:
            for x, y in coordinates(feature["geometry"]):
                xs.append(x)
                ys.append(y)
    if not xs:
        return None
    return (min(ys), min(xs)), (max(ys), max(xs))


def coordinates(geometry: dict) -> Iterable[tuple[float, float]]:
    """Every (x, y) of a GeoJSON geometry."""
    def walk(value):
        if value and isinstance(value[0], (int, float)):
            yield value[0], value[1]
        else:
            for part in value:
                yield from walk(part)

    return walk(geometry["coordinates"])


def export_html(layers: list[tuple[MapLayer, dict]], *, title: str, lang: str,
                tile_url: str | None, attribution: str = "", bounds=None,
                legend_title: str = "") -> str:
    """One HTML file showing ``layers`` (each a layer and its FeatureCollection)."""
    use_local_assets()
    figure = Figure(title=escape(title))
    # A maximum zoom of the map's own (Folium's max_zoom goes to its tiles only): without
    # tiles (--no-tiles) the map has none, and clustering then fails.
    m = folium.Map(location=None, tiles=None, control_scale=True, zoom_start=6,
                   min_zoom=3, maxZoom=19).add_to(figure)
    if tile_url:
        folium.TileLayer(tiles=tile_url, attr=attribution, control=False).add_to(m)
    for layer, data in layers:
        group = layer_group(layer).add_to(m)
        DataLayer(layer, data).add_to(group)
    folium.LayerControl(collapsed=False).add_to(m)
    Fullscreen().add_to(m)
    Legend(legend_title, [(layer.title, layer.color, layer.source) for layer, _ in layers]
           ).add_to(m)
    # The legend's and popups' look, shared with the map page.
    figure.header.add_child(Element(f"<style>{MAP_CSS.read_text(encoding='utf-8')}</style>"))
    # Less motion when the reader's system asks for it: after Leaflet, before the map.
    figure.html.add_child(Element(f"<script>{MOTION_JS.read_text(encoding='utf-8')}</script>"))
    found = bounds or features_bounds(data for _, data in layers) or UKRAINE_BOUNDS
    m.fit_bounds([list(found[0]), list(found[1])], max_zoom=14)
    html = inline_assets(figure.render())
    return html.replace("<html>", f'<html lang="{escape(lang)}">', 1)
