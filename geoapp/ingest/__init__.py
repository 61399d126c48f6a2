"""Loading files of any format geopandas reads into the store.

``read`` turns a file into rows with lon/lat in EPSG:4326, ``check`` validates them per
kind of record, ``write`` upserts them in one transaction. Every problem names the file,
the row and the field.
"""

from geoapp.ingest.load import LoadOptions, LoadReport, load_file
from geoapp.ingest.problems import LoadError, Problem

__all__ = ["LoadError", "LoadOptions", "LoadReport", "Problem", "load_file"]
