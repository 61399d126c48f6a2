"""Inter-municipal cooperation agreements (the Ministry's register, coded by KSE)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd

NETWORK = "partnerships-hromadas-network.csv"
AGREEMENTS = "partnerships-all-settlements.csv.gz"
# Fixed, so that the same sources always give the same statuses.
STATUS_DATE = dt.date(2026, 1, 1)
# Areas of cooperation, read from the agreement's title: every area whose words occur.
AREAS = [
    ("education", r"освіт|школ|ліце|гімназ|дошкіл|навчал|садок|учн"),
    ("youth_sport", r"спорт|молод|фізичн"),
    ("culture", r"культур|мистецьк|бібліотек|музе|клуб"),
    ("social", r"соціальн|медич|лікар|здоров|санітарн|допомог|реабіліт"),
    ("infrastructure", r"дорог|водопостач|водовідвед|каналіз|освітлен|будівництв|ремонт|"
                       r"техніки|транспорт|сміт|відход|благоустр|інфраструктур"),
    ("safety", r"пожеж|рятув|безпек|охорон"),
    ("governance", r"адміністративн|ЦНАП|архів|містобуд|архітект|реєстрац|правов"),
    ("economy", r"економ|інвест|підприємниц|сільськогосподар|туризм"),
]


def read_network(folder: Path) -> pd.DataFrame:
    """Return the agreements' directed edges between hromadas."""
    return pd.read_csv(folder / NETWORK, dtype=str, keep_default_na=False)


def titles(folder: Path) -> dict[str, str]:
    """Return each agreement's title by register number, spaces tidied."""
    frame = pd.read_csv(folder / AGREEMENTS, dtype=str, na_values=["NA"],
                        keep_default_na=False, usecols=["register_number", "contract_name"])
    frame = frame.dropna().drop_duplicates("register_number")
    return {n: re.sub(r"\s+", " ", t).strip() for n, t in
            zip(frame["register_number"], frame["contract_name"], strict=True)}


def areas(title: str) -> str:
    """Return the ';'-separated areas of cooperation that an agreement's title names."""
    return ";".join(area for area, words in AREAS if re.search(words, title, re.IGNORECASE))


def imc_partnerships(folder: Path) -> pd.DataFrame:
    """Return one undirected hromada-hromada partnership per agreement and pair."""
    edges = read_network(folder)
    ends = edges[["hromada_code.x", "hromada_code.y"]]
    pairs = edges.assign(a=ends.min(axis=1), b=ends.max(axis=1))
    pairs = pairs.drop_duplicates(["register_number", "a", "b"])
    named = titles(folder)
    rows = [_partnership(p, named.get(p.register_number, "")) for p in pairs.itertuples()]
    return pd.DataFrame(rows)


def _partnership(p, title: str) -> dict:
    ended = p.end and dt.date.fromisoformat(p.end) < STATUS_DATE
    return {"id": f"imc:{p.register_number}:{p.a}~{p.b}", "place_a": f"katottg:{p.a}",
            "place_b": f"katottg:{p.b}", "programme": "imc",
            "status": "ended" if ended else "active", "start_date": p.start,
            "end_date": p.end, "areas": areas(title),
            "source": f"IMC register, agreement no. {p.register_number}",
            "title": title or f"Inter-municipal cooperation agreement no. {p.register_number}"}
