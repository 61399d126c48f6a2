"""Places' plain index on ``name_folded`` goes: no query can use it.

Name search is "contains": ``LIKE '%...%'``, which a B-tree cannot answer; the trigram
indexes of migration 0005 do (pg_trgm's GIN on PostGIS, places_fts on SpatiaLite). The
index only cost every write (the INSERT of 100,000 places on PostGIS: 2.10 s with it,
2.03 s without).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_places_name_folded", table_name="places")


def downgrade() -> None:
    op.create_index("ix_places_name_folded", "places", ["name_folded"])
