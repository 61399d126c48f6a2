"""Checked rows held column by column, as the checks make them and COPY takes them.

A chunk of places goes from the checks to the store without a dict per row: building
25,000 dicts, reading them back field by field in the later checks and turning them into
columns again for the write cost more than the checks themselves.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import compress


@dataclass
class Columns:
    """Rows given column by column, every column as long; ``"row"``, where rows come from a
    file, holds each one's number in it."""

    columns: dict[str, list]

    @classmethod
    def of(cls, records: Sequence[dict]) -> Columns:
        """The columns of records, named by the keys of the first (None where one lacks it)."""
        if not records:
            return cls({"row": []})
        return cls({key: [record.get(key) for record in records] for key in records[0]})

    def __len__(self) -> int:
        return len(next(iter(self.columns.values()), []))

    def __getitem__(self, name: str) -> list:
        return self.columns[name]

    def __setitem__(self, name: str, values: Iterable) -> None:
        self.columns[name] = list(values)

    def __contains__(self, name: str) -> bool:
        return name in self.columns

    def __iter__(self) -> Iterator[str]:
        return iter(self.columns)

    def where(self, keep: Sequence[bool]) -> Columns:
        """The rows where ``keep`` is true (these columns themselves if it is everywhere:
        nearly always, and copying every column of 25,000 places costs 5 ms)."""
        if all(keep):
            return self
        return Columns({name: list(compress(values, keep))
                        for name, values in self.columns.items()})

    def without(self, rows: set[int]) -> Columns:
        """The rows whose number is not in ``rows``."""
        if not rows:
            return self
        return self.where([row not in rows for row in self.columns["row"]])

    def take(self, indexes: Sequence[int]) -> Columns:
        """The rows at ``indexes`` (positions, not row numbers), in that order."""
        return Columns({name: [values[i] for i in indexes]
                        for name, values in self.columns.items()})

    def records(self) -> list[dict]:
        """One dict per row."""
        names = list(self.columns)
        return [dict(zip(names, values, strict=True))
                for values in zip(*self.columns.values(), strict=True)]
