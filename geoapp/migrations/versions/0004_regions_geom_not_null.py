"""A region always has its polygon: regions.geom is NOT NULL.

Older versions stored a region whose polygon SpatiaLite could not parse (WKT of about a
million vertices) or that repair left empty as NULL, and reported it loaded. On PostGIS the
column becomes NOT NULL; SQLite cannot change a column in place, and rebuilding a table
that SpatiaLite indexes would lose its spatial index, so there two triggers refuse a NULL.

A store that already holds such a region is not upgraded: the regions are named, to be
loaded again (``geoapp load regions FILE``); nothing is deleted.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

MESSAGE = "regions.geom may not be NULL: a region needs its polygon"
TRIGGERS = {
    "regions_geom_not_null_insert": "BEFORE INSERT ON regions",
    "regions_geom_not_null_update": "BEFORE UPDATE OF geom ON regions",
}


class RegionsWithoutPolygon(RuntimeError):
    """The store holds regions with no polygon; they must be loaded again first."""


def refuse_null_regions() -> None:
    """Stop the upgrade, naming the regions stored without a polygon."""
    rows = op.get_bind().execute(sa.text(
        "SELECT code FROM regions WHERE geom IS NULL ORDER BY code")).scalars().all()
    if rows:
        shown = ", ".join(rows[:20]) + (f" and {len(rows) - 20} more" if len(rows) > 20 else "")
        raise RegionsWithoutPolygon(
            f"{len(rows)} region(s) have no polygon (an older version stored them empty): "
            f"{shown}. Load them again with `geoapp load regions FILE`, then upgrade.")


def upgrade() -> None:
    refuse_null_regions()
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE regions ALTER COLUMN geom SET NOT NULL")
        return
    for name, when in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {when} FOR EACH ROW WHEN NEW.geom IS NULL "
                   f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE regions ALTER COLUMN geom DROP NOT NULL")
        return
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
