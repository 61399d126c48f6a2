"""Candidates on both stores: the rules of a shortlist, exact ranking, and the spatial index."""

import random

import pytest
from sqlalchemy import text

from geoapp import geodesy
from geoapp.candidates import (
    Search,
    candidate_query,
    candidates_near,
    chosen_place,
    region_rule,
)
from geoapp.errors import ParameterError
from geoapp.ingest import LoadOptions, load_file
from geoapp.store.statuses import region_facts
from tests.support.world import PLACES, write_csv


def shortlist_ids(store, place_id, **search) -> list[str]:
    with store.engine.connect() as conn:
        return [c.id for c in candidates_near(conn, place_id, **search).candidates]


def test_defaults_same_kind_within_50_km_not_closed_not_itself(store):
    # edebo:1003 is closed, edebo:1004 (Chasiv Yar) is 330 km away.
    assert shortlist_ids(store, "edebo:1001") == ["edebo:1002", "edebo:9999"]


def test_candidates_carry_distance_bearing_and_what_they_share(store):
    with store.engine.connect() as conn:
        shortlist = candidates_near(conn, "katottg:UA530202", radius_km=500)
    assert shortlist.place.id == "katottg:UA530202"
    assert shortlist.search.kinds == ("community",) and shortlist.total == 1
    [far] = shortlist.candidates
    assert far.id == "katottg:UA140201"
    expected = geodesy.distance_m(33.75, 49.08, 37.84, 48.59) / 1000
    assert far.distance_km == pytest.approx(expected, abs=1e-6)
    assert 90 < far.bearing_deg < 110  # east, a little south
    assert far.partner_count == 1
    assert far.shared_programmes == ()
    assert (far.lon, far.lat) == pytest.approx((37.84, 48.59))
    assert (far.where.hromada, far.where.raion, far.where.oblast, far.where.country) == (
        "Часовоярська", "Бахмутський", "Донецька", "Україна")
    assert not far.cooperating and not far.same_type and far.score is None


def test_places_already_partnered_are_left_out(store):
    # Kremenchuk is partnered with both other communities.
    assert shortlist_ids(store, "katottg:UA530201", radius_km=500) == []
    assert shortlist_ids(store, "katottg:UA530202", radius_km=500) == ["katottg:UA140201"]


@pytest.mark.parametrize(("search", "expected"), [
    ({"scope": "same-region", "radius_km": 500}, ["edebo:1002", "edebo:9999"]),
    ({"scope": "other-region", "radius_km": 500}, ["edebo:1004"]),
    ({"region": "UA14", "radius_km": 500}, ["edebo:1004"]),
    ({"kind": "stem_centre,vocational"}, ["edebo:3001", "edebo:2001"]),
    ({"kind": ["community"], "programme": "plich-o-plich", "radius_km": 500},
     ["katottg:UA530201", "katottg:UA140201"]),
    ({"limit": 1}, ["edebo:1002"]),
    ({"radius_km": 3}, []),
    ({"radius_km": 3.2}, ["edebo:1002"]),
])
def test_filters_narrow_the_shortlist(store, search, expected):
    assert shortlist_ids(store, "edebo:1001", **search) == expected


@pytest.mark.parametrize(("place", "search", "parameter"), [
    ("edebo:0000", {}, "place"),
    ("edebo:1001", {"radius_km": 0}, "radius_km"),
    ("edebo:1001", {"radius_km": 500.5}, "radius_km"),
    ("edebo:1001", {"radius_km": "far"}, "radius_km"),
    ("edebo:1001", {"limit": 0}, "limit"),
    ("edebo:1001", {"limit": 101}, "limit"),
    ("edebo:1001", {"page": "two"}, "page"),
    ("edebo:1001", {"limit": "2.5"}, "limit"),
    ("edebo:1001", {"kind": "castle"}, "kind"),
    ("edebo:1001", {"scope": "nearby"}, "scope"),
    ("edebo:1001", {"region": "UA99"}, "region"),
    ("edebo:1001", {"programme": "nope"}, "programme"),
    ("city:balti", {"scope": "other-region"}, "scope"),
])
def test_bad_requests_name_the_parameter(store, place, search, parameter):
    with store.engine.connect() as conn, pytest.raises(ParameterError) as caught:
        candidates_near(conn, place, **search)
    assert caught.value.parameter == parameter
    assert str(caught.value).startswith(f"{parameter}: ")


