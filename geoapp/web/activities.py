"""Activities for those who record: record one from a partnership's card (the partnership
filled in), edit it; withdrawing and publishing go through the review's buttons."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from geoapp.errors import InvalidRecord, NotFound, Refusal
from geoapp.store import access, edits, history
from geoapp.store.activities import of_partnership
from geoapp.store.models import ACTIVITY_KINDS
from geoapp.store.queries import programme_names
from geoapp.store.records import ACTIVITY, PARTNERSHIP
from geoapp.web import i18n
from geoapp.web.auth import current_writer, writer_required
from geoapp.web.db import get_conn, writing
from geoapp.web.forms import ActivityForm, record_values, show_problems
from geoapp.web.i18n import current_language
from geoapp.web.writing import edit, explained, must_write, refused_page

bp = Blueprint("activities", __name__)
# The review states in which an activity is listed apart from the card's timeline.
UNPUBLISHED = ("pending", "rejected")


def with_kinds(form: ActivityForm) -> ActivityForm:
    """Fill the kinds of activity in the reader's language."""
    form.kind.choices = [(k, str(i18n.ACTIVITY_KIND_LABELS[k])) for k in ACTIVITY_KINDS]
    return form


def _visible(kind, record_id: str) -> dict:
    try:
        return edits.visible(get_conn(), kind, record_id, current_writer())
    except NotFound:
        if kind is PARTNERSHIP:
            abort(404, description=_("No partnership with id %(id)s.", id=record_id))
        abort(404, description=_("No activity with id %(id)s.", id=record_id))


def card_of(record: dict):
    """Go to the card an activity shows on: its partnership's, else its first place's."""
    if record.get("partnership_id"):
        return redirect(url_for("partnerships.card", partnership_id=record["partnership_id"],
                                lang=current_language()))
    first = (record.get("place_ids") or "").split(";")[0]
    return redirect(url_for("pages.place_card", place_id=first, lang=current_language()))


def saved_message(record: dict) -> str:
    """What the writer is told once an activity is saved."""
    if record["review_state"] == "pending":
        return _("Saved. It waits for a reviewer before it shows on the public map.")
    return _("Saved.")


def form_page(form: ActivityForm, partnership: dict, record: dict | None, problems=(),
              message: str = "", status: int = 200):
    """The activity's form, with what was wrong."""
    return render_template("activity_form.html", form=form, partnership=partnership,
                           record=record, problems=list(problems), message=message,
                           programmes=programme_names(get_conn(), current_language())), status


@bp.route("/partnerships/<path:partnership_id>/activities/new", methods=["GET", "POST"])
@writer_required
def record_activity(partnership_id: str):
    """Record an activity of a partnership; it waits for review when an editor records it."""
    partnership = _visible(PARTNERSHIP, partnership_id)
    must_write(PARTNERSHIP, partnership)
    form = with_kinds(ActivityForm())
    if not form.validate_on_submit():
        return form_page(form, partnership, None, status=400 if request.method == "POST"
                         else 200)
    try:
        with writing() as conn:
            made = edits.create(conn, ACTIVITY, {**record_values(form),
                                                 "partnership_id": partnership_id},
                                edit(form.note.data))
    except InvalidRecord as error:
        return form_page(form, partnership, None, show_problems(form, error), status=400)
    except Refusal as error:
        return refused_page(error)
    flash(saved_message(made))
    return card_of(made)


@bp.route("/activities/<path:activity_id>/edit", methods=["GET", "POST"])
@writer_required
def edit_activity(activity_id: str):
    """Change an activity; a save begun before someone else's is refused."""
    record = _visible(ACTIVITY, activity_id)
    must_write(ACTIVITY, record)
    partnership = _partnership_of(record)
    form = with_kinds(ActivityForm(data={**record, "version": record["version"]}
                                   if request.method == "GET" else None))
    if not form.validate_on_submit():
        return form_page(form, partnership, record, status=400 if request.method == "POST"
                         else 200)
    try:
        with writing() as conn:
            saved = edits.update_record(conn, ACTIVITY, activity_id, record_values(form),
                                        form.started_from(), edit(form.note.data))
    except InvalidRecord as error:
        return form_page(form, partnership, record, show_problems(form, error), status=400)
    except Refusal as error:
        return form_page(form, partnership, record, message=explained(error),
                         status=error.status)
    flash(saved_message(saved))
    return card_of(saved)


def _partnership_of(record: dict) -> dict | None:
    if not record.get("partnership_id"):
        return None
    return edits.visible(get_conn(), PARTNERSHIP, record["partnership_id"], current_writer())


def for_writers(partnership_id: str) -> dict:
    """What a partnership's card shows those who write: its activities awaiting review
    that they may see, and the history of all its activities (with their titles)."""
    conn, writer = get_conn(), current_writer()
    found = of_partnership(conn, partnership_id)
    waiting = [dict(a) for a in found if a["review_state"] in UNPUBLISHED
               and access.may_see(conn, writer, ACTIVITY, dict(a))]
    return {"waiting": waiting, "titles": {a["id"]: a["title"] for a in found},
            "changes": history.changes_of_many(conn, "activity", [a["id"] for a in found])}
