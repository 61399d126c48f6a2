"""The official list of territories of hostilities and temporary occupation (order No. 376
of 28.02.2025 as amended to 30.04.2025), as dated statuses of regions and settlements.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

FOLDER = "ua-hostilities-occupation-list"
# The list's text ends with the amendment of 30.04.2025 (order No. 779): its edition.
EDITION = "2025-04-30"
COLUMNS = ["region_code", "status", "start_date", "end_date", "edition_date", "name"]
# Table 3 (active hostilities where the state's e-services work) is active hostilities.
SECTIONS = {"possible_hostilities": "possible_hostilities",
            "active_hostilities": "active_hostilities",
            "active_hostilities_e_resources": "active_hostilities",
            "temporarily_occupied": "temporarily_occupied"}


def status_frame(source: Path) -> pd.DataFrame:
    """One row per period of the list, with the entry's name as printed, in a fixed order."""
    folder = source / FOLDER
    periods = pd.read_csv(folder / "perelik_periods.csv", dtype=str, keep_default_na=False)
    entries = pd.read_csv(folder / "perelik_entries.csv.gz", dtype=str, keep_default_na=False)
    named = periods.merge(entries[["entry_id", "name"]], on="entry_id", how="left",
                          validate="many_to_one")
    frame = pd.DataFrame({"region_code": named["katottg"],
                          "status": named["section"].map(SECTIONS),
                          "start_date": named["start_date"], "end_date": named["end_date"],
                          "edition_date": EDITION, "name": named["name"]})
    if frame["status"].isna().any():
        raise ValueError(f"unknown sections: {sorted(set(named['section']) - set(SECTIONS))}")
    order = ["region_code", "status", "start_date", "end_date", "name"]
    return frame.sort_values(order, kind="stable").drop_duplicates().reset_index(drop=True)
