"""``/api`` as pages for people (f=html or a browser's Accept), JSON for clients."""

from __future__ import annotations

import pytest

from tests.support.browser import screenshot
from tests.web.test_map_browser import site  # noqa: F401  (a fixture)

BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.mark.parametrize("path", ["/api", "/api/collections", "/api/collections/schools",
                                  "/api/collections/schools/items",
                                  "/api/collections/schools/items/edebo:1001"])
def test_a_browser_gets_a_page_and_a_client_json(client, path) -> None:
    page = client.get(path, headers={"Accept": BROWSER_ACCEPT, "Accept-Language": "uk"})
    assert page.mimetype == "text/html" and "Accept" in page.headers["Vary"]
    assert '<html lang="uk">' in page.get_data(True)
    assert client.get(path + "?f=html").mimetype == "text/html"
    for accept in ("*/*", "application/json", "application/geo+json"):
        assert client.get(path, headers={"Accept": accept}).mimetype.endswith("json")
    assert client.get(path + "?f=json", headers={"Accept": BROWSER_ACCEPT}).mimetype.endswith(
        "json")


@pytest.mark.browser
def test_the_api_pages_are_linked_in_the_ui_language_with_a_map(page, site) -> None:  # noqa: F811
    page.goto(f"{site}/api?lang=uk")
    page.get_by_role("link", name="Колекції: по одній на шар").click()
    page.get_by_role("link", name="Школи").click()
    page.get_by_role("link", name="Елементи").first.click()
    page.wait_for_function("() => document.body.dataset.apiMap === 'ready'")
    assert page.locator("#api-map path.api-feature").count() == 5
    assert "1–5 з 5" in page.locator(".api-page").inner_text()
    screenshot(page, "api_items_uk")
    page.get_by_role("link", name="Піщанська гімназія").click()
    page.wait_for_function("() => document.body.dataset.apiMap === 'ready'")
    text = page.locator(".api-item").inner_text()
    assert "Закритий" in text and "closed" not in text
    screenshot(page, "api_item_uk")
    assert page.problems.none(), page.problems
