"""The region tree: a region's line of ancestors, walked in one place for everyone."""

from __future__ import annotations

from collections.abc import Mapping


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
