"""From the old KOATUU settlement codes of the general-school register to KATOTTG.

The official crosswalk covers the KOATUU codes valid in 2021. Settlements re-coded in
2019-2020 are missing from it; for those the register's settlement name is looked up among
the KATOTTG settlements of the same old raion (first 5 KOATUU digits) and, to break ties,
of the same old village council (first 8 digits), or else a name unique in the oblast.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pandas as pd

from geoapp.sample.katottg import Located, Locator
from geoapp.sample.text import name_key

PREFIXES = re.compile(r"^(с-ще|смт\.?|с\.|м\.|селище|село|місто)\s*", re.IGNORECASE)


def read_crosswalk(path: Path) -> pd.DataFrame:
    """Return the KATOTTG-KOATUU table with columns katottg, koatuu, category, name."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.columns = ["katottg", "koatuu", "category", "name"]
    return frame.apply(lambda column: column.str.strip())


def settlement_name(text: str) -> str:
    """Return the bare settlement name of a register's "Населений пункт" cell."""
    first = text.split(",")[0].strip()
    return PREFIXES.sub("", first).strip()


class Koatuu:
    """Find where a school's KOATUU code (and settlement name) lies in KATOTTG."""

    def __init__(self, crosswalk: pd.DataFrame, locator: Locator, centres: dict[str, str]):
        self.locator = locator
        # A hromada row repeats its centre's KOATUU: the settlement row is the better match.
        ordered = crosswalk.assign(hromada_row=crosswalk["category"] == "Н").sort_values(
            ["koatuu", "hromada_row", "katottg"]).drop_duplicates("koatuu")
        self.direct = dict(zip(ordered["koatuu"], ordered["katottg"], strict=True))
        self.centres = centres
        self.old_raions: dict[str, set[str]] = defaultdict(set)
        self.old_councils: dict[str, set[str]] = defaultdict(set)
        self.by_name: dict[tuple, list[str]] = defaultdict(list)
        self.by_old_name: dict[tuple, list[str]] = defaultdict(list)
        self.by_oblast_name: dict[tuple, set[str]] = defaultdict(set)
        for koatuu, code, name in crosswalk[["koatuu", "katottg", "name"]].itertuples(
                index=False):
            self._index(koatuu, code, name)

    def _index(self, koatuu: str, code: str, name: str) -> None:
        found = self.locator.locate(code)
        if found is None or not found.settlement or not found.hromada:
            return
        self.by_name[(code[:6], name_key(name))].append(found.settlement)
        self.by_oblast_name[(code[:4], name_key(name))].add(found.settlement)
        if koatuu.isdigit():
            self.by_old_name[(koatuu[:5], name_key(name))].append(found.settlement)
            self.old_raions[koatuu[:5]].add(code[:6])
            self.old_councils[koatuu[:8]].add(found.hromada)

    def locate(self, koatuu: str, place_name: str) -> tuple[Located | None, str]:
        """Return where the school lies and how it was found."""
        code = self.direct.get(koatuu.strip())
        found = self.locator.locate(code) if code else None
        if found and not found.settlement and found.hromada in self.centres:
            found = self.locator.locate(self.centres[found.hromada])
        if found:
            return found, "koatuu"
        return self._by_name(koatuu.strip(), settlement_name(place_name))

    def district(self, koatuu: str) -> str:
        """Return the KATOTTG city district that ``koatuu`` names ('' if none)."""
        code = self.direct.get(koatuu.strip(), "")
        return code if code in self.locator.districts else ""

    def _by_name(self, koatuu: str, name: str) -> tuple[Located | None, str]:
        key = name_key(name)
        candidates = sorted(set(self.by_old_name.get((koatuu[:5], key), []))) or sorted(
            {s for raion in self.old_raions.get(koatuu[:5], ())
             for s in self.by_name.get((raion, key), [])})
        councils = self.old_councils.get(koatuu[:8], set())
        if len(candidates) > 1 and councils:
            candidates = [s for s in candidates if self.locator.hromada_of[s] in councils]
        if len(candidates) == 1:
            return self.locator.locate(candidates[0]), "name"
        hromadas = {self.locator.hromada_of[s] for s in candidates} or councils
        if len(hromadas) == 1:
            # Same-name villages of one hromada, or a whole old council: the hromada is known.
            return self.locator.locate(next(iter(hromadas))), "hromada"
        # KOATUU and KATOTTG share the oblast digits; a name unique in the oblast will do.
        in_oblast = self.by_oblast_name.get(("UA" + koatuu[:2], key), set())
        if not candidates and len(in_oblast) == 1:
            return self.locator.locate(next(iter(in_oblast))), "name_in_oblast"
        return None, "unresolved"
