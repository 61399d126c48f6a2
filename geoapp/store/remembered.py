"""Answers remembered under the data's revision.

A count or a summary over the store changes only when a write or a load bumps a revision
(:func:`geoapp.store.queries.revisions`), so it need be worked out once per database,
revision and question. A few hundred or thousand are kept (or, for answers weighed in
bytes, up to a budget), all forgotten at once when full.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from sqlalchemy import Connection

from geoapp.store import queries

MISSING = object()


class Remembered:
    """Answers by (database, revision, question); a revision of None is never remembered.

    ``budget`` bounds the sum of the answers' ``weight`` (their bytes) as ``size`` bounds
    their number."""

    def __init__(self, size: int, budget: int | None = None) -> None:
        self.size, self.budget = size, budget
        self._found: dict[tuple, Any] = {}
        self._weight = 0

    def recall(self, conn: Connection, revision: tuple | None, question: Hashable) -> Any:
        """The answer kept for ``question`` at ``revision``, or MISSING."""
        if revision is None:
            return MISSING
        return self._found.get((conn.engine.url, revision, question), MISSING)

    def answer(self, conn: Connection, revision: tuple | None, question: Hashable,
               make: Callable[[], Any]) -> Any:
        """The answer kept for ``question`` at ``revision``, else ``make()``'s, kept."""
        found = self.recall(conn, revision, question)
        if found is MISSING:
            found = make()
            self.keep(conn, revision, question, found)
        return found

    def keep(self, conn: Connection, revision: tuple | None, question: Hashable,
             answer: Any, weight: int = 0) -> None:
        """Keep ``answer`` to ``question`` at ``revision``, unless the revision is None or
        a statement on ``conn`` read the answer at other revisions (a write came between:
        :func:`geoapp.store.queries.read_at`)."""
        if (revision is None or (self.budget is not None and weight > self.budget)
                or not queries.read_at(conn, revision)):
            return
        if len(self._found) >= self.size or (
                self.budget is not None and self._weight + weight > self.budget):
            self._found.clear()
            self._weight = 0
        self._found[(conn.engine.url, revision, question)] = answer
        self._weight += weight
