"""Loading activities: dated events and practices, checked row by row against the store.

Columns: ``id``, ``kind``, ``title``, ``language`` (of the title), ``title_uk`` ...
``title_ro`` (translations), ``date`` (``2022-01-18``, ``2026-W03``, ``2022-01``, ``2022``
or a range ``first/last`` of those; empty when the source gives none), ``places``
(``;``-separated place ids), ``partnership``, ``programme``, ``areas`` (``;``-separated),
``description``, ``source``, ``review_state`` (one of :data:`REVIEW_STATES`, published when
empty; older files name it ``status`` and say ``proposed`` for ``pending``). An activity
needs places or a partnership; with a partnership and no places, it takes place at both
ends of the partnership.
"""

from __future__ import annotations

import pandas as pd
from shapely.geometry import MultiPoint
from sqlalchemy import Connection, delete, select

from geoapp import dates
from geoapp.ingest import check
from geoapp.ingest.problems import Problem
from geoapp.ingest.write import BATCH, upsert
from geoapp.store import queries
from geoapp.store.models import (
    ACTIVITY_KINDS,
    AREAS,
    LANGUAGES,
    REVIEW_STATES,
    Activity,
    Programme,
    activity_places,
)

# The words of files written before activities stood in review as every record does.
OLDER_STATES = {"proposed": "pending"}
TITLE_COLUMNS = tuple(f"title_{lang}" for lang in LANGUAGES)
partnerships = queries.partnerships


def check_activities(conn: Connection, frame: pd.DataFrame, id_column: str,
                     problems: list[Problem], seen: check.SeenIds) -> list[dict]:
    """Return activity records; their places, partnership and programme must exist."""
    ids = check.unique_ids(frame, id_column, problems, seen).to_dict()
    records = [activity_record(number, row, ids.get(number, ""), problems)
               for number, row in check.rows_of(frame)]
    records = [r for r in records if r["id"]]
    attach_partnerships(conn, records, problems)
    attach_places(conn, records, problems)
    check_programmes(conn, records, problems)
    return records


def activity_record(number: int, row: dict, activity_id: str,
                    problems: list[Problem]) -> dict:
    """Build one activity record, reporting what is wrong with the row."""
    title = check.text(row, "title")
    if not title:
        problems.append(Problem(number, "title", "missing title"))
    kind = check.text(row, "kind")
    if kind not in ACTIVITY_KINDS:
        problems.append(Problem(number, "kind", f"{kind!r} is not one of "
                                f"{', '.join(ACTIVITY_KINDS)}" if kind else "missing kind",
                                kind))
    language = check.text(row, "language") or None
    if language is not None and language not in LANGUAGES:
        problems.append(Problem(number, "language", f"{language!r} is not one of "
                                f"{', '.join(LANGUAGES)}", language))
    return {"row": number, "id": activity_id, "kind": kind, "title": title,
            "language": language, **{c: check.text(row, c) or None for c in TITLE_COLUMNS},
            **when(number, row, problems),
            "place_ids": split(row, "places"),
            "partnership_id": check.text(row, "partnership") or None,
            "programme_code": check.text(row, "programme") or None,
            "areas": areas(number, row, problems),
            "description": check.text(row, "description") or None,
            "source": check.text(row, "source") or None,
            "review_state": review_state(number, row, problems)}


def review_state(number: int, row: dict, problems: list[Problem]) -> str:
    """Where the activity stands in review; loads publish unless the file says otherwise."""
    if check.text(row, "review_state") or not check.text(row, "status"):
        return check.one_of(number, row, "review_state", REVIEW_STATES, "published", problems)
    said = check.text(row, "status")
    older = {**row, "status": OLDER_STATES.get(said, said)}
    return check.one_of(number, older, "status", REVIEW_STATES, "published", problems)


def split(row: dict, column: str) -> list[str]:
    """The ``;``-separated values of a cell, each once, in order."""
    return list(dict.fromkeys(v.strip() for v in check.text(row, column).split(";")
                              if v.strip()))


def when(number: int, row: dict, problems: list[Problem]) -> dict:
    """The first and last day and the precision of the ``date`` cell (all None if empty)."""
    value = check.text(row, "date")
    try:
        found = dates.when(value) if value else None
    except ValueError as exc:
        problems.append(Problem(number, "date", str(exc), value))
        found = None
    return {"start_date": found and found.start, "end_date": found and found.end,
            "date_precision": found and found.precision}


def areas(number: int, row: dict, problems: list[Problem]) -> str | None:
    """The areas of cooperation, each one of :data:`AREAS`."""
    found = split(row, "areas")
    for area in found:
        if area not in AREAS:
            problems.append(Problem(number, "areas", f"{area!r} is not one of "
                                    f"{', '.join(AREAS)}", area))
    return ";".join(found) or None


def attach_partnerships(conn: Connection, records: list[dict],
                        problems: list[Problem]) -> None:
    """Check each named partnership exists; an activity with no places takes its ends."""
    wanted = sorted({r["partnership_id"] for r in records if r["partnership_id"]})
    ends = {}
    for start in range(0, len(wanted), BATCH):
        query = select(partnerships.c.id, partnerships.c.place_a_id,
                       partnerships.c.place_b_id).where(
            partnerships.c.id.in_(wanted[start:start + BATCH]))
        ends.update({row[0]: [row[1], row[2]] for row in conn.execute(query)})
    for record in records:
        named = record["partnership_id"]
        if named and named not in ends:
            problems.append(Problem(record["row"], "partnership",
                                    f"partnership {named!r} does not exist", named))
        elif named and not record["place_ids"]:
            record["place_ids"] = ends[named]
        elif not named and not record["place_ids"]:
            problems.append(Problem(record["row"], "places",
                                    "no places and no partnership; give one or the other"))


def attach_places(conn: Connection, records: list[dict], problems: list[Problem]) -> None:
    """Check each place exists and give the activity the points of its places."""
    points = queries.place_points(conn, sorted({p for r in records for p in r["place_ids"]}))
    for record in records:
        missing = [p for p in record["place_ids"] if p not in points]
        for place in missing:
            problems.append(Problem(record["row"], "places",
                                    f"place {place!r} does not exist", place))
        found = [points[p] for p in record["place_ids"] if p in points]
        record["points"] = MultiPoint(found) if found and not missing else None


def check_programmes(conn: Connection, records: list[dict], problems: list[Problem]) -> None:
    """Report each activity whose programme does not exist."""
    wanted = sorted({r["programme_code"] for r in records if r["programme_code"]})
    known = queries.existing_ids(conn, Programme.__table__, wanted)
    for record in records:
        code = record["programme_code"]
        if code and code not in known:
            problems.append(Problem(record["row"], "programme",
                                    f"programme {code!r} does not exist", code))


def write_activities(conn: Connection, records: list[dict], progress) -> int:
    """Upsert activities (raising the version of those that exist) and relink their places."""
    table = Activity.__table__
    rows = [{**{k: v for k, v in r.items() if k not in ("points", "place_ids")},
             "place_ids": ";".join(r["place_ids"]), "geom": r["points"]}
            for r in records]
    if not rows:
        return 0
    existed = upsert(conn, table, rows, progress)
    ids = [r["id"] for r in rows]
    for start in range(0, len(ids), BATCH):
        conn.execute(delete(activity_places).where(
            activity_places.c.activity_id.in_(ids[start:start + BATCH])))
    links = [{"activity_id": r["id"], "place_id": p} for r in records for p in r["place_ids"]]
    for start in range(0, len(links), BATCH):
        conn.execute(activity_places.insert(), links[start:start + BATCH])
    return existed
