"""One handler for the errors a user can act on: OGC-style JSON for the API and the map's
data, a page in the reader's language for pages."""

from __future__ import annotations

from flask import Flask, Response, json, render_template, request
from werkzeug.exceptions import HTTPException

from geoapp.errors import GeoappError

JSON_PREFIXES = ("/api", "/data")
HTTP_CODES = {400: "InvalidParameterValue", 404: "NotFound", 405: "MethodNotAllowed",
              406: "NotAcceptable", 413: "PayloadTooLarge", 429: "TooManyRequests"}


def wants_json() -> bool:
    """Whether this request is answered in JSON (the API and the map's data) or a page."""
    return request.path.startswith(JSON_PREFIXES)


def json_error(body: dict, status: int) -> Response:
    """An error as an OGC API exception document."""
    return Response(json.dumps(body, ensure_ascii=False), status=status,
                    mimetype="application/json")


def page_error(message: str, status: int) -> tuple[str, int]:
    """An error as a page (the embed's own, inside frames)."""
    template = "embed_error.html" if request.blueprint == "embed" else "error.html"
    return render_template(template, message=message), status


def refused(error: GeoappError):
    """Answer a refused request, naming what is wrong."""
    if wants_json():
        return json_error(error.body(), error.status)
    return page_error(error.description, error.status)


def http_error(error: HTTPException):
    """Werkzeug's own errors (404, 405...) in the same shapes."""
    if wants_json():
        body = {"code": HTTP_CODES.get(error.code or 500, "ServerError"),
                "description": error.description}
        return json_error(body, error.code or 500)
    if error.code and error.code >= 400:
        return page_error(error.description, error.code)  # in the site's frame and language
    return error


def init_app(app: Flask) -> None:
    """Register the handlers."""
    app.register_error_handler(GeoappError, refused)
    app.register_error_handler(HTTPException, http_error)
