"""Sister cities of Ukraine, Moldova, Romania, Belarus and Kazakhstan, from Wikipedia's lists.

A Ukrainian city becomes the community (hromada) whose polygon holds its point; any other
city becomes a place of its own, ``city:<country>-<name>``. Pairs are undirected and
listed once.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from pathlib import Path

import numpy as np
import pandas as pd

from geoapp.sample import katottg
from geoapp.sample.gazetteer import Gazetteer
from geoapp.sample.placement import RegionMap
from geoapp.sample.text import latin_key, slug

FILE = "twin_cities.csv.gz"
SOURCE = "https://github.com/Hekman/twincities"
FOCUS = ("Ukraine", "Moldova", "Romania", "Belarus", "Kazakhstan")
COUNTRY_ALIASES = {
    "Georgia (country)": "Georgia", "England": "United Kingdom", "Scotland": "United Kingdom",
    "Wales": "United Kingdom", "England, United Kingdom": "United Kingdom",
    "Scotland, United Kingdom": "United Kingdom", "Wales, United Kingdom": "United Kingdom",
    "Republic of Ireland": "Ireland",
}
# Rough boxes (min lon, min lat, max lon, max lat) to catch points geocoded to a namesake
# abroad, e.g. Moldova's Călărași put at Romania's.
BOXES = {"Moldova": (26.6, 45.4, 30.2, 48.5), "Romania": (20.2, 43.6, 29.8, 48.3),
         "Belarus": (23.1, 51.2, 32.8, 56.2), "Kazakhstan": (46.4, 40.5, 87.4, 55.5),
         "Russia": (19.6, 41.1, 180.0, 82.0)}
# Hand-entered town-centre coordinates (lon, lat) where the source geocoded a namesake.
CORRECTED = {("Moldova", "Călărași"): (28.3081, 47.2544)}
# Ukrainian entries that are a raion, an oblast or a city district, not a community.
NOT_A_COMMUNITY = re.compile(r"Raion|Oblast|District|\((Kyiv|Kharkiv|Odesa|Donetsk)\)")
SAME_PLACE_DEGREES = 0.5  # one spelling geocoded this close (~50 km) is one city
SAME_NAME = 0.8
ENDED_WITH = ("Russia", "Belarus")


def read_pairs(folder: Path) -> pd.DataFrame:
    """Return the pairs with at least one city in a focus country, countries normalised."""
    frame = pd.read_csv(folder / FILE, dtype=str, keep_default_na=False)
    for side in ("1", "2"):
        split = frame[f"city{side}"].str.extract(r"^(.*),\s*([^,]+)$")
        blank = frame[f"country{side}"] == ""
        frame.loc[blank, f"city{side}"] = split.loc[blank, 0]
        frame.loc[blank, f"country{side}"] = split.loc[blank, 1]
        frame[f"country{side}"] = frame[f"country{side}"].replace(COUNTRY_ALIASES)
        frame[f"lat{side}"] = frame[f"lat{side}"].astype(float)
        frame[f"lng{side}"] = frame[f"lng{side}"].astype(float)
    focus = frame["country1"].isin(FOCUS) | frame["country2"].isin(FOCUS)
    return frame[focus].reset_index(drop=True)


def endpoints(pairs: pd.DataFrame) -> pd.DataFrame:
    """Return each distinct (city, country) with its most common coordinates."""
    sides = [pairs[[f"city{s}", f"country{s}", f"lng{s}", f"lat{s}"]].set_axis(
        ["city", "country", "lon", "lat"], axis=1) for s in ("1", "2")]
    both = pd.concat(sides, ignore_index=True)
    counted = both.groupby(["country", "city", "lon", "lat"]).size().rename("n").reset_index()
    counted = counted.sort_values(["country", "city", "n", "lon", "lat"],
                                  ascending=[True, True, False, True, True])
    first = counted.drop_duplicates(["country", "city"]).drop(columns="n")
    uses = both.groupby(["country", "city"]).size().rename("uses")
    return first.join(uses, on=["country", "city"]).reset_index(drop=True)


def place_ids(cities: pd.DataFrame, regions: RegionMap,
              gazetteer: Gazetteer) -> tuple[pd.Series, dict]:
    """Return a place id per (country, city) ('' when it cannot be placed) and why not."""
    ids, dropped = {}, {"ukrainian_not_a_community": 0, "ukrainian_outside_hromadas": 0,
                        "ukrainian_name_not_in_hromada": 0, "outside_country_box": 0}
    ukrainian = cities[cities["country"] == "Ukraine"]
    for row, code in zip(ukrainian.itertuples(), community_of(ukrainian, regions), strict=True):
        why = _not_placed(row.city, code, regions, gazetteer)
        if why:
            dropped[why] += 1
        ids[(row.country, row.city)] = "" if why else f"katottg:{code}"
    others = corrected(cities[cities["country"] != "Ukraine"])
    inside = others.apply(in_box, axis=1)
    dropped["outside_country_box"] = int((~inside).sum())
    canonical = merge_spellings(others[inside])
    for row in others.itertuples():
        ids[(row.country, row.city)] = canonical.get((row.country, row.city), "")
    return pd.Series(ids), dropped


def _not_placed(city: str, code: str, regions: RegionMap, gazetteer: Gazetteer) -> str:
    if NOT_A_COMMUNITY.search(city):
        return "ukrainian_not_a_community"
    if not code:
        return "ukrainian_outside_hromadas"
    # A namesake geocoded into the wrong hromada: no place of that name lies in it.
    wanted = latin_key(city)
    known = gazetteer.names_within(regions.shape(code))
    if not any(SequenceMatcher(None, wanted, k).ratio() >= SAME_NAME for k in known):
        return "ukrainian_name_not_in_hromada"
    return ""


def community_of(cities: pd.DataFrame, regions: RegionMap) -> list[str]:
    """Return the hromada (or Kyiv) whose polygon holds each point ('' if none)."""
    hints = []
    for lon, lat in zip(cities["lon"], cities["lat"], strict=True):
        found = regions.containing(lon, lat)
        hromadas = [c for c in found if regions.level(c) == "hromada" and c.startswith("UA")]
        hints.append((hromadas or [c for c in found if c == katottg.KYIV] or [""])[0])
    return hints


def corrected(cities: pd.DataFrame) -> pd.DataFrame:
    """Return the cities with the hand-corrected coordinates applied."""
    cities = cities.copy()
    for (country, city), (lon, lat) in CORRECTED.items():
        hit = (cities["country"] == country) & (cities["city"] == city)
        cities.loc[hit, ["lon", "lat"]] = lon, lat
    return cities


def in_box(row: pd.Series) -> bool:
    """Return False for a point outside its country's rough box (when one is known)."""
    box = BOXES.get(row["country"])
    return box is None or (box[0] <= row["lon"] <= box[2] and box[1] <= row["lat"] <= box[3])


