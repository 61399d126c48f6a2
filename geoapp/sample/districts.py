"""City districts: the KATOTTG city districts (category B) matched to GeoNames points by name.

The registers name a big city's school by its district (the general register's KOATUU, the
vocational register's KATOTTG), so such a school can sit at its district's point rather than
at the one point of its city: Kyiv's 610 schools spread over its 10 districts. A GeoNames
feature counts when one of its names is the district's (in Cyrillic, or romanised) and it
lies in the city's own region alone (so "Центральний" of another city never matches);
administrative areas are preferred to quarters, then the point nearest the city.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from geoapp.sample.gazetteer import COLUMNS, consonants
from geoapp.sample.katottg import Locator
from geoapp.sample.placement import DIGITS, RegionMap
from geoapp.sample.text import is_cyrillic, latin_key, name_key, romanise

# Lower is better: a first-order area (as Kyiv's districts are), other areas, a quarter
# of that name, then the rest.
FEATURE_RANK = {"ADM2": 0, "ADM3": 1, "ADM4": 1, "ADM5": 1, "PPLX": 2, "ADMD": 3}
OTHER_RANK = 4
# GeoNames knows Kharkiv's districts only by the names they had before the city renamed
# them in 2016 (and Жовтневий by its Russian form, "Oktyabr'skiy").
FORMER_NAMES = {
    "UA63120270010948820": ["Дзержинський"],  # Шевченківський
    "UA63120270010565081": ["Жовтневий", "Октябрський"],  # Новобаварський
    "UA63120270010736370": ["Комінтернівський"],  # Слобідський
    "UA63120270010877312": ["Ленінський"],  # Холодногірський
    "UA63120270010158723": ["Орджонікідзевський"],  # Індустріальний
    "UA63120270010423479": ["Фрунзенський"],  # Немишлянський
    "UA63120270010681864": ["Червонозаводський"],  # Основ’янський
}
# GeoNames often names a district "Дарницький район" or "Kyivskyi Rayon"; the codifier,
# "Дарницький" and "Київський".
RAION = re.compile(r"\s+(район|район міста|raion|rayon|rajon|district)$", re.IGNORECASE)


def read_features(path: Path) -> pd.DataFrame:
    """Return the GeoNames areas and places (classes A and P) with the keys of their names."""
    frame = pd.read_csv(path, sep="\t", header=None, names=COLUMNS, dtype=str, quoting=3,
                        keep_default_na=False)
    frame = frame[frame["feature_class"].isin(["A", "P"])]
    return pd.DataFrame({
        "geonameid": frame["geonameid"].astype(int),
        "keys": [{k for n in (name, *others.split(",")) if n for k in _keys(n)}
                 for name, others in zip(frame["name"], frame["alternatenames"], strict=True)],
        "rank": frame["feature_code"].map(FEATURE_RANK).fillna(OTHER_RANK).astype(int),
        "lon": frame["longitude"].astype(float), "lat": frame["latitude"].astype(float),
    }).reset_index(drop=True)


def _keys(name: str) -> set[str]:
    bare = RAION.sub("", name.strip())
    if is_cyrillic(bare):
        return {name_key(bare)}
    return {"latin:" + latin_key(bare), "skeleton:" + consonants(latin_key(bare))}


def district_keys(code: str, name: str) -> list[list[str]]:
    """Return the keys a district's feature may have, best first: its Cyrillic or romanised
    name (now or before a renaming), then the consonants of those ("Ordzhonikidzevskiy")."""
    names = [name, *FORMER_NAMES.get(code, ())]
    latin = [latin_key(romanise(n)) for n in names]
    return [[name_key(n) for n in names] + ["latin:" + k for k in latin],
            ["skeleton:" + consonants(k) for k in latin]]


def city_districts(codifier: pd.DataFrame, locator: Locator, regions: RegionMap) -> pd.DataFrame:
    """Return each city district's code, name, city and the region its point must lie in."""
    rows = codifier[codifier["category"] == "B"]
    found = [locator.locate(code) for code in rows["code"]]
    return pd.DataFrame({
        "code": rows["code"].to_numpy(), "name": rows["name"].to_numpy(),
        "city": [f.settlement if f else "" for f in found],
        "hint": [_hint(f, regions) for f in found],
    })


def _hint(found, regions: RegionMap) -> str:
    if found is None:
        return ""
    return found.hromada if found.hromada in regions else (
        found.oblast if found.oblast in regions else "")


def district_points(districts: pd.DataFrame, features: pd.DataFrame, regions: RegionMap,
                    city_points: pd.DataFrame) -> pd.DataFrame:
    """Return a point for each city district whose name a GeoNames feature of its city has."""
    by_key: dict[str, list[int]] = {}
    for i, keys in enumerate(features["keys"]):
        for key in keys:
            by_key.setdefault(key, []).append(i)
    cities = city_points.set_index("code")
    rows = []
    for district in districts.itertuples():
        best = None
        for keys in district_keys(district.code, district.name):
            found = sorted({i for key in keys for i in by_key.get(key, [])})
            best = _best(district, found, features, regions, cities)
            if best is not None:
                break
        if best is not None:
            feature = features.loc[best]
            rows.append((district.code, round(feature["lon"], DIGITS),
                         round(feature["lat"], DIGITS), feature["geonameid"]))
    return pd.DataFrame(rows, columns=["code", "lon", "lat", "geonameid"])


def _best(district, found: list[int], features: pd.DataFrame, regions: RegionMap,
          cities: pd.DataFrame) -> int | None:
    if not found or not district.hint:
        return None
    chosen = features.loc[found]
    inside = regions.safe(chosen["lon"].to_numpy(), chosen["lat"].to_numpy(),
                          np.array([district.hint] * len(chosen)))
    chosen = chosen[inside]
    if chosen.empty:
        return None
    if district.city in cities.index:
        city = cities.loc[district.city]
        far = np.hypot(chosen["lon"] - city["lon"], chosen["lat"] - city["lat"])
    else:
        far = pd.Series(0.0, index=chosen.index)
    order = chosen.assign(far=far).sort_values(["rank", "far", "geonameid"])
    return int(order.index[0])


def at_districts(placed: pd.DataFrame, points: pd.DataFrame, regions: RegionMap) -> pd.DataFrame:
    """Return ``placed`` with each row that names a matched city district at its point.

    Only rows placed at their settlement move: a district's point is a finer place in the
    same city, and it must lie in the row's own region alone, as every placed point does.
    """
    at = points.set_index("code").reindex(placed["district"])
    xs, ys = at["lon"].to_numpy(dtype=float), at["lat"].to_numpy(dtype=float)
    safe = regions.safe(xs, ys, placed["region_hint"].to_numpy())
    moved = safe & (placed["location_precision"] == "settlement").to_numpy()
    out = placed.copy()
    out.loc[moved, "lon"] = xs[moved]
    out.loc[moved, "lat"] = ys[moved]
    out.loc[moved, "location_precision"] = "city_district"
    return out