def add_random_places(store, tmp_path, n=600, seed=5) -> list[tuple]:
    """Scatter places around Kremenchuk (dense) and over Ukraine (sparse)."""
    rng = random.Random(seed)
    kinds = ("school", "kindergarten", "community")
    rows = []
    for i in range(n):
        if i % 3:
            lon, lat = rng.uniform(32.4, 34.4), rng.uniform(48.4, 49.7)
        else:
            lon, lat = rng.uniform(22.5, 40.0), rng.uniform(44.5, 52.3)
        status = "closed" if i % 17 == 0 else "operating"
        programme = "plich-o-plich" if i % 5 == 0 else ""
        rows.append((f"rnd:{i}", kinds[i % 3], f"Random {i}", status, programme,
                     round(lon, 6), round(lat, 6)))
    write_csv(tmp_path / "random.csv", ["id", "kind", "name", "status", "programmes", "lon",
                                        "lat"], rows)
    load_file(store, "places", tmp_path / "random.csv", LoadOptions(progress=False))
    return rows


def brute_force(rows, place_id, radius_km, limit, kinds) -> list[tuple[str, float]]:
    """From the source rows, not the store: every open place of those kinds, by Geod."""
    here = next(r for r in rows if r[0] == place_id)
    measured = sorted((geodesy.distance_m(here[5], here[6], r[5], r[6]), r[0]) for r in rows
                      if r[0] != place_id and r[1] in kinds and r[3] != "closed")
    return [(i, m / 1000) for m, i in measured if m <= radius_km * 1000][:limit]


@pytest.mark.parametrize(("place_id", "radius_km", "limit", "kinds"), [
    ("rnd:1", 50, 10, ("kindergarten",)),
    ("rnd:2", 500, 100, ("community",)),
    ("rnd:3", 120, 37, ("school", "kindergarten")),
    ("rnd:4", 20, 100, ("kindergarten",)),
    ("rnd:6", 500, 5, ("school",)),
    ("edebo:2001", 300, 60, ("school",)),
])
def test_ranking_matches_a_brute_force_geodesic_scan(store, tmp_path, place_id, radius_km,
                                                      limit, kinds):
    rows = [*PLACES, *add_random_places(store, tmp_path)]
    expected = brute_force(rows, place_id, radius_km, limit, kinds)
    with store.engine.connect() as conn:
        found = candidates_near(conn, place_id, radius_km=radius_km, limit=min(limit, 100),
                                kind=kinds).candidates
    assert len(expected) > 0
    assert [c.id for c in found] == [i for i, _ in expected]
    assert [c.distance_km for c in found] == pytest.approx([d for _, d in expected], abs=1e-9)


def test_shared_programmes_are_listed(store, tmp_path):
    add_random_places(store, tmp_path)
    with store.engine.connect() as conn:
        shortlist = candidates_near(conn, "rnd:5", radius_km=500, limit=100)
    assert shortlist.place.programmes == ("plich-o-plich",)
    members = {"katottg:UA530201", "katottg:UA140201"} | {f"rnd:{i}" for i in range(0, 600, 5)}
    shared = {c.id for c in shortlist.candidates if c.shared_programmes == ("plich-o-plich",)}
    others = {c.id for c in shortlist.candidates if c.shared_programmes == ()}
    assert shared and others
    assert shared <= members and not others & members


def test_the_search_goes_through_the_spatial_index(store):
    with store.engine.connect() as conn:
        facts = region_facts(conn)
        here = chosen_place(conn, "edebo:1001", facts.tree, facts.statuses)
        search = Search(kinds=("school",))
        query = candidate_query(here, search, region_rule(here, search, None, facts))
        if store.kind == "postgis":
            conn.execute(text("SET enable_seqscan = off"))
            compiled = query.compile(conn, compile_kwargs={"literal_binds": True})
            plan = " ".join(r[0] for r in conn.execute(text(f"EXPLAIN {compiled}")))
            assert "idx_places_geom" in plan
        else:
            assert "FROM SpatialIndex" in str(query.compile(conn))
        # In the box of the 50 km circle; the closed one (1003) and 1001 itself are not.
        assert {r.id for r in conn.execute(query)} == {"edebo:1002", "edebo:9999"}
