"""Fixtures of the embedding tests: the app on a live server, and other sites that frame it."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from geoapp import create_app
from geoapp.store import get_store
from tests.support.live import live_server

TEST_TILES = "/_test/tiles/{z}/{x}/{y}.png"
# Reported to the console, where tests.support.browser.watch collects console errors.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", function (e) {
  console.error("CSP violation: " + e.violatedDirective + " blocked " + e.blockedURI +
                " in " + e.documentURI);
});
"""


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves a folder without logging each request to stderr."""

    def log_message(self, *args) -> None:
        """Say nothing."""


@dataclass
class Site:
    """Another website: a folder of pages served at ``url``."""

    folder: Path
    url: str

    def publish(self, name: str, html: str) -> str:
        """Write a page and return its URL."""
        (self.folder / name).write_text(html, encoding="utf-8")
        return f"{self.url}/{name}"


def serve_folder(folder: Path) -> tuple[ThreadingHTTPServer, threading.Thread]:
    """Serve ``folder`` on 127.0.0.1 at a free port, in a thread."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread


@pytest.fixture
def sites(tmp_path) -> Iterator[dict[str, Site]]:
    """Two other websites on their own ports: one allowed to frame /embed, one not."""
    running, found = [], {}
    for name in ("allowed", "refused"):
        folder = tmp_path / name
        folder.mkdir()
        server, thread = serve_folder(folder)
        running.append((server, thread))
        found[name] = Site(folder, f"http://127.0.0.1:{server.server_port}")
    yield found
    for server, thread in running:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def embed_app(store, sites):
    """The app on the fixture world, letting only the allowed site frame /embed."""
    app = create_app({"TESTING": True, "DATABASE_URL": store.url, "TILE_URL": TEST_TILES,
                      "EMBED_ORIGINS": sites["allowed"].url})
    yield app
    get_store(app).dispose()


@pytest.fixture
def app_url(embed_app) -> Iterator[str]:
    """The base URL of the app served live on 127.0.0.1."""
    with live_server(embed_app) as url:
        yield url


@pytest.fixture
def csp_page(page):  # noqa: F811  (the fixture imported above)
    """A browser page where every frame reports CSP violations to the console."""
    page.context.add_init_script(REPORT_CSP_VIOLATIONS)
    return page
