"""The reproducible builder of the project's real sample data (``data/``)."""

from geoapp.sample.build import build_sample

__all__ = ["build_sample"]
