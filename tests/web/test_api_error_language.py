"""Errors of /api and /data in the reader's language, in the same JSON shape."""

from __future__ import annotations

import pytest

CASES = [
    ("uk", "Регіон (region): "), ("ru", "Регион (region): "), ("kk", "Өңір (region): "),
    ("ro", "Regiune (region): "), ("en", "Region (region): "),
]


@pytest.mark.parametrize(("lang", "start"), CASES)
def test_a_parameter_error_follows_accept_language(client, lang: str, start: str) -> None:
    response = client.get("/api/collections/schools/items?region=XX99",
                          headers={"Accept-Language": lang})
    assert response.status_code == 400
    body = response.get_json()
    assert set(body) == {"code", "description", "parameter"}
    assert body["code"] == "InvalidParameterValue" and body["parameter"] == "region"
    assert body["description"].startswith(start)
    assert "XX99" in body["description"]


@pytest.mark.parametrize(("lang", "start"), CASES)
def test_the_lang_parameter_wins(client, lang: str, start: str) -> None:
    response = client.get(f"/api/collections/schools/items?region=XX99&lang={lang}",
                          headers={"Accept-Language": "en" if lang != "en" else "uk"})
    assert response.get_json()["description"].startswith(start)


def test_the_maps_data_errors_speak_the_pages_language(client) -> None:
    body = client.get("/data/schools.geojson?zoom=x&lang=uk").get_json()
    assert body["parameter"] == "zoom" and body["description"].startswith("Масштаб (zoom)")


def test_a_client_naming_no_language_gets_english(client) -> None:
    body = client.get("/api/collections/schools/items?region=XX99").get_json()
    assert body["description"].startswith("region: ")


def test_an_unknown_address_under_the_api_is_said_in_the_readers_language(client) -> None:
    response = client.get("/api/nowhere", headers={"Accept-Language": "uk"})
    assert response.status_code == 404
    assert response.get_json() == {"code": "NotFound",
                                   "description": "За цією адресою немає сторінки."}
