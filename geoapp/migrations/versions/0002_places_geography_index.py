"""A GiST index on places' geography, for nearest-first (KNN) candidate search on PostGIS.

SpatiaLite searches through its SpatialIndex (made with the table), so this is a no-op there.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE INDEX IF NOT EXISTS idx_places_geog ON places "
                   "USING gist ((geom::geography))")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS idx_places_geog")
