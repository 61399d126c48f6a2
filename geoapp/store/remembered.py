"""Answers remembered under the data's revision.

A count or a summary over the store changes only when a write or a load bumps a revision
(:func:`geoapp.store.queries.revisions`), so it need be worked out once per database,
revision and question. A few hundred or thousand are kept, all forgotten at once when full.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from sqlalchemy import Connection

MISSING = object()


class Remembered:
    """Answers by (database, revision, question); a revision of None is never remembered."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._found: dict[tuple, Any] = {}

    def recall(self, conn: Connection, revision: tuple | None, question: Hashable) -> Any:
        """The answer kept for ``question`` at ``revision``, or MISSING."""
        if revision is None:
            return MISSING
        return self._found.get((conn.engine.url, revision, question), MISSING)

    def keep(self, conn: Connection, revision: tuple | None, question: Hashable,
             answer: Any) -> None:
        """Keep ``answer`` to ``question`` at ``revision`` (unless the revision is None)."""
        if revision is None:
            return
        if len(self._found) >= self.size:
            self._found.clear()
        self._found[(conn.engine.url, revision, question)] = answer
