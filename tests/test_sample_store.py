"""The real sample data in data/ loads on both stores and answers the same there."""

import pytest

from geoapp.candidates import DEFAULT_LIMIT, candidates_near
from geoapp.store import Store, queries
from geoapp.store.queries import PlaceFilter

KREMENCHUK = "katottg:UA53020110000092487"
POLTAVA_OBLAST = "UA53000000000028050"


@pytest.fixture(scope="module", params=["spatialite", "postgis"])
def sample(request, sample_urls):
    store = Store(sample_urls(request.param))
    yield store
    store.dispose()


def test_the_sample_is_the_size_make_run_promises(sample):
    with sample.engine.connect() as conn:
        found = queries.counts(conn)
    assert sum(found["places"].values()) > 17_000
    assert found["places"]["school"] > 17_000
    assert 60 <= found["places"]["stem_centre"] <= 100
    assert sum(found["regions"].values()) > 1_600
    assert sum(found["partnerships"].values()) > 300
    assert found["partnerships"]["plich-o-plich"] >= 1


def test_the_articles_partnership_is_there(sample):
    with sample.engine.connect() as conn:
        kremenchuk = queries.get_place(conn, KREMENCHUK)
        partners = queries.find_places(conn, PlaceFilter(programme="plich-o-plich"), limit=500)
    assert kremenchuk["name"].startswith("Кременчуцька")
    assert KREMENCHUK in {p["id"] for p in partners}


def summary(store) -> tuple:
    """Answers that must not depend on the store."""
    with store.engine.connect() as conn:
        in_oblast = queries.count_places(conn, PlaceFilter(region=POLTAVA_OBLAST))
        near = [c.id for c in candidates_near(conn, KREMENCHUK, radius_km=100).candidates]
        boxed = queries.count_places(conn, PlaceFilter(bbox=(30.3, 50.3, 30.7, 50.6)))
        searched = queries.count_places(conn, PlaceFilter(q="ліцей", kinds=("school",)))
    return in_oblast, near, boxed, searched


def test_both_stores_give_the_same_answers(sample_urls):
    answers = []
    for kind in ("spatialite", "postgis"):
        store = Store(sample_urls(kind))
        answers.append(summary(store))
        store.dispose()
    assert answers[0] == answers[1]
    in_oblast, near, boxed, searched = answers[0]
    assert in_oblast > 500 and boxed > 300 and searched > 3_000
    assert len(near) == DEFAULT_LIMIT  # one page of the many within 100 km


DONETSK_OBLAST = "UA14000000000091971"
BALTI_CLUJ = ["article:balti-cluj-platform-launch", "article:balti-cluj-signing",
              "article:balti-cluj-visit"]


@pytest.fixture(scope="module")
def sample_client(sample):
    from geoapp import create_app
    from geoapp.store import get_store

    app = create_app({"TESTING": True, "DATABASE_URL": sample.url})
    yield app.test_client()
    get_store(app).dispose()


def test_january_2022_holds_the_balti_cluj_events_and_nothing_of_2025(sample_client):
    body = sample_client.get("/api/collections/activities/items"
                             "?datetime=2022-01-01/2022-01-31").get_json()
    assert [f["id"] for f in body["features"]] == BALTI_CLUJ
    assert all(f["properties"]["start_date"].startswith("2022-01") for f in body["features"])
    later = sample_client.get("/api/collections/activities/items?datetime=2025-01-01/..")
    assert [f["id"] for f in later.get_json()["features"]] == [
        "article:kremenchuk-74-chasiv-yar-42-plan", "article:kremenchuk-chasiv-yar-memorandum"]


def test_the_practices_of_donetsk_oblast_list_the_institutes_2021_trainings(sample_client):
    html = sample_client.get(f"/practices?region={DONETSK_OBLAST}&year=2021&lang=uk"
                             ).get_data(True)
    for title in ("Система освітнього менеджменту в територіальній громаді",
                  "Цифровізація управлінських процесів в освітній сфері",
                  "Система та механізми забезпечення академічної доброчесності"):
        assert f"<h3>{title}</h3>" in html
    assert html.count('<li class="activity"') == 8
    assert "2 листопада 2021" in html


def test_the_sample_loads_every_activity_and_one_teacher_centre(sample):
    with sample.engine.connect() as conn:
        found = queries.counts(conn)
    assert sum(found["activities"].values()) == 21 and found["activities"]["training"] == 6
    assert found["places"]["teacher_centre"] == 1
