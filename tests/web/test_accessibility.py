"""axe-core in Debian's Chromium: no serious or critical violation on any page, in any of the
five languages, once the map has loaded."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.web.test_map_browser import READY, site  # noqa: F401  (site is a fixture)

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[1] / "support" / "vendor" / "axe-core" / "axe.min.js"
PAGES = [("/", True), ("/list", False), ("/places/katottg:UA530201", False),
         ("/embed", True), ("/embed/builder", False), ("/api", False),
         ("/api/collections/schools/items", False), ("/no/such/page", False)]
RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.filter((v) => ["serious", "critical"].includes(v.impact))
    .map((v) => v.id + ": " + v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | "));
}"""


@pytest.mark.parametrize("lang", ["uk", "en", "ru", "kk", "ro"])
def test_no_serious_accessibility_violation_on_any_page(page, site, lang) -> None:  # noqa: F811
    found = {}
    for path, has_map in PAGES:
        page.goto(f"{site}{path}?lang={lang}", wait_until="load")
        if has_map:
            page.wait_for_function(READY)
        # Injected through the DevTools protocol, so the page's Content-Security-Policy
        # (which rightly refuses scripts it does not know) does not stand in the way.
        page.evaluate(AXE.read_text(encoding="utf-8"))
        violations = page.evaluate(RUN)
        if violations:
            found[path] = violations
    assert found == {}, found
