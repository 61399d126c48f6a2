"""Copy the browser builds of the npm packages into geoapp/static/vendor.

Run `npm ci --ignore-scripts` first; this script needs no Node. It deletes the vendor
folder and writes it anew, so two runs on the same node_modules give the same files.
Each package lands in vendor/<name without npm scope>/ with its paths inside the package
kept, so the relative url(...) in its CSS still finds its images and fonts.
"""

import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NODE_MODULES = ROOT / "node_modules"
VENDOR = ROOT / "geoapp" / "static" / "vendor"

# npm package -> files (globs) to copy: minified builds, what their CSS refers to, licence.
PACKAGES: dict[str, list[str]] = {
    "@fortawesome/fontawesome-free": ["css/all.min.css", "webfonts/*", "LICENSE.txt"],
    "@neos21/bootstrap3-glyphicons": [
        "dist/css/bootstrap3-glyphicons.min.css",
        "dist/fonts/*",
        "LICENSE",
    ],
    "bootstrap": ["dist/css/bootstrap.min.css", "dist/js/bootstrap.bundle.min.js", "LICENSE"],
    "jquery": ["dist/jquery.min.js", "LICENSE.txt"],
    "leaflet": ["dist/leaflet.js", "dist/leaflet.css", "dist/images/*.png", "LICENSE"],
    "leaflet.awesome-markers": [
        "dist/leaflet.awesome-markers.min.js",
        "dist/leaflet.awesome-markers.css",
        "dist/images/markers-s*.png",
        "LICENSE",
    ],
    # 3.0.0 ships no minified build.
    "leaflet.fullscreen": [
        "Control.FullScreen.js",
        "Control.FullScreen.css",
        "icon-fullscreen.svg",
        "LICENSE",
    ],
    "leaflet.locatecontrol": [
        "dist/L.Control.Locate.min.js",
        "dist/L.Control.Locate.min.css",
        "LICENSE",
    ],
    "leaflet.markercluster": [
        "dist/leaflet.markercluster.js",
        "dist/MarkerCluster.css",
        "dist/MarkerCluster.Default.css",
        "MIT-LICENCE.txt",
    ],
}

# The licence field of package.json, where the package's own licence file says otherwise.
LICENCE_OVERRIDES = {
    "leaflet.awesome-markers": "MIT (LICENSE file; package.json says ISC)",
}

# Folium links a stylesheet of its own that no npm package ships: the classes fa-rotate-N
# that folium.Icon(angle=N) puts on the icon. Written here rather than copied.
ROTATE_CSS = Path("folium-rotate/leaflet.awesome.rotate.css")


def folder(package: str) -> str:
    """Folder under vendor/ for an npm package: its name without the scope."""
    return package.rsplit("/", 1)[-1]


def copy_package(package: str, patterns: list[str]) -> None:
    """Copy the files of `package` matching `patterns`; a pattern matching none is an error."""
    source = NODE_MODULES / package
    if not source.is_dir():
        sys.exit(f"{source} not found: run `npm ci --ignore-scripts` first")
    for pattern in patterns:
        matches = sorted(p for p in source.glob(pattern) if p.is_file())
        if not matches:
            sys.exit(f"{package}: no file matches {pattern!r}; was the package version changed?")
        for path in matches:
            target = VENDOR / folder(package) / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)


def rotate_css() -> str:
    """CSS for folium.Icon(angle=N): one fa-rotate-N class per whole degree, either sign."""
    rules = (f".fa-rotate-{n}{{transform:rotate({n}deg)}}" for n in range(-359, 360))
    return "\n".join(rules) + "\n"


def readme() -> str:
    """Markdown table of the vendored packages, their versions and licences."""
    lines = [
        "# Vendored browser assets",
        "",
        "Written by `tools/vendor_assets.py` from `node_modules` (`npm ci --ignore-scripts`);"
        " do not edit by hand. `geoapp/maps/assets.py` points Folium at these files.",
        "Source maps are not vendored: the `sourceMappingURL` comments only matter to"
        " browser developer tools.",
        "",
        "| package | version | licence | folder |",
        "|---|---|---|---|",
    ]
    for package in sorted(PACKAGES):
        meta = json.loads((NODE_MODULES / package / "package.json").read_text(encoding="utf-8"))
        licence = LICENCE_OVERRIDES.get(package, meta.get("license", "see licence file"))
        lines.append(f"| {package} | {meta['version']} | {licence} | `{folder(package)}/` |")
    lines.append(
        f"| (generated) | - | MIT, as geoapp | `{ROTATE_CSS.parent}/`: fa-rotate-N classes"
        " for `folium.Icon(angle=N)` |"
    )
    return "\n".join(lines) + "\n"


def main() -> None:
    """Rewrite geoapp/static/vendor from node_modules."""
    shutil.rmtree(VENDOR, ignore_errors=True)
    for package, patterns in PACKAGES.items():
        copy_package(package, patterns)
    (VENDOR / ROTATE_CSS).parent.mkdir(parents=True)
    (VENDOR / ROTATE_CSS).write_text(rotate_css(), encoding="utf-8", newline="\n")
    (VENDOR / "README.md").write_text(readme(), encoding="utf-8", newline="\n")


if __name__ == "__main__":
    main()
