"""The sign-in throttle shared by every worker: failures counted in one redis, so that an
address gets GEOAPP_LOGIN_LIMIT failures in all, not per worker (a real redis-server)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time

import pytest

from geoapp import create_app
from geoapp.store import get_store
from tests.support.signing import SECRET_KEY, sign_in

REDIS = shutil.which("redis-server") or "/usr/bin/redis-server"


@pytest.fixture
def redis_url(tmp_path):
    """A throwaway redis-server on a free port, nothing written to disk."""
    if not shutil.which(REDIS):
        pytest.skip("redis-server is not installed (make deps-test installs it)")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen([REDIS, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                               "--appendonly", "no", "--dir", str(tmp_path)],
                              stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_two_workers_share_one_count_of_failures(store, people, redis_url):
    settings = {"TESTING": True, "DATABASE_URL": store.url, "SECRET_KEY": SECRET_KEY,
                "LOGIN_LIMIT": "3 per 15 minutes", "LIMITER_STORAGE": redis_url}
    workers = [create_app(settings), create_app(settings)]
    try:
        first, second = (app.test_client() for app in workers)
        tried = [sign_in(client, "poltava_editor", f"guess {n}").status_code
                 for n, client in enumerate((first, second, first))]
        assert tried == [401, 401, 401]
        # Each worker saw fewer than three failures; together they saw three.
        assert sign_in(second, "poltava_editor").status_code == 429
        assert sign_in(first, "poltava_editor").status_code == 429
    finally:
        for app in workers:
            get_store(app).dispose()
