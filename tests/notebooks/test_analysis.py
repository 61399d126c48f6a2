"""The analysis functions behind the notebooks, on the fixture world of both stores."""

from __future__ import annotations

import html

import numpy as np
import pytest

from geoapp import geodesy
from geoapp.analysis import coverage, frontline, maps, network, open_store, store_url
from geoapp.analysis.regions import ancestors_at, region_shapes, region_table
from geoapp.ingest import LoadOptions, load_file
from tests.support.world import XSS_NAME


def test_nearest_is_the_exact_geodesic_nearest():
    rng = np.random.default_rng(7)
    # Ukraine to Kazakhstan: wide enough that a flat projection would rank some wrongly.
    lons, lats = rng.uniform(22, 87, 400), rng.uniform(40, 55, 400)
    to_lons, to_lats = rng.uniform(22, 87, 60), rng.uniform(40, 55, 60)
    index, metres = coverage.nearest((lons, lats), (to_lons, to_lats))
    for i in range(len(lons)):
        every, _ = geodesy.distances_and_bearings(lons[i], lats[i], to_lons, to_lats)
        assert index[i] == int(np.argmin(every))
        assert metres[i] == pytest.approx(every.min(), abs=1e-6)


def test_nearest_with_no_centres_is_unknown():
    index, metres = coverage.nearest(([33.0], [49.0]), ([], []))
    assert index.tolist() == [-1] and np.isnan(metres).all()


def test_school_distances(store):
    with store.engine.connect() as conn:
        found = coverage.school_distances(conn).set_index("id")
    # The closed school is left out; the suspended one on the front line is kept.
    assert sorted(found.index) == ["edebo:1001", "edebo:1002", "edebo:1004", "edebo:9999"]
    assert set(found["centre_id"]) == {"edebo:2001"}
    assert found.loc["edebo:1001", "distance_km"] == pytest.approx(
        geodesy.distance_m(33.41, 49.06, 33.43, 49.07) / 1000)
    assert found.loc["edebo:1004", "oblast_code"] == "UA14"
    assert found.loc["edebo:1004", "distance_km"] > 250


def test_shares_beyond_per_oblast(store):
    with store.engine.connect() as conn:
        shares = coverage.shares_beyond(coverage.school_distances(conn))
    assert shares.loc["UA53", "schools"] == 3
    assert shares.loc["UA53", ["beyond_10km", "beyond_25km", "beyond_50km"]].tolist() == [0, 0, 0]
    assert shares.loc["UA14", ["beyond_10km", "beyond_25km", "beyond_50km"]].tolist() == [1, 1, 1]
    assert shares.index[0] == "UA14"


def test_farthest_school_first(store):
    with store.engine.connect() as conn:
        far = coverage.farthest(coverage.school_distances(conn), n=2)
    assert far["id"].tolist()[0] == "edebo:1004" and len(far) == 2


def test_regions_up_to_a_level(store):
    with store.engine.connect() as conn:
        table = region_table(conn)
        oblasts = region_shapes(conn, "oblast", table, parent="UA")
    assert ancestors_at(table, ["UA530201", "UA53", "UA", None], "oblast") == [
        "UA53", "UA53", None, None]
    assert sorted(oblasts["code"]) == ["UA14", "UA53"]
    assert set(oblasts["name_en"]) == {"Donetsk", "Poltava"}


def test_partnership_graph(store):
    with store.engine.connect() as conn:
        graph = network.partnership_graph(conn)
        links = network.partnerships_frame(conn)
    assert network.summary(graph) == {"places": 3, "links": 2, "components": 1,
                                      "largest_component": 3, "mean_degree": 4 / 3,
                                      "density": pytest.approx(2 / 3)}
    assert graph.nodes["katottg:UA140201"]["oblast_code"] == "UA14"
    degrees = network.degree_table(graph)
    assert degrees.iloc[0][["id", "partners"]].tolist() == ["katottg:UA530201", 2]
    assert network.components_table(graph).iloc[0]["oblasts"] == 2
    assert network.by_programme(links)["total"].to_dict() == {"imc": 1, "plich-o-plich": 1}
    regions = network.by_region(graph)
    assert regions.loc["Poltava"].tolist() == [2, 1, 1]
    assert regions.loc["Donetsk"].tolist() == [1, 0, 1]
    assert network.started_by_year(links).to_dict() == {2019: 1, 2025: 1}


def test_links_map_escapes_names_and_uses_local_assets(store, tmp_path):
    with store.engine.connect() as conn:
        graph = network.partnership_graph(conn)
    graph.nodes["katottg:UA530202"]["name"] = XSS_NAME
    saved = maps.save_offline(maps.links_map(graph), tmp_path / "maps" / "links.html")
    page = saved.read_text()
    assert XSS_NAME not in page and html.escape(XSS_NAME) in page
    assert page.count("L.polyline(") == 2 and page.count("L.circleMarker(") == 3
    assert "://" not in page.split("<body>")[0].replace("http://www.w3.org", "")
    assert (saved.parent / page.split('src="')[1].split('"')[0]).resolve().exists()


