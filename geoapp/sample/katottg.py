"""The KATOTTG codifier: Ukraine's official codes of oblasts, raions, hromadas, settlements.

A code is ``UA`` + 2 oblast + 2 raion + 3 hromada + 3 settlement digits + a 7-digit tail.
The first 12 characters name a settlement (a city district shares its city's), the first 9 a
hromada, so codes from later codifier editions still resolve through these prefixes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

LEVELS = ["oblast", "raion", "hromada", "settlement", "district"]
SETTLEMENT_CATEGORIES = ("M", "T", "C", "X", "K")
KYIV = "UA80000000000093317"
SEVASTOPOL = "UA85000000000065278"
CRIMEA = "UA01000000000013043"


@dataclass(frozen=True)
class Located:
    """Where a code points in the codifier: its settlement (if any), hromada and oblast."""

    settlement: str
    hromada: str
    oblast: str


def read_codifier(path: Path) -> pd.DataFrame:
    """Return the codifier with each row's own ``code``, ``category`` and stripped ``name``."""
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    raw.columns = LEVELS + ["category", "name"]
    frame = raw.assign(
        # One row carries a Cyrillic "С" for the Latin category letter "C".
        category=raw["category"].str.strip().replace({"С": "C"}),
        name=raw["name"].str.strip(),
    )
    own = frame[LEVELS].replace("", pd.NA).ffill(axis=1)["district"]
    return frame.assign(code=own)


def settlements(codifier: pd.DataFrame) -> pd.DataFrame:
    """Return the settlements (cities, towns, villages, Kyiv and Sevastopol)."""
    return codifier[codifier["category"].isin(SETTLEMENT_CATEGORIES)].reset_index(drop=True)


def names_by_code(codifier: pd.DataFrame, category: str) -> dict[str, str]:
    """Return the names of one category's rows by code."""
    rows = codifier[codifier["category"] == category]
    return dict(zip(rows["code"], rows["name"], strict=True))


class Locator:
    """Resolve any KATOTTG code (settlement, city district, hromada) to where it lies."""

    def __init__(self, codifier: pd.DataFrame) -> None:
        towns = settlements(codifier)
        self.by_prefix = dict(zip(towns["code"].str[:12], towns["code"], strict=True))
        self.hromada_of = dict(zip(towns["code"], towns["hromada"], strict=True))
        hromadas = codifier[codifier["category"] == "H"]
        self.hromada_by_prefix = dict(zip(hromadas["code"].str[:9], hromadas["code"],
                                          strict=True))
        self.names = dict(zip(towns["code"], towns["name"], strict=True))
        tops = codifier[codifier["category"].isin(["O", "K"])]
        self.oblast_by_prefix = dict(zip(tops["code"].str[:4], tops["code"], strict=True))
        self.oblast_names = dict(zip(tops["code"].str[:4], tops["name"], strict=True))
        self.districts = set(codifier.loc[codifier["category"] == "B", "code"])

    def locate(self, code: str) -> Located | None:
        """Return the settlement, hromada and oblast of ``code``, or None if unknown."""
        code = (code or "").strip()
        oblast = self.oblast_by_prefix.get(code[:4], "")
        if len(code) != 19 or not oblast:
            return None
        if oblast in (KYIV, SEVASTOPOL):
            # The two special-status cities are their own oblast-level unit and settlement.
            return Located(oblast, "", oblast)
        settlement = self.by_prefix.get(code[:12], "") if code[9:12] != "000" else ""
        hromada = (self.hromada_of[settlement] if settlement
                   else self.hromada_by_prefix.get(code[:9], ""))
        if not hromada:
            return None
        return Located(settlement, hromada, oblast)
