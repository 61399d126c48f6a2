"""`geoapp serve` runs the app on granian, bound to loopback."""

import gc
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from geoapp import YOUNG_OBJECTS, served_app
from tests.support.postgis import _free_port


def wait_for(url: str, seconds: float = 30) -> bytes:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.read()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_serve_answers_health_on_the_given_port(store, store_kind):
    port = _free_port()
    env = {**os.environ, "GEOAPP_DATABASE_URL": store.url, "GEOAPP_PORT": str(port)}
    geoapp = Path(sys.executable).with_name("geoapp")
    server = subprocess.Popen([str(geoapp), "serve", "--workers", "1"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        body = wait_for(f"http://127.0.0.1:{port}/healthz")
        assert f'"store":"{store_kind}"' in body.decode().replace(" ", "")
    finally:
        server.send_signal(signal.SIGTERM)
        output = server.communicate(timeout=30)[0].decode()
    assert f"serving on http://127.0.0.1:{port}" in output


def test_a_served_app_keeps_what_start_up_made_out_of_full_collections(store, monkeypatch):
    monkeypatch.setenv("GEOAPP_DATABASE_URL", store.url)
    assert gc.get_freeze_count() == 0
    threshold = gc.get_threshold()
    try:
        app = served_app()
        frozen, young = gc.get_freeze_count(), gc.get_threshold()[0]
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)
    assert young == YOUNG_OBJECTS > threshold[0]
    assert app.extensions["geoapp.store"].url == store.url
    assert frozen > 10_000  # the modules and the app, not a handful of objects
