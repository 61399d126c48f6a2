"""The errors a user can act on, one type per meaning; ``geoapp.web.errors`` renders them.

Flask-free: the store, the parsers, the candidates and the command line raise these, and
the web layer turns each into a status, an OGC-style JSON body or a page.
"""

from __future__ import annotations


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

    def __init__(self, parameter: str, message: str):
        super().__init__(f"{parameter}: {message}")
        self.parameter = parameter
        self.message = message

    def body(self) -> dict:
        """The JSON body, with the parameter at fault."""
        return {**super().body(), "parameter": self.parameter}


class NotFound(GeoappError, LookupError):
    """Something named in the URL that does not exist: a collection, an item, a place."""

    status = 404
    code = "NotFound"
