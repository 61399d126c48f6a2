"""Problems found in an input file, and the report of rejected rows beside it."""

from __future__ import annotations

import csv
from dataclasses import asdict, dataclass, field
from pathlib import Path

from geoapp.spreadsheet import safe_cell

# A file with more problems than this is refused without reading the rest.
MAX_PROBLEMS = 10_000


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one row (``row`` 0 means the whole file)."""

    row: int
    field: str
    message: str
    value: str = ""

    def describe(self, path: Path | str) -> str:
        """Return the problem as a sentence naming file, row and field."""
        where = f"{path}" if self.row == 0 else f"{path}, row {self.row}"
        return f"{where}, field {self.field!r}: {self.message}"


@dataclass
class LoadError(Exception):
    """A load that was refused; the store is unchanged."""

    path: Path | str
    problems: list[Problem] = field(default_factory=list)
    report: Path | None = None

    def __str__(self) -> str:
        shown = summary(self.problems, self.path, most=10)
        if self.report:
            shown.append(f"Rejected rows are listed in {self.report}")
        return "\n".join(shown)


def summary(problems: list[Problem], path: Path | str, most: int) -> list[str]:
    """The problems :func:`grouped`, ``most`` sentences at most, then how many more."""
    lines = grouped(problems, path)
    if len(lines) <= most:
        return lines
    return [*lines[:most], f"... and {len(lines) - most} more"]


def grouped(problems: list[Problem], path: Path | str, rows_shown: int = 10) -> list[str]:
    """The problems as sentences, one per field and message: the rows that share them are
    named in one sentence (the first ``rows_shown`` of them), in the order first found."""
    by_kind: dict[tuple[str, str], list[Problem]] = {}
    for problem in problems:
        by_kind.setdefault((problem.field, problem.message), []).append(problem)
    lines = []
    for (field_name, message), found in by_kind.items():
        if len(found) == 1:
            lines.append(found[0].describe(path))
            continue
        rows = ", ".join(str(p.row) for p in found[:rows_shown])
        more = f" and {len(found) - rows_shown} more" if len(found) > rows_shown else ""
        lines.append(f"{path}, {len(found)} rows ({rows}{more}), field {field_name!r}: "
                     f"{message}")
    return lines


def report_path(path: Path) -> Path:
    """Return where the rejected rows of ``path`` are written."""
    return path.with_name(path.name + ".rejected.csv")


def write_report(path: Path, problems: list[Problem]) -> Path:
    """Write the problems beside the input file; return the report's path."""
    target = report_path(path)
    with target.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=["row", "field", "value", "message"])
        writer.writeheader()
        # The report is opened in spreadsheets: a value from the file that looks like a
        # formula is written as text.
        writer.writerows({k: safe_cell(v) for k, v in asdict(p).items()} for p in problems)
    return target
