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
    """A refused request: its HTTP status, OGC exception code and description.

    ``template`` is the description as an English %-template of ``values``, marked with
    ``N_``: pages show it translated.
    """

    status = 500
    code = "ServerError"

    def __init__(self, description: str, template: str | None = None,
                 values: dict[str, Any] | None = None):
        super().__init__(description)
        self.description = description
        self.template, self.values = template or description, values or {}

    def body(self) -> dict:
        """The JSON body of the error response."""
        return {"code": self.code, "description": self.description}


class ParameterError(GeoappError, ValueError):
    """A parameter the request cannot use; names the parameter and what was expected."""

    status = 400
    code = "InvalidParameterValue"

    def __init__(self, parameter: str, message: str, **values: Any):
        self.parameter = parameter
        self.message = message % values if values else message
        super().__init__(f"{parameter}: {self.message}", message, values)

    def body(self) -> dict:
        """The JSON body, with the parameter at fault."""
        return {**super().body(), "parameter": self.parameter}


class NotFound(GeoappError, LookupError):
    """Something named in the URL that does not exist: a collection, an item, a place."""

    status = 404
    code = "NotFound"


class Refusal(GeoappError):
    """A refused write, explained by an English message template (marked with ``N_``)
    that pages show translated."""

    def __init__(self, template: str, **values):
        super().__init__(template % values if values else template, template, values)


class NotSignedIn(Refusal, PermissionError):
    """A write without a signed-in user or a valid API token."""

    status = 401
    code = "Unauthorized"


class Forbidden(Refusal, PermissionError):
    """A write the user's role or regions do not allow."""

    status = 403
    code = "Forbidden"


class StaleVersion(Refusal):
    """A save that started from a version someone else has since changed."""

    status = 412
    code = "PreconditionFailed"

    def __init__(self, yours: int, now: int):
        super().__init__(N_("Someone else saved a change after you opened this (your version "
                            "%(yours)s, now %(now)s). Nothing was saved: reload to see their "
                            "change, then make yours again."), yours=yours, now=now)
        self.current = now

    def body(self) -> dict:
        """The JSON body, with the record's current version."""
        return {**super().body(), "currentVersion": self.current}


class VersionRequired(Refusal):
    """A write through the API that does not say which version it started from."""

    status = 428
    code = "PreconditionRequired"


class Conflict(Refusal):
    """A change the record's state does not allow (editing a withdrawn record...)."""

    status = 409
    code = "Conflict"


class InvalidRecord(GeoappError, ValueError):
    """A record whose fields are wrong; ``fields`` maps each field to what is wrong with it.

    Messages are English templates with ``%(name)s`` parameters, marked for translation;
    pages show them in the reader's language at the field.
    """

    status = 400
    code = "InvalidParameterValue"

    def __init__(self, fields: dict[str, tuple[str, dict]]):
        self.fields = fields
        super().__init__("; ".join(f"{name}: {text % args}"
                                   for name, (text, args) in fields.items()))

    def body(self) -> dict:
        """The JSON body, with every field at fault and what is wrong with it."""
        return {**super().body(), "parameter": next(iter(self.fields), None),
                "fields": {name: text % args for name, (text, args) in self.fields.items()}}
