"""A shortlist of candidates as rows, JSON and CSV: for pages, scripts and spreadsheets.

Flask-free: the words (column headers, kinds, statuses, programme names) come from the
caller, in the reader's language; English ones serve the command line.
"""

from __future__ import annotations

import csv
import io
from dataclasses import asdict, dataclass, field

from geoapp.candidates import Candidate, Shortlist
from geoapp.spreadsheet import safe_cell

COLUMNS = ("rank", "name", "kind", "type", "hromada", "raion", "oblast", "country",
           "situation", "distance_km", "bearing_deg", "shared_programmes", "partner_count",
           "cooperating", "same_type", "score", "id", "lon", "lat")
ENGLISH_HEADERS = {
    "rank": "Rank", "name": "Name", "kind": "Kind", "type": "Type", "hromada": "Hromada",
    "raion": "Raion", "oblast": "Oblast / region", "country": "Country",
    "situation": "Hostilities and occupation list", "distance_km": "Distance, km",
    "bearing_deg": "Bearing, °", "shared_programmes": "Shared programmes",
    "partner_count": "Partners", "cooperating": "Hromadas cooperate (IMC agreement)",
    "same_type": "Same type of institution", "score": "Best-match score", "id": "Id",
    "lon": "Longitude", "lat": "Latitude"}
ENGLISH_KINDS = {"school": "School", "vocational": "Vocational institution",
                 "kindergarten": "Kindergarten", "stem_centre": "STEM centre",
                 "teacher_centre": "Teacher development centre", "community": "Community",
                 "authority": "Education authority"}
ENGLISH_STATUSES = {"possible_hostilities": "possible hostilities",
                    "active_hostilities": "active hostilities",
                    "temporarily_occupied": "temporarily occupied"}


@dataclass(frozen=True)
class Words:
    """How values read in one language; the decimal mark sets the CSV's separator."""

    headers: dict[str, str] = field(default_factory=lambda: dict(ENGLISH_HEADERS))
    kinds: dict[str, str] = field(default_factory=lambda: dict(ENGLISH_KINDS))
    statuses: dict[str, str] = field(default_factory=lambda: dict(ENGLISH_STATUSES))
    programmes: dict[str, str] = field(default_factory=dict)
    since: str = "since %(date)s"
    yes: str = "yes"
    no: str = "no"
    decimal: str = "."


def situation_text(candidate: Candidate, words: Words) -> str:
    """The list's status of a candidate's region, with its start date; '' in the rear."""
    where = candidate.where
    if where.status is None:
        return ""
    since = words.since % {"date": where.status_since.strftime("%d.%m.%Y")}
    return f"{words.statuses.get(where.status, where.status)}, {since}"


def shortlist_rows(shortlist: Shortlist, words: Words | None = None) -> list[dict]:
    """The candidates as rows of display values, ranked, in COLUMNS order."""
    words = words or Words()
    return [candidate_row(rank, c, words)
            for rank, c in enumerate(shortlist.candidates, start=shortlist.first_rank)]


def candidate_row(rank: int, c: Candidate, words: Words) -> dict:
    """One candidate as display values."""
    yes_no = {True: words.yes, False: words.no}
    return {"rank": rank, "name": c.name, "kind": words.kinds.get(c.kind, c.kind),
            "type": c.type or "", "hromada": c.where.hromada or "", "raion": c.where.raion or "",
            "oblast": c.where.oblast or "", "country": c.where.country or "",
            "situation": situation_text(c, words), "distance_km": round(c.distance_km, 3),
            "bearing_deg": round(c.bearing_deg), "partner_count": c.partner_count,
            "shared_programmes": "; ".join(words.programmes.get(p, p)
                                           for p in c.shared_programmes),
            "cooperating": yes_no[c.cooperating], "same_type": yes_no[c.same_type],
            "score": "" if c.score is None else c.score, "id": c.id,
            "lon": c.lon, "lat": c.lat}


def shortlist_csv(shortlist: Shortlist, words: Words | None = None) -> str:
    """The shortlist as CSV for a spreadsheet: a byte-order mark, headers in the reader's
    language, and, where the decimal mark is a comma, ";" between cells (as Excel expects)."""
    words = words or Words()
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if words.decimal == "," else ",",
                        lineterminator="\r\n")
    writer.writerow([words.headers.get(c, c) for c in COLUMNS])
    for row in shortlist_rows(shortlist, words):
        writer.writerow([safe_cell(spreadsheet_value(row[c], words)) for c in COLUMNS])
    return "\ufeff" + out.getvalue()


def spreadsheet_value(value, words: Words):
    """A number written with the language's decimal mark; anything else as it is."""
    if isinstance(value, float):
        return repr(value).replace(".", words.decimal)
    return value


def candidate_json(candidate: Candidate) -> dict:
    """A candidate as plain data, rounded to a millimetre and a thousandth of a degree."""
    data = asdict(candidate)
    data["distance_km"] = round(candidate.distance_km, 6)
    data["bearing_deg"] = round(candidate.bearing_deg, 3)
    data["shared_programmes"] = list(candidate.shared_programmes)
    data["where"] = plain(data["where"])
    return data


def plain(data: dict) -> dict:
    """Dates as ISO text."""
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in data.items()}


def shortlist_json(shortlist: Shortlist) -> dict:
    """The shortlist as JSON-ready data: the search, the place, the total, then a page."""
    search = asdict(shortlist.search)
    search["kind"] = list(search.pop("kinds"))
    place = asdict(shortlist.place)
    place["programmes"], place["where"] = list(shortlist.place.programmes), plain(place["where"])
    return {"place": place, "search": search, "total": shortlist.total,
            "pages": shortlist.pages, "first_rank": shortlist.first_rank,
            "list_edition": shortlist.edition.isoformat() if shortlist.edition else None,
            "candidates": [candidate_json(c) for c in shortlist.candidates]}
