"""The region tree: a region's line of ancestors, walked in one place for everyone."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


def lineage(code: str | None, parents: Mapping[str, str | None]) -> list[str]:
    """The region and its ancestors, from it up to the top; safe against cycles."""
    chain: list[str] = []
    while code and code not in chain:
        chain.append(code)
        code = parents.get(code) or None
    return chain


def ancestor_at(code: str | None, level: str, parents: Mapping[str, str | None],
                levels: Mapping[str, str]) -> str | None:
    """The region at ``level`` that holds ``code`` (or is it), or None."""
    return next((c for c in lineage(code, parents) if levels.get(c) == level), None)


@dataclass
class RegionTree:
    """Every region's level, parent and names, without shapes: cheap to read per request."""

    levels: dict[str, str] = field(default_factory=dict)
    parents: dict[str, str | None] = field(default_factory=dict)
    names: dict[str, dict[str, str]] = field(default_factory=dict)

    def name(self, code: str | None, lang: str) -> str | None:
        """A region's name in ``lang``, else in Ukrainian or English, else its code."""
        if code is None:
            return None
        names = self.names.get(code, {})
        return names.get(lang) or names.get("uk") or names.get("en") or code

    def lineage(self, code: str | None) -> list[str]:
        """The region and its ancestors, from it up to the top."""
        return lineage(code, self.parents)

    def at_level(self, code: str | None, level: str) -> str | None:
        """The region at ``level`` that holds ``code`` (or is it), or None."""
        return ancestor_at(code, level, self.parents, self.levels)

    def subtree(self, code: str) -> set[str]:
        """The codes of a region and every region below it."""
        return {c for c in self.levels if code in self.lineage(c)}
