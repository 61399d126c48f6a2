"""``geoapp candidates PLACE_ID``: the shortlist of partner candidates for a place."""

from __future__ import annotations

import json

import click

from geoapp.candidates import (
    COUNTRIES,
    MAX_LIMIT,
    MAX_RADIUS_KM,
    OCCUPIED,
    RANKINGS,
    SCOPES,
    ZONES,
    Shortlist,
    candidates_near,
)
from geoapp.cli.context import bad_option, open_store
from geoapp.errors import ParameterError
from geoapp.ranking import MAX_WEIGHT, Weights
from geoapp.shortlist import shortlist_csv, shortlist_json, shortlist_rows
from geoapp.store.models import LANGUAGES, PLACE_KINDS

TABLE_COLUMNS = (("rank", 4), ("distance_km", 11), ("bearing_deg", 7), ("kind", 14),
                 ("oblast", 24), ("partner_count", 8), ("score", 9), ("id", 22), ("name", 0))


def weight_options(command):
    """One option per weight of the best-match score."""
    for name, default in reversed(Weights().as_params().items()):
        command = click.option(f"--{name.replace('_', '-')}", name,
                               type=click.FloatRange(0, MAX_WEIGHT), default=default,
                               show_default=True,
                               help=f"Weight of {name[2:]} in the best-match score.")(command)
    return command


@click.command("candidates")
@click.argument("place_id")
@click.option("--radius-km", type=click.FloatRange(0, MAX_RADIUS_KM, min_open=True),
              default=50.0, show_default=True, help="How far to look, in km.")
@click.option("--limit", type=click.IntRange(1, MAX_LIMIT), default=10, show_default=True,
              help="How many candidates per page.")
@click.option("--page", type=click.IntRange(1), default=1, show_default=True,
              help="Which page of candidates.")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(PLACE_KINDS),
              help="Kind of candidate (repeatable). Default: the place's own kind.")
@click.option("--scope", type=click.Choice(SCOPES), default="any", show_default=True,
              help="Candidates in the place's own oblast, outside it, or anywhere.")
@click.option("--region", help="Only candidates inside this region (code).")
@click.option("--programme", help="Only candidates in this programme (code).")
@click.option("--occupied", type=click.Choice(OCCUPIED), default="exclude", show_default=True,
              help="Leave out candidates in temporarily occupied territory, or not.")
@click.option("--country", type=click.Choice(COUNTRIES), default="own", show_default=True,
              help="Only candidates in the place's own country, or in any.")
@click.option("--zone", type=click.Choice(ZONES), default="any", show_default=True,
              help="Only front-line candidates (listed for hostilities), only rear ones, or any.")
@click.option("--rank", type=click.Choice(RANKINGS), default="nearest", show_default=True,
              help="Nearest first, or best match first (a score; see the --w-* weights).")
@weight_options
@click.option("--lang", type=click.Choice(LANGUAGES), default="uk", show_default=True,
              help="Language of region names.")
@click.option("--format", "fmt", type=click.Choice(("table", "csv", "json")), default="table",
              show_default=True, help="How to print the shortlist.")
@click.pass_context
def candidates(ctx: click.Context, place_id: str, kinds: tuple[str, ...], lang: str,
               fmt: str, **search) -> None:
    """Rank the places near PLACE_ID that could become its partners, nearest first."""
    store = open_store(ctx)
    try:
        with store.engine.connect() as conn:
            shortlist = candidates_near(conn, place_id, lang, kind=kinds or None, **search)
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
    place, search = shortlist.place, shortlist.search
    lines = [f"{place.name} ({place.id}, {place.kind}): {shortlist.total} candidates of kind "
             f"{', '.join(search.kinds)} within {search.radius_km:g} km; page {search.page} "
             f"of {shortlist.pages}, {search.rank} first",
             "  ".join(name.ljust(width) for name, width in TABLE_COLUMNS).rstrip()]
    for row in shortlist_rows(shortlist):
        row["distance_km"] = f"{row['distance_km']:.3f}"
        lines.append("  ".join(str(row[name]).ljust(width)
                               for name, width in TABLE_COLUMNS).rstrip())
    if shortlist.edition:
        lines.append(f"Hostilities and occupation: the list of {shortlist.edition:%d.%m.%Y}")
    return "\n".join(lines)
