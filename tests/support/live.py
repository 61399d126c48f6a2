"""A live server for tests that need real HTTP clients (GDAL, schemathesis, browsers)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from werkzeug.serving import WSGIRequestHandler, make_server


class OneRequestPerConnection(WSGIRequestHandler):
    """HTTP/1.0: a connection, and the thread serving it, ends with its request, so that
    closing the server can wait for every request under way."""

    protocol_version = "HTTP/1.0"


@contextmanager
def live_server(app) -> Iterator[str]:
    """Serve ``app`` on 127.0.0.1 at a free port in a thread; yield its base URL.

    On the way out the server stops accepting and waits for the requests under way (a map
    still fetching its tiles), so none is left holding a connection of a store the test
    then closes.
    """
    server = make_server("127.0.0.1", 0, app, threaded=True,
                         request_handler=OneRequestPerConnection)
    server.daemon_threads = False  # server_close() joins the request threads
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
