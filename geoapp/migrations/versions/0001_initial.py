"""The initial schema: regions, programmes, places, partnerships.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op
from geoalchemy2 import Geometry

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

NAMES = ("name_uk", "name_en", "name_ru", "name_kk", "name_ro")


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS postgis")
    op.create_table(
        "regions",
        sa.Column("code", sa.String(40), primary_key=True),
        sa.Column("level", sa.String(16), nullable=False, index=True),
        sa.Column("parent_code", sa.String(40), sa.ForeignKey("regions.code"), index=True),
        *(sa.Column(n, sa.Text) for n in NAMES),
        sa.Column("geom", Geometry("MULTIPOLYGON", srid=4326, spatial_index=True)),
    )
    op.create_table(
        "programmes",
        sa.Column("code", sa.String(60), primary_key=True),
        *(sa.Column(n, sa.Text) for n in NAMES),
        sa.Column("url", sa.Text),
    )
    op.create_table(
        "places",
        sa.Column("id", sa.String(80), primary_key=True),
        sa.Column("kind", sa.String(32), nullable=False, index=True),
        sa.Column("type", sa.String(64)),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("name_folded", sa.Text, nullable=False, index=True),
        sa.Column("status", sa.String(16), nullable=False, index=True),
        sa.Column("website", sa.Text),
        sa.Column("address", sa.Text),
        sa.Column("location_precision", sa.String(24), nullable=False),
        sa.Column("region_code", sa.String(40), sa.ForeignKey("regions.code"), index=True),
        sa.Column("note", sa.Text),
        sa.Column("geom", Geometry("POINT", srid=4326, spatial_index=True)),
    )
    op.create_table(
        "place_programmes",
        sa.Column("place_id", sa.String(80), sa.ForeignKey("places.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("programme_code", sa.String(60), sa.ForeignKey("programmes.code"),
                  primary_key=True, index=True),
    )
    op.create_table(
        "partnerships",
        sa.Column("id", sa.String(120), primary_key=True),
        sa.Column("place_a_id", sa.String(80), sa.ForeignKey("places.id"), nullable=False,
                  index=True),
        sa.Column("place_b_id", sa.String(80), sa.ForeignKey("places.id"), nullable=False,
                  index=True),
        sa.Column("programme_code", sa.String(60), sa.ForeignKey("programmes.code"), index=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("start_date", sa.Date),
        sa.Column("end_date", sa.Date),
        sa.Column("areas", sa.Text),
        sa.Column("source", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("geom", Geometry("LINESTRING", srid=4326, spatial_index=True)),
    )


def downgrade() -> None:
    for table in ("partnerships", "place_programmes", "places", "programmes", "regions"):
        op.drop_table(table)
