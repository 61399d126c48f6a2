"""Where the committed sample and the public sources are, and one build shared by a module."""

from __future__ import annotations

from pathlib import Path

import pytest

from geoapp.sample.build import SOURCES

REPO = Path(__file__).parents[2]
DATA = REPO / "data"


@pytest.fixture(scope="session")
def sources() -> Path:
    """Return the folder of public sources committed in data/sources."""
    return SOURCES


@pytest.fixture(scope="session")
def built(sources: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """Build the sample once into a temporary folder; return it and the report."""
    from geoapp.sample import build_sample

    out = tmp_path_factory.mktemp("sample")
    return out, build_sample(sources, out, progress=False)
