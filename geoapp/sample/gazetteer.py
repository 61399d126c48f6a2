"""Settlement points: KATOTTG settlements matched to GeoNames populated places by name.

GeoNames' ``admin2`` for Ukraine is the KATOTTG raion code (characters 3-6 of a code), so a
settlement is looked up among the populated places of its own raion only.
"""

from __future__ import annotations

import re
from collections import defaultdict
from difflib import SequenceMatcher
from pathlib import Path

import pandas as pd
import shapely
from shapely.geometry import Point
from tqdm import tqdm

from geoapp.sample.text import is_cyrillic, latin_key, name_key, romanise

COLUMNS = ["geonameid", "name", "asciiname", "alternatenames", "latitude", "longitude",
           "feature_class", "feature_code", "country_code", "cc2", "admin1", "admin2",
           "admin3", "admin4", "population", "elevation", "dem", "timezone", "modified"]
# A spelling this close to the romanised name counts, if the place lies in the hromada.
SIMILAR = 0.85
LOOSE = 0.7
# Lower is better: living places first, then historical, abandoned or destroyed ones.
FEATURE_RANK = {"PPLC": 0, "PPLA": 0, "PPLA2": 0, "PPLA3": 0, "PPLA4": 0, "PPL": 1,
                "PPLF": 2, "PPLL": 2, "PPLS": 2, "PPLW": 3, "PPLX": 4, "PPLQ": 5, "PPLH": 5}


def read_geonames(path: Path) -> pd.DataFrame:
    """Return the populated places (feature class P) of the GeoNames UA extract."""
    frame = pd.read_csv(path, sep="\t", header=None, names=COLUMNS, dtype=str, quoting=3,
                        keep_default_na=False)
    places = frame[frame["feature_class"] == "P"].copy()
    places["lat"] = places["latitude"].astype(float)
    places["lon"] = places["longitude"].astype(float)
    places["geonameid"] = places["geonameid"].astype(int)
    places["population"] = pd.to_numeric(places["population"], errors="coerce").fillna(0)
    places["rank"] = places["feature_code"].map(FEATURE_RANK).fillna(6)
    return places.reset_index(drop=True)


class Gazetteer:
    """GeoNames populated places indexed by raion and folded name."""

    def __init__(self, places: pd.DataFrame) -> None:
        self.places = places
        self.cyrillic: dict[tuple, list[int]] = defaultdict(list)
        self.latin: dict[tuple, list[int]] = defaultdict(list)
        self.anywhere: dict[str, list[int]] = defaultdict(list)
        for row in places.itertuples():
            self._index(row)
        self.tree = shapely.STRtree(shapely.points(places["lon"], places["lat"]))

    def _index(self, row) -> None:
        names = {row.name, row.asciiname, *row.alternatenames.split(",")} - {""}
        for name in names:
            if is_cyrillic(name):
                self.cyrillic[(row.admin2, name_key(name))].append(row.Index)
                self.anywhere[name_key(name)].append(row.Index)
            else:
                self.latin[(row.admin2, latin_key(name))].append(row.Index)

    def candidates(self, raion: str, name: str) -> tuple[list[int], str]:
        """Return the places of ``raion`` named ``name`` and how they were found."""
        found = self.cyrillic.get((raion, name_key(name)))
        if found:
            return sorted(set(found)), "cyrillic"
        found = self.latin.get((raion, latin_key(romanise(name))))
        return (sorted(set(found)), "latin") if found else ([], "")

    def names_within(self, shape) -> set[str]:
        """Return the Latin keys of every name of the places inside ``shape``."""
        keys = set()
        for i in self.tree.query(shape, predicate="contains_properly"):
            place = self.places.loc[i]
            names = {place["name"], place["asciiname"], *place["alternatenames"].split(",")}
            keys |= {latin_key(romanise(n)) if is_cyrillic(n) else latin_key(n)
                     for n in names if n}
        return keys

    def city(self, name: str) -> list[int]:
        """Return capital-rank places named ``name`` anywhere (for Kyiv and Sevastopol)."""
        found = self.anywhere.get(name_key(name), [])
        return [i for i in sorted(set(found)) if self.places.at[i, "rank"] == 0]


def settlement_points(towns: pd.DataFrame, gazetteer: Gazetteer, hromada_shapes: dict,
                      progress: bool = True) -> pd.DataFrame:
    """Return a GeoNames point for each KATOTTG settlement that can be matched."""
    by_name = match_by_name(towns, gazetteer, hromada_shapes, progress)
    rest = towns[~towns["code"].isin(by_name["code"])]
    nearby = match_in_hromada(rest, gazetteer, hromada_shapes, set(by_name["geonameid"]))
    return pd.concat([by_name, nearby], ignore_index=True)


