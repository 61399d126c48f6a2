"""The map's legend: a Leaflet control listing each layer's colour, and a place for counts.

Written here rather than with branca's colour maps, which load d3 from a CDN.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from branca.element import MacroElement
from jinja2 import Template

# Colours for programmes' lines, far apart from each other; the layer's own orange is kept
# out, and grey stands for a line of several programmes.
PROGRAMME_PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b", "#e377c2",
                     "#17becf", "#bcbd22", "#393b79", "#843c39", "#637939", "#7b4173")
SEVERAL_PROGRAMMES = "#555555"


def programme_colours(codes: Iterable[str]) -> dict[str, str]:
    """A distinct colour for each programme, in the order of their codes (the palette
    repeats only beyond its twelve colours)."""
    return {code: PROGRAMME_PALETTE[i % len(PROGRAMME_PALETTE)]
            for i, code in enumerate(sorted(codes))}


def legend_html(title: str, entries: list[tuple[str, str, str]],
                lines_by_programme: bool = False) -> str:
    """HTML of the legend, every label escaped.

    Colours travel in ``data-color`` for map.js to apply: a strict Content-Security-Policy
    blocks inline ``style`` attributes. With ``lines_by_programme`` (map.js colours each
    line by its programme and lists them under the layer) partnerships get no colour of
    their own.
    """
    rows = "".join(
        f'<li><span class="swatch by-programme {escape(source)}"></span>{escape(label)}</li>'
        if source == "partnerships" and lines_by_programme else
        f'<li><span class="swatch {escape(source)}" data-color="{escape(color)}">'
        f"</span>{escape(label)}</li>"
        for label, color, source in entries)
    return (f'<h2 class="legend-title">{escape(title)}</h2><ul>{rows}</ul>'
            '<div class="legend-counts" hidden></div>')


class Legend(MacroElement):
    """A bottom-right control holding the legend; map.js fills ``.legend-counts``."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.control({position: "bottomright"});
        {{ this.get_name() }}.onAdd = function () {
            var div = L.DomUtil.create("div", "legend");
            div.innerHTML = {{ this.html|tojson }};
            return div;
        };
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, title: str, entries: list[tuple[str, str, str]],
                 lines_by_programme: bool = False):
        super().__init__()
        self._name = "Legend"
        self.html = legend_html(title, entries, lines_by_programme)
