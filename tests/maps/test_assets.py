"""Folium pages link only the files vendored in geoapp/static/vendor, and those files exist."""

import ast
import json
import re
from pathlib import Path

import folium
import pytest
from folium.plugins import FastMarkerCluster, Fullscreen, LocateControl, MarkerCluster

from geoapp.maps import assets

ROOT = Path(__file__).resolve().parents[2]
TILES = "http://127.0.0.1:9/tiles/{z}/{x}/{y}.png"
URL = re.compile(r"https?://[^\s\"'<>)]+")
VENDOR_URL = re.compile(r"/static/vendor/[^\s\"'<>)]+")
CSS_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)")
NOT_A_FILE = ("data:", "#")  # inline data; a fragment alone, e.g. IE's url(#default#VML)


@pytest.fixture
def local_assets(monkeypatch: pytest.MonkeyPatch) -> None:
    """Use the vendored assets for one test, then give Folium its own links back."""
    for cls in assets.LINKING_CLASSES:
        for attribute in ("default_js", "default_css"):
            monkeypatch.setattr(cls, attribute, getattr(cls, attribute))
    assets.use_local_assets()


def render_map() -> str:
    """HTML of a map using every linking class the project uses, on a loopback tile URL."""
    m = folium.Map(location=[51.5, -0.1], zoom_start=6, tiles=TILES, attr="test tiles")
    cluster = MarkerCluster().add_to(m)
    folium.Marker([51.5, -0.1], icon=folium.Icon(icon="info-sign", angle=45)).add_to(cluster)
    folium.Marker([52.2, 0.1], icon=folium.Icon(icon="school", prefix="fa")).add_to(cluster)
    FastMarkerCluster([[53.4, -2.2], [55.9, -3.2]]).add_to(m)
    Fullscreen().add_to(m)
    LocateControl().add_to(m)
    return m.get_root().render()


def css_references(css: Path) -> list[str]:
    """The url(...) targets in a stylesheet that name files."""
    targets = (match.group(2) for match in CSS_URL.finditer(css.read_text(encoding="utf-8")))
    return [target for target in targets if not target.startswith(NOT_A_FILE)]


def test_rendered_map_links_no_outside_url(local_assets: None) -> None:
    assert set(URL.findall(render_map())) == {TILES}


def test_every_vendor_url_in_the_page_names_a_vendored_file(local_assets: None) -> None:
    urls = set(VENDOR_URL.findall(render_map()))
    assert len(urls) == len(assets.VENDORED)
    for url in urls:
        assert (assets.VENDOR_DIR / url.removeprefix("/static/vendor/")).is_file(), url


def test_every_vendored_link_exists() -> None:
    missing = [path for path in assets.local_asset_paths() if not path.is_file()]
    assert missing == []


@pytest.mark.parametrize("css", sorted(assets.VENDOR_DIR.rglob("*.css")), ids=lambda p: p.name)
def test_css_urls_resolve_to_vendored_files(css: Path) -> None:
    for target in css_references(css):
        assert not URL.match(target), f"{css.name} loads {target} from outside"
        path = (css.parent / re.split(r"[?#]", target)[0]).resolve()
        assert path.is_file(), f"{css.name}: url({target}) has no file"
        assert path.is_relative_to(assets.VENDOR_DIR)


def test_use_local_assets_is_idempotent_and_honours_base_url(local_assets: None) -> None:
    assets.use_local_assets("/assets/")
    once = [list(cls.default_js + cls.default_css) for cls in assets.LINKING_CLASSES]
    assets.use_local_assets("/assets")
    assert once == [list(cls.default_js + cls.default_css) for cls in assets.LINKING_CLASSES]
    assert ("leaflet", "/assets/leaflet/dist/leaflet.js") in folium.Map.default_js


def test_unknown_link_name_says_what_to_do() -> None:
    with pytest.raises(KeyError, match="tools/vendor_assets.py"):
        assets.vendor_url("leaflet-something-new")


def test_every_npm_package_is_vendored_with_its_licence() -> None:
    packages = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["dependencies"]
    readme = (assets.VENDOR_DIR / "README.md").read_text(encoding="utf-8")
    for package, version in packages.items():
        folder = assets.VENDOR_DIR / package.rsplit("/", 1)[-1]
        assert list(folder.glob("*LICEN[CS]E*")), f"{package} has no licence file"
        assert f"| {package} | {version} |" in readme


def imported_roots(module: Path) -> set[str]:
    """Top-level names of the packages a module imports."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return {name.split(".")[0] for name in names}


def test_assets_module_imports_neither_flask_nor_a_database() -> None:
    assert imported_roots(Path(assets.__file__)) <= {"pathlib", "folium"}
