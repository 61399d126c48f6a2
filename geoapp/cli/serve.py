"""``geoapp serve``, ``check-layers`` and ``build-sample``: running and preparing the app."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from geoapp import config
from geoapp.cli.context import settings
from geoapp.store.engine import replica_urls

# gthread keeps connections alive between requests (sync closes and reopens each one);
# chosen by measurement in bench/bench_api.py.
THREADS = 4


def gunicorn_args(bind: str, workers: int, access_log: bool = True) -> list[str]:
    """The gunicorn command line that serves the app (also what the benchmark runs)."""
    args = ["-m", "gunicorn", "--bind", bind, "--workers", str(workers),
            "--worker-class", "gthread", "--threads", str(THREADS), "--keep-alive", "5"]
    if access_log:
        args += ["--access-logfile", "-"]
    return [*args, "geoapp:create_app()"]


@click.command()
@click.option("--host", default=None, help="Address to bind (default GEOAPP_HOST).")
@click.option("--port", type=int, default=None, help="Port (default GEOAPP_PORT or 5000).")
@click.option("--workers", type=int, default=None, help="Worker processes.")
def serve(host: str | None, port: int | None, workers: int | None) -> None:
    """Serve the app with gunicorn."""
    found = settings()
    try:  # refused here, not once per worker that fails to boot
        replica_urls(found["DATABASE_READ_URLS"], found["DATABASE_URL"])
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    bind = f"{host or found['HOST']}:{port or found['PORT']}"
    args = [sys.executable, *gunicorn_args(bind, workers or found["WORKERS"])]
    click.echo(f"serving on http://{bind}")
    if not found["SECRET_KEY"]:
        click.echo("warning: GEOAPP_SECRET_KEY is not set: signing in is off", err=True)
    os.execv(sys.executable, args)


@click.command("check-layers")
@click.argument("folder", type=click.Path(path_type=Path), required=False)
def check_layers(folder: Path | None) -> None:
    """Validate the layer definitions of FOLDER (default: GEOAPP_LAYERS_DIR, as served)."""
    from geoapp.layers import LayerError, read_layers

    folder = folder or Path(settings()["LAYERS_DIR"])
    try:
        found = read_layers(folder)
    except LayerError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{len(found)} layers valid in {folder}: {', '.join(found)}")


@click.command("build-sample")
@click.option("--source", type=click.Path(path_type=Path, exists=True, file_okay=False),
              help="Folder of the public data (default: data/sources).")
@click.option("--out", type=click.Path(path_type=Path, file_okay=False),
              default=config.REPO / "data", help="Where to write the sample files.")
def build_sample(source: Path | None, out: Path) -> None:
    """Build the sample data files in data/ from the public sources."""
    from geoapp.sample import build_sample as build

    report = build(source, out)
    click.echo(json.dumps(report, ensure_ascii=False, indent=2, default=str))
