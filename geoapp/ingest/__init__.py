"""Loading files of any format geopandas reads into the store.

``source`` reads a file in bounded chunks (caps on bytes and rows), ``read`` turns each
chunk into rows with lon/lat in EPSG:4326, ``check`` validates them per kind of record,
``write`` upserts them, and ``load`` runs it all in one transaction under ``lock`` (one
load at a time). Every problem names the file, the row and the field.
"""

from geoapp.ingest.load import LoadOptions, LoadReport, load_file
from geoapp.ingest.problems import LoadError, Problem

__all__ = ["LoadError", "LoadOptions", "LoadReport", "Problem", "load_file"]
