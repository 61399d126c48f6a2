"""A live server for tests that need real HTTP clients (GDAL, schemathesis, browsers)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from werkzeug.serving import WSGIRequestHandler, make_server

# Where the app's answer waits in the request's environ, for connection_dropped to close.
ANSWER = "tests.live.answer"


class OneRequestPerConnection(WSGIRequestHandler):
    """HTTP/1.0: a connection, and the thread serving it, ends with its request, so that
    closing the server can wait for every request under way."""

    protocol_version = "HTTP/1.0"

    def connection_dropped(self, error, environ=None) -> None:
        """The client left mid-answer (a page closed while a file of it was sent): close the
        answer, which werkzeug leaves open then (a file left to the garbage collector)."""
        answer = (environ or {}).get(ANSWER)
        if hasattr(answer, "close"):
            answer.close()


def keeping_answers(app):
    """``app``, its answer to each request kept in the request's environ."""
    def serve(environ, start_response):
        answer = app(environ, start_response)
        environ[ANSWER] = answer
        return answer
    return serve


@contextmanager
def live_server(app) -> Iterator[str]:
    """Serve ``app`` on 127.0.0.1 at a free port in a thread; yield its base URL.

    On the way out the server stops accepting and waits for the requests under way (a map
    still fetching its tiles), so none is left holding a connection of a store the test
    then closes.
    """
    server = make_server("127.0.0.1", 0, keeping_answers(app), threaded=True,
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
