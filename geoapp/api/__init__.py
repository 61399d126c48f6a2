"""The standard API (OGC API - Features): every layer of ``layers/`` as a collection.

This package builds the API's documents from the store and the layers and imports no
Flask; ``geoapp.web.api`` is the thin blueprint that serves them at ``/api``.
"""

from __future__ import annotations


class ApiError(Exception):
    """A request the API refuses: its HTTP status, OGC exception code and the parameter at fault."""

    def __init__(self, status: int, description: str, parameter: str | None = None):
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameter = parameter

    @property
    def code(self) -> str:
        """The OGC exception code of the status."""
        return {400: "InvalidParameterValue", 404: "NotFound"}.get(self.status, "ServerError")

    def body(self) -> dict:
        """The JSON body of the error response."""
        found = {"code": self.code, "description": self.description}
        if self.parameter:
            found["parameter"] = self.parameter
        return found
