"""Exported cells never open as spreadsheet formulas."""

import csv
import io

import pytest

from geoapp.ingest import LoadOptions, load_file
from geoapp.spreadsheet import safe_cell
from tests.ingest.test_load import school, write_csv


@pytest.mark.parametrize(("value", "shown"), [
    ("=1+1", "'=1+1"), ("+380", "'+380"), ("-x", "'-x"), ("@SUM(A1)", "'@SUM(A1)"),
    ("Ліцей №1", "Ліцей №1"), (-5.0, -5.0), (None, None),
])
def test_safe_cell(value, shown):
    assert safe_cell(value) == shown


def test_the_api_csv_export_defuses_formulas(client, store, tmp_path):
    name = '=HYPERLINK("http://example.invalid","x")'
    load_file(store, "places", write_csv(tmp_path / "p.csv", [school("new:f", 33.41, 49.07, name)]),
              LoadOptions(progress=False))
    body = client.get("/api/collections/schools/items?f=csv&q=hyperlink").data.decode("utf-8-sig")
    [row] = list(csv.DictReader(io.StringIO(body)))
    assert row["name"] == "'" + name
