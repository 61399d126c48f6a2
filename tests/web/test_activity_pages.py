"""Time on the map, the partnership card and its timeline, a region's practices, and the
catalogue of teacher development centres, read as HTML and JSON on both stores."""

from __future__ import annotations

import re

import pytest

from geoapp import layerdata as data
from geoapp.ingest import LoadOptions, load_file
from tests.ingest.test_load import write_csv
from tests.support.world import XSS_NAME
from tests.web.test_pages import config_of

UKRAINE = "22,44,41,53"
HEADINGS = re.compile(r"<h3>(.*?)</h3>")


def feature_ids(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(True)
    return [f["id"] for f in response.get_json()["features"]]


def test_the_time_filter_is_kept_in_the_form_the_config_and_the_slider(client) -> None:
    html = client.get("/?lang=en&from=2022&to=2022").get_data(True)
    assert config_of(html)["filters"] == {"from": "2022", "to": "2022"}
    assert 'name="from" value="2022"' in html and 'name="to" value="2022"' in html
    # The slider runs over the years of the dated records: 2019 to 2025 in the world.
    assert 'data-first="2019" data-last="2025"' in html
    assert 'type="range" id="f-year" min="2019" max="2025"' in html


@pytest.mark.parametrize(("query", "parameter"), [
    ("from=2026&to=2025", "to"), ("from=last+year", "from"), ("area=sailing", "area")])
def test_a_bad_time_is_named(client, query, parameter) -> None:
    page = client.get(f"/?lang=en&{query}")
    assert page.status_code == 400 and f"{parameter}: " in page.get_data(True)
    answer = client.get(f"/data/activities.geojson?bbox={UKRAINE}&{query}")
    assert answer.status_code == 400 and answer.get_json()["parameter"] == parameter


@pytest.mark.parametrize(("query", "expected"), [
    ("", ["imc:kremenchuk-pishchane", "plich:kremenchuk-chasiv-yar"]),
    ("from=2024&to=2024", ["imc:kremenchuk-pishchane"]),
    ("from=2025&to=2025", ["imc:kremenchuk-pishchane", "plich:kremenchuk-chasiv-yar"]),
    ("to=2019-05", ["imc:kremenchuk-pishchane"]),
    ("to=2019-04", []),
])
def test_partnership_lines_follow_the_time(client, query, expected) -> None:
    assert feature_ids(client, f"/data/partnerships.geojson?bbox={UKRAINE}&{query}") == expected


def test_activities_are_drawn_at_their_places_with_their_date(client) -> None:
    body = client.get(f"/data/activities.geojson?bbox={UKRAINE}&from=2025&to=2025"
                      "&lang=en").get_json()
    (feature,) = body["features"]
    assert feature["geometry"] == {"type": "MultiPoint",
                                   "coordinates": [[37.84, 48.59], [33.42, 49.07]]}
    props = feature["properties"]
    assert props["title"] == "Kremenchuk – Chasiv Yar memorandum"  # the translation
    assert (props["when"], props["date_precision"]) == ("March 2025", "month")
    assert [p["id"] for p in props["places"]] == ["katottg:UA140201", "katottg:UA530201"]
    assert props["partnership_id"] == "plich:kremenchuk-chasiv-yar"
    uk = client.get(f"/data/activities.geojson?bbox={UKRAINE}&from=2025&lang=uk").get_json()
    assert uk["features"][0]["properties"]["title"] == "Меморандум Кременчук – Часів Яр"


def test_counts_per_region_follow_the_time(client, monkeypatch) -> None:
    monkeypatch.setattr(data, "POINTS_MAX", 1)

    def counts(query: str) -> dict:
        body = client.get(f"/data/activities.geojson?bbox={UKRAINE}&zoom=6&{query}").get_json()
        assert body["aggregated"] is True and body["level"] == "oblast"
        return {f["id"]: f["properties"]["count"] for f in body["features"]}

    assert counts("") == {"UA53": 3, "UA14": 2}
    assert counts("from=2021&to=2021") == {"UA53": 1, "UA14": 1}
    # Bălți lies in no region of the world: every oblast is drawn, with no activity.
    assert counts("from=2022&to=2022") == {"UA53": 0, "UA14": 0}


def test_the_partnership_card_has_its_timeline(client) -> None:
    html = client.get("/partnerships/plich:kremenchuk-chasiv-yar?lang=en").get_data(True)
    assert 'href="/places/katottg:UA530201?lang=en">Кременчуцька громада</a>' in html
    assert "Side by side" in html and "<dd>2025-03-01</dd>" in html
    assert HEADINGS.findall(html) == ["Kremenchuk – Chasiv Yar memorandum"]
    assert '<p class="original" lang="uk">Меморандум Кременчук – Часів Яр</p>' in html
    assert '<time datetime="2025-03-01">March 2025 (known to the month)</time>' in html
    empty = client.get("/partnerships/imc:kremenchuk-pishchane?lang=en").get_data(True)
    assert "No activities of this partnership are recorded yet." in empty
    assert client.get("/partnerships/nope:1").status_code == 404


def test_the_place_card_links_its_partnerships(client) -> None:
    html = client.get("/places/katottg:UA530201?lang=en").get_data(True)
    assert 'href="/partnerships/plich:kremenchuk-chasiv-yar?lang=en"' in html
    assert "Side by side" in html


def test_a_regions_practices_by_area_and_year(client) -> None:
    every = client.get("/practices?region=UA14&lang=en").get_data(True)
    assert HEADINGS.findall(every) == ["Kremenchuk – Chasiv Yar memorandum",
                                       "&lt;img src=x onerror=alert(1)&gt;"]  # newest first
    assert XSS_NAME not in every
    assert "<h1>Successful practices and activities: Donetsk</h1>" in every
    assert "Activities and practices listed: 2" in every
    assert config_of(every)["filters"] == {"region": "UA14"}
    in_2021 = client.get("/practices?region=UA14&year=2021&lang=en").get_data(True)
    assert len(HEADINGS.findall(in_2021)) == 1 and "October 7, 2021" in in_2021
    assert config_of(in_2021)["filters"] == {"region": "UA14", "from": "2021", "to": "2021"}
    social = client.get("/practices?region=UA14&area=social&lang=en").get_data(True)
    assert HEADINGS.findall(social) == ["Kremenchuk – Chasiv Yar memorandum"]
    none = client.get("/practices?region=UA14&year=2019&lang=en").get_data(True)
    assert "No practices or activities are recorded here for these choices." in none


def test_the_practices_of_every_region_list_the_undated_last(client) -> None:
    html = client.get("/practices?lang=en").get_data(True)
    titles = HEADINGS.findall(html)
    assert len(titles) == 6 and titles[-1] == "Зустріч без дати"
    assert "the source gives no date" in html
    assert "Запропонована зустріч" not in html  # proposed, not published


@pytest.mark.parametrize(("lang", "heading"), [
    ("uk", "Успішні практики та заходи"), ("en", "Successful practices and activities"),
    ("ru", "Успешные практики и мероприятия"), ("kk", "Табысты тәжірибелер мен іс-шаралар"),
    ("ro", "Practici de succes și activități"),
])
def test_the_practices_page_speaks_five_languages(client, lang, heading) -> None:
    html = client.get(f"/practices?region=UA53&lang={lang}").get_data(True)
    assert f'<html lang="{lang}">' in html and f"<h1>{heading}: " in html


@pytest.mark.parametrize("query", ["region=XX", "year=19", "area=sailing"])
def test_bad_practices_choices_are_a_400(client, query) -> None:
    assert client.get(f"/practices?{query}").status_code == 400


CENTRES = [
    {"id": "tc:kremenchuk", "kind": "teacher_centre", "name": "ЦПРПП Кременчуцької міської ради",
     "website": "https://cprpp.example.org", "lon": "33.43", "lat": "49.08"},
    {"id": "tc:pishchane", "kind": "teacher_centre", "name": "Центр професійного розвитку "
     "педагогічних працівників Піщанської громади", "website": "", "lon": "33.76",
     "lat": "49.10"},
    {"id": "tc:xss", "kind": "teacher_centre", "name": XSS_NAME,
     "website": "javascript:alert(1)", "lon": "33.44", "lat": "49.09"},
]


@pytest.fixture
def centres(store, tmp_path):
    """A small list of teacher development centres, loaded as a region would load it."""
    load_file(store, "places", write_csv(tmp_path / "centres.csv", CENTRES),
              LoadOptions(progress=False))


def test_the_catalogue_lists_centres_by_oblast_and_hromada(client, centres) -> None:
    html = client.get("/teacher-centres?lang=en").get_data(True)
    assert "Centres listed: 3" in html
    assert re.findall(r"<h[23]>(.*?)</h[23]>", html) == [
        "Poltava", "Kremenchuk", "Pishchane"]
    assert '<a class="site" href="https://cprpp.example.org" rel="nofollow noopener">' in html
    assert "no website loaded" in html
    assert XSS_NAME not in html and 'href="javascript' not in html


def test_the_catalogue_says_plainly_when_a_region_has_none(client, centres) -> None:
    html = client.get("/teacher-centres?region=UA14&lang=en").get_data(True)
    assert "No teacher development centres are loaded for Donetsk." in html
    assert "geoapp load places FILE --kind teacher_centre" in html


def test_the_catalogue_with_nothing_loaded(client) -> None:
    html = client.get("/teacher-centres?lang=uk").get_data(True)
    assert 'id="none-loaded"' in html
    assert client.get("/teacher-centres?region=XX").status_code == 400


def test_teacher_centres_are_a_layer(client, centres) -> None:
    assert set(feature_ids(client, f"/data/teacher_centres.geojson?bbox={UKRAINE}")) == {
        "tc:kremenchuk", "tc:pishchane", "tc:xss"}
    assert "tc:kremenchuk" not in feature_ids(client, f"/data/communities.geojson?bbox={UKRAINE}")
