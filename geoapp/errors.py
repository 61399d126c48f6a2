"""The errors a user can act on, one type per meaning; ``geoapp.web.errors`` renders them.

Flask-free: the store, the parsers, the candidates and the command line raise these, and
the web layer turns each into a status, an OGC-style JSON body or a page.
"""

from __future__ import annotations

from typing import Any


def N_(message: str) -> str:  # noqa: N802 (the name gettext's tools look for)
    """Mark a message for translation where it is written; pages translate it when shown."""
    return message


class GeoappError(Exception):
    """A refused request: its HTTP status, OGC exception code and description."""

    status = 500
    code = "ServerError"

    def __init__(self, description: str):
        super().__init__(description)
        self.description = description

    def body(self) -> dict:
        """The JSON body of the error response."""
        return {"code": self.code, "description": self.description}


class ParameterError(GeoappError, ValueError):
    """A parameter the request cannot use; names the parameter and what was expected."""

    status = 400
    code = "InvalidParameterValue"

    def __init__(self, parameter: str, message: str, **values: Any):
        self.parameter = parameter
        # ``message`` may be a %-template of ``values``, marked with N_ for translation.
        self.template, self.values = message, values
        self.message = message % values if values else message
        super().__init__(f"{parameter}: {self.message}")

    def body(self) -> dict:
        """The JSON body, with the parameter at fault."""
        return {**super().body(), "parameter": self.parameter}


class NotFound(GeoappError, LookupError):
    """Something named in the URL that does not exist: a collection, an item, a place."""

    status = 404
    code = "NotFound"
