"""What the map page opens on: the layers the URL names, framed on what the filters found."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import Connection

from geoapp.collation import sort_key
from geoapp.errors import ParameterError
from geoapp.layerdata import MapFilters
from geoapp.layers import Layer
from geoapp.maps.regions import RegionAtlas
from geoapp.store import collections, mapdata
from geoapp.store.collections import ItemQuery
from geoapp.store.models import REGION_LEVELS
from geoapp.store.queries import PlaceFilter

# A single place found is framed with this margin (degrees), not at the deepest zoom.
MARGIN = 0.05
Bounds = tuple[tuple[float, float], tuple[float, float]]


def shown_layers(raw: str | None, known: Mapping[str, Layer]) -> list[Layer]:
    """Every layer, switched on as ``layers`` (comma-separated ids) says; as defined if absent."""
    if raw is None:
        return list(known.values())
    wanted = {name.strip() for name in raw.split(",") if name.strip()}
    unknown = sorted(wanted - set(known))
    if unknown:
        raise ParameterError("layers", f"unknown layer {unknown[0][:40]!r}; expected some of "
                             f"{', '.join(known)}")
    return [layer.model_copy(update={"visible": layer.id in wanted}) for layer in known.values()]


def with_what_was_asked(conn: Connection, shown: list[Layer],
                        filters: MapFilters) -> list[Layer]:
    """Switch on each places layer holding the chosen kind or a place named as searched.

    Kindergartens and authorities sit in a layer that is off at first; a search or a kind
    filter must find them whatever layers are on.
    """
    if not (filters.kind or filters.q):
        return shown
    return [layer.model_copy(update={"visible": True})
            if not layer.visible and _holds_match(conn, layer, filters) else layer
            for layer in shown]


def _holds_match(conn: Connection, layer: Layer, filters: MapFilters) -> bool:
    if layer.source != "places":
        return False
    where = filters.for_places(tuple(layer.kinds))
    return where is not None and mapdata.count_up_to(conn, ItemQuery("places", where), 1) > 0


def region_choices(atlas: RegionAtlas, lang: str,
                   level_names: Mapping[str, str]) -> tuple[tuple[str, str, int], ...]:
    """(code, label, depth) of every region for the searchable picker, in the language's
    order; made once per language and regions' load (sorting 2,000 labels took 40 ms a
    page). The depth, the level's rank (an oblast's less than its raions'), ranks the names a
    text matches.

    A label names the region, its level and its parents, and its English name when that
    differs, so that typing "Крамат" or "Kramat" finds the oblast, raion and hromada at once.
    """
    return atlas.derived(("choices", lang, tuple(level_names.items())),
                         lambda: _sorted_choices(atlas, lang, level_names))


def region_label(atlas: RegionAtlas, lang: str, level_names: Mapping[str, str],
                 code: str | None) -> str:
    """The picker's label of the region ``code`` ("" for none, or one it does not hold)."""
    if not code:
        return ""
    labels = atlas.derived(("labels", lang, tuple(level_names.items())),
                           lambda: {each: label for each, label, _ in
                                    region_choices(atlas, lang, level_names)})
    return labels.get(code, "")


def _sorted_choices(atlas: RegionAtlas, lang: str,
                    level_names: Mapping[str, str]) -> tuple[tuple[str, str, int], ...]:
    found = []
    for code, level in atlas.levels.items():
        if level == "country":
            continue
        name, english = atlas.name(code, lang), atlas.name(code, "en")
        path = atlas.path(code)
        parents = [atlas.name(c, lang) for c in reversed(path[1:-1])]
        label = name + (f" / {english}" if english != name else "")
        label += f" ({', '.join([str(level_names.get(level, level)), *parents])})"
        found.append((code, label, REGION_LEVELS.index(level)))  # levels checked at load
    key = sort_key(lang)
    return tuple(sorted(found, key=lambda choice: key(choice[1])))


def found_bounds(conn: Connection, atlas: RegionAtlas, filters: MapFilters,
                 revision: tuple | None = None) -> Bounds | None:
    """The frame of what the filters found: their places and the programme's partnerships,
    remembered under the data's ``revision``.

    None when no filter beyond the region is set (the region, or the whole map, frames it).
    """
    if not (filters.programme or filters.kind or filters.status or filters.q):
        return atlas.bounds(filters.region) if filters.region else None
    boxes = [collections.extent(conn, ItemQuery("places", filters.for_places()), revision)]
    if filters.programme:
        boxes.append(collections.extent(conn, ItemQuery("partnerships", PlaceFilter(
            region=filters.region, programme=filters.programme)), revision))
    boxes = [b for b in boxes if b]
    if not boxes:
        return atlas.bounds(filters.region) if filters.region else None
    west, south = min(b[0] for b in boxes) - MARGIN, min(b[1] for b in boxes) - MARGIN
    east, north = max(b[2] for b in boxes) + MARGIN, max(b[3] for b in boxes) + MARGIN
    return (south, west), (north, east)
