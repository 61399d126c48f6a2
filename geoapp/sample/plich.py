"""The pairs of «Пліч-о-пліч: згуртовані громади» mined from the programme's news: a rear
hromada and a front-line one, each pair named by one article. Not an official register:
the three pairs the source flags as doubtful are left out, and every other says it is
unverified.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

FILE = Path("ua-plich-o-plich-pairs") / "plich_o_plich_bilateral_edges.csv"
PROGRAMME = "plich-o-plich"
UNVERIFIED = "з новин програми, не перевірено"


def read_pairs(source: Path) -> pd.DataFrame:
    """The pairs as published, without those the source flags in ``check_note``."""
    pairs = pd.read_csv(source / FILE, dtype=str, keep_default_na=False)
    return pairs[pairs["check_note"] == ""].reset_index(drop=True)


def plich_partnerships(source: Path, known_places: set[str],
                       entered: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """Partnerships of the pairs whose hromadas are places and not already entered by hand."""
    pairs = read_pairs(source)
    taken = {frozenset(p) for p in zip(entered["place_a"], entered["place_b"], strict=True)}
    rows, left_out = [], {"flagged_doubtful": _flagged(source), "without_a_place": 0,
                          "entered_from_an_article": 0}
    for p in pairs.itertuples():
        ends = sorted([(f"katottg:{p.a_katottg}", p.a_name), (f"katottg:{p.b_katottg}",
                                                               p.b_name)])
        ids = frozenset(e[0] for e in ends)
        if not ids <= known_places:
            left_out["without_a_place"] += 1
        elif ids in taken:
            left_out["entered_from_an_article"] += 1
        else:
            rows.append(_partnership(ends, p.source_urls))
    return pd.DataFrame(rows), left_out


def _flagged(source: Path) -> int:
    pairs = pd.read_csv(source / FILE, dtype=str, keep_default_na=False)
    return int((pairs["check_note"] != "").sum())


def _partnership(ends: list[tuple[str, str]], urls: str) -> dict:
    (a, a_name), (b, b_name) = ends
    return {"id": f"plich:{a.removeprefix('katottg:')}~{b.removeprefix('katottg:')}",
            "place_a": a, "place_b": b, "programme": PROGRAMME, "status": "active",
            "start_date": "", "end_date": "", "areas": "", "source": urls,
            "title": f"{a_name} – {b_name} громади ({UNVERIFIED})"}
