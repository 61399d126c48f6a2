"""Every refused parameter of the JSON endpoints answers 400 in one OGC-style shape."""

from __future__ import annotations

import pytest

BAD = [
    ("/data/schools.geojson?zoom=inf", "zoom"),
    ("/data/schools.geojson?zoom=1e309", "zoom"),
    ("/data/schools.geojson?bbox=1,2,3", "bbox"),
    ("/data/partnerships.geojson?status=open", "status"),
    ("/data/schools.geojson?region=XX", "region"),
    ("/api/collections/schools/items?limit=%EF%BC%91%EF%BC%90", "limit"),
    ("/api/collections/schools/items?offset=%C2%B2", "offset"),
    ("/api/collections/schools/items?bbox=nan,0,1,1", "bbox"),
    ("/api/collections/schools/items?region=XX", "region"),
    ("/api/collections/schools/items?f=xml", "f"),
    ("/api/candidates?place=edebo:1001&radius_km=1e309", "radius_km"),
    ("/api/candidates?place=edebo:1001&limit=%EF%BC%91", "limit"),
    ("/api/candidates?place=edebo:1001&kind=castle", "kind"),
    ("/api/candidates", "place"),
]


@pytest.mark.parametrize(("url", "parameter"), BAD)
def test_one_shape_for_every_bad_parameter(client, url: str, parameter: str) -> None:
    response = client.get(url)
    assert response.status_code == 400 and response.mimetype == "application/json"
    body = response.get_json()
    assert body["code"] == "InvalidParameterValue" and body["parameter"] == parameter
    assert body["description"].startswith(f"{parameter}: ")


@pytest.mark.parametrize("url", ["/api/collections/castles", "/data/castles.geojson",
                                 "/api/nowhere"])
def test_unknown_things_are_a_json_404(client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 404 and response.get_json()["code"] == "NotFound"


@pytest.mark.parametrize("url", ["/list?offset=%C2%B2", "/list?offset=" + "9" * 30,
                                 "/?region=XX&lang=en"])
def test_pages_show_the_error_as_a_page(client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 400 and response.mimetype == "text/html"
