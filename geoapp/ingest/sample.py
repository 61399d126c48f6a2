"""Loading the project's sample data (``data/``) into a store."""

from __future__ import annotations

from pathlib import Path

from geoapp.ingest.load import LoadOptions, LoadReport, load_file
from geoapp.store import Store

# Order matters: places need regions (to be placed) and programmes (to be members);
# activities need their places and partnerships.
SAMPLE_FILES = (
    ("programmes", "programmes.csv"),
    ("regions", "regions.gpkg"),
    ("places", "places.csv.gz"),
    ("partnerships", "partnerships.csv"),
    ("activities", "activities.csv"),
    ("region-statuses", "region_statuses.csv.gz"),
)


def load_sample(store: Store, data_dir: Path, progress: bool = True) -> list[LoadReport]:
    """Load every sample file of ``data_dir`` into ``store``."""
    # Sister cities abroad (in Russia, Iran...) fall inside Kazakhstan's regions when
    # latitude and longitude are swapped: real places, loaded as they are.
    options = LoadOptions(progress=progress, allow_outside=True)
    return [load_file(store, target, Path(data_dir) / name, options)
            for target, name in SAMPLE_FILES]
