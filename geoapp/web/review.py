"""Review: what waits in a reviewer's regions, publish or reject it, withdraw a record,
and revert any change with one click (the revert is itself a change)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from geoapp.errors import NotFound, Refusal
from geoapp.store import access, edits, history
from geoapp.store.queries import place_names
from geoapp.store.records import ACTIVITY, KINDS, PARTNERSHIP, PLACE, read
from geoapp.web.auth import current_writer, local_target, writer_required
from geoapp.web.db import get_conn, writing
from geoapp.web.forms import NoteForm, StateForm
from geoapp.web.i18n import current_language
from geoapp.web.writing import REVIEW_LABELS, edit, history_rows, refused_page

bp = Blueprint("review", __name__)
STATES = {"publish": "published", "reject": "rejected", "withdraw": "withdrawn"}
RECENT = 50


def card_url(kind: str, record_id: str) -> str:
    """The card of a record (an activity's: its partnership's, else its first place's)."""
    if kind == "activity":
        record = read(get_conn(), ACTIVITY, record_id) or {}
        if record.get("partnership_id"):
            kind, record_id = "partnership", record["partnership_id"]
        else:
            kind, record_id = "place", (record.get("place_ids") or "").split(";")[0]
    if kind == "place":
        return url_for("pages.place_card", place_id=record_id, lang=current_language())
    return url_for("partnerships.card", partnership_id=record_id, lang=current_language())


def their_changes(limit: int = RECENT) -> list:
    """The latest changes of records in the reviewer's regions."""
    conn, writer = get_conn(), current_writer()
    found = []
    for entry in history.recent(conn, limit * 4):
        record = read(conn, KINDS[entry.record_kind], entry.record_id) \
            if entry.record_kind in KINDS else None
        if record and access.may_write(conn, writer, KINDS[entry.record_kind], record):
            found.append((entry, card_url(entry.record_kind, entry.record_id)))
        if len(found) == limit:
            break
    return found


@bp.get("/review")
@writer_required
def queue():
    """What waits for review in the reviewer's regions, and the latest changes there."""
    writer = current_writer()
    if not writer.reviews:
        abort(403, description=_("Only a reviewer may review."))
    conn = get_conn()
    changes = their_changes()
    rows = dict(zip([e.id for e, _ in changes],
                    history_rows([e for e, _ in changes]), strict=True))
    waiting = edits.pending(conn, PARTNERSHIP, writer)
    names = place_names(conn, [p[end] for p in waiting for end in ("place_a_id", "place_b_id")])
    return render_template(
        "review.html", places=edits.pending(conn, PLACE, writer), partnerships=waiting,
        activities=edits.pending(conn, ACTIVITY, writer),
        names=names, state_form=StateForm(),
        revert_form=NoteForm(), changes=[(rows[e.id], e, url) for e, url in changes],
        review_labels=REVIEW_LABELS)


@bp.post("/review/<kind>/<path:record_id>/<action>")
@writer_required
def change_state(kind: str, record_id: str, action: str):
    """Publish, reject or withdraw a record at the version the form was opened at."""
    if kind not in KINDS or action not in STATES:
        abort(404)
    form = StateForm()
    form.validate_on_submit()
    try:
        with writing() as conn:
            edits.set_state(conn, KINDS[kind], record_id, STATES[action],
                            form.started_from(), edit(form.note.data))
    except NotFound:
        abort(404)
    except Refusal as error:
        return refused_page(error)
    flash({"publish": _("Published: it is on the public map now."),
           "reject": _("Rejected."), "withdraw": _("Withdrawn: it no longer shows, and "
                                                   "its history is kept.")}[action])
    return redirect(local_target(request.args.get("next")) if request.args.get("next")
                    else card_url(kind, record_id))


@bp.post("/changes/<int:change_id>/revert")
@writer_required
def revert(change_id: int):
    """Give a record back the values it had before one change."""
    form = NoteForm()
    form.validate_on_submit()
    try:
        with writing() as conn:
            entry = history.get_change(conn, change_id)
            edits.revert(conn, change_id, edit(form.note.data))
    except NotFound:
        abort(404)
    except Refusal as error:
        return refused_page(error)
    flash(_("Reverted: the values before that change are back."))
    return redirect(card_url(entry.record_kind, entry.record_id))
