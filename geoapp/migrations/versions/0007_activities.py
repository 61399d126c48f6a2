"""Activities: dated events and practices of places and partnerships, and their places.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op
from geoalchemy2 import Geometry

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

TITLES = ("title_uk", "title_en", "title_ru", "title_kk", "title_ro")


def upgrade() -> None:
    op.create_table(
        "activities",
        sa.Column("id", sa.String(120), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False, index=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("language", sa.String(8)),
        *(sa.Column(name, sa.Text) for name in TITLES),
        sa.Column("start_date", sa.Date, index=True),
        sa.Column("end_date", sa.Date, index=True),
        sa.Column("date_precision", sa.String(8)),
        sa.Column("place_ids", sa.Text),
        sa.Column("partnership_id", sa.String(120), sa.ForeignKey("partnerships.id"),
                  index=True),
        sa.Column("programme_code", sa.String(60), sa.ForeignKey("programmes.code"),
                  index=True),
        sa.Column("areas", sa.Text),
        sa.Column("description", sa.Text),
        sa.Column("source", sa.Text),
        sa.Column("status", sa.String(16), nullable=False, server_default="published",
                  index=True),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
        sa.Column("geom", Geometry("MULTIPOINT", srid=4326, spatial_index=True)),
    )
    op.create_table(
        "activity_places",
        sa.Column("activity_id", sa.String(120),
                  sa.ForeignKey("activities.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("place_id", sa.String(80), sa.ForeignKey("places.id"), primary_key=True,
                  index=True),
    )


def downgrade() -> None:
    op.drop_table("activity_places")
    op.drop_table("activities")
