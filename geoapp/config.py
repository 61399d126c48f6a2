"""Settings: declared once, with help text, read from ``GEOAPP_*`` environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask

REPO = Path(__file__).resolve().parent.parent


def on_off(raw: str) -> str:
    """A switch: ``on`` or ``off`` (also 1/0, true/false, yes/no)."""
    value = str(raw).strip().lower()
    if value in ("on", "1", "true", "yes"):
        return "on"
    if value in ("off", "0", "false", "no"):
        return "off"
    raise ValueError(f"{raw!r} is neither on nor off")


def megabytes(raw: str) -> int:
    """A size in megabytes: a whole number, 0 or more."""
    value = int(raw)
    if value < 0:
        raise ValueError(f"{raw!r} is below 0")
    return value


@dataclass(frozen=True)
class Setting:
    """One setting: its name (without the ``GEOAPP_`` prefix), default, type and help."""

    name: str
    default: Any
    help: str
    type: type = str


SETTINGS: tuple[Setting, ...] = (
    Setting("DATABASE_URL", None,
            "SQLAlchemy URL of the store. Default: SpatiaLite file instance/geoapp.sqlite. "
            "PostGIS: postgresql+psycopg://user:password@host/db"),
    Setting("DATABASE_READ_URLS", "",
            "Comma-separated URLs of PostgreSQL streaming replicas of the store: readers' "
            "GET requests read from them in turn (from the primary when none answers); "
            "writes, and every request of someone signed in or holding an API token, use "
            "GEOAPP_DATABASE_URL."),
    Setting("PORT", 5000, "Port that `make run` and `geoapp serve` listen on.", int),
    Setting("HOST", "127.0.0.1", "Address that `geoapp serve` binds to."),
    Setting("LAYERS_DIR", str(REPO / "layers"), "Folder of layer definitions (*.yaml)."),
    Setting("DATA_DIR", str(REPO / "data"), "Folder of the sample data loaded on first run."),
    Setting("TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
            "Basemap tile URL template; the only third-party URL in a page."),
    Setting("TILE_ATTRIBUTION",
            '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> '
            "contributors", "Attribution shown for the basemap tiles (HTML)."),
    Setting("EMBED_ORIGINS", "", "Space-separated origins allowed to frame /embed."),
    Setting("API_LIMIT_DEFAULT", 100, "Default page size of API item lists.", int),
    Setting("API_LIMIT_MAX", 10000, "Largest page size the API accepts.", int),
    Setting("WORKERS", 2, "Worker processes of `geoapp serve`.", int),
    Setting("TILE_MEMORY_MB", 64,
            "Megabytes of large vector tiles (32 KB or more) each worker keeps, under the "
            "data's revision, for the next reader who asks; 0: none kept.", megabytes),
    Setting("PUBLIC_URL", "",
            "The app's public address (https://atlas.example.org), used for the absolute "
            "links of the API and the embed snippet. Unset: the request's own address, and "
            "responses vary by Host."),
    Setting("LOAD_MAX_BYTES", 1 << 30,
            "Largest file `geoapp load` reads, in bytes once uncompressed (a .gz is counted "
            "as it is decompressed); a bigger file is refused and nothing is loaded.", int),
    Setting("LOAD_MAX_ROWS", 5_000_000,
            "Most rows (or features) `geoapp load` reads from one file; a longer file is "
            "refused and nothing is loaded.", int),
    Setting("SECRET_KEY", None,
            "Key that signs session cookies and form tokens; the same for every worker. "
            "Unset: signing in is off (`make run` sets a random one per run)."),
    Setting("REVIEW", "on",
            "on: what editors propose waits for a reviewer; off: editors publish directly.",
            on_off),
    Setting("LOGIN_LIMIT", "5 per 15 minutes",
            "Failed sign-ins allowed from one address before it must wait."),
    Setting("LIMITER_STORAGE", "memory://",
            "Where failed sign-ins are counted: memory:// (one process), or a shared "
            "store such as redis://host:6379 for several workers."),
    Setting("COOKIE_SECURE", "on",
            "on: the session cookie is sent over HTTPS only (and http://127.0.0.1).", on_off),
)


def from_environment(environ: dict[str, str] | None = None) -> dict[str, Any]:
    """Return the settings given by ``GEOAPP_*`` variables, converted to their types."""
    environ = os.environ if environ is None else environ
    found = {}
    for setting in SETTINGS:
        raw = environ.get(f"GEOAPP_{setting.name}")
        if raw is None:
            continue
        try:
            found[setting.name] = setting.type(raw)
        except ValueError as exc:
            raise ValueError(
                f"GEOAPP_{setting.name}={raw!r}: expected {setting.type.__name__}"
            ) from exc
    return found


def default_database_url(instance_path: str | Path) -> str:
    """Return the URL of the embedded default store in the instance folder."""
    return f"sqlite:///{Path(instance_path) / 'geoapp.sqlite'}"


def settings(environ: dict[str, str] | None = None) -> dict[str, Any]:
    """Every setting: its default, or the value the environment gives."""
    return {s.name: s.default for s in SETTINGS} | from_environment(environ)


def init_app(app: Flask, test_config: dict[str, Any] | None = None) -> None:
    """Load defaults, then the environment, then ``test_config`` into ``app.config``."""
    app.config.from_mapping(settings())
    if test_config:
        app.config.update(test_config)
    if not app.config["DATABASE_URL"]:
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        app.config["DATABASE_URL"] = default_database_url(app.instance_path)
