"""An index for "name contains" search: trigrams on both stores.

PostGIS: a GIN trigram index (pg_trgm) that LIKE '%...%' uses. SpatiaLite: an FTS5 table
with the trigram tokenizer over places.name_folded, kept in step by triggers.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

SQLITE_UP = [
    "CREATE VIRTUAL TABLE places_fts USING fts5(name_folded, content='places', "
    "content_rowid='rowid', tokenize='trigram')",
    "CREATE TRIGGER places_fts_insert AFTER INSERT ON places BEGIN "
    "INSERT INTO places_fts(rowid, name_folded) VALUES (new.rowid, new.name_folded); END",
    "CREATE TRIGGER places_fts_delete AFTER DELETE ON places BEGIN "
    "INSERT INTO places_fts(places_fts, rowid, name_folded) "
    "VALUES ('delete', old.rowid, old.name_folded); END",
    "CREATE TRIGGER places_fts_update AFTER UPDATE OF name_folded ON places BEGIN "
    "INSERT INTO places_fts(places_fts, rowid, name_folded) "
    "VALUES ('delete', old.rowid, old.name_folded); "
    "INSERT INTO places_fts(rowid, name_folded) VALUES (new.rowid, new.name_folded); END",
    "INSERT INTO places_fts(places_fts) VALUES ('rebuild')",
]


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute("CREATE INDEX IF NOT EXISTS idx_places_name_trgm ON places "
                   "USING gin (name_folded gin_trgm_ops)")
        return
    for statement in SQLITE_UP:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS idx_places_name_trgm")
        return
    for name in ("insert", "delete", "update"):
        op.execute(f"DROP TRIGGER IF EXISTS places_fts_{name}")
    op.execute("DROP TABLE IF EXISTS places_fts")
