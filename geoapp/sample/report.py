"""The report of a build: counts and match rates, as printed and returned."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from geoapp.sample.katottg import KYIV

FILES = ("regions.gpkg", "programmes.csv", "places.csv.gz", "partnerships.csv",
         "activities.csv", "region_statuses.csv.gz")


def report(built: dict, out: Path) -> dict:
    """Return the counts and match rates of a build."""
    towns = built["codifier"]["category"].isin(["M", "T", "C", "X", "K"]).sum()
    points = built["points"]
    return {
        "regions": built["regions"]["level"].value_counts().sort_index().to_dict()
        | {"total": len(built["regions"])},
        "hromada_polygons_coded_by": built["hromada_coding"],
        "settlements_with_a_gazetteer_point": {
            "matched": len(points), "of": int(towns), "percent": _pct(len(points), towns),
            "by": points["how"].value_counts().sort_index().to_dict()},
        "edebo_placement": placement_rates(built["placed"]),
        "city_districts": district_rates(built),
        "places": built["places"]["kind"].value_counts().sort_index().to_dict()
        | {"total": len(built["places"])},
        "partnerships": built["partnerships"]["programme"].value_counts().sort_index().to_dict()
        | {"total": len(built["partnerships"])},
        "activities": built["activities"]["kind"].value_counts().sort_index().to_dict()
        | {"total": len(built["activities"])},
        "sister_cities": {"pairs_read": built["twin_pairs"],
                          "pairs_without_both_ends": built["twin_lost"],
                          **{f"cities_dropped_{k}": v for k, v in built["twin_dropped"].items()}},
        "plich_o_plich_pairs_left_out": built["plich_left_out"],
        "region_statuses": built["statuses"]["status"].value_counts().sort_index().to_dict()
        | {"total": len(built["statuses"]),
           "in_force": int((built["statuses"]["end_date"] == "").sum())},
        "places_by_country": built["places"]["country"].replace("", "none").value_counts()
        .sort_index().to_dict(),
        "file_bytes": {name: (out / name).stat().st_size for name in FILES},
    }


def district_rates(built: dict) -> dict:
    """Return how many city districts have a point, what moved there, and the largest stack."""
    placed, places = built["placed"], built["places"]
    kyiv = placed[(placed["oblast"] == KYIV) & placed["register"].isin(["general", "vocational"])]
    stacks = places.groupby(["lon", "lat"]).size().sort_values(ascending=False)
    return {"districts_with_a_point": len(built["district_points"]),
            "of": len(built["codifier"].query("category == 'B'")),
            "institutions_moved": int((placed["location_precision"] == "city_district").sum()),
            "kyiv_institutions": len(kyiv),
            "kyiv_moved": int((kyiv["location_precision"] == "city_district").sum()),
            "kyiv_points": int(kyiv.groupby(["lon", "lat"]).ngroups),
            "largest_stack": int(stacks.iloc[0]),
            "largest_stack_at": [float(v) for v in stacks.index[0]]}


def placement_rates(placed: pd.DataFrame) -> dict:
    """Return, per EDEBO register and overall, how the institutions were placed."""
    edebo = placed[placed["register"].isin(["general", "vocational"])]
    parts = {"general_register": edebo[edebo["register"] == "general"],
             "vocational_register": edebo[edebo["register"] == "vocational"], "all": edebo}
    return {name: _rates(part) for name, part in parts.items()}


def _rates(part: pd.DataFrame) -> dict:
    precision = part["location_precision"]
    counts = {"city_district": int((precision == "city_district").sum()),
              "settlement": int((precision == "settlement").sum()),
              "community_centroid": int((precision == "community_centroid").sum()),
              "unplaced": int((precision == "").sum())}
    return {"institutions": len(part), **counts,
            "city_district_percent": _pct(counts["city_district"], len(part)),
            "settlement_percent": _pct(counts["settlement"], len(part)),
            "community_centroid_percent": _pct(counts["community_centroid"], len(part)),
            "unplaced_ids": sorted(part.loc[precision == "", "id"])}


def _pct(part: int, whole: int) -> float:
    return round(100 * part / whole, 2) if whole else 0.0
