"""Recording an activity in Debian's Chromium, on both stores: an editor records it from
the partnership's card, a reviewer publishes it, and everyone sees it on the card's
timeline and in /api.

The test keeps screenshots in test-artifacts/ (see tests/support/browser.py).
"""

from __future__ import annotations

import re

import pytest

from tests.support.browser import CHROMIUM_ARGS, screenshot  # noqa: F401
from tests.web.test_writes_browser import second_page, sign_in, site  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser
LINK = "imc:kremenchuk-pishchane"
TITLE = "Спільний літній табір <b>STEM</b>"


def test_an_editor_records_an_activity_a_reviewer_publishes_it_everyone_sees_it(
        page, second_page, site):  # noqa: F811 (fixtures)
    sign_in(page, site, "poltava_editor")
    page.goto(f"{site}/partnerships/{LINK}?lang=en")
    page.get_by_role("link", name="Record an activity").click()
    page.select_option("#kind", "training")
    page.fill("#title", TITLE)
    page.fill("#start_date", "2025-07-14")
    page.fill("#end_date", "2025-07-01")  # before the start: refused at the field
    page.get_by_role("button", name="Record").click()
    assert "the end comes before the start" in page.locator("#end_date-error").inner_text()
    page.fill("#end_date", "2025-07-18")
    page.fill("#note", "from the camp's report")
    screenshot(page, "activity_form")
    page.get_by_role("button", name="Record").click()
    page.wait_for_url(re.compile(rf"/partnerships/{re.escape(LINK)}"))
    assert "It waits for a reviewer" in page.locator(".flashes").inner_text()
    waiting = page.locator(".waiting-activities li")
    assert waiting.count() == 1 and TITLE in waiting.inner_text()  # as text, not markup
    activity_id = waiting.get_attribute("data-id")

    reviewer = second_page
    sign_in(reviewer, site, "poltava_reviewer")
    reviewer.goto(f"{site}/review?lang=en")
    row = reviewer.locator("#pending-activities tbody tr", has_text=TITLE)
    row.get_by_role("button", name="Publish").click()
    reviewer.wait_for_load_state()
    assert "Published: it is on the public map now." in reviewer.locator(".flashes").inner_text()

    reader = page.context.browser.new_context(locale="en-US").new_page()
    try:
        reader.goto(f"{site}/partnerships/{LINK}?lang=en")
        shown = reader.locator(f".timeline li[data-id='{activity_id}']")
        assert TITLE in shown.locator("h3").inner_text()
        assert shown.locator("time").get_attribute("datetime") == "2025-07-14"
        screenshot(reader, "activity_on_the_card", full_page=True)
        item = reader.request.get(f"{site}/api/collections/activities/items/{activity_id}")
        assert item.status == 200
        properties = item.json()["properties"]
        assert (properties["title"], properties["partnership_id"]) == (TITLE, LINK)
        assert (properties["start_date"], properties["end_date"]) == ("2025-07-14",
                                                                      "2025-07-18")
    finally:
        reader.context.close()
    history = page.context.new_page()
    history.goto(f"{site}/partnerships/{LINK}?lang=en")
    changes = history.locator(".history .changes").inner_text()
    assert "Activity «" in changes and "Published" in changes and "Created" in changes
    history.close()
    # The one refused save answered 400, as it should; nothing else went wrong.
    assert page.problems.failed == [f"{site}/partnerships/{LINK}/activities/new?lang=en: "
                                    "HTTP 400"], page.problems
    assert not page.problems.outside, page.problems
    assert reviewer.problems.none(), reviewer.problems
