"""No input gives a 5xx: arbitrary strings, numbers and keys thrown at every route, on both
stores (Hypothesis). Errors must be the app's own 400/404 answers."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.faults
KNOWN_KEYS = ("bbox", "zoom", "limit", "offset", "kind", "status", "region", "programme", "q",
              "level", "f", "lang", "place", "radius_km", "scope", "layers", "center", "width",
              "height", "bbox-crs", "_method", "_scheme", "_anchor", "_external", "place_id",
              "map_lang", "title", "filters", "legend")
NASTY = st.sampled_from(["", "\x00", "inf", "-inf", "nan", "1e309", "１０", "²", "9" * 30,
                         "${alert(1)}", "`+alert(1)+`", "</script>", "' OR 1=1 --", "../..",
                         "UA14", "edebo:1001", "katottg:UA530201", "0,0,1,1", "-1", "300"])
VALUES = st.one_of(NASTY, st.text(max_size=40), st.integers().map(str),
                   st.floats(allow_nan=True, allow_infinity=True).map(str))
QUERIES = st.lists(st.tuples(st.one_of(st.sampled_from(KNOWN_KEYS), st.text(max_size=12)),
                             VALUES), max_size=6)
SEGMENTS = st.one_of(NASTY, st.text(min_size=1, max_size=30),
                     st.sampled_from(["schools", "partnerships", "regions", "edebo:1001"]))
ROUTES = ["/", "/list", "/embed", "/embed/builder", "/candidates", "/api/candidates",
          "/api", "/api/collections", "/api/conformance", "/api/openapi", "/healthz",
          "/api/collections/{}", "/api/collections/{}/items", "/api/collections/schools/items",
          "/api/collections/partnerships/items", "/api/collections/{}/items/{}",
          "/api/collections/schools/items/{}", "/places/{}", "/data/{}.geojson",
          "/data/schools.geojson", "/data/partnerships.geojson", "/data/regions.geojson"]


def encode(pairs: list[tuple[str, str]]) -> str:
    return "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in pairs)


@pytest.mark.parametrize("route", ROUTES)
@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(query=QUERIES, segments=st.lists(SEGMENTS, min_size=2, max_size=2))
def test_no_input_gives_a_server_error(client, route, query, segments, fault_log):
    path = route.format(*(quote(s, safe="") for s in segments))
    response = client.get(f"{path}?{encode(query)}")
    fault_log.record(requests=1, server_errors=int(response.status_code >= 500))
    assert response.status_code < 500, (path, query, response.get_data(True)[:300])
