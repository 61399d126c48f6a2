"""Building the sample files of data/ from the public sources in data/sources/."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from tqdm import tqdm

from geoapp import dates
from geoapp.sample import (
    activities,
    articles,
    communities,
    cooperation,
    districts,
    frontline,
    gazetteer,
    katottg,
    koatuu,
    neighbours,
    output,
    placement,
    plich,
    programmes,
    regions,
    schools,
    twinning,
)
from geoapp.sample.report import report

PLACE_COLUMNS = ["id", "kind", "type", "name", "status", "website", "address",
                 "location_precision", "region_hint", "country", "programmes", "note", "lon",
                 "lat"]
PARTNERSHIP_COLUMNS = ["id", "place_a", "place_b", "programme", "status", "start_date",
                       "end_date", "areas", "source", "title"]
# The raw public files the builder reads, committed with their licences (data/SOURCES.md).
SOURCES = Path(__file__).resolve().parents[2] / "data" / "sources"
STEPS = ["regions", "gazetteer", "registers", "sister cities", "placement", "communities",
         "partnerships", "files"]


def build_sample(source: Path | None, out: Path, progress: bool = True) -> dict:
    """Build the sample files in `out` from the public data in `source` (default
    data/sources); return a report dict (counts, match rates)."""
    source, out = Path(source or SOURCES), Path(out)
    out.mkdir(parents=True, exist_ok=True)
    steps = tqdm(total=len(STEPS), desc="sample data", unit="step", disable=not progress)
    steps.set_postfix_str(STEPS[0])
    built = _build(source, steps, progress)
    _write(built, out)
    steps.update()
    steps.close()
    result = report(built, out)
    print_report(result)
    return result


def _build(source: Path, steps: tqdm, progress: bool) -> dict:
    codifier = katottg.read_codifier(source / "ua-katottg" / "katotth.csv.gz")
    kse = pd.read_csv(source / "ua-settlements-geonames" / "kse_geography.csv", dtype=str)
    region_frame, coded = regions.build_regions(source, codifier, kse)
    ctx = {"source": source, "codifier": codifier, "kse": kse, "regions": region_frame,
           "hromada_coding": coded, "region_map": placement.RegionMap(region_frame),
           "locator": katottg.Locator(codifier)}
    _step(steps, "gazetteer")
    ctx |= _settlement_points(ctx, progress)
    _step(steps, "registers")
    register = _registers(source, codifier, ctx["locator"], kse, progress)
    _step(steps, "sister cities")
    ctx |= _sister_cities(ctx)
    _step(steps, "placement")
    ctx |= _places(ctx, register, steps)
    _step(steps, "files")
    return ctx


def _settlement_points(ctx: dict, progress: bool) -> dict:
    names = gazetteer.Gazetteer(gazetteer.read_geonames(
        ctx["source"] / "ua-settlements-geonames" / "UA.txt.gz"))
    shapes = dict(zip(ctx["regions"]["code"], ctx["regions"].geometry, strict=True))
    towns = katottg.settlements(ctx["codifier"])
    points = gazetteer.settlement_points(towns, names, shapes, progress)
    return {"gazetteer": names, "points": points,
            "district_points": _district_points(ctx, points)}


def _district_points(ctx: dict, points: pd.DataFrame) -> pd.DataFrame:
    features = districts.read_features(ctx["source"] / "ua-settlements-geonames" / "UA.txt.gz")
    wanted = districts.city_districts(ctx["codifier"], ctx["locator"], ctx["region_map"])
    return districts.district_points(wanted, features, ctx["region_map"], points)


def _sister_cities(ctx: dict) -> dict:
    pairs = twinning.read_pairs(ctx["source"] / "twin-cities")
    cities = twinning.endpoints(pairs)
    ids, dropped = twinning.place_ids(cities, ctx["region_map"], ctx["gazetteer"])
    sisters, lost = twinning.sister_partnerships(pairs, ids)
    return {"city_places": twinning.city_places(cities, ids), "sisters": sisters,
            "twin_pairs": len(pairs), "twin_dropped": dropped, "twin_lost": lost}


def _places(ctx: dict, register: pd.DataFrame, steps: tqdm) -> dict:
    region_map, centres = ctx["region_map"], communities.centres(ctx["kse"], ctx["points"])
    from_articles = articles.article_places(ctx["city_places"], region_map, ctx["locator"])
    ukrainian = from_articles["settlement"].notna()
    placed = placement.place(pd.concat([register, from_articles[ukrainian]], ignore_index=True),
                             ctx["points"], region_map, centres)
    placed = districts.at_districts(placed.assign(district=placed["district"].fillna("")),
                                    ctx["district_points"], region_map)
    _step(steps, "communities")
    community = communities.community_places(ctx["regions"], region_map, ctx["kse"], centres)
    _step(steps, "partnerships")
    places = pd.concat([placed[placed["location_precision"] != ""], community,
                        ctx["city_places"], from_articles[~ukrainian]], ignore_index=True)
    entered = articles.article_partnerships()
    pairs, pairs_left_out = plich.plich_partnerships(ctx["source"], set(places["id"]), entered)
    partnerships = pd.concat([
        cooperation.imc_partnerships(ctx["source"] / "ua-hromada-cooperation"),
        ctx["sisters"], entered, pairs], ignore_index=True)
    places = with_programmes(places, partnerships)
    places = places.assign(country=neighbours.place_countries(places))
    check(places, partnerships)
    events = activities.article_activities()
    check_activities(events, places, partnerships)
    return {"placed": placed, "places": places, "partnerships": partnerships,
            "activities": events, "programmes": programmes.programme_frame(),
            "plich_left_out": pairs_left_out, "statuses": frontline.status_frame(ctx["source"])}


def _step(steps: tqdm, name: str) -> None:
    steps.update()
    steps.set_postfix_str(name)


def _registers(source: Path, codifier: pd.DataFrame, locator: katottg.Locator,
               kse: pd.DataFrame, progress: bool) -> pd.DataFrame:
    crosswalk = koatuu.read_crosswalk(source / "ua-settlements-geonames" /
                                      "katotth_koatuu.csv.gz")
    centres = dict(zip(kse["hromada_code"], kse["hromada_center_code"], strict=True))
    index = koatuu.Koatuu(crosswalk, locator, centres)
    folder = source / "ua-edebo-schools"
    return pd.concat([schools.general_schools(folder, index, progress),
                      schools.vocational_institutions(folder, locator)], ignore_index=True)


def with_programmes(places: pd.DataFrame, partnerships: pd.DataFrame) -> pd.DataFrame:
    """Return places whose programmes also list those of their partnerships."""
    joined: dict[str, set[str]] = {}
    for end in ("place_a", "place_b"):
        for place, programme in zip(partnerships[end], partnerships["programme"], strict=True):
            joined.setdefault(place, set()).add(programme)
    own = places["programmes"].fillna("").str.split(";")
    merged = [";".join(sorted((set(o) | joined.get(i, set())) - {""}))
              for i, o in zip(places["id"], own, strict=True)]
    return places.assign(programmes=merged)


def check(places: pd.DataFrame, partnerships: pd.DataFrame) -> None:
    """Raise if ids repeat or a partnership names a place that is not there."""
    for frame, name in ((places, "place"), (partnerships, "partnership")):
        repeated = frame["id"][frame["id"].duplicated()]
        if len(repeated):
            raise ValueError(f"repeated {name} ids: {sorted(repeated)[:10]}")
    known = set(places["id"])
    missing = sorted({p for end in ("place_a", "place_b") for p in partnerships[end]} - known)
    if missing:
        raise ValueError(f"partnerships name places that are not in places: {missing[:10]}")


def check_activities(events: pd.DataFrame, places: pd.DataFrame,
                     partnerships: pd.DataFrame) -> None:
    """Raise if an activity repeats an id, names a missing place or partnership, or a bad date."""
    repeated = events["id"][events["id"].duplicated()]
    if len(repeated):
        raise ValueError(f"repeated activity ids: {sorted(repeated)}")
    named = {p for cell in events["places"] for p in cell.split(";") if p}
    missing = sorted(named - set(places["id"])) + sorted(
        set(events["partnership"]) - set(partnerships["id"]) - {""})
    if missing:
        raise ValueError(f"activities name places or partnerships that are not there: {missing}")
    for value in events["date"]:
        if value:
            dates.when(value)


def _write(built: dict, out: Path) -> None:
    output.write_regions(built["regions"], out / "regions.gpkg")
    output.write_csv(built["programmes"], out / "programmes.csv", programmes.COLUMNS, "code")
    output.write_csv_gz(built["places"], out / "places.csv.gz", PLACE_COLUMNS, "id")
    output.write_csv(built["partnerships"], out / "partnerships.csv", PARTNERSHIP_COLUMNS,
                     "id")
    output.write_csv(built["activities"], out / "activities.csv", activities.COLUMNS, "id")
    output.write_csv_gz(built["statuses"], out / "region_statuses.csv.gz", frontline.COLUMNS,
                        "region_code")


def print_report(result: dict) -> None:
    """Print the counts and match rates of a build."""
    for section, values in result.items():
        print(f"{section}:")
        for key, value in (values.items() if isinstance(values, dict) else [("", values)]):
            print(f"  {key}: {value}" if key else f"  {value}")
