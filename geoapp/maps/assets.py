"""Point Folium at the JavaScript and CSS that the app serves from ``static/vendor``.

Folium reads the URLs of its scripts and stylesheets from class attributes
(``default_js``/``default_css``, lists of ``(name, url)``) whose defaults are public CDNs.
:func:`use_local_assets` rewrites them, by name, to the files that
``tools/vendor_assets.py`` copies from ``node_modules``.
"""

from pathlib import Path

from folium import Map
from folium.elements import JSCSSMixin
from folium.plugins import FastMarkerCluster, Fullscreen, LocateControl, MarkerCluster

VENDOR_DIR = Path(__file__).resolve().parents[1] / "static" / "vendor"
DEFAULT_BASE_URL = "/static/vendor"

# Folium's name of a link -> the file under VENDOR_DIR that replaces it.
VENDORED: dict[str, str] = {
    "leaflet": "leaflet/dist/leaflet.js",
    "leaflet_css": "leaflet/dist/leaflet.css",
    "jquery": "jquery/dist/jquery.min.js",
    "bootstrap": "bootstrap/dist/js/bootstrap.bundle.min.js",
    "bootstrap_css": "bootstrap/dist/css/bootstrap.min.css",
    "glyphicons_css": "bootstrap3-glyphicons/dist/css/bootstrap3-glyphicons.min.css",
    "awesome_markers": "leaflet.awesome-markers/dist/leaflet.awesome-markers.min.js",
    "awesome_markers_css": "leaflet.awesome-markers/dist/leaflet.awesome-markers.css",
    "awesome_markers_font_css": "fontawesome-free/css/all.min.css",
    "awesome_rotate_css": "folium-rotate/leaflet.awesome.rotate.css",
    "markerclusterjs": "leaflet.markercluster/dist/leaflet.markercluster.js",
    "markerclustercss": "leaflet.markercluster/dist/MarkerCluster.css",
    "markerclusterdefaultcss": "leaflet.markercluster/dist/MarkerCluster.Default.css",
    "Control.Fullscreen.js": "leaflet.fullscreen/Control.FullScreen.js",
    "Control.FullScreen.css": "leaflet.fullscreen/Control.FullScreen.css",
    "Control_locate_min_js": "leaflet.locatecontrol/dist/L.Control.Locate.min.js",
    "Control_locate_min_css": "leaflet.locatecontrol/dist/L.Control.Locate.min.css",
}


# Every Folium class the project uses that links scripts or stylesheets.
LINKING_CLASSES: tuple[type[JSCSSMixin], ...] = (
    Map,
    MarkerCluster,
    FastMarkerCluster,
    Fullscreen,
    LocateControl,
)


def vendor_url(name: str, base_url: str = DEFAULT_BASE_URL) -> str:
    """URL of the vendored file that replaces Folium's link called ``name``."""
    if name not in VENDORED:
        raise KeyError(
            f"Folium links {name!r}, which geoapp does not vendor: add its package to"
            " package.json and tools/vendor_assets.py, and its file to VENDORED"
        )
    return f"{base_url.rstrip('/')}/{VENDORED[name]}"


def use_local_assets(base_url: str = DEFAULT_BASE_URL) -> None:
    """Make every class in ``LINKING_CLASSES`` link its files under ``base_url``; idempotent."""
    for cls in LINKING_CLASSES:
        # New lists: Folium's own are shared module globals.
        cls.default_js = [(name, vendor_url(name, base_url)) for name, _ in cls.default_js]
        cls.default_css = [(name, vendor_url(name, base_url)) for name, _ in cls.default_css]


def local_asset_paths() -> list[Path]:
    """Paths of every file in ``VENDORED``, for checking that they exist."""
    return [VENDOR_DIR / relative for relative in VENDORED.values()]
