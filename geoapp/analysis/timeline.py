"""Partnerships and activities through the years: how many started, were active, happened.

Read through the store's own queries: only published activities, partnerships by their
active period (a partnership with no end date is still going).
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, select

from geoapp.store.activities import activities
from geoapp.store.queries import partnerships, published

ACTIVITY_COLUMNS = ["id", "kind", "start_date", "end_date", "date_precision", "programme_code",
                    "partnership_id"]


def activities_frame(conn: Connection) -> pd.DataFrame:
    """Every published activity, one row each, dated or not."""
    query = select(*(activities.c[name] for name in ACTIVITY_COLUMNS)).where(
        published(activities)).order_by(activities.c.id)
    return pd.DataFrame(conn.execute(query).all(), columns=ACTIVITY_COLUMNS)


def partnership_periods(conn: Connection) -> pd.DataFrame:
    """Every published partnership's id, programme, status, start and end date."""
    columns = ["id", "programme_code", "status", "start_date", "end_date"]
    query = select(*(partnerships.c[name] for name in columns)).where(
        published(partnerships)).order_by(partnerships.c.id)
    return pd.DataFrame(conn.execute(query).all(), columns=columns)


def by_year(periods: pd.DataFrame, events: pd.DataFrame,
            last_year: int | None = None) -> pd.DataFrame:
    """Per year: partnerships started, partnerships active in it, activities begun in it.

    Years run from the first dated record to ``last_year`` (default: the last year in which
    something starts). Undated records are left out; count them with :func:`undated`.
    """
    starts = _years(periods["start_date"])
    ends = _years(periods["end_date"])
    begun = _years(events["start_date"])
    known = pd.concat([starts.dropna(), begun.dropna()])
    if known.empty:
        return pd.DataFrame(columns=["started", "active", "activities"], dtype=int)
    years = range(int(known.min()), int(last_year or known.max()) + 1)
    rows = {year: {"started": int((starts == year).sum()),
                   "active": int(((starts <= year) & (ends.isna() | (ends >= year))).sum()),
                   "activities": int((begun == year).sum())} for year in years}
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "year"
    return frame


def undated(periods: pd.DataFrame, events: pd.DataFrame) -> dict[str, int]:
    """How many partnerships and activities have no date, and so are in no year."""
    return {"partnerships": int(periods["start_date"].isna().sum()),
            "activities": int(events["start_date"].isna().sum())}


def _years(dates: pd.Series) -> pd.Series:
    return pd.to_datetime(dates, errors="coerce").dt.year
