"""The rules of a shortlist near the front line, on both stores, against a brute force:
no occupied territory and no other country unless asked, front line or rear, the radius
honoured with an exact total, pages, ties at one point by name, and the best match."""

from __future__ import annotations

import datetime as dt

import pytest

from geoapp.candidates import candidates_near
from geoapp.errors import ParameterError
from tests.candidates import brute
from tests.candidates import frontworld as fw


@pytest.fixture
def front(store, tmp_path):
    written = fw.load_front(store, tmp_path / "front")
    world = brute.World(fw.all_regions(), fw.all_places(written["places"]),
                        fw.all_partnerships(written["partnerships"]), fw.STATUSES)
    return store, world


def shortlist(store, place_id, **search):
    with store.engine.connect() as conn:
        return candidates_near(conn, place_id, "uk", **search)


SCENARIOS = [
    ("fw:003", {"radius_km": 300}),
    ("fw:003", {"radius_km": 300, "occupied": "include"}),
    ("fw:003", {"radius_km": 300, "country": "any", "occupied": "include"}),
    ("fw:003", {"radius_km": 400, "zone": "front-line"}),
    ("fw:003", {"radius_km": 400, "zone": "rear", "country": "any"}),
    ("fw:004", {"radius_km": 500, "kind": "kindergarten,community"}),
    ("fw:005", {"radius_km": 250, "zone": "front-line", "occupied": "include"}),
    ("fw:001", {"radius_km": 500, "scope": "other-region", "programme": "plich-o-plich"}),
    ("katottg:UA140201", {"radius_km": 500, "scope": "other-region"}),
    ("edebo:1004", {"radius_km": 500, "zone": "rear"}),
    ("fw:003", {"radius_km": 300, "rank": "best"}),
    ("fw:004", {"radius_km": 500, "rank": "best", "w_distance": 0.5, "w_type": 4,
                "w_partners": 0, "kind": "school,community"}),
    ("fw:000", {"radius_km": 400, "rank": "best", "w_programmes": 5, "occupied": "include"}),
    ("edebo:1001", {"radius_km": 500, "rank": "best", "w_cooperation": 7,
                    "kind": "school,community"}),
]


@pytest.mark.parametrize(("place_id", "search"), SCENARIOS)
def test_every_page_and_the_total_equal_a_brute_force(front, place_id, search):
    store, world = front
    options = {k: v for k, v in search.items() if not k.startswith("w_") and k != "kind"}
    weights = {k[2:]: v for k, v in search.items() if k.startswith("w_")}
    kinds = tuple(search["kind"].split(",")) if "kind" in search else None
    expected = brute.ranked(world, place_id, kinds=kinds, weights=weights, **options)
    assert len(expected) > 15, "a scenario must fill more than one page"
    everything = shortlist(store, place_id, export=True, **search)
    assert everything.total == len(expected) == len(everything.candidates)
    pages = brute.pages(len(expected), 7)
    for number in sorted({1, 2, pages}):
        found = shortlist(store, place_id, limit=7, page=number, **search)
        assert found.pages == pages
        assert found.candidates == everything.candidates[(number - 1) * 7:number * 7]
    found = everything.candidates
    assert [c.id for c in found] == [i for i, _, _ in expected]
    assert [c.distance_km for c in found] == pytest.approx([d for _, d, _ in expected],
                                                           abs=1e-9)
    if search.get("rank") == "best":
        assert [c.score for c in found] == [s for _, _, s in expected]


def test_no_occupied_territory_and_no_other_country_by_default(front):
    store, world = front
    found = shortlist(store, "fw:003", radius_km=500, export=True).candidates
    everything = shortlist(store, "fw:003", radius_km=500, export=True, occupied="include",
                           country="any", kind="school,kindergarten,community").candidates
    assert {c.where.status for c in found} <= {None, "active_hostilities",
                                               "possible_hostilities"}
    assert {c.where.country_code for c in found} == {"UA"}
    assert {c.where.country_code for c in everything} == {"UA", "RU"}
    occupied = [c for c in everything if c.where.status == "temporarily_occupied"]
    # Lysychansk hromada is occupied through its centre, Sievierodonetsk's by its own entry.
    assert {c.where.hromada for c in occupied} == {"Лисичанська міська громада",
                                                   "Сєвєродонецька міська громада"}


def test_front_line_and_rear(front):
    store, _ = front
    front_line = shortlist(store, "fw:003", radius_km=500, export=True, zone="front-line")
    rear = shortlist(store, "fw:003", radius_km=500, export=True, zone="rear")
    assert front_line.total and rear.total
    assert {c.where.status for c in front_line.candidates} == {"active_hostilities",
                                                               "possible_hostilities"}
    assert {c.where.status for c in rear.candidates} == {None}
    # Kreminna has no entry of its own: its raion's possible hostilities make it front-line.
    kreminna = [c for c in front_line.candidates if c.where.hromada == "Кремінська громада"]
    assert kreminna and {c.where.status_since for c in kreminna} == {dt.date(2023, 1, 1)}


def test_candidates_are_named_at_every_level(front):
    store, _ = front
    found = shortlist(store, "fw:003", radius_km=500, export=True, zone="front-line")
    pryvillia = next(c for c in found.candidates if c.where.hromada == "Привільська громада")
    assert (pryvillia.where.raion, pryvillia.where.oblast, pryvillia.where.country) == (
        "Сєвєродонецький район", "Луганська область", "Україна")
    assert pryvillia.where.status == "active_hostilities"
    assert found.edition == dt.date(2025, 4, 30)


def test_ties_at_one_point_go_by_name_in_alphabetical_order(front):
    store, _ = front
    found = shortlist(store, "fw:000", radius_km=500, limit=100, occupied="include",
                      country="any").candidates
    at_zero = [c.name for c in found if c.distance_km == 0]
    assert len(at_zero) >= 3
    assert at_zero == sorted(at_zero, key=brute.name_key)
    # "Ї" comes after "І" and before "Я", as in the Ukrainian alphabet.
    letters = [n[0] for n in at_zero]
    assert letters == sorted(letters, key=brute.ALPHABET.find) or "Z" in letters


def test_reasons_are_given_for_every_candidate(front):
    store, _ = front
    found = shortlist(store, "edebo:1001", radius_km=500, limit=100, kind="school,community")
    pishchane = next(c for c in found.candidates if c.id == "katottg:UA530202")
    # Kremenchuk and Pishchane hromadas have an active inter-municipal agreement.
    assert pishchane.cooperating and pishchane.partner_count == 2
    assert all(c.score is None for c in found.candidates)
    best = shortlist(store, "edebo:1001", radius_km=500, limit=100, rank="best",
                     w_cooperation=10)
    assert best.candidates[0].where.hromada in {"Піщанська", "Кременчуцька"}


def test_a_page_past_the_end_is_empty_with_the_total(front):
    store, _ = front
    found = shortlist(store, "fw:003", radius_km=300, limit=50, page=40)
    assert found.candidates == [] and found.total > 0


@pytest.mark.parametrize(("search", "parameter"), [
    ({"occupied": "maybe"}, "occupied"),
    ({"country": "mine"}, "country"),
    ({"zone": "front"}, "zone"),
    ({"rank": "random"}, "rank"),
    ({"w_distance": 11}, "w_distance"),
    ({"w_type": -1}, "w_type"),
    ({"page": 0}, "page"),
    ({"limit": 101}, "limit"),
])
def test_bad_rules_name_the_parameter(front, search, parameter):
    store, _ = front
    with pytest.raises(ParameterError) as caught:
        shortlist(store, "fw:003", **search)
    assert caught.value.parameter == parameter
