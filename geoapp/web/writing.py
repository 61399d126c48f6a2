"""What every page that writes shares: who writes and why, refusals in the reader's
language, and a change of the history as people read it."""

from __future__ import annotations

from flask import abort, current_app, render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext

from geoapp.errors import Refusal
from geoapp.store import access
from geoapp.store.edits import Edit
from geoapp.store.history import Entry
from geoapp.store.records import RecordKind
from geoapp.web import i18n
from geoapp.web.auth import current_writer
from geoapp.web.db import get_conn
from geoapp.web.errors import translated

REVIEW_LABELS = {
    "pending": lazy_gettext("Awaiting review"), "published": lazy_gettext("Published"),
    "rejected": lazy_gettext("Rejected"), "withdrawn": lazy_gettext("Withdrawn"),
}
ACTION_LABELS = {
    "create": lazy_gettext("Created"), "update": lazy_gettext("Changed"),
    "move": lazy_gettext("Moved"), "publish": lazy_gettext("Published"),
    "reject": lazy_gettext("Rejected"), "withdraw": lazy_gettext("Withdrawn"),
    "revert": lazy_gettext("Reverted"),
}
PRECISION_WORDS = {"exact": lazy_gettext("exact address"),
                   "city_district": lazy_gettext("city district"),
                   "settlement": lazy_gettext("settlement"),
                   "community_centroid": lazy_gettext("community centre")}
HISTORY_FIELDS = {**i18n.FIELD_LABELS, "lon": lazy_gettext("Longitude"),
                  "lat": lazy_gettext("Latitude"), "review_state": lazy_gettext("Review")}


def edit(note: str | None = None) -> Edit:
    """The signed-in user's edit, with their note; review as the deployment says."""
    return Edit(current_writer(), (note or "").strip()[:2000] or None,
                current_app.config["REVIEW"] == "on")


def explained(error: Refusal) -> str:
    """A refusal in the reader's language."""
    return translated(error)


def refused_page(error: Refusal):
    """A refusal as a page with its status (403, 409, 412)."""
    return render_template("error.html", message=explained(error)), error.status


def must_write(kind: RecordKind, record: dict) -> None:
    """Answer 403 unless the signed-in user's role and regions cover the record."""
    if not access.may_write(get_conn(), current_writer(), kind, record):
        abort(403, description=_("This is outside the regions you may edit."))


def shown_value(field: str, value) -> str:
    """A value of a history entry as people read it."""
    if value is None or value == "":
        return "—"
    labels = {"review_state": REVIEW_LABELS, "status": i18n.STATUS_LABELS,
              "kind": {**i18n.ACTIVITY_KIND_LABELS, **i18n.KIND_LABELS},
              "location_precision": PRECISION_WORDS}.get(field)
    if labels and value in labels:
        return str(labels[value])
    return str(value)


def history_rows(entries: list[Entry], subjects: dict[str, str] | None = None) -> list[dict]:
    """The history as the card shows it: who (to signed-in users), when, what, why; with
    ``subjects`` (titles by record id), the changes of other records (a partnership's
    activities) say whose they are."""
    signed_in, subjects = current_writer() is not None, subjects or {}
    return [{"id": e.id, "action": str(ACTION_LABELS.get(e.action, e.action)),
             "subject": subjects.get(e.record_id),
             "who": (e.user_name or _("a load")) if signed_in else _("an editor"),
             "at": e.at.strftime("%Y-%m-%d %H:%M") + " UTC", "note": e.note,
             "version": e.version,
             "fields": [(str(HISTORY_FIELDS.get(f, f)), shown_value(f, e.before.get(f)),
                         shown_value(f, e.after.get(f))) for f in e.fields
                        if e.action != "create" or f in ("review_state",)]}
            for e in entries]
