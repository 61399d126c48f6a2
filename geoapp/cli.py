"""The command line: ``geoapp init-db``, ``load``, ``info``, ``serve``, ``build-sample``..."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from geoapp import config
from geoapp.ingest import LoadError, LoadOptions, load_file
from geoapp.ingest.load import TARGETS
from geoapp.store import Store, queries, schema
from geoapp.store.models import PLACE_KINDS


def open_store(ctx: click.Context) -> Store:
    """Return the store named by GEOAPP_DATABASE_URL (or the embedded default)."""
    if ctx.obj is None:
        settings = {"DATABASE_URL": None, **config.from_environment()}
        url = settings["DATABASE_URL"] or config.default_database_url(config.REPO / "instance")
        ctx.obj = Store(url)
        ctx.call_on_close(ctx.obj.dispose)
    return ctx.obj


@click.group()
def main() -> None:
    """geoapp: the atlas of schools, STEM centres and partnerships."""


@main.command("init-db")
@click.option("--sample/--no-sample", default=False, help="Also load the sample data in data/.")
@click.pass_context
def init_db(ctx: click.Context, sample: bool) -> None:
    """Create or upgrade the schema of the store (and load the sample data)."""
    store = open_store(ctx)
    version = schema.upgrade(store)
    click.echo(f"{store.kind} store at schema version {version}")
    if sample:
        from geoapp.ingest.sample import load_sample

        data_dir = Path(os.environ.get("GEOAPP_DATA_DIR", config.REPO / "data"))
        try:
            reports = load_sample(store, data_dir)
        except LoadError as exc:
            raise click.ClickException(str(exc)) from exc
        for report in reports:
            for problem in report.warnings:
                click.echo(f"warning: {problem.describe(report.path)}", err=True)
        with store.engine.connect() as conn:
            click.echo(json.dumps(queries.counts(conn), ensure_ascii=False))


@main.command()
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
    """Load regions, places, partnerships or programmes from FILE, upserting by id."""
    store = open_store(ctx)
    try:
        report = load_file(store, target, file, LoadOptions(**options))
    except LoadError as exc:
        raise click.ClickException(f"nothing was loaded:\n{exc}") from exc
    verb = "would load" if report.dry_run else "loaded"
    click.echo(f"{verb} {report.inserted + report.updated} {target} from {file} "
               f"({report.inserted} new, {report.updated} updated)")
    for problem in report.warnings[:20]:
        click.echo(f"warning: {problem.describe(file)}", err=True)
    if len(report.warnings) > 20:
        click.echo(f"warning: ... and {len(report.warnings) - 20} more", err=True)
    if report.rejected:
        click.echo(f"skipped {len(report.rejected)} problems; see {report.report}", err=True)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def info(ctx: click.Context, as_json: bool) -> None:
    """Print the store, its schema version and what it holds."""
    store = open_store(ctx)
    with store.engine.connect() as conn:
        found = {"store": store.kind, "schema_version": schema.schema_version(store),
                 **queries.counts(conn)}
    if as_json:
        click.echo(json.dumps(found, ensure_ascii=False, indent=2))
        return
    for key, value in found.items():
        click.echo(f"{key}: {value}")


@main.command()
@click.option("--host", default=None, help="Address to bind (default 127.0.0.1).")
@click.option("--port", type=int, default=None, help="Port (default GEOAPP_PORT or 5000).")
@click.option("--workers", type=int, default=None, help="Worker processes.")
def serve(host: str | None, port: int | None, workers: int | None) -> None:
    """Serve the app with gunicorn."""
    settings = {s.name: s.default for s in config.SETTINGS} | config.from_environment()
    bind = f"{host or settings['HOST']}:{port or settings['PORT']}"
    args = [sys.executable, "-m", "gunicorn", "--bind", bind,
            "--workers", str(workers or settings["WORKERS"]), "--access-logfile", "-",
            "geoapp:create_app()"]
    click.echo(f"serving on http://{bind}")
    os.execv(sys.executable, args)


@main.command("check-layers")
@click.argument("folder", type=click.Path(path_type=Path), default=config.REPO / "layers")
def check_layers(folder: Path) -> None:
    """Validate the layer definitions of FOLDER."""
    from geoapp.layers import LayerError, read_layers

    try:
        found = read_layers(folder)
    except LayerError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{len(found)} layers valid: {', '.join(found)}")


@main.command("build-sample")
@click.option("--source", type=click.Path(path_type=Path, exists=True, file_okay=False),
              default=config.REPO.parent / "shared" / "data", help="Folder of the public data.")
@click.option("--out", type=click.Path(path_type=Path, file_okay=False),
              default=config.REPO / "data", help="Where to write the sample files.")
def build_sample(source: Path, out: Path) -> None:
    """Build the sample data files in data/ from the public sources."""
    from geoapp.sample import build_sample as build

    report = build(source, out)
    click.echo(json.dumps(report, ensure_ascii=False, indent=2, default=str))


from geoapp.cli_export import export_map  # noqa: E402  (its own module, added last)

main.add_command(export_map)

from geoapp.cli_candidates import candidates  # noqa: E402  (its own module, added last)

main.add_command(candidates)
