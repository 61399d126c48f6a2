"""Who may see and write which record: roles by region.

An editor or reviewer writes in their regions, each with everything below it (an oblast,
its raions and hromadas); a partnership is theirs when either end is. Administrators
write everywhere. Unpublished records are seen by their author and by reviewers of
their regions only.
"""

from __future__ import annotations

from sqlalchemy import Connection, select

from geoapp.store import history
from geoapp.store.queries import region_lineage, region_subtrees
from geoapp.store.records import RecordKind
from geoapp.store.users import Writer


def in_regions(conn: Connection, writer: Writer, region_code: str | None) -> bool:
    """Whether a region lies in (or is) one of the writer's regions."""
    if writer.administers:
        return True
    if not region_code or not writer.regions:
        return False
    return any(code in writer.regions for code, _ in region_lineage(conn, region_code))


def may_write(conn: Connection, writer: Writer | None, kind: RecordKind, record: dict) -> bool:
    """Whether the writer's role and regions cover this record."""
    if writer is None or not writer.active:
        return False
    return writer.administers or any(in_regions(conn, writer, code)
                                     for code in kind.regions(conn, record))


def may_see(conn: Connection, writer: Writer | None, kind: RecordKind, record: dict) -> bool:
    """Whether the record is published, or the writer is its author or reviews its region."""
    if record["review_state"] == "published":
        return True
    if writer is None or not writer.active:
        return False
    if writer.administers or history.author_of(conn, kind.name, record["id"]) == writer.id:
        return True
    return writer.reviews and may_write(conn, writer, kind, record)


def reviewable(writer: Writer, kind: RecordKind):
    """The clause narrowing ``kind``'s records to those the writer reviews."""
    if writer.administers:
        return kind.key.isnot(None)
    if not writer.reviews or not writer.regions:
        return kind.key.is_(None)
    return kind.in_regions(select(region_subtrees(writer.regions)))
