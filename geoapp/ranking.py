"""How candidates are ordered: "nearest" (exact distance) or "best match" (a score).

The best-match score of a candidate is a weighted sum of five reasons, each from 0 to 1,
rounded to a millionth so that every implementation ranks alike::

    closeness    1 - distance / radius            (1 next door, 0 at the radius)
    programmes   shared programmes / the place's programmes  (0 if it has none)
    openness     1 / (1 + its active partners)    (1 for a place with no partner yet)
    cooperation  1 if their hromadas have an active inter-municipal agreement, else 0
    same type    1 if both are institutions of the same type (lyceum, gymnasium...), else 0

The weights are in the URL (``w_distance`` ... ``w_type``, 0 to 10). Ties, and the
"nearest" ranking, go by distance, then by name in alphabetical order, then by id.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from geoapp import params

MAX_WEIGHT = 10.0
# Ukrainian alphabetical order; other Cyrillic letters follow, by code point.
ALPHABET = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя"
_ORDER = {letter: i for i, letter in enumerate(ALPHABET)}


@dataclass(frozen=True)
class Weights:
    """The weight of each reason in the best-match score."""

    distance: float = 3.0
    programmes: float = 1.0
    partners: float = 1.0
    cooperation: float = 1.0
    type: float = 1.0

    def as_params(self) -> dict[str, float]:
        """The weights as URL parameters."""
        return {f"w_{f.name}": getattr(self, f.name) for f in fields(self)}


WEIGHT_PARAMS = tuple(Weights().as_params())


def read_weights(raw: dict) -> Weights:
    """Weights from ``w_distance``... (each 0 to 10); absent ones keep their default."""
    given = {}
    for f in fields(Weights):
        value = params.number(f"w_{f.name}", raw.get(f"w_{f.name}"), 0, MAX_WEIGHT)
        if value is not None:
            given[f.name] = value
    return Weights(**given)


@dataclass(frozen=True)
class Reasons:
    """Why a candidate ranks where it does."""

    distance_m: float
    shared_programmes: tuple[str, ...]
    partner_count: int
    cooperating: bool
    same_type: bool


def score(reasons: Reasons, weights: Weights, radius_m: float, own_programmes: int) -> float:
    """The best-match score: the weighted sum of the five reasons (see the module's doc)."""
    closeness = max(0.0, 1.0 - reasons.distance_m / radius_m)
    sharing = len(reasons.shared_programmes) / own_programmes if own_programmes else 0.0
    openness = 1.0 / (1 + reasons.partner_count)
    total = (weights.distance * closeness + weights.programmes * sharing
             + weights.partners * openness + weights.cooperation * float(reasons.cooperating)
             + weights.type * float(reasons.same_type))
    return round(total, 6)


def name_key(name: str) -> tuple:
    """A name's place in alphabetical order: Latin and digits, then Cyrillic, then the rest."""
    key = []
    for ch in name.casefold().replace("’", "'").replace("ʼ", "'"):
        if ch in _ORDER:
            key.append((1, _ORDER[ch]))
        else:
            key.append((0 if ord(ch) < 0x400 else 2, ord(ch)))
    return tuple(key)


def nearest_key(distance_m: float, name: str, place_id: str) -> tuple:
    """The order of "nearest": distance, then name, then id."""
    return (distance_m, name_key(name), name, place_id)
