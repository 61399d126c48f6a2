"""The map's legend: a Leaflet control listing each layer's colour, and a place for counts.

Written here rather than with branca's colour maps, which load d3 from a CDN.
"""

from __future__ import annotations

from html import escape

from branca.element import MacroElement
from jinja2 import Template


def legend_html(title: str, entries: list[tuple[str, str, str]]) -> str:
    """HTML of the legend, every label escaped.

    Colours travel in ``data-color`` for map.js to apply: a strict Content-Security-Policy
    blocks inline ``style`` attributes.
    """
    rows = "".join(
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

    def __init__(self, title: str, entries: list[tuple[str, str, str]]):
        super().__init__()
        self._name = "Legend"
        self.html = legend_html(title, entries)
