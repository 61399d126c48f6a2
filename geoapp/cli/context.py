"""What every command shares: the settings, the store, and the app built from them."""

from __future__ import annotations

from typing import Any

import click
from flask import Flask

from geoapp import config, create_app
from geoapp.errors import ParameterError
from geoapp.store import Store, get_store


def settings() -> dict[str, Any]:
    """The settings, as the server would read them from the environment."""
    found = config.settings()
    found["DATABASE_URL"] = found["DATABASE_URL"] or config.default_database_url(
        config.REPO / "instance")
    return found


def open_store(ctx: click.Context) -> Store:
    """The store named by GEOAPP_DATABASE_URL (or the embedded default), closed at exit."""
    if ctx.obj is None:
        ctx.obj = Store(settings()["DATABASE_URL"])
        ctx.call_on_close(ctx.obj.dispose)
    return ctx.obj


def open_app(ctx: click.Context) -> Flask:
    """The app on the same settings as the server, its store closed at exit."""
    app = create_app({"DATABASE_URL": settings()["DATABASE_URL"]})
    ctx.call_on_close(get_store(app).dispose)
    return app


def bad_option(error: ParameterError, options: dict[str, str] | None = None) -> click.BadParameter:
    """A refused parameter as click's error, naming the option (``--radius-km``)."""
    hint = (options or {}).get(error.parameter, f"--{error.parameter.replace('_', '-')}")
    return click.BadParameter(error.message, param_hint=hint)
