"""The command line: ``geoapp init-db``, ``load``, ``info``, ``serve``, ``candidates``...

Each module of this package holds a few commands; :mod:`geoapp.cli.context` gives them
the settings, the store and the app, built the way the server builds them.
"""

from __future__ import annotations

import click

from geoapp.cli import candidates, export, serve, store, users


@click.group()
def main() -> None:
    """geoapp: the atlas of schools, STEM centres and partnerships."""


for command in (store.init_db, store.load, store.info, serve.serve, serve.check_layers,
                serve.build_sample, candidates.candidates, export.export_map, users.users):
    main.add_command(command)
