"""Writing records: create, change, publish, reject, withdraw and revert.

Every write checks the writer's role and regions, refuses a save that started from an
older version (a conditional ``UPDATE ... WHERE version = :v``, so that it holds with
several writers at once), keeps the change in the history, and raises the data revision
so that the map, the list, the API and their caches see it at once. Nothing is deleted:
withdrawing hides a record and keeps its history. The caller owns the transaction.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import Connection, func, insert, or_, select, update

from geoapp.errors import N_, Conflict, Forbidden, InvalidRecord, NotFound, StaleVersion
from geoapp.store import access, history, queries
from geoapp.store.queries import partnerships, places
from geoapp.store.records import ACTIVITY, KINDS, PARTNERSHIP, PLACE, RecordKind, read
from geoapp.store.users import Writer

ACTION_OF_STATE = {"published": "publish", "rejected": "reject", "withdrawn": "withdraw"}


@dataclass(frozen=True)
class Edit:
    """Who makes a change, why, and whether what editors propose waits for review."""

    writer: Writer
    note: str | None = None
    review: bool = True


def visible(conn: Connection, kind: RecordKind, record_id: str, writer: Writer | None) -> dict:
    """A record the writer may see; NotFound otherwise (unpublished records stay hidden)."""
    record = read(conn, kind, record_id)
    if record is None or not access.may_see(conn, writer, kind, record):
        raise NotFound(f"no {kind.name} has the id {record_id[:80]!r}")
    return record


def _writable(conn: Connection, kind: RecordKind, record: dict, edit: Edit) -> None:
    if not access.may_write(conn, edit.writer, kind, record):
        raise Forbidden(N_("This is outside the regions you may edit."))


def create(conn: Connection, kind: RecordKind, values: dict, edit: Edit,
           record_id: str | None = None) -> dict:
    """Create a record; it waits for review when an editor proposes it and review is on."""
    missing = {name: (N_("required"), {}) for name in kind.required
               if values.get(name) in (None, "")}
    cleaned = kind.check(conn, {k: v for k, v in values.items() if k not in missing}, {})
    if missing:
        raise InvalidRecord(missing)
    record_id = _new_id(conn, kind, record_id)
    record = {**dict.fromkeys(kind.fields), **kind.defaults, **cleaned, "id": record_id}
    row = kind.to_row(conn, {**record, "review_state": None}, set(kind.fields))
    record.update({name: row[name] for name in kind.derived})
    _writable(conn, kind, record, edit)
    waits = edit.review and not edit.writer.reviews
    record["review_state"] = "pending" if waits or _ends_unpublished(conn, kind, record) \
        else "published"
    row = kind.to_row(conn, record, set(kind.fields))
    conn.execute(insert(kind.table).values(id=record_id, **row, version=1))
    snapshot = read(conn, kind, record_id)
    history.record(conn, kind.name, record_id, 1, "create", edit.writer.id, None,
                   _without_version(snapshot), edit.note)
    _written(conn, kind, snapshot, set(kind.fields))
    return snapshot


def _new_id(conn: Connection, kind: RecordKind, given: str | None) -> str:
    if not given:
        return f"user:{uuid.uuid4().hex[:16]}"
    given = given.strip()
    if not given or len(given) > 80:
        raise InvalidRecord({"id": (N_("at most %(count)s characters"), {"count": 80})})
    if queries.existing_ids(conn, kind.table, [given]):
        raise InvalidRecord({"id": (N_("a record with this id exists"), {})})
    return given


def update_record(conn: Connection, kind: RecordKind, record_id: str, values: dict,
                  version: int, edit: Edit, action: str = "update") -> dict:
    """Change some fields of a record that is at ``version``; refuse it if that is stale."""
    current = visible(conn, kind, record_id, edit.writer)
    _writable(conn, kind, current, edit)
    if current["review_state"] == "withdrawn":
        raise Conflict(N_("It is withdrawn; a reviewer may restore it by reverting the "
                          "withdrawal."))
    _fresh(current, version)
    cleaned = kind.check(conn, values, current)
    new = _with_derived(conn, kind, {**current, **cleaned})
    if not access.may_write(conn, edit.writer, kind, new):
        raise Forbidden(N_("The change would put it outside the regions you may edit."))
    _consistent(conn, kind, new)
    return _save(conn, kind, current, new, version, action, edit)


def set_state(conn: Connection, kind: RecordKind, record_id: str, state: str, version: int,
              edit: Edit) -> dict:
    """Publish, reject or withdraw a record that is at ``version``."""
    current = visible(conn, kind, record_id, edit.writer)
    _writable(conn, kind, current, edit)
    allowed_from = {"published": ("pending", "rejected"), "rejected": ("pending",),
                    "withdrawn": ("pending", "published", "rejected")}[state]
    if state != "withdrawn" and not edit.writer.reviews:
        raise Forbidden(N_("Only a reviewer may publish or reject."))
    if current["review_state"] not in allowed_from:
        raise Conflict(N_("This cannot be done in its present review state."))
    _fresh(current, version)
    new = {**current, "review_state": state}
    _consistent(conn, kind, new)
    return _save(conn, kind, current, new, version, ACTION_OF_STATE[state], edit)


def revert(conn: Connection, change_id: int, edit: Edit) -> dict:
    """Give a record back the values it had before one change; the revert is a change too."""
    entry = history.get_change(conn, change_id)
    if entry is None or entry.record_kind not in KINDS:
        raise NotFound(f"no change has the number {change_id}")
    kind = KINDS[entry.record_kind]
    if not edit.writer.reviews:
        raise Forbidden(N_("Only a reviewer may revert a change."))
    current = visible(conn, kind, entry.record_id, edit.writer)
    _writable(conn, kind, current, edit)
    target = {"review_state": "withdrawn"} if entry.action == "create" else entry.before
    new = _with_derived(conn, kind, {**current, **target})
    _consistent(conn, kind, new)
    note = edit.note or f"reverts change {change_id}"
    return _save(conn, kind, current, new, current["version"], "revert",
                 Edit(edit.writer, note, edit.review))


def _fresh(current: dict, version: int) -> None:
    if version != current["version"]:
        raise StaleVersion(version, current["version"])


def _with_derived(conn: Connection, kind: RecordKind, record: dict) -> dict:
    row = kind.to_row(conn, record, set(kind.fields))
    return {**record, **{name: row[name] for name in kind.derived if name in row}}


def _save(conn: Connection, kind: RecordKind, current: dict, new: dict, version: int,
          action: str, edit: Edit) -> dict:
    names = [*kind.fields, *kind.derived, "review_state"]
    changed = [name for name in names if new.get(name) != current.get(name)]
    if not changed:
        return current
    row = kind.to_row(conn, new, set(changed))
    done = conn.execute(update(kind.table).where(
        kind.key == current["id"], kind.table.c.version == version)
        .values(**row, version=version + 1))
    if done.rowcount != 1:  # another writer saved between our read and this update
        raise StaleVersion(version, (read(conn, kind, current["id"]) or current)["version"])
    history.record(conn, kind.name, current["id"], version + 1, action, edit.writer.id,
                   {name: current.get(name) for name in changed},
                   {name: new.get(name) for name in changed}, edit.note)
    _written(conn, kind, new, set(changed))
    return read(conn, kind, current["id"])


def _written(conn: Connection, kind: RecordKind, record: dict, changed: set) -> None:
    queries.bump_revision(conn, kind.revision)
    kind.after_write(conn, record, changed)


def _without_version(snapshot: dict) -> dict:
    return {name: value for name, value in snapshot.items() if name not in ("version", "id")}


def _ends_unpublished(conn: Connection, kind: RecordKind, record: dict) -> bool:
    if kind is ACTIVITY:  # an activity of a proposed partnership waits for it
        return bool(record.get("partnership_id")) and not conn.execute(
            select(partnerships.c.id).where(partnerships.c.id == record["partnership_id"],
                                            queries.published(partnerships))).first()
    if kind is not PARTNERSHIP:
        return False
    ends = [record["place_a_id"], record["place_b_id"]]
    found = conn.execute(select(func.count()).select_from(places).where(
        places.c.id.in_(ends), queries.published(places))).scalar()
    return found < 2


def _consistent(conn: Connection, kind: RecordKind, record: dict) -> None:
    """Refuse a state the public map could not draw: a line to a hidden place."""
    if kind is PARTNERSHIP and record["review_state"] == "published" \
            and _ends_unpublished(conn, kind, record):
        raise Conflict(N_("Both places of a partnership must be published before it is."))
    if kind is ACTIVITY and record["review_state"] == "published" \
            and _ends_unpublished(conn, kind, record):
        raise Conflict(N_("The partnership of an activity must be published before it is."))
    if kind is PLACE and record["review_state"] == "withdrawn":
        linked = conn.execute(select(func.count()).select_from(partnerships).where(
            queries.published(partnerships), or_(partnerships.c.place_a_id == record["id"],
                                                 partnerships.c.place_b_id == record["id"])
        )).scalar()
        if linked:
            raise Conflict(N_("This place has %(count)s published partnerships; withdraw "
                              "them first."), count=linked)


def pending(conn: Connection, kind: RecordKind, writer: Writer, limit: int = 200) -> list[dict]:
    """The records of ``kind`` awaiting review in the writer's regions, oldest first."""
    query = select(*kind.columns()).where(kind.table.c.review_state == "pending",
                                          access.reviewable(writer, kind))
    return [dict(row) for row in conn.execute(query.order_by(kind.key).limit(limit)).mappings()]


def mine(conn: Connection, kind: RecordKind, writer: Writer, limit: int = 200) -> list[dict]:
    """The records of ``kind`` a writer created that are not published, newest first."""
    ids = history.created_by(conn, kind.name, writer.id)[:limit]
    found = [read(conn, kind, record_id) for record_id in ids]
    return [r for r in found if r and r["review_state"] != "published"]
