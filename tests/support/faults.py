"""The fault suite's figures: requests made, 5xx seen, rows lost, peak memory of loads.

Tests marked ``faults`` record into the session's log; at the end the figures are written
to test-artifacts/fault-figures.json and printed in pytest's summary.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

ARTIFACT = Path(__file__).resolve().parents[2] / "test-artifacts" / "fault-figures.json"


class FaultLog:
    """Figures added up over the session; ``peak_*`` figures keep their maximum."""

    def __init__(self) -> None:
        self.figures: Counter = Counter()

    def record(self, **figures: float) -> None:
        for name, value in figures.items():
            if name.startswith("peak_"):
                self.figures[name] = max(self.figures[name], value)
            else:
                self.figures[name] += value


LOG = FaultLog()


@pytest.fixture(scope="session")
def fault_log() -> FaultLog:
    """The session's fault figures."""
    return LOG


def pytest_terminal_summary(terminalreporter) -> None:
    """Print and keep the figures, when any fault test ran."""
    if not LOG.figures:
        return
    ARTIFACT.parent.mkdir(exist_ok=True)
    ARTIFACT.write_text(json.dumps(dict(LOG.figures), indent=2, sort_keys=True))
    line = ", ".join(f"{k} {v:g}" for k, v in sorted(LOG.figures.items()))
    terminalreporter.write_line(f"fault figures: {line}")
