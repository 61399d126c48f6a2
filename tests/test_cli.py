"""The command line: init-db, load, info, check-layers."""

import json

import pytest
from click.testing import CliRunner

from geoapp.cli import main
from geoapp.store import schema
from tests.support import world


@pytest.fixture
def run(monkeypatch):
    """Run a geoapp command against a given store."""
    def invoke(store, *args):
        monkeypatch.setenv("GEOAPP_DATABASE_URL", store.url)
        return CliRunner().invoke(main, list(args), catch_exceptions=False)
    return invoke


def test_info_json_counts_what_the_store_holds(run, store, store_kind):
    result = run(store, "info", "--json")
    assert result.exit_code == 0
    found = json.loads(result.output)
    assert found["store"] == store_kind
    assert found["schema_version"] == schema.head_version()
    assert found["regions"]["hromada"] == 3
    assert found["places"]["community"] == 3
    assert found["partnerships"] == {"imc": 1, "plich-o-plich": 1}


def test_init_db_creates_the_schema_then_load_fills_it(run, empty_store, tmp_path):
    assert run(empty_store, "init-db").exit_code == 0
    files = world.write_world(tmp_path)
    for target in ("programmes", "regions", "places", "partnerships"):
        result = run(empty_store, "load", target, str(files[target]))
        assert result.exit_code == 0, result.output
        assert f"loaded {len(getattr(world, target.upper()))} {target}" in result.output
    found = json.loads(run(empty_store, "info", "--json").output)
    assert sum(found["places"].values()) == len(world.PLACES)


def test_a_refused_load_exits_non_zero_and_says_why(run, store, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("id,kind,name,lon,lat\nx:1,school,Школа,,49\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["load", "places", str(bad)],
                                env={"GEOAPP_DATABASE_URL": store.url})
    assert result.exit_code == 1
    assert "nothing was loaded" in result.output
    assert "bad.csv, row 1, field 'lon': missing coordinate" in result.output


def test_check_layers_names_the_bad_file_and_field(tmp_path):
    (tmp_path / "schools.yaml").write_text(
        "title: {uk: Школи, en: Schools}\nsource: places\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check-layers", str(tmp_path)])
    assert result.exit_code == 1
    assert "schools.yaml: field title: Value error, missing languages ru, kk, ro" in result.output


def test_the_project_layers_are_valid():
    result = CliRunner().invoke(main, ["check-layers"])
    assert result.exit_code == 0
    assert "schools" in result.output


def test_check_layers_names_an_unknown_kind(tmp_path):
    (tmp_path / "castles.yaml").write_text(
        "title: {uk: Замки, en: Castles, ru: Замки, kk: Қамалдар, ro: Castele}\n"
        "source: places\nkinds: [castle]\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check-layers", str(tmp_path)])
    assert result.exit_code == 1
    assert "castles.yaml: field kinds.0: Input should be 'school'" in result.output


def test_check_layers_reads_the_folder_the_server_uses(monkeypatch, tmp_path):
    (tmp_path / "only.yaml").write_text(
        "title: {uk: A, en: A, ru: A, kk: A, ro: A}\nsource: regions\npopup: [code]\n",
        encoding="utf-8")
    monkeypatch.setenv("GEOAPP_LAYERS_DIR", str(tmp_path))
    result = CliRunner().invoke(main, ["check-layers"])
    assert result.exit_code == 0 and "1 layers valid" in result.output and "only" in result.output


def test_a_layer_filter_its_source_lacks_is_refused(monkeypatch, tmp_path):
    (tmp_path / "bad.yaml").write_text(
        "title: {uk: A, en: A, ru: A, kk: A, ro: A}\nsource: regions\npopup: [code]\n"
        "filters: [kind]\n",
        encoding="utf-8")
    result = CliRunner().invoke(main, ["check-layers", str(tmp_path)])
    assert result.exit_code != 0 and "filters ['kind'] do not apply to regions" in result.output


def test_the_command_modules_import_without_a_cycle():
    import subprocess
    import sys

    for module in ("geoapp.cli.candidates", "geoapp.cli.export", "geoapp.cli.store",
                   "geoapp.cli.users"):
        done = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True)
        assert done.returncode == 0, done.stderr
