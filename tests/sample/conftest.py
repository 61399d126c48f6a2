"""Where the committed sample and the public sources are, and one build shared by a module."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).parents[2]
DATA = REPO / "data"
SHARED = Path(__file__).parents[2].parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """Return the folder of public sources; skip (fail under CI=true) when it is absent."""
    if not SHARED.is_dir():
        message = f"no public source data at {SHARED}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return SHARED


@pytest.fixture(scope="session")
def built(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """Build the sample once into a temporary folder; return it and the report."""
    from geoapp.sample import build_sample

    out = tmp_path_factory.mktemp("sample")
    return out, build_sample(shared_data, out, progress=False)
