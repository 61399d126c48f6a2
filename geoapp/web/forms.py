"""The forms of those who record: each carries its CSRF token and the version it started
from. Their fields are plain text: the rules live once in :mod:`geoapp.store.checks`,
whose messages :func:`show_problems` puts at the fields, in the reader's language.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
)

from geoapp.errors import InvalidRecord

DATE = {"type": "date"}
DEGREES = {"inputmode": "decimal", "autocomplete": "off"}


def note_field() -> TextAreaField:
    """Why the change was made: optional, kept in the history."""
    return TextAreaField(lazy_gettext("Why (optional, kept in the history)"), render_kw={"rows": 2})


class Versioned(FlaskForm):
    """A form that changes a record: the version it was opened at, and why."""

    version = HiddenField()
    note = note_field()

    def started_from(self) -> int:
        """The version the form was opened at (0 when missing, which is always stale)."""
        raw = (self.version.data or "").strip()
        return int(raw) if raw.isdigit() else 0


class PartnershipForm(Versioned):
    """Propose or edit a partnership."""

    place_a_id = StringField(lazy_gettext("First place (id)"))
    place_b_id = StringField(lazy_gettext("Second place (id)"))
    programme_code = SelectField(lazy_gettext("Programme"), validate_choice=False)
    status = SelectField(lazy_gettext("Status"), validate_choice=False)
    start_date = StringField(lazy_gettext("Start"), render_kw=DATE)
    end_date = StringField(lazy_gettext("End"), render_kw=DATE)
    areas = StringField(lazy_gettext("Areas of cooperation"))
    source = StringField(lazy_gettext("Source (agreement number or article URL)"))
    title = StringField(lazy_gettext("Title"))
    RECORD = ("place_a_id", "place_b_id", "programme_code", "status", "start_date",
              "end_date", "areas", "source", "title")


class ActivityForm(Versioned):
    """Record or edit an activity of a partnership."""

    kind = SelectField(lazy_gettext("Kind of activity"), validate_choice=False)
    title = StringField(lazy_gettext("Title"))
    start_date = StringField(lazy_gettext("Date (or first day)"), render_kw=DATE)
    end_date = StringField(lazy_gettext("Last day (for several days)"), render_kw=DATE)
    description = TextAreaField(lazy_gettext("Description"), render_kw={"rows": 4})
    source = StringField(lazy_gettext("Source (article URL or document)"))
    RECORD = ("kind", "title", "start_date", "end_date", "description", "source")


class EndForm(Versioned):
    """End a partnership on a date."""

    end_date = StringField(lazy_gettext("Ended on"), render_kw=DATE)
    RECORD = ("end_date",)


class PlaceForm(Versioned):
    """Fix a place's name, website, status or address."""

    name = StringField(lazy_gettext("Name"))
    website = StringField(lazy_gettext("Website"), render_kw={"type": "url"})
    status = SelectField(lazy_gettext("Status"), validate_choice=False)
    address = StringField(lazy_gettext("Address"))
    RECORD = ("name", "website", "status", "address")


class MoveForm(Versioned):
    """Move a place: drag its marker or type its coordinates."""

    lon = StringField(lazy_gettext("Longitude"), render_kw=DEGREES)
    lat = StringField(lazy_gettext("Latitude"), render_kw=DEGREES)
    location_precision = SelectField(lazy_gettext("How precise"), validate_choice=False)
    RECORD = ("lon", "lat", "location_precision")


class StateForm(Versioned):
    """Publish, reject or withdraw a record."""


class NoteForm(FlaskForm):
    """A revert: only why."""

    note = note_field()


class TokenForm(FlaskForm):
    """Make an API token."""

    label = StringField(lazy_gettext("What the token is for"), render_kw={"maxlength": 200})


class EmptyForm(FlaskForm):
    """A button that only needs the CSRF token (revoke a token, sign out)."""


class UserForm(FlaskForm):
    """An administrator adds a user."""

    email = EmailField(lazy_gettext("E-mail"))
    name = StringField(lazy_gettext("Name"))
    role = SelectField(lazy_gettext("Role"), validate_choice=False)
    regions = StringField(lazy_gettext("Region codes (space-separated)"))
    password = PasswordField(lazy_gettext("First password"),
                             render_kw={"autocomplete": "new-password"})


class RoleForm(FlaskForm):
    """An administrator changes a user's role, regions, or disables them."""

    role = SelectField(lazy_gettext("Role"), validate_choice=False)
    regions = StringField(lazy_gettext("Region codes (space-separated)"))
    active = BooleanField(lazy_gettext("May sign in"))


def record_values(form: FlaskForm) -> dict:
    """The record fields a form sent, as text."""
    return {name: form[name].data for name in form.RECORD}


def region_codes(raw: str | None) -> tuple[str, ...]:
    """Region codes typed with spaces or commas between them."""
    return tuple(code for code in (raw or "").replace(",", " ").split() if code)


def show_problems(form: FlaskForm, error: InvalidRecord) -> list[str]:
    """Put each problem at its field, translated; return those that have no field."""
    elsewhere = []
    for name, (text, args) in error.fields.items():
        message = _(text, **args)
        if name in form:
            form[name].errors = [*form[name].errors, message]
        else:
            elsewhere.append(f"{name}: {message}")
    return elsewhere
