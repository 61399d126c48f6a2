"""Users with roles by region, API tokens, the history of changes, and a version and a
review state on places and partnerships.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

VERSIONED = ("places", "partnerships")


def upgrade() -> None:
    for table in VERSIONED:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("version", sa.Integer, nullable=False,
                                       server_default="1"))
            batch.add_column(sa.Column("review_state", sa.String(16), nullable=False,
                                       server_default="published"))
            batch.create_index(f"ix_{table}_review_state", ["review_state"])
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("email", sa.String(254), nullable=False, unique=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "user_regions",
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("region_code", sa.String(40), sa.ForeignKey("regions.code"),
                  primary_key=True),
    )
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("label", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("revoked_at", sa.DateTime),
    )
    op.create_table(
        "history",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("record_kind", sa.String(32), nullable=False),
        sa.Column("record_id", sa.String(120), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), index=True),
        sa.Column("at", sa.DateTime, nullable=False, index=True),
        sa.Column("before", sa.Text),
        sa.Column("after", sa.Text),
        sa.Column("note", sa.Text),
    )
    op.create_index("ix_history_record", "history", ["record_kind", "record_id"])


def downgrade() -> None:
    for table in ("history", "api_tokens", "user_regions", "users"):
        op.drop_table(table)
    for table in VERSIONED:
        # Plain DROP COLUMN (SQLite 3.35+): a batch rebuild would drop and recreate places,
        # which the partnerships' foreign keys forbid.
        op.drop_index(f"ix_{table}_review_state", table_name=table)
        op.drop_column(table, "review_state")
        op.drop_column(table, "version")
