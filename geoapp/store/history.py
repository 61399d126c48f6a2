"""The history of every record: who changed it, when, what (before and after) and why.

One table for every kind of record, keyed by (record kind, record id); ``before`` and
``after`` hold only the fields a change touched, as JSON.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, insert, select

from geoapp.store.models import Change, User
from geoapp.store.users import now

history = Change.__table__
users = User.__table__
ACTIONS = ("create", "update", "move", "publish", "reject", "withdraw", "revert")


@dataclass(frozen=True)
class Entry:
    """One change as shown in a card's History."""

    id: int
    record_kind: str
    record_id: str
    version: int
    action: str
    user_id: int | None
    user_name: str | None
    at: Any
    before: dict
    after: dict
    note: str | None

    @property
    def fields(self) -> list[str]:
        """The fields this change touched, in a stable order."""
        return list(dict.fromkeys([*self.before, *self.after]))


def _json(values: dict | None) -> str | None:
    return None if values is None else json.dumps(values, ensure_ascii=False, sort_keys=True)


def record(conn: Connection, kind: str, record_id: str, version: int, action: str,
           user_id: int | None, before: dict | None, after: dict | None,
           note: str | None = None) -> int:
    """Keep one change; return its id."""
    return conn.execute(insert(history).values(
        record_kind=kind, record_id=record_id, version=version, action=action,
        user_id=user_id, at=now(), before=_json(before), after=_json(after),
        note=note or None)).inserted_primary_key[0]


def _entries(conn: Connection, query) -> list[Entry]:
    query = query.add_columns(users.c.name.label("user_name")).outerjoin(
        users, users.c.id == history.c.user_id)
    return [Entry(row.id, row.record_kind, row.record_id, row.version, row.action,
                  row.user_id, row.user_name, row.at, json.loads(row.before or "{}"),
                  json.loads(row.after or "{}"), row.note)
            for row in conn.execute(query)]


def changes_of(conn: Connection, kind: str, record_id: str) -> list[Entry]:
    """Every change of one record, newest first."""
    return _entries(conn, select(history).where(
        history.c.record_kind == kind, history.c.record_id == record_id)
        .order_by(history.c.id.desc()))


def changes_of_many(conn: Connection, kind: str, record_ids: list[str]) -> list[Entry]:
    """Every change of several records of one kind, newest first."""
    if not record_ids:
        return []
    return _entries(conn, select(history).where(
        history.c.record_kind == kind, history.c.record_id.in_(record_ids))
        .order_by(history.c.id.desc()))


def get_change(conn: Connection, change_id: int) -> Entry | None:
    """One change, or None."""
    found = _entries(conn, select(history).where(history.c.id == change_id))
    return found[0] if found else None


def recent(conn: Connection, limit: int = 50) -> list[Entry]:
    """The latest changes of every record, newest first."""
    return _entries(conn, select(history).order_by(history.c.id.desc()).limit(limit))


def author_of(conn: Connection, kind: str, record_id: str) -> int | None:
    """The user who created a record through the app, or None (loaded records have none)."""
    return conn.execute(select(history.c.user_id).where(
        history.c.record_kind == kind, history.c.record_id == record_id,
        history.c.action == "create").order_by(history.c.id).limit(1)).scalar()


def created_by(conn: Connection, kind: str, user_id: int) -> list[str]:
    """The ids of the records of ``kind`` a user created, newest first."""
    return list(conn.execute(select(history.c.record_id).where(
        history.c.record_kind == kind, history.c.user_id == user_id,
        history.c.action == "create").order_by(history.c.id.desc())).scalars())
