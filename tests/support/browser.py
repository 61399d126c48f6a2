"""Debian's Chromium through Playwright: a ``page`` per test that records what went wrong.

Never a downloaded browser: ``executable_path`` is the system's Chromium, and every
request that leaves 127.0.0.1 is recorded as a problem.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
LOCAL = re.compile(r"^(https?://127\.0\.0\.1[:/]|data:|blob:|about:)")


@dataclass
class Problems:
    """What a page did wrong: console errors, failed requests, requests off the machine."""

    console: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)

    def none(self) -> bool:
        """True when nothing went wrong."""
        return not (self.console or self.failed or self.outside)


def watch(page) -> Problems:
    """Record a page's console errors, failed requests and requests leaving the machine."""
    problems = Problems()
    page.on("console", lambda m: m.type == "error" and problems.console.append(m.text))
    page.on("pageerror", lambda exc: problems.console.append(str(exc)))
    # A fetch that map.js aborts because the map moved on is not a failure.
    page.on("requestfailed", lambda r: "ERR_ABORTED" not in (r.failure or "")
            and problems.failed.append(f"{r.url}: {r.failure}"))
    page.on("response", lambda r: r.status >= 400
            and problems.failed.append(f"{r.url}: HTTP {r.status}"))
    page.on("request", lambda r: not LOCAL.match(r.url) and problems.outside.append(r.url))
    return problems


def screenshot(page, name: str, full_page: bool = False) -> Path:
    """Save a screenshot (of the viewport, or the whole page) under test-artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', name)}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


@pytest.fixture(scope="session")
def browser() -> Iterator:
    """Debian's Chromium, headless, for the whole session."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                              args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser) -> Iterator:
    """A fresh page; ``page.problems`` collects errors; a screenshot is kept at the end
    (:func:`pytest_runtest_call`)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-US")
    new_page = context.new_page()
    new_page.set_default_timeout(15_000)
    new_page.problems = watch(new_page)
    yield new_page
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item) -> Iterator:
    """Keep a screenshot of the test's page as it ended: taken here, after the test and
    before any fixture's teardown, while the server the page shows still answers."""
    yield
    page = getattr(item, "funcargs", {}).get("page")  # doctests and the like have none
    if page is not None and not page.is_closed():
        screenshot(page, item.name)
