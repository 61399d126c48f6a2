"""A brute force of the candidates' rules, from the source rows of the fixture worlds.

It reads no store: regions come from the rectangles, distances from pyproj's Geod one pair at
a time, statuses from the rows of the list, and the order from a sort of every place.
"""

from __future__ import annotations

import math

from geoapp import geodesy

LEVELS = ("country", "oblast", "raion", "hromada")
GRAVITY = ("possible_hostilities", "active_hostilities", "temporarily_occupied")
ALPHABET = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя"
WEIGHTS = {"distance": 3.0, "programmes": 1.0, "partners": 1.0, "cooperation": 1.0,
           "type": 1.0}


class World:
    """The regions, places, partnerships and statuses of a fixture world."""

    def __init__(self, regions, places, partnerships, statuses):
        self.regions = {code: (level, parent, bounds) for code, level, parent, bounds in regions}
        self.places = {p["id"]: p for p in places}
        self.partnerships = partnerships
        self.in_force = [(code, status) for code, status, _, end in statuses if not end]
        self.found: dict[tuple[float, float], str | None] = {}

    def region_of(self, lon: float, lat: float) -> str | None:
        if (lon, lat) not in self.found:
            self.found[lon, lat] = self.deepest(lon, lat)
        return self.found[lon, lat]

    def deepest(self, lon: float, lat: float) -> str | None:
        inside = [(LEVELS.index(level), code) for code, (level, _, (x0, y0, x1, y1))
                  in self.regions.items() if x0 < lon < x1 and y0 < lat < y1]
        return max(inside)[1] if inside else None

    def lineage(self, code: str | None) -> list[str]:
        chain = []
        while code:
            chain.append(code)
            code = self.regions[code][1] or None
        return chain

    def at(self, code: str | None, level: str) -> str | None:
        return next((c for c in self.lineage(code) if self.regions[c][0] == level), None)

    def situation(self, code: str | None) -> str | None:
        found = []
        for c in self.lineage(code):
            for listed, status in self.in_force:
                centre = (self.regions[c][0] == "hromada" and len(listed) > 12
                          and listed[:9] == c[:9] and listed[9:12] == "001")
                if listed == c or centre:
                    found.append(GRAVITY.index(status))
        return GRAVITY[max(found)] if found else None

    def partners(self, place_id: str) -> set[str]:
        return {b if a == place_id else a for _, a, b, _, status in self.partnerships
                if status == "active" and place_id in (a, b)}

    def cooperating(self, hromada: str | None) -> set[str]:
        found = set()
        for _, a, b, programme, status in self.partnerships:
            if programme != "imc" or status != "active":
                continue
            ends = [self.at(self.region_of(self.places[p]["lon"], self.places[p]["lat"]),
                            "hromada") for p in (a, b)]
            if hromada in ends:
                found |= set(ends) - {hromada}
        return found - {None}


def name_key(name: str) -> tuple:
    out = []
    for ch in name.casefold().replace("’", "'").replace("ʼ", "'"):
        if ch in ALPHABET:
            out.append((1, ALPHABET.index(ch)))
        else:
            out.append((0 if ord(ch) < 0x400 else 2, ord(ch)))
    return tuple(out)


def ranked(world: World, place_id: str, radius_km: float = 50, kinds=None,
           occupied: str = "exclude", country: str = "own", zone: str = "any",
           scope: str = "any", programme: str | None = None, rank: str = "nearest",
           weights: dict | None = None) -> list[tuple[str, float, float | None]]:
    """Every candidate as (id, km, score), in the order of the ranking asked for."""
    here = world.places[place_id]
    own_region = world.region_of(here["lon"], here["lat"])
    own_country, own_oblast = world.at(own_region, "country"), world.at(own_region, "oblast")
    kinds = kinds or (here["kind"],)
    partners = world.partners(place_id)
    rows = []
    for p in world.places.values():
        region = world.region_of(p["lon"], p["lat"])
        status = world.situation(region)
        if (p["id"] == place_id or p["id"] in partners or p["kind"] not in kinds
                or p["status"] == "closed"
                or (programme and programme not in p["programmes"])
                or (country == "own" and own_country and world.at(region, "country") != own_country)
                or (occupied == "exclude" and status == "temporarily_occupied")
                or (zone == "front-line" and status is None)
                or (zone == "rear" and status is not None)
                or (scope == "other-region" and own_oblast in world.lineage(region))
                or (scope == "same-region" and own_oblast not in world.lineage(region))):
            continue
        metres = geodesy.distance_m(here["lon"], here["lat"], p["lon"], p["lat"])
        if metres <= radius_km * 1000:
            rows.append((p, region, metres))
    rows.sort(key=lambda r: (r[2], name_key(r[0]["name"]), r[0]["name"], r[0]["id"]))
    if rank == "nearest":
        return [(p["id"], m / 1000, None) for p, _, m in rows]
    weights = {**WEIGHTS, **(weights or {})}
    cooperating = world.cooperating(world.at(own_region, "hromada"))
    scored = []
    for p, region, metres in rows:
        shared = len(set(p["programmes"]) & set(here["programmes"]))
        total = (weights["distance"] * max(0.0, 1 - metres / (radius_km * 1000))
                 + weights["programmes"] * (shared / len(here["programmes"])
                                            if here["programmes"] else 0.0)
                 + weights["partners"] / (1 + len(world.partners(p["id"])))
                 + weights["cooperation"] * (world.at(region, "hromada") in cooperating)
                 + weights["type"] * bool(here["type"] and p["type"] == here["type"]))
        scored.append((p["id"], metres / 1000, round(total, 6)))
    return sorted(scored, key=lambda s: -s[2])


def page(order: list, limit: int, number: int = 1) -> list:
    """One page of a ranked list."""
    return order[(number - 1) * limit:number * limit]


def pages(total: int, limit: int) -> int:
    return max(1, math.ceil(total / limit))
