"""The map shell: one empty group per layer, local assets only, escaped titles, one script."""

from __future__ import annotations

import re
from pathlib import Path

from geoapp.maps import legend, page
from geoapp.maps.page import MapLayer, build_shell

TILES = "/_test/tiles/{z}/{x}/{y}.png"
LAYERS = [MapLayer("schools", "Школи <i>", "places", cluster=True),
          MapLayer("stem_centres", "STEM", "places", visible=False),
          MapLayer("partnerships", "Партнерства", "partnerships", color="#ff7f0e")]


def shell():
    return build_shell(LAYERS, tile_url=TILES, attribution="test tiles", basemap="Base",
                       legend_title="Legend <x>")


def test_each_layer_gets_a_named_group_for_map_js() -> None:
    built = shell()
    groups = {layer["id"]: layer["group"] for layer in built.config["layers"]}
    assert groups["schools"].startswith("marker_cluster_")
    assert groups["partnerships"].startswith("feature_group_")
    for name in (built.config["map"], *groups.values()):
        assert f"var {name} =" in built.script
    # A hidden layer's group exists but is not on the map until the reader ticks it.
    assert f"{groups['stem_centres']}.addTo(" not in built.script
    assert f"{groups['schools']}.addTo(" in built.script


def test_shell_holds_no_places_and_no_outside_url() -> None:
    built = shell()
    html = built.header + built.body + built.script
    assert re.findall(r"https?://", html) == []
    assert "L.circleMarker" not in html and "L.marker(" not in html
    assert len(html) < 15_000


def test_header_has_no_inline_script_left() -> None:
    assert re.findall(r"<script(?![^>]*\bsrc=)", shell().header) == []


def test_titles_and_legend_are_escaped() -> None:
    built = shell()
    assert "Школи &lt;i&gt;" in built.script or "\\u0026lt;i\\u0026gt;" in built.script
    assert "<i>" not in built.script and "<x>" not in built.script
    assert "&lt;x&gt;" in legend.legend_html("<x>", [])


def test_map_building_imports_neither_flask_nor_a_database() -> None:
    folder = Path(page.__file__).parent
    for module in folder.glob("*.py"):
        text = module.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from|import) (flask|sqlalchemy|geoalchemy2|geoapp\.store"
                             r"|geoapp\.web)", text, re.M), module.name


def test_a_shell_is_built_once_for_the_same_arguments() -> None:
    assert shell() is shell()
    other = build_shell(LAYERS, tile_url=TILES, attribution="test tiles", basemap="Base",
                        legend_title="Legend <x>", bounds=((48.0, 30.0), (49.0, 31.0)))
    assert other is not shell()
    assert other.config["bounds"] == [[48.0, 30.0], [49.0, 31.0]]
    assert shell().config["bounds"] == [list(c) for c in page.UKRAINE_BOUNDS]
