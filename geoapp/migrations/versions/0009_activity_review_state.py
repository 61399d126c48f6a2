"""Activities stand in review as places and partnerships do: their ``status`` becomes
``review_state``, with the same words (``proposed`` becomes ``pending``).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def _rename(old: str, new: str, words: dict[str, str]) -> None:
    # A plain RENAME COLUMN on both stores (SQLite 3.25+): a batch rebuild would lose
    # SpatiaLite's registration of the geometry column.
    op.drop_index(f"ix_activities_{old}", table_name="activities")
    op.alter_column("activities", old, new_column_name=new)
    column = sa.table("activities", sa.column(new)).c[new]
    for before, after in words.items():
        op.execute(sa.update(column.table).where(column == before).values({new: after}))
    op.create_index(f"ix_activities_{new}", "activities", [new])


def upgrade() -> None:
    _rename("status", "review_state", {"proposed": "pending"})


def downgrade() -> None:
    _rename("review_state", "status", {"pending": "proposed", "rejected": "withdrawn"})
