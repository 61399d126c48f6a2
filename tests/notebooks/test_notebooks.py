"""The analysts' notebooks: committed without outputs, and executed on the sample data."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat
import pytest

from geoapp.config import REPO

NOTEBOOKS = REPO / "notebooks"
NAMES = ("stem_coverage", "partnership_network", "twinning_candidates")
MARKER = "GEOAPP_RESULTS "
# The sample, where `geoapp init-db --sample` reads it.
KERNEL = "geoapp-notebook-tests"


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.name)
def test_committed_without_outputs(path: Path):
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    with_outputs = [i for i, cell in enumerate(notebook.cells)
                    if cell.get("outputs") or cell.get("execution_count") is not None]
    assert not with_outputs, (f"{path.name}: cells {with_outputs} have outputs or execution "
                              "counts; clear them before committing")
    assert code and MARKER in code[-1].source


def test_every_notebook_is_here():
    assert sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb")) == sorted(NAMES)


def kernel_spec(folder: Path, store_url: str) -> Path:
    """A kernel on this very Python, given the store's URL: no user-wide kernel needed."""
    spec = folder / "kernels" / KERNEL
    spec.mkdir(parents=True, exist_ok=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "geoapp tests", "language": "python",
        "env": {"GEOAPP_DATABASE_URL": store_url, "JUPYTER_PLATFORM_DIRS": "1"},
    }))
    return folder


def execute(path: Path, store_url: str, folder: Path) -> nbformat.NotebookNode:
    """Run a notebook top to bottom in its own folder; raise on the first failing cell."""
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, kernel_name=KERNEL, timeout=600,
                            resources={"metadata": {"path": str(NOTEBOOKS)}})
    with pytest.MonkeyPatch.context() as patch:
        # Jupyter finds the kernel by name on JUPYTER_PATH, before any user-wide one.
        patch.setenv("JUPYTER_PATH", str(kernel_spec(folder, store_url)))
        patch.setenv("JUPYTER_PLATFORM_DIRS", "1")
        client.execute()
    return notebook


def results_of(notebook: nbformat.NotebookNode) -> dict:
    """The values the notebook's last cell printed after ``GEOAPP_RESULTS``."""
    for output in notebook.cells[-1].outputs:
        for line in output.get("text", "").splitlines():
            if line.startswith(MARKER):
                return json.loads(line[len(MARKER):])
    raise AssertionError("the last cell printed no results")


def images_of(notebook: nbformat.NotebookNode) -> int:
    """How many figures the notebook drew."""
    return sum("image/png" in output.get("data", {})
               for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs)


@pytest.fixture(scope="session")
def sample_store(sample_urls) -> str:
    """A SpatiaLite store of the sample data in data/, built once per session."""
    return sample_urls("spatialite")


@pytest.fixture(scope="session")
def executed(sample_store, tmp_path_factory) -> dict:
    """Each notebook executed on the sample store, with the results it printed."""
    done = {}
    for name in NAMES:
        notebook = execute(NOTEBOOKS / f"{name}.ipynb", sample_store,
                           tmp_path_factory.mktemp("kernels"))
        done[name] = (results_of(notebook), images_of(notebook))
    return done


@pytest.mark.notebooks
def test_stem_coverage(executed):
    results, images = executed["stem_coverage"]
    # The register's 17,345 schools less the STEM-type ones; closed schools are not measured.
    assert results["schools_in_store"] > 17_000 and results["centres"] > 10
    assert 15_000 < results["schools"] < results["schools_in_store"]
    assert results["oblasts"] >= 24
    for oblast, shares in results["shares"].items():
        assert 0 <= shares["beyond_10km"], oblast
        assert shares["beyond_10km"] >= shares["beyond_25km"] >= shares["beyond_50km"], oblast
        assert shares["beyond_10km"] <= 1, oblast
    assert any(s["beyond_10km"] > 0 for s in results["shares"].values())
    assert 0 < results["median_km"] < results["farthest_km"] < 1000
    assert images >= 2


@pytest.mark.notebooks
def test_partnership_network(executed):
    results, images = executed["partnership_network"]
    assert results["partnerships"] > 300 and len(results["programmes"]) >= 2
    assert results["components"] > 1
    assert results["places"] > results["largest_component"] >= results["component_sizes"][-1]
    assert results["links"] > 100 and results["top_degree"] >= 5
    assert results["oblasts_linked"] >= 20
    page = Path(results["map"]).read_text()
    assert page.count("L.polyline(") == results["links"] and 'src="/static/vendor' not in page
    # By year: the Donetsk institute's trainings and the Bălți approval in 2021, the
    # Kremenchuk–Chasiv Yar memorandum in 2025; the Pavlodar meetups have no year.
    assert results["activities_by_year"]["2021"] == 9
    assert results["activities_by_year"]["2025"] == 1
    assert results["undated"]["activities"] == 4
    assert results["undated"]["partnerships"] >= 2_000  # sister cities carry no dates
    active = results["active_by_year"]
    assert active["2021"] > active["2025"] > 0 and min(active) == "2015"
    assert images >= 4


@pytest.mark.notebooks
def test_twinning_candidates(executed):
    results, images = executed["twinning_candidates"]
    assert results["chosen_candidates"] == 10 and results["chosen_nearest_km"] > 0
    assert results["frontline_communities"] > 100
    assert results["rows"] > 0 and results["with_candidates"] > 0.5 * results[
        "frontline_communities"]
    assert results["candidates_frontline"] == 0 and results["max_km"] <= 300
    assert Path(results["csv"]).read_text(encoding="utf-8").count("\n") == results["rows"] + 1
    assert images >= 1