def match_by_name(towns: pd.DataFrame, gazetteer: Gazetteer, hromada_shapes: dict,
                  progress: bool = True) -> pd.DataFrame:
    """Return the settlements whose exact (or romanised) name is a place of their raion."""
    rows = []
    for town in tqdm(towns.itertuples(), total=len(towns), disable=not progress,
                     desc="settlements → GeoNames", unit="settlement"):
        if town.category == "K":
            found, how = gazetteer.city(town.name), "cyrillic"
        else:
            found, how = gazetteer.candidates(town.code[2:6], town.name)
        best = _best(found, gazetteer.places, hromada_shapes.get(town.hromada))
        if best is not None:
            place = gazetteer.places.loc[best]
            rows.append((town.code, place["lon"], place["lat"], place["geonameid"], how,
                         len(found)))
    return pd.DataFrame(rows, columns=["code", "lon", "lat", "geonameid", "how", "candidates"])


def match_in_hromada(towns: pd.DataFrame, gazetteer: Gazetteer, hromada_shapes: dict,
                     used: set[int]) -> pd.DataFrame:
    """Return settlements matched to a similar-named, unused place inside their hromada.

    GeoNames spells many western villages in Polish- or Russian-era forms ("Yaremkuv" for
    Яремків) or files them under no raion; the hromada polygon makes a loose match safe.
    """
    places = gazetteer.places
    rows = []
    for town in towns.itertuples():
        shape = hromada_shapes.get(town.hromada)
        if shape is None:
            continue
        inside = [i for i in gazetteer.tree.query(shape, predicate="contains_properly")
                  if places.at[i, "geonameid"] not in used]
        best = _most_similar(town.name, places.loc[inside]) if inside else None
        if best is not None:
            place = places.loc[best]
            rows.append((town.code, place["lon"], place["lat"], place["geonameid"], "similar",
                         len(inside)))
    return pd.DataFrame(rows, columns=["code", "lon", "lat", "geonameid", "how", "candidates"])


def _most_similar(name: str, candidates: pd.DataFrame) -> int | None:
    wanted = latin_key(romanise(name))
    scores = sorted(((_similarity(wanted, row), i) for i, row in candidates.iterrows()),
                    reverse=True)
    best_score, best = scores[0]
    runner_up = scores[1][0] if len(scores) > 1 else 0.0
    return int(best) if best_score >= SIMILAR and runner_up < SIMILAR else None


def _similarity(wanted: str, place: pd.Series) -> float:
    names = {place["name"], place["asciiname"], *place["alternatenames"].split(",")} - {""}
    keys = {latin_key(romanise(n)) if is_cyrillic(n) else latin_key(n) for n in names}
    return max(_score(wanted, key) for key in keys)


def _score(wanted: str, key: str) -> float:
    ratio = SequenceMatcher(None, wanted, key).ratio()
    # Russian- and Polish-era spellings differ in vowels and г/h ("Kiyanovka" for
    # Киянівка): equal consonant skeletons of a fairly similar spelling count as a match.
    skeleton = consonants(wanted)
    if len(skeleton) >= 3 and skeleton == consonants(key) and ratio >= LOOSE:
        return max(ratio, SIMILAR)
    return ratio


def consonants(key: str) -> str:
    """Return the consonant skeleton of a Latin key (h and g count as one letter)."""
    for digraph, letter in (("kh", "x"), ("ch", "c"), ("sh", "s"), ("zh", "z")):
        key = key.replace(digraph, letter)
    return re.sub(r"[aeiouyj]", "", key.replace("h", "g"))


def _best(found: list[int], places: pd.DataFrame, shape) -> int | None:
    if len(found) <= 1:
        return found[0] if found else None
    chosen = places.loc[found]
    if shape is not None:
        inside = [shapely.contains_properly(shape, Point(x, y))
                  for x, y in zip(chosen["lon"], chosen["lat"], strict=True)]
        if any(inside):
            chosen = chosen[inside]
    chosen = chosen.sort_values(["rank", "population", "geonameid"],
                                ascending=[True, False, True])
    return int(chosen.index[0])


def kse_points(kse: pd.DataFrame) -> pd.DataFrame:
    """Return the KSE (OSM-geocoded) point of each hromada's centre settlement."""
    return pd.DataFrame({"code": kse["hromada_center_code"], "hromada": kse["hromada_code"],
                         "lon": kse["lon_center"].astype(float),
                         "lat": kse["lat_center"].astype(float)})

