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

# Granian (its HTTP in Rust, the app in WORKERS processes of THREADS threads each) answered
# 17 of the 18 requests of bench/bench_api.py faster than gunicorn's gthread workers (by up
# to 2.4x under 8 clients), the last (a large tile, one client) as fast.
THREADS = 4


def server_args(bind: str, workers: int, access_log: bool = True,
                app: str = "geoapp:served_app") -> list[str]:
    """The command line, after the Python executable, that serves the app (also what the
    benchmarks run, and how they serve another ``app``: a factory of a WSGI app)."""
    host, _, port = bind.rpartition(":")
    args = ["-m", "granian", "--interface", "wsgi", "--factory", "--host", host.strip("[]"),
            "--port", port, "--workers", str(workers), "--blocking-threads", str(THREADS),
            "--respawn-failed-workers", "--no-ws"]
    args += ["--access-log"] if access_log else ["--log-level", "warning"]
    return [*args, app]


@click.command()
@click.option("--host", default=None, help="Address to bind (default GEOAPP_HOST).")
@click.option("--port", type=int, default=None, help="Port (default GEOAPP_PORT or 5000).")
@click.option("--workers", type=int, default=None, help="Worker processes.")
def serve(host: str | None, port: int | None, workers: int | None) -> None:
    """Serve the app with granian."""
    found = settings()
    try:  # refused here, not once per worker that fails to boot
        replica_urls(found["DATABASE_READ_URLS"], found["DATABASE_URL"])
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    bind = f"{host or found['HOST']}:{port or found['PORT']}"
    args = [sys.executable, *server_args(bind, workers or found["WORKERS"])]
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
