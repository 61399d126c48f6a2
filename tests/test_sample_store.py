"""The real sample data in data/ loads on both stores and answers the same there."""

import pytest

from geoapp.candidates import candidates_near
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
    assert len(near) == 20  # a page
