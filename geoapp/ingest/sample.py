"""Loading the project's sample data (``data/``) into a store."""

from __future__ import annotations

from pathlib import Path

from geoapp.ingest.load import LoadOptions, LoadReport, load_file
from geoapp.store import Store

# Order matters: places need regions (to be placed) and programmes (to be members).
SAMPLE_FILES = (
    ("programmes", "programmes.csv"),
    ("regions", "regions.gpkg"),
    ("places", "places.csv.gz"),
    ("partnerships", "partnerships.csv"),
    ("region-statuses", "region_statuses.csv.gz"),
)


def load_sample(store: Store, data_dir: Path, progress: bool = True) -> list[LoadReport]:
    """Load every sample file of ``data_dir`` into ``store``."""
    options = LoadOptions(progress=progress)
    return [load_file(store, target, Path(data_dir) / name, options)
            for target, name in SAMPLE_FILES]
