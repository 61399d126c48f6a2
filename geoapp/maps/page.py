"""The map page's shell, built with Folium: basemap, one empty group per layer, controls.

The places themselves are not in the page: ``static/js/map.js`` fetches them from the
app's ``/data`` endpoints by bbox and zoom and fills the groups named in ``config``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape

import folium
from folium.map import FitBounds
from folium.plugins import Fullscreen, MarkerCluster

from geoapp.maps.assets import use_local_assets
from geoapp.maps.legend import Legend

# Folium's header sets two Leaflet globals in an inline script after Leaflet has already
# read them; dropping it leaves one inline script per page (the map's), for a CSP nonce.
USELESS_INLINE = re.compile(r"<script>\s*L_NO_TOUCH[^<]*</script>")
UKRAINE_BOUNDS = ((44.3, 22.1), (52.4, 40.2))


@dataclass(frozen=True)
class MapLayer:
    """One layer as the map draws it; ``title`` is already in the reader's language."""

    id: str
    title: str
    source: str
    color: str = "#3388ff"
    radius: int = 5
    weight: int = 2
    fill_opacity: float = 0.7
    cluster: bool = False
    visible: bool = True
    popup: tuple[str, ...] = ("name",)
    filters: tuple[str, ...] = ()


@dataclass(frozen=True)
class MapShell:
    """The rendered pieces of the page and the settings map.js reads."""

    header: str
    body: str
    script: str
    config: dict = field(default_factory=dict)


def layer_group(layer: MapLayer) -> folium.FeatureGroup:
    """An empty group for a layer: a marker cluster for clustered points."""
    name = escape(layer.title)  # Leaflet's layer control writes names as HTML.
    if layer.cluster and layer.source == "places":
        return MarkerCluster(name=name, show=layer.visible,
                             options={"chunkedLoading": True, "showCoverageOnHover": False})
    return folium.FeatureGroup(name=name, show=layer.visible)


def first_fit(bounds) -> FitBounds:
    """The map's first fit to ``bounds``, at once: an animated fit would start a frame later,
    and on a slow machine end after map.js had set the view a shared link holds, undoing it."""
    fit = FitBounds([list(bounds[0]), list(bounds[1])])
    fit.options["animate"] = False
    return fit


def build_shell(layers: list[MapLayer], *, tile_url: str, attribution: str,
                basemap: str, bounds=UKRAINE_BOUNDS, legend_title: str = "",
                full_screen: tuple[str, str] = ("Full screen", "Leave full screen"),
                view: tuple[tuple[float, float], int] | None = None) -> MapShell:
    """Build the map shell for ``layers``, framed on ``bounds`` ((south, west), (north, east)).

    ``full_screen`` holds the full-screen button's two titles in the reader's language;
    ``view`` ((lat, lon), zoom), when given, is where the map opens instead of ``bounds``.
    A shell is made once for the same arguments (Folium took 8 ms to render one) and shared:
    its ``config`` is read, never changed.
    """
    corners = (tuple(bounds[0]), tuple(bounds[1]))
    opening = (tuple(view[0]), view[1]) if view else None
    return _built_shell(tuple(layers), tile_url, attribution, basemap, corners, legend_title,
                        tuple(full_screen), opening)


@lru_cache(maxsize=256)
def _built_shell(layers: tuple[MapLayer, ...], tile_url: str, attribution: str, basemap: str,
                 bounds, legend_title: str, full_screen: tuple[str, str],
                 view: tuple[tuple[float, float], int] | None) -> MapShell:
    use_local_assets()
    m = folium.Map(location=list(view[0]) if view else None, tiles=None, control_scale=True,
                   prefer_canvas=False, zoom_start=view[1] if view else 6, min_zoom=3)
    folium.TileLayer(tiles=tile_url, attr=attribution, name=escape(basemap),
                     control=False).add_to(m)
    groups = {layer.id: layer_group(layer).add_to(m) for layer in layers}
    folium.LayerControl(collapsed=False).add_to(m)
    Fullscreen(title=full_screen[0], title_cancel=full_screen[1]).add_to(m)
    Legend(legend_title, [(layer.title, layer.color, layer.source) for layer in layers],
           lines_by_programme=True).add_to(m)
    if view is None:
        m.add_child(first_fit(bounds))
    root = m.get_root()
    root.render()
    # "fit": the map opens on ``bounds`` (map.js fits them again, at a quarter zoom).
    config = {"map": m.get_name(), "bounds": [list(bounds[0]), list(bounds[1])],
              "fit": view is None,
              "layers": [{**layer.__dict__, "popup": list(layer.popup),
                          "filters": list(layer.filters), "group": groups[layer.id].get_name()}
                         for layer in layers]}
    return MapShell(header=USELESS_INLINE.sub("", root.header.render()),
                    body=root.html.render(), script=root.script.render(), config=config)
