"""A region always has its polygon: regions.geom is never NULL, except for a country
known only by name (Romania, Belarus: no boundary file was found), which draws nothing
and holds places by their rows' country, not by a polygon.

Older versions stored a region whose polygon SpatiaLite could not parse (WKT of about a
million vertices) or that repair left empty as NULL, and reported it loaded. On PostGIS a CHECK
constraint says so; SQLite cannot change a column in place, and rebuilding a table
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
RULE = "geom IS NOT NULL OR level = 'country'"
TRIGGERS = {
    "regions_geom_not_null_insert": "BEFORE INSERT ON regions",
    "regions_geom_not_null_update": "BEFORE UPDATE OF geom ON regions",
}


class RegionsWithoutPolygon(RuntimeError):
    """The store holds regions with no polygon; they must be loaded again first."""


def refuse_null_regions() -> None:
    """Stop the upgrade, naming the regions stored without a polygon."""
    rows = op.get_bind().execute(sa.text(
        f"SELECT code FROM regions WHERE NOT ({RULE}) ORDER BY code")).scalars().all()
    if rows:
        shown = ", ".join(rows[:20]) + (f" and {len(rows) - 20} more" if len(rows) > 20 else "")
        raise RegionsWithoutPolygon(
            f"{len(rows)} region(s) have no polygon (an older version stored them empty): "
            f"{shown}. Load them again with `geoapp load regions FILE`, then upgrade.")


def upgrade() -> None:
    refuse_null_regions()
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"ALTER TABLE regions ADD CONSTRAINT regions_geom_given CHECK ({RULE})")
        return
    for name, when in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {when} FOR EACH ROW WHEN NEW.geom IS NULL AND "
                   f"NEW.level <> 'country' BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE regions DROP CONSTRAINT IF EXISTS regions_geom_given")
        return
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
