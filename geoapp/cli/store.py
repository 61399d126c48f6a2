"""``geoapp init-db``, ``load`` and ``info``: the store's schema and contents."""

from __future__ import annotations

import json
from pathlib import Path

import click

from geoapp.cli.context import open_store, settings
from geoapp.ingest import LoadError, LoadOptions, load_file
from geoapp.ingest.load import TARGETS
from geoapp.ingest.problems import Problem, summary
from geoapp.store import queries, schema
from geoapp.store.models import PLACE_KINDS


@click.command("init-db")
@click.option("--sample/--no-sample", default=False, help="Also load the sample data in data/.")
@click.pass_context
def init_db(ctx: click.Context, sample: bool) -> None:
    """Create or upgrade the schema of the store (and load the sample data)."""
    store = open_store(ctx)
    version = schema.upgrade(store)
    click.echo(f"{store.kind} store at schema version {version}")
    if sample:
        from geoapp.ingest.sample import load_sample

        try:
            reports = load_sample(store, Path(settings()["DATA_DIR"]))
        except LoadError as exc:
            raise click.ClickException(str(exc)) from exc
        for report in reports:
            echo_warnings(report.warnings, report.path)
        with store.engine.connect() as conn:
            click.echo(json.dumps(queries.counts(conn), ensure_ascii=False))


def echo_warnings(problems: list[Problem], path: Path | str, most: int = 20) -> None:
    """Print a load's warnings, the rows that share one named together, ``most`` lines at
    most (the sample's 37 sister cities abroad are one line, not 37)."""
    for line in summary(problems, path, most):
        click.echo(f"warning: {line}", err=True)


@click.command()
@click.argument("target", type=click.Choice(TARGETS))
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--crs", help="CRS of the file's coordinates (EPSG:xxxx, a WKT or PROJ string).")
@click.option("--x-column", help="Column of x / longitude (CSV).")
@click.option("--y-column", help="Column of y / latitude (CSV).")
@click.option("--id-column", help="Column of the stable id (default id, or code for regions).")
@click.option("--kind", type=click.Choice(PLACE_KINDS), help="Kind given to every place.")
@click.option("--dry-run", is_flag=True, help="Check and report; write nothing.")
@click.option("--skip-invalid", is_flag=True, help="Load the good rows; report the others.")
@click.option("--allow-outside", is_flag=True,
              help="Load places that fit a region only with lat/lon swapped: places abroad.")
@click.pass_context
def load(ctx: click.Context, target: str, file: Path, **options) -> None:
    """Load regions, places, partnerships, programmes or activities from FILE, upserting by id.

    region-statuses: one edition of the official list of territories of hostilities and
    occupation (columns region_code, status, start_date, end_date, edition_date, name),
    which replaces the stored edition unless it is older.
    """
    store = open_store(ctx)
    try:
        report = load_file(store, target, file, LoadOptions(**options))
    except LoadError as exc:
        raise click.ClickException(f"nothing was loaded:\n{exc}") from exc
    verb = "would load" if report.dry_run else "loaded"
    click.echo(f"{verb} {report.inserted + report.updated} {target} from {file} "
               f"({report.inserted} new, {report.updated} updated)")
    if target == "region-statuses":
        click.echo(f"edition of {report.edition}; it replaces "
                   f"{report.replaced} statuses of the edition of {report.replaced_edition}"
                   if report.replaced else f"edition of {report.edition}")
    echo_warnings(report.warnings, file)
    if report.rejected:
        click.echo(f"skipped {len(report.rejected)} problems; see {report.report}", err=True)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def info(ctx: click.Context, as_json: bool) -> None:
    """Print the store, its schema version and what it holds."""
    store = open_store(ctx)
    with store.engine.connect() as conn:
        found = {"store": store.kind, "schema_version": schema.schema_version(store),
                 "spatial": queries.ping(conn), **queries.counts(conn)}
    if as_json:
        click.echo(json.dumps(found, ensure_ascii=False, indent=2))
        return
    for key, value in found.items():
        click.echo(f"{key}: {value}")
