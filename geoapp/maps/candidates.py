"""The candidates map: the chosen place, its candidates, and a geodesic line to each.

Built from plain data (anything with the attributes of ``geoapp.candidates`` dataclasses);
no Flask, no database. Every name is escaped: Leaflet shows tooltips and popups as HTML.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import Any
from urllib.parse import quote

import folium
from branca.element import MacroElement
from folium.template import Template

from geoapp import geodesy
from geoapp.maps.assets import use_local_assets

PLACE_COLOR = "#c0392b"
CANDIDATE_COLOR = "#1f6fb2"
# Points per line: enough for a 500 km geodesic to look smooth.
LINE_POINTS = 16


@dataclass(frozen=True)
class RenderedMap:
    """A map's pieces for a page: what goes in <head>, the map's <div>, its script."""

    header: str
    body: str
    script: str


class PlainPopup(MacroElement):
    """A popup of ready-made HTML, bound by Leaflet itself.

    Folium's Popup wraps its HTML in a ``<div style=...>``; a strict Content-Security-Policy
    refuses that style attribute. This one adds no markup of its own.
    """

    _template = Template("""{% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.bindPopup({{ this.html|tojson }}, {maxWidth: 300});
    {% endmacro %}""")

    def __init__(self, html: str):
        super().__init__()
        self._name = "PlainPopup"
        self.html = html


def geodesic_line(lon1: float, lat1: float, lon2: float, lat2: float) -> list[list[float]]:
    """(lat, lon) points along the geodesic between two points, ends included."""
    inner = geodesy.wgs84().npts(lon1, lat1, lon2, lat2, LINE_POINTS)
    return [[lat1, lon1], *[[lat, lon] for lon, lat in inner], [lat2, lon2]]


def candidate_popup(rank: int, candidate: Any, card_url: str) -> str:
    """A candidate's popup HTML: rank, escaped name, distance, a link to its card."""
    link = card_url.replace("{id}", quote(candidate.id, safe=""))
    return (f"<b>{rank}. {escape(candidate.name)}</b><br>"
            f"{candidate.distance_km:.2f} km, {candidate.bearing_deg:.0f}°<br>"
            f'<a href="{escape(link)}" target="_top">{escape(candidate.id)}</a>')


def candidates_map(place: Any, candidates: Sequence[Any], *, tile_url: str, attribution: str,
                   card_url: str = "/places/{id}") -> RenderedMap:
    """Draw ``place`` and its ranked ``candidates``, framed on all of them."""
    use_local_assets()
    m = folium.Map(location=[place.lat, place.lon], zoom_start=9, tiles=None,
                   control_scale=True)
    folium.TileLayer(tiles=tile_url, attr=attribution, control=False).add_to(m)
    lines = folium.FeatureGroup(name="lines").add_to(m)
    for rank, candidate in enumerate(candidates, start=1):
        folium.PolyLine(geodesic_line(place.lon, place.lat, candidate.lon, candidate.lat),
                        color=CANDIDATE_COLOR, weight=2, opacity=0.6).add_to(lines)
        marker = folium.CircleMarker(
            [candidate.lat, candidate.lon], radius=7, color=CANDIDATE_COLOR, fill=True,
            fill_opacity=0.8, tooltip=escape(f"{rank}. {candidate.name}")).add_to(m)
        PlainPopup(candidate_popup(rank, candidate, card_url)).add_to(marker)
    folium.CircleMarker([place.lat, place.lon], radius=10, color=PLACE_COLOR, fill=True,
                        fill_opacity=0.9, tooltip=escape(place.name)).add_to(m)
    points = [[place.lat, place.lon], *[[c.lat, c.lon] for c in candidates]]
    if len(points) > 1:
        m.fit_bounds([[min(p[0] for p in points), min(p[1] for p in points)],
                      [max(p[0] for p in points), max(p[1] for p in points)]])
    root = m.get_root()
    root.render()
    return RenderedMap(header=root.header.render(), body=root.html.render(),
                       script=root.script.render())
