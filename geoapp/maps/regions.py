"""Regions as the map needs them: names, the tree, bounds, and polygons simplified per zoom."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

import shapely

from geoapp.maps.features import region_feature, simplified
from geoapp.regiontree import lineage

T = TypeVar("T")


@dataclass
class RegionAtlas:
    """Every region, read once; simplified polygons are cached per zoom."""

    levels: dict[str, str] = field(default_factory=dict)
    parents: dict[str, str | None] = field(default_factory=dict)
    names: dict[str, dict[str, str]] = field(default_factory=dict)
    shapes: dict[str, shapely.Geometry] = field(default_factory=dict)
    _outlines: dict[tuple[str, int], dict] = field(default_factory=dict, repr=False)
    _derived: dict[Hashable, Any] = field(default_factory=dict, repr=False)

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping]) -> RegionAtlas:
        """Build from rows with code, level, parent_code, name_<lang> and wkb."""
        atlas = cls()
        for row in rows:
            code = row["code"]
            atlas.levels[code] = row["level"]
            atlas.parents[code] = row["parent_code"] or None
            atlas.names[code] = {key[5:]: value for key, value in row.items()
                                 if key.startswith("name_") and value}
            if row["wkb"] is not None:
                atlas.shapes[code] = shapely.from_wkb(bytes(row["wkb"]))
        return atlas

    def name(self, code: str, lang: str) -> str:
        """A region's name in ``lang``, else in Ukrainian or English, else its code."""
        names = self.names.get(code, {})
        return names.get(lang) or names.get("uk") or names.get("en") or code

    def path(self, code: str) -> list[str]:
        """The region and its ancestors, from the country down to it."""
        return [c for c in reversed(lineage(code, self.parents)) if c in self.levels]

    def children(self, code: str | None) -> list[str]:
        """The regions directly below ``code`` (or the top ones for None)."""
        return [c for c, p in self.parents.items() if p == code]

    def bounds(self, code: str) -> tuple[tuple[float, float], tuple[float, float]] | None:
        """((south, west), (north, east)) of a region, or None when it has no polygon."""
        if code not in self.shapes:
            return None
        west, south, east, north = self.shapes[code].bounds
        return (south, west), (north, east)

    def at_level(self, level: str, bbox: tuple[float, float, float, float] | None = None,
                 within: str | None = None) -> list[str]:
        """Codes of the regions at ``level`` that touch ``bbox`` and lie under ``within``."""
        box = shapely.box(*bbox) if bbox else None
        found = []
        for code, lv in self.levels.items():
            if lv != level or code not in self.shapes:
                continue
            if box is not None and not shapely.intersects(self.shapes[code], box):
                continue
            if within and within not in self.path(code):
                continue
            found.append(code)
        return found

    def derived(self, key: Hashable, build: Callable[[], T]) -> T:
        """``build()``, made once per atlas under ``key``: what is drawn from the regions
        alone (a picker's sorted choices) lasts as long as the regions it comes from."""
        if key not in self._derived:
            self._derived[key] = build()
        return self._derived[key]

    def outline(self, code: str, zoom: int) -> dict:
        """A region's polygon simplified for ``zoom``, as GeoJSON geometry; cached."""
        key = (code, zoom)
        if key not in self._outlines:
            self._outlines[key] = simplified(self.shapes[code], zoom)
        return self._outlines[key]

    def features(self, codes: Iterable[str], zoom: int, lang: str,
                 counts: Mapping[str, int] | None = None) -> list[dict]:
        """GeoJSON features of regions, with their counts when given."""
        return [region_feature(code, self.name(code, lang), self.outline(code, zoom),
                               None if counts is None else counts.get(code, 0))
                for code in codes]

    def options(self, selected: str | None, lang: str) -> list[tuple[str, str, int]]:
        """(code, name, depth) for the region picker: top levels, then the chosen branch."""
        open_branch = set(self.path(selected)) if selected else set()
        shown: list[tuple[str, str, int]] = []

        def walk(parent: str | None, depth: int) -> None:
            kids = sorted(self.children(parent), key=lambda c: self.name(c, lang))
            for code in kids:
                shown.append((code, self.name(code, lang), depth))
                if depth < 1 or code in open_branch:
                    walk(code, depth + 1)

        walk(None, 0)
        return shown