def test_a_name_cannot_leave_the_tooltips_template_literal(store):
    with store.engine.connect() as conn:
        graph = network.partnership_graph(conn)
    graph.nodes["katottg:UA530202"]["name"] = "`+alert(1)+` ${alert(2)} \\` end"
    page = maps.links_map(graph).get_root().render()
    script = page[page.index("bindTooltip"):]
    assert "alert(1)" in script and "`+alert" not in script and "${alert" not in script
    assert "&#96;+alert(1)+&#96; &#36;{alert(2)} &#92;&#96; end" in script


def test_long_links_are_arcs():
    assert len(maps.link_line((33.4, 49.1), (33.5, 49.1))) == 2
    arc = maps.link_line((24.0, 48.6), (39.3, 48.6))
    assert len(arc) == maps.ARC_POINTS + 2
    # The geodesic between two points on one parallel bulges towards the pole.
    assert max(lat for lat, _ in arc) > 48.6 + 0.2


def test_frontline_communities_and_their_candidates(store):
    with store.engine.connect() as conn:
        communities = frontline.communities_in(conn, ["UA1402"])
        table = frontline.twinning_table(conn, communities["id"], per_place=3, radius_km=500,
                                         kind="community", scope="other-region")
    assert communities["id"].tolist() == ["katottg:UA140201"]
    # Kremenchuk is already its partner; Pishchane, in another oblast, is the candidate.
    assert table[["for_id", "rank", "id"]].values.tolist() == [
        ["katottg:UA140201", 1, "katottg:UA530202"]]
    assert table.loc[0, "distance_km"] > 250


def test_candidates_to_avoid_are_left_out(store):
    with store.engine.connect() as conn:
        table = frontline.shortlist_frame(conn, "katottg:UA530201", per_place=5,
                                          avoid={"edebo:1001"}, kind="school", radius_km=50)
    assert "edebo:1001" not in set(table["id"]) and len(table) >= 2
    assert table["rank"].tolist() == list(range(1, len(table) + 1))


def test_front_line_is_the_official_list(store, tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("region_code,status,start_date,end_date,edition_date\n"
                    "UA1402,active_hostilities,2022-02-24,,2025-04-30\n"
                    "UA530202,temporarily_occupied,2022-03-01,,2025-04-30\n", encoding="utf-8")
    load_file(store, "region-statuses", path, LoadOptions(progress=False))
    with store.engine.connect() as conn:
        front = frontline.frontline_communities(conn)
        occupied = frontline.listed_communities(conn, ("temporarily_occupied",))
        rear = frontline.shortlist_frame(conn, "katottg:UA140201", per_place=5, radius_km=500,
                                         kind="community", zone="rear")
    assert front[["id", "status_listed", "oblast"]].values.tolist() == [
        ["katottg:UA140201", "active_hostilities", "Донецька"]]
    assert occupied["id"].tolist() == ["katottg:UA530202"]
    # Kremenchuk is its partner already and Pishchane is occupied: no rear candidate left.
    assert rear.empty


def test_the_store_is_the_apps(monkeypatch, tmp_path):
    monkeypatch.delenv("GEOAPP_DATABASE_URL", raising=False)
    assert store_url().endswith("instance/geoapp.sqlite")
    assert store_url({"GEOAPP_DATABASE_URL": "sqlite:////x.sqlite"}) == "sqlite:////x.sqlite"
    with pytest.raises(FileNotFoundError, match="make store"):
        open_store(f"sqlite:///{tmp_path / 'none.sqlite'}")


def test_partnerships_and_activities_by_year(store):
    from geoapp.analysis import timeline

    with store.engine.connect() as conn:
        periods = timeline.partnership_periods(conn)
        events = timeline.activities_frame(conn)
    assert "world:proposed" not in set(events["id"])  # only published activities
    table = timeline.by_year(periods, events)
    assert list(table.index) == list(range(2019, 2026))
    assert table.loc[2019].to_dict() == {"started": 1, "active": 1, "activities": 0}
    assert table.loc[2021].to_dict() == {"started": 0, "active": 1, "activities": 2}
    assert table.loc[2022, "activities"] == 2
    assert table.loc[2025].to_dict() == {"started": 1, "active": 2, "activities": 1}
    assert timeline.undated(periods, events) == {"partnerships": 0, "activities": 1}
    assert timeline.by_year(periods, events, last_year=2027).loc[2027, "active"] == 2