def merge_spellings(cities: pd.DataFrame) -> dict[tuple, str]:
    """Return a city id per (country, city); close, equal spellings share the most used.

    "Iaşi" and "Iași" are one place; namesakes far apart ("Novoselytsia") get -2, -3...
    """
    order = cities.assign(spelling=cities["city"].map(_spelling)).sort_values(
        ["country", "uses", "city"], ascending=[True, False, True])
    ids, taken = {}, set()
    for (country, spelling), group in order.groupby(["country", "spelling"], sort=True):
        chosen: list[tuple[float, float, str]] = []
        for row in group.itertuples():
            same = next((given for x, y, given in chosen
                         if np.hypot(x - row.lon, y - row.lat) < SAME_PLACE_DEGREES), None)
            if same is None:
                same = _free(f"city:{slug(country)}-{spelling}", taken)
                taken.add(same)
                chosen.append((row.lon, row.lat, same))
            ids[(country, row.city)] = same
    return ids


def _free(base: str, taken: set[str]) -> str:
    n, candidate = 1, base
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _spelling(name: str) -> str:
    # Digits stay: "Prague 5" and "Prague 6", "Sector 1" and "Sector 3" are not one place.
    return slug(name)


def city_places(cities: pd.DataFrame, ids: pd.Series) -> pd.DataFrame:
    """Return the non-Ukrainian city places (one row per id, the most used spelling)."""
    cities = corrected(cities).assign(id=[ids.get((c, n), "") for c, n in
                                          zip(cities["country"], cities["city"], strict=True)])
    cities = cities[cities["id"].str.startswith("city:")]
    best = cities.sort_values(["id", "uses", "city"], ascending=[True, False, True])
    best = best.drop_duplicates("id")
    return pd.DataFrame({
        "id": best["id"], "kind": "community", "type": best["city"].map(city_type),
        "name": best["city"], "status": "operating", "website": "",
        "address": best["country"], "location_precision": "settlement", "region_hint": "",
        "programmes": "", "note": "Coordinates from Wikipedia/OpenStreetMap via the "
        "twin-cities list.", "lon": best["lon"].round(6), "lat": best["lat"].round(6),
    }).reset_index(drop=True)


def city_type(name: str) -> str:
    """Return 'district', 'region' or 'city' from an English place label."""
    if re.search(r"Region|Oblast|County|Province|Voivodeship", name):
        return "region"
    return "district" if re.search(r"District|Raion|\(", name) else "city"


def sister_partnerships(pairs: pd.DataFrame, ids: pd.Series) -> tuple[pd.DataFrame, int]:
    """Return the undirected sister-city partnerships between placed ends, and pairs lost."""
    rows, lost = {}, 0
    for p in pairs.itertuples():
        a, b = ids.get((p.country1, p.city1), ""), ids.get((p.country2, p.city2), "")
        if not a or not b or a == b:
            lost += 1
            continue
        ends = sorted([(a, p.city1, p.country1), (b, p.city2, p.country2)])
        rows.setdefault((ends[0][0], ends[1][0]), ends)
    return pd.DataFrame([_sister(ends) for ends in rows.values()]), lost


def _sister(ends: list[tuple]) -> dict:
    (a, city_a, country_a), (b, city_b, country_b) = ends
    ended = {country_a, country_b} & {"Ukraine"} and {country_a, country_b} & set(ENDED_WITH)
    return {"id": f"sister:{a}~{b}", "place_a": a, "place_b": b, "programme": "sister-cities",
            "status": "ended" if ended else "active", "start_date": "", "end_date": "",
            "areas": "", "source": SOURCE,
            "title": f"{city_a} ({country_a}) – {city_b} ({country_b})"}
