"""Geometry clean-up shared by the region builders: valid, simplified MultiPolygons."""

from __future__ import annotations

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

# About 70-110 m: fine enough for a hromada map, and it keeps data/ small.
TOLERANCE = 0.001
GRID = 1e-6  # coordinates are written with 6 decimals
SLIVER = 1e-4  # square degrees (~1 km²): smaller parts of a dissolved country are seams


def multipolygon(geom: BaseGeometry) -> MultiPolygon:
    """Return the polygonal parts of ``geom`` as one MultiPolygon."""
    parts = getattr(geom, "geoms", [geom])
    polygons = [p for part in parts if isinstance(part, Polygon | MultiPolygon)
                for p in getattr(part, "geoms", [part]) if not p.is_empty]
    return MultiPolygon(polygons)


def clean(geoms: np.ndarray | list, tolerance: float = TOLERANCE) -> list[MultiPolygon]:
    """Return the geometries made valid, simplified and snapped to the 6-decimal grid."""
    valid = shapely.make_valid(np.asarray(geoms, dtype=object))
    simple = shapely.simplify(valid, tolerance, preserve_topology=True)
    snapped = shapely.make_valid(shapely.set_precision(simple, GRID))
    out = [multipolygon(g) for g in snapped]
    if not all(g.is_valid and not g.is_empty for g in out):
        raise ValueError("a region geometry is empty or invalid after simplification")
    return out


def dissolve(geoms: list) -> BaseGeometry:
    """Return the outline of ``geoms``: their union without holes or sliver parts.

    Neighbouring units of the sources leave gaps between them; a country has no holes.
    """
    union = shapely.union_all(shapely.make_valid(np.asarray(geoms, dtype=object)))
    return MultiPolygon([Polygon(p.exterior) for p in multipolygon(union).geoms
                         if p.area > SLIVER])
