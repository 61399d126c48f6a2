"""Places' GiST index on ``geom::geography`` (migration 0002) goes: no query uses it.

It served a nearest-first KNN search (``geography <-> geography``) that candidate search
stopped making when it began to count every candidate within the radius: the places in
the box of the radius's circle are found through the geometry GiST index
(``idx_places_geom``) and measured exactly on the ellipsoid in Python, at any latitude.
A geography GiST has no sorted build, so building it again after a large load cost more
than any other index: 0.5 s of the 1.3 s spent on places' indexes after 100,000 new
places (the geometry GiST: 0.19 s).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS idx_places_geog")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE INDEX IF NOT EXISTS idx_places_geog ON places "
                   "USING gist ((geom::geography))")
