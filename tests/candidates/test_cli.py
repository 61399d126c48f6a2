"""``geoapp candidates``: the same shortlist on the command line, on both stores."""

import csv
import io
import json

import pytest
from click.testing import CliRunner

from geoapp.cli import main


def run(store, *args):
    return CliRunner().invoke(main, ["candidates", *args],
                              env={"GEOAPP_DATABASE_URL": store.url})


def test_table_lists_candidates_nearest_first(store):
    result = run(store, "edebo:1001")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "2 candidates of kind school within 50 km; page 1 of 1, nearest first" in lines[0]
    assert lines[1].split()[:3] == ["rank", "distance_km", "bearing_deg"]
    assert [line.split()[0] for line in lines[2:]] == ["1", "2"]
    assert "edebo:1002" in lines[2] and "edebo:9999" in lines[3]


def test_csv_and_json_carry_the_same_shortlist(store):
    as_csv = run(store, "katottg:UA530202", "--radius-km", "500", "--format", "csv")
    as_json = run(store, "katottg:UA530202", "--radius-km", "500", "--kind", "community",
                  "--scope", "other-region", "--format", "json")
    assert as_csv.exit_code == as_json.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(as_csv.output.lstrip("\ufeff"))))
    found = json.loads(as_json.output)["candidates"]
    assert [r["Id"] for r in rows] == [c["id"] for c in found] == ["katottg:UA140201"]
    assert float(rows[0]["Distance, km"]) == pytest.approx(found[0]["distance_km"], abs=1e-3)
    assert rows[0]["Partners"] == "1" and rows[0]["Kind"] == "Community"


def test_best_match_with_weights(store):
    result = run(store, "edebo:1001", "--rank", "best", "--w-distance", "0", "--w-partners",
                 "0", "--format", "json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    assert found["search"]["rank"] == "best" and found["search"]["weights"]["distance"] == 0
    assert [c["score"] for c in found["candidates"]] == [0.0, 0.0]


@pytest.mark.parametrize(("args", "named"), [
    (["edebo:0000"], "PLACE_ID"),
    (["edebo:1001", "--radius-km", "501"], "--radius-km"),
    (["edebo:1001", "--radius-km", "0"], "--radius-km"),
    (["edebo:1001", "--limit", "0"], "--limit"),
    (["edebo:1001", "--kind", "castle"], "--kind"),
    (["edebo:1001", "--scope", "near"], "--scope"),
    (["edebo:1001", "--region", "UA99"], "--region"),
    (["city:balti", "--scope", "same-region"], "--scope"),
    (["edebo:1001", "--zone", "middle"], "--zone"),
    (["edebo:1001", "--w-type", "11"], "--w-type"),
])
def test_bad_input_is_a_cli_error_naming_the_option(store, args, named):
    result = run(store, *args)
    assert result.exit_code == 2
    assert named in result.output
