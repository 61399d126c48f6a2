"""Creating and upgrading the schema through Alembic migrations."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from geoapp.store import Store

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def upgrade(store: Store) -> str:
    """Bring the store's schema to the newest revision; return that revision."""
    config = _alembic_config()
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    return schema_version(store)


def schema_version(store: Store) -> str | None:
    """Return the store's current schema revision, or None when it has no schema."""
    with store.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_version() -> str:
    """Return the newest revision the code knows."""
    return ScriptDirectory.from_config(_alembic_config()).get_current_head()
