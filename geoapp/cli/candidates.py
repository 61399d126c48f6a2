"""``geoapp candidates PLACE_ID``: the shortlist of partner candidates for a place."""

from __future__ import annotations

import json

import click

from geoapp.candidates import (
    MAX_LIMIT,
    MAX_RADIUS_KM,
    SCOPES,
    Shortlist,
    candidates_near,
    shortlist_csv,
    shortlist_json,
    shortlist_rows,
)
from geoapp.cli.context import bad_option, open_store
from geoapp.errors import ParameterError
from geoapp.store.models import PLACE_KINDS

TABLE_COLUMNS = (("rank", 4), ("distance_km", 11), ("bearing_deg", 7), ("kind", 14),
                 ("region_code", 12), ("partner_count", 8), ("id", 22), ("name", 0))


@click.command("candidates")
@click.argument("place_id")
@click.option("--radius-km", type=click.FloatRange(0, MAX_RADIUS_KM, min_open=True),
              default=50.0, show_default=True, help="How far to look, in km.")
@click.option("--limit", type=click.IntRange(1, MAX_LIMIT), default=10, show_default=True,
              help="How many candidates.")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(PLACE_KINDS),
              help="Kind of candidate (repeatable). Default: the place's own kind.")
@click.option("--scope", type=click.Choice(SCOPES), default="any", show_default=True,
              help="Candidates in the place's own oblast, outside it, or anywhere.")
@click.option("--region", help="Only candidates inside this region (code).")
@click.option("--programme", help="Only candidates in this programme (code).")
@click.option("--format", "fmt", type=click.Choice(("table", "csv", "json")), default="table",
              show_default=True, help="How to print the shortlist.")
@click.pass_context
def candidates(ctx: click.Context, place_id: str, radius_km: float, limit: int,
               kinds: tuple[str, ...], scope: str, region: str | None,
               programme: str | None, fmt: str) -> None:
    """Rank the places near PLACE_ID that could become its partners, nearest first."""
    store = open_store(ctx)
    try:
        with store.engine.connect() as conn:
            shortlist = candidates_near(conn, place_id, radius_km, limit, kinds or None, scope,
                                        region, programme)
    except ParameterError as exc:
        raise bad_option(exc, {"place": "PLACE_ID"}) from exc
    if fmt == "json":
        click.echo(json.dumps(shortlist_json(shortlist), ensure_ascii=False, indent=2))
    elif fmt == "csv":
        click.echo(shortlist_csv(shortlist), nl=False)
    else:
        click.echo(table(shortlist))


def table(shortlist: Shortlist) -> str:
    """The shortlist as a fixed-width text table under a line naming the place."""
    place = shortlist.place
    lines = [f"{place.name} ({place.id}, {place.kind}): {len(shortlist.candidates)} "
             f"candidates of kind {', '.join(shortlist.kinds)} within {shortlist.radius_km:g} km",
             "  ".join(name.ljust(width) for name, width in TABLE_COLUMNS).rstrip()]
    for row in shortlist_rows(shortlist):
        row["distance_km"] = f"{row['distance_km']:.3f}"
        row["bearing_deg"] = f"{row['bearing_deg']:.0f}"
        lines.append("  ".join(("" if row[name] is None else str(row[name])).ljust(width)
                               for name, width in TABLE_COLUMNS).rstrip())
    return "\n".join(lines)
