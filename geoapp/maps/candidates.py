"""The candidates map: the chosen place, its candidates, and a geodesic line to each.

Built from plain data (anything with the attributes of ``geoapp.candidates`` dataclasses);
no Flask, no database. Folium draws only the empty map; the places travel as JSON data
(:attr:`RenderedMap.data`) that ``static/js/candidates.js`` draws, putting every name in
the page with ``textContent``. No name is ever part of generated JavaScript.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import folium

from geoapp import geodesy
from geoapp.maps.assets import use_local_assets
from geoapp.maps.page import USELESS_INLINE

PLACE_COLOR = "#c0392b"
CANDIDATE_COLOR = "#1f6fb2"
# Points per line: enough for a 500 km geodesic to look smooth.
LINE_POINTS = 16


@dataclass(frozen=True)
class RenderedMap:
    """A map's pieces for a page: <head>, the map's <div>, its script, and its data.

    ``data`` goes into the page as JSON (``<script type="application/json">``), never
    into a script.
    """

    header: str
    body: str
    script: str
    data: dict = field(default_factory=dict)


def geodesic_line(lon1: float, lat1: float, lon2: float, lat2: float) -> list[list[float]]:
    """(lat, lon) points along the geodesic between two points, ends included."""
    inner = geodesy.wgs84().npts(lon1, lat1, lon2, lat2, LINE_POINTS)
    return [[lat1, lon1], *[[lat, lon] for lon, lat in inner], [lat2, lon2]]


def card_link(card_url: str, place_id: str) -> str:
    """The URL of a place's card, its id quoted as one path segment."""
    return card_url.replace("{id}", quote(place_id, safe=""))


def candidate_data(rank: int, place: Any, candidate: Any, card_url: str) -> dict:
    """What candidates.js needs to draw one candidate: text stays text."""
    return {"rank": rank, "id": candidate.id, "name": candidate.name,
            "lat": candidate.lat, "lon": candidate.lon,
            "distance_km": round(candidate.distance_km, 2),
            "bearing_deg": round(candidate.bearing_deg), "url": card_link(card_url, candidate.id),
            "line": geodesic_line(place.lon, place.lat, candidate.lon, candidate.lat)}


def candidates_map(place: Any, candidates: Sequence[Any], *, tile_url: str, attribution: str,
                   card_url: str = "/places/{id}") -> RenderedMap:
    """Draw ``place`` and its ranked ``candidates``, framed on all of them."""
    use_local_assets()
    m = folium.Map(location=[place.lat, place.lon], zoom_start=9, tiles=None,
                   control_scale=True)
    folium.TileLayer(tiles=tile_url, attr=attribution, control=False).add_to(m)
    points = [[place.lat, place.lon], *[[c.lat, c.lon] for c in candidates]]
    if len(points) > 1:
        m.fit_bounds([[min(p[0] for p in points), min(p[1] for p in points)],
                      [max(p[0] for p in points), max(p[1] for p in points)]])
    root = m.get_root()
    root.render()
    data = {"map": m.get_name(), "colors": {"place": PLACE_COLOR, "candidate": CANDIDATE_COLOR},
            "place": {"id": place.id, "name": place.name, "lat": place.lat, "lon": place.lon},
            "candidates": [candidate_data(rank, place, candidate, card_url)
                           for rank, candidate in enumerate(candidates, start=1)]}
    return RenderedMap(header=USELESS_INLINE.sub("", root.header.render()),
                       body=root.html.render(), script=root.script.render(), data=data)
