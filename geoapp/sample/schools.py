"""Schools and vocational institutions of the EDEBO register, without personal data.

Only institutional fields are read: name, type, status, website, legal address and codes.
Directors' names, phones, faxes and e-mails are never read into the sample.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from geoapp.sample import stem
from geoapp.sample.katottg import Locator
from geoapp.sample.koatuu import Koatuu, settlement_name
from geoapp.sample.text import name_key

GENERAL_FILE = "general_secondary_schools_2023-06-08.csv.gz"
VOCATIONAL_FILE = "vocational_institutions_2023-06-08.csv.gz"
STATUS = {"працює": "operating", "призупинено": "suspended", "ліквідовано": "closed",
          "реорганізовано": "closed", "": "operating"}
TYPES = {
    "школа": "school", "ліцей": "lyceum", "гімназія": "gymnasium",
    "навчально-виховний комплекс (об'єднання)": "education_complex",
    "початкова школа": "primary", "спеціалізована школа": "specialised",
    "спеціальна школа": "special", "спеціальна школа-інтернат": "special_boarding",
    "вечірня (змінна) школа": "evening",
    "міжшкільний навчально-виробничий комбінат": "training_complex",
    "навчально-реабілітаційний центр": "rehabilitation_centre",
    "ліцей-інтернат": "boarding_lyceum", "санаторна школа-інтернат": "sanatorium_boarding",
    "школа-інтернат": "boarding", "санаторна школа": "sanatorium",
    "спеціалізована школа-інтернат": "specialised_boarding",
    "науковий ліцей": "scientific_lyceum", "науковий ліцей-інтернат": "scientific_lyceum",
    "мистецький ліцей": "arts_lyceum", "спортивний ліцей": "sports_lyceum",
    "ліцей-інтернат спортивного профілю": "sports_lyceum",
    "гімназія-інтернат": "boarding_gymnasium",
    "ліцей з посиленою військово-фізичною підготовкою": "military_lyceum",
    "військовий (військово-морський, військово-спортивний) ліцей": "military_lyceum",
    "позашкільний навчально-виховний комплекс": "out_of_school",
    "коллегіум": "collegium", "школа соціальної реабілітації": "social_rehabilitation",
}
# Vocational types from the name, first match wins; else from the register's category.
VOCATIONAL_TYPES = [
    (r"вище професійне училище|\bВПУ\b", "higher_vocational_school"),
    (r"коледж", "vocational_college"), (r"ліцей", "vocational_lyceum"),
    (r"училище", "vocational_school"), (r"центр", "vocational_centre"),
]
CATEGORIES = {
    "Заклад професійної (професійно-технічної) освіти": "vocational",
    "Інший заклад освіти, що надає професійну (професійно-технічну освіту)": "other_provider",
    "Заклад загальної середньої освіти": "general_secondary",
}
FLAT = re.compile(r",?\s*\b(?:кв\.|квартира\b|кімн?\.|кімната\b|офіс\b|оф\.)\s*[\w/-]*",
                  re.IGNORECASE)
STREET_WORDS = re.compile(r"\b(вул|вулиця|просп|проспект|пров|провулок|пл|площа|бульв|бульвар)"
                          r"\b\.?", re.IGNORECASE)
EMPTY_STATUS_NOTE = "The register gives no status; shown as operating."


def read_register(path: Path) -> pd.DataFrame:
    """Return a register file with every cell as stripped text."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    return frame.apply(lambda column: column.str.strip())


def general_schools(folder: Path, koatuu: Koatuu, progress: bool = True) -> pd.DataFrame:
    """Return the general secondary schools as places with their KATOTTG location."""
    raw = read_register(folder / GENERAL_FILE)
    unknown = sorted(set(raw["Тип закладу"]) - set(TYPES))
    if unknown:
        raise ValueError(f"{GENERAL_FILE}: column 'Тип закладу' has unknown types {unknown}; "
                         "add them to geoapp.sample.schools.TYPES")
    rows = tqdm(zip(raw["Код КОАТУУ"], raw["Населений пункт"], strict=True), total=len(raw),
                desc="schools → KATOTTG", unit="school", disable=not progress)
    found = [koatuu.locate(code, place) for code, place in rows]
    frame = pd.DataFrame({
        "id": "edebo:" + raw["Код в ЄДЕБО"], "kind": "school",
        "type": raw["Тип закладу"].map(TYPES), "name": raw["Повна назва"],
        "status": raw["Статус"].map(STATUS), "website": raw["Веб-сайт"].map(website),
        "address": [address(s, p) for s, p in zip(raw["Місцезнаходження (юридична адреса)"],
                                                   raw["Населений пункт"], strict=True)],
        "note": raw["Статус"].map(lambda s: "" if s else EMPTY_STATUS_NOTE),
        "register": "general", "register_type": raw["Тип закладу"],
        "district": raw["Код КОАТУУ"].map(koatuu.district),
    })
    return stem.mark(_with_location(frame, found), "general")


