"""One handler for the errors a user can act on: OGC-style JSON for the API and the map's
data, a page in the reader's language for pages."""

from __future__ import annotations

from flask import Flask, Response, current_app, json, render_template, request
from flask_babel import gettext
from flask_babel import gettext as _
from sqlalchemy.exc import DBAPIError, DisconnectionError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException

from geoapp.errors import GeoappError, ParameterError
from geoapp.store.models import LANGUAGES
from geoapp.web import i18n

JSON_PREFIXES = ("/api", "/data")
# How long a client should wait before asking again while the store does not answer.
RETRY_AFTER_S = 30
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


def translated(error: GeoappError) -> str:
    """An error's description in the reader's language, naming the parameter by its label
    and as the URL spells it (``Радіус, км (radius_km): ...``)."""
    if not isinstance(error, ParameterError):
        return gettext(error.template, **error.values)
    label = i18n.PARAMETER_LABELS.get(error.parameter)
    name = f"{label} ({error.parameter})" if label else error.parameter
    return f"{name}: {gettext(error.template, **error.values)}"


def names_a_language() -> bool:
    """Whether the request asks for a language (``lang=`` or the browser's Accept-Language).

    A client that names none (GDAL, a script) gets the API's descriptions in English, which
    stay the same whatever the server's default language.
    """
    return request.args.get("lang") in LANGUAGES or bool(request.accept_languages)


def refused(error: GeoappError):
    """Answer a refused request, naming what is wrong, in the reader's language."""
    if wants_json():
        body = error.body()
        if names_a_language():
            body["description"] = translated(error)
        return json_error(body, error.status)
    return page_error(translated(error), error.status)


def http_error(error: HTTPException):
    """Werkzeug's own errors (404, 405...) in the same shapes."""
    if wants_json():
        description = error.description
        if names_a_language():
            description = http_message(error)
        body = {"code": HTTP_CODES.get(error.code or 500, "ServerError"),
                "description": description}
        return json_error(body, error.code or 500)
    if not error.code or error.code < 400:
        return error  # a redirect
    return page_error(http_message(error), error.code)


def http_message(error: HTTPException) -> str:
    """What a Werkzeug error says; its own English words are said in ours."""
    if error.description != type(error).description:
        return error.description
    return {404: _("There is no page at this address."),
            405: _("This address does not answer this kind of request.")}.get(
        error.code or 500, _("The request could not be answered (HTTP %(code)s).",
                             code=error.code))


def store_unavailable(error: Exception):
    """The store does not answer (PostgreSQL down, a locked file): 503, try again later."""
    if isinstance(error, DBAPIError) and not error.connection_invalidated and \
            not _is_outage(error):
        raise error
    current_app.logger.warning("store unavailable: %s", str(error).splitlines()[0])
    message = _("The data store does not answer. Please try again in a moment.")
    if wants_json():
        response = json_error({"code": "ServiceUnavailable", "description": message}, 503)
    else:
        body, _status = page_error(message, 503)
        response = Response(body, status=503, mimetype="text/html")
    response.headers["Retry-After"] = str(RETRY_AFTER_S)
    return response


def _is_outage(error: DBAPIError) -> bool:
    """Whether a database error means the store cannot be reached or used right now."""
    name = type(error.orig).__name__ if error.orig is not None else ""
    return name in ("OperationalError", "InterfaceError")


def init_app(app: Flask) -> None:
    """Register the handlers."""
    app.register_error_handler(GeoappError, refused)
    app.register_error_handler(HTTPException, http_error)
    for outage in (DBAPIError, DisconnectionError, PoolTimeout):
        app.register_error_handler(outage, store_unavailable)
