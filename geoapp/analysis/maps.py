"""Folium maps for the notebooks: partnership links, and saving a map that works offline.

No database and no Flask: a graph or a frame in, a ``folium.Map`` out. Scripts and
stylesheets are the app's vendored copies (``geoapp.maps.assets``), never a CDN.
"""

from __future__ import annotations

import html
import os
from pathlib import Path

import folium
import networkx as nx

from geoapp import config, geodesy
from geoapp.maps.assets import VENDOR_DIR, use_local_assets

# Links longer than this are drawn as geodesic arcs: straight on a Web Mercator map they
# would stray tens of kilometres from the shortest path.
ARC_METRES = 200_000
ARC_POINTS = 24
PROGRAMME_COLOURS = ("#1b6ca8", "#d1495b", "#2a9d8f", "#e9a03b", "#6a4c93", "#8d99ae")


def link_line(a: tuple[float, float], b: tuple[float, float]) -> list[tuple[float, float]]:
    """The (lat, lon) points of a link from ``a`` to ``b`` (lon, lat), bent when long."""
    metres = geodesy.distance_m(a[0], a[1], b[0], b[1])
    between = geodesy.wgs84().npts(a[0], a[1], b[0], b[1], ARC_POINTS) if metres > ARC_METRES \
        else []
    return [(lat, lon) for lon, lat in [a, *between, b]]


def basemap() -> dict:
    """The app's basemap (``GEOAPP_TILE_URL``, ``GEOAPP_TILE_ATTRIBUTION``) as Map arguments."""
    settings = {s.name: s.default for s in config.SETTINGS} | config.from_environment()
    return {"tiles": settings["TILE_URL"], "attr": settings["TILE_ATTRIBUTION"]}


def links_map(graph: nx.Graph, **map_options) -> folium.Map:
    """Every link of a partnership graph as a line coloured by programme, places as dots.

    ``map_options`` go to ``folium.Map`` (``tiles=None`` for no basemap, or ``**basemap()``).
    """
    use_local_assets()
    bounds = [(d["lat"], d["lon"]) for _, d in graph.nodes(data=True) if d.get("lat") is not None]
    fmap = folium.Map(**{"tiles": None, "prefer_canvas": True, **map_options})
    if bounds:
        fmap.fit_bounds([min(bounds), max(bounds)] if len(bounds) > 1 else [bounds[0]] * 2)
    colours = programme_colours(graph)
    for a, b, data in graph.edges(data=True):
        ends = [graph.nodes[n] for n in (a, b)]
        if any(end.get("lon") is None for end in ends):
            continue
        programme = sorted(data["programmes"])[0]
        folium.PolyLine(link_line(*((e["lon"], e["lat"]) for e in ends)), weight=1.5,
                        color=colours[programme], opacity=0.7,
                        tooltip=folium.Tooltip(tooltip_text(" / ".join(sorted(data["programmes"]))))
                        ).add_to(fmap)
    for node, data in graph.nodes(data=True):
        if data.get("lon") is not None:
            folium.CircleMarker((data["lat"], data["lon"]), radius=2 + min(graph.degree(node), 8),
                                weight=1, fill=True, fill_opacity=0.8,
                                tooltip=folium.Tooltip(tooltip_text(data.get("name") or ""))
                                ).add_to(fmap)
    return fmap


def tooltip_text(text: str) -> str:
    """Text for a Folium tooltip, which Folium writes into a JavaScript template literal.

    Names come from files anyone could load: HTML-escaped, and the characters that end a
    template literal or open a ``${...}`` in it written as HTML entities, which the tooltip
    shows as the characters themselves.
    """
    escaped = html.escape(text)
    return escaped.replace("\\", "&#92;").replace("`", "&#96;").replace("$", "&#36;")


def programme_colours(graph: nx.Graph) -> dict[str, str]:
    """A colour for each programme in the graph, the same on every run."""
    programmes = sorted({p for _, _, d in graph.edges(data=True) for p in d["programmes"]})
    return {p: PROGRAMME_COLOURS[i % len(PROGRAMME_COLOURS)] for i, p in enumerate(programmes)}


def save_offline(fmap: folium.Map, path: Path) -> Path:
    """Write ``fmap`` as an HTML file that loads the vendored scripts from disk."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    use_local_assets(Path(os.path.relpath(VENDOR_DIR, path.parent.resolve())).as_posix())
    try:
        fmap.save(str(path))
    finally:
        use_local_assets()
    return path