def vocational_institutions(folder: Path, locator: Locator) -> pd.DataFrame:
    """Return the vocational institutions as places with their KATOTTG location."""
    raw = read_register(folder / VOCATIONAL_FILE)
    by_name = _settlements_by_name(locator)
    found = [_vocational_location(code, place, region, locator, by_name) for code, place, region
             in zip(raw["Код КАТОТТГ (юридична)"], raw["Населений пункт (юридична)"],
                    raw["Регіон (юридична)"], strict=True)]
    blocked = raw["Дата блокування суб'єкта освітньої діяльності в ЄДЕБО"] != ""
    frame = pd.DataFrame({
        "id": "edebo:" + raw["Код"], "kind": "vocational",
        "type": [vocational_type(n, c) for n, c in
                 zip(raw["Назва закладу освіти"], raw["Категорія закладу освіти"], strict=True)],
        "name": raw["Назва закладу освіти"],
        "status": blocked.map({True: "closed", False: "operating"}),
        "website": raw["Веб-сайт"].map(website),
        "address": [address(a, f"{p}, {r}") for a, p, r in zip(
            raw["Адреса (юридична)"], raw["Населений пункт (юридична)"],
            raw["Регіон (юридична)"], strict=True)],
        "note": "", "register": "vocational", "register_type": raw["Категорія закладу освіти"],
        "district": [c if c in locator.districts else "" for c in raw["Код КАТОТТГ (юридична)"]],
    })
    return stem.mark(_with_location(frame, found), "vocational")


def vocational_type(name: str, category: str) -> str:
    """Return the finer type of a vocational institution from its name or category."""
    for pattern, kind in VOCATIONAL_TYPES:
        if re.search(pattern, name, re.IGNORECASE):
            return kind
    return CATEGORIES.get(category, "vocational")


def website(text: str) -> str:
    """Return the first web address of a cell, with a scheme ('' if none)."""
    first = re.split(r"[\s,;]+", text.strip())[0] if text.strip() else ""
    if not first or "@" in first or "." not in first:
        return ""
    return first if re.match(r"https?://", first, re.IGNORECASE) else f"http://{first}"


def address(street: str, place: str) -> str:
    """Return a one-line legal address without flat or office numbers."""
    street = FLAT.sub("", street).strip(" ,")
    if not re.search(r"\w", STREET_WORDS.sub("", street)):  # "вул. -, -" and the like
        street = ""
    return ", ".join(part for part in (street, place.strip(" ,")) if part)


def _with_location(frame: pd.DataFrame, found: list) -> pd.DataFrame:
    places = [f for f, _ in found]
    return frame.assign(
        settlement=[p.settlement if p else "" for p in places],
        hromada=[p.hromada if p else "" for p in places],
        oblast=[p.oblast if p else "" for p in places],
        located_by=[how for _, how in found],
    )


def _settlements_by_name(locator: Locator) -> dict[tuple, set[str]]:
    index: dict[tuple, set[str]] = {}
    for code, name in locator.names.items():
        index.setdefault((code[:4], name_key(name)), set()).add(code)
    return index


def _vocational_location(code: str, place: str, region: str, locator: Locator,
                         by_name: dict) -> tuple:
    found = locator.locate(code)
    if found:
        return found, "katottg"
    oblast = code[:4] if code else _oblast_prefix(region, locator)
    matches = by_name.get((oblast, name_key(settlement_name(place))), set())
    if len(matches) == 1:
        return locator.locate(next(iter(matches))), "name_in_oblast"
    return None, "unresolved"


def _oblast_prefix(region: str, locator: Locator) -> str:
    wanted = name_key(re.sub(r"\s+(обл\.|область)$", "", region).replace("м. ", ""))
    for prefix, name in locator.oblast_names.items():
        if name_key(name) == wanted:
            return prefix
    return ""
