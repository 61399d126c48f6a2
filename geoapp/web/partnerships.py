"""Partnerships for those who record: propose one (both ends filled from a candidate row
or a card), its card with the history, edit it, end it."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from geoapp.errors import InvalidRecord, NotFound, Refusal
from geoapp.store import access, edits, history
from geoapp.store.activities import places_of, timeline
from geoapp.store.models import PARTNERSHIP_STATUSES
from geoapp.store.queries import PlaceFilter, find_places, get_place, programme_names
from geoapp.store.records import PARTNERSHIP
from geoapp.web import i18n
from geoapp.web.activities import for_writers
from geoapp.web.auth import current_writer, writer_required
from geoapp.web.db import get_conn, writing
from geoapp.web.forms import (
    EndForm,
    NoteForm,
    PartnershipForm,
    StateForm,
    record_values,
    show_problems,
)
from geoapp.web.i18n import current_language
from geoapp.web.writing import (
    REVIEW_LABELS,
    edit,
    explained,
    history_rows,
    must_write,
    refused_page,
)

bp = Blueprint("partnerships", __name__)


def with_choices(form: PartnershipForm) -> PartnershipForm:
    """Fill the programme and status lists in the reader's language."""
    names = programme_names(get_conn(), i18n.current_language())
    form.programme_code.choices = [("", _("No programme")), *names.items()]
    form.status.choices = [(s, str(i18n.STATUS_LABELS[s])) for s in PARTNERSHIP_STATUSES]
    return form


def to_card(partnership_id: str):
    """Go to the partnership's card, in the reader's language."""
    return redirect(url_for("partnerships.card", partnership_id=partnership_id,
                            lang=current_language()))


def saved_message(record: dict) -> str:
    """What the writer is told once a partnership is saved."""
    if record["review_state"] == "pending":
        return _("Saved. It waits for a reviewer before it shows on the public map.")
    return _("Saved.")


@bp.route("/partnerships/new", methods=["GET", "POST"])
@writer_required
def propose():
    """Propose a partnership; ``?place_a=`` and ``?place_b=`` fill its two ends."""
    form = with_choices(PartnershipForm())
    if request.method == "GET":
        form.place_a_id.data = request.args.get("place_a", "")
        form.place_b_id.data = request.args.get("place_b", "")
        form.status.data = "active"
    problems, status = [], 200
    if form.validate_on_submit():
        try:
            with writing() as conn:
                made = edits.create(conn, PARTNERSHIP, record_values(form), edit(form.note.data))
        except InvalidRecord as error:
            problems, status = show_problems(form, error), 400
        except Refusal as error:
            return refused_page(error)
        else:
            flash(saved_message(made))
            return to_card(made["id"])
    return render_template("partnership_form.html", form=form, problems=problems,
                           ends=ends_of(form), found=partner_search(), record=None), status


def ends_of(form: PartnershipForm) -> list:
    """The names of the places the form's two ends name, where they exist."""
    conn = get_conn()
    return [get_place(conn, (field.data or "").strip()) for field in
            (form.place_a_id, form.place_b_id)]


def partner_search() -> list:
    """Places whose name contains ``?q=``, to pick the other end from."""
    q = (request.args.get("q") or "").strip()[:200]
    return find_places(get_conn(), PlaceFilter(q=q), limit=20) if q else []


def _visible(partnership_id: str) -> dict:
    try:
        return edits.visible(get_conn(), PARTNERSHIP, partnership_id, current_writer())
    except NotFound:
        abort(404, description=_("No partnership with id %(id)s.", id=partnership_id))


@bp.get("/partnerships/<path:partnership_id>")
def card(partnership_id: str):
    """A partnership: its two places, programme, dates, source, review state and history."""
    return render_card(partnership_id)


def render_card(partnership_id: str, end_form: EndForm | None = None, message: str = "",
                status: int = 200):
    """The partnership's card, with the forms its reader may use."""
    record, conn, writer = _visible(partnership_id), get_conn(), current_writer()
    may_write = access.may_write(conn, writer, PARTNERSHIP, record)
    if may_write and end_form is None:
        end_form = EndForm(version=record["version"])
    events = timeline(conn, partnership_id, (record["place_a_id"], record["place_b_id"]))
    ours = for_writers(partnership_id) if writer else {"waiting": [], "titles": {}, "changes": []}
    changes = sorted([*history.changes_of(conn, "partnership", partnership_id),
                      *ours["changes"]], key=lambda entry: entry.id, reverse=True)
    return render_template(
        "partnership.html", record=record, message=message, events=events,
        held=places_of(conn, [event["id"] for event in events]),
        places=[get_place(conn, record["place_a_id"]), get_place(conn, record["place_b_id"])],
        programmes=programme_names(conn, i18n.current_language()), labels=i18n,
        review_labels=REVIEW_LABELS, may_write=may_write,
        may_review=may_write and writer.reviews, end_form=end_form if may_write else None,
        state_form=StateForm(version=record["version"]) if may_write else None,
        revert_form=NoteForm() if may_write and writer.reviews else None,
        waiting=ours["waiting"], history=history_rows(changes, ours["titles"])
    ), status


@bp.route("/partnerships/<path:partnership_id>/edit", methods=["GET", "POST"])
@writer_required
def edit_partnership(partnership_id: str):
    """Change a partnership; a save begun before someone else's is refused."""
    record = _visible(partnership_id)
    must_write(PARTNERSHIP, record)
    form = with_choices(PartnershipForm(data={**record, "version": record["version"]}
                                        if request.method == "GET" else None))
    problems, message, status = [], "", 200
    if form.validate_on_submit():
        try:
            with writing() as conn:
                saved = edits.update_record(conn, PARTNERSHIP, partnership_id,
                                            record_values(form), form.started_from(),
                                            edit(form.note.data))
        except InvalidRecord as error:
            problems, status = show_problems(form, error), 400
        except Refusal as error:
            message, status = explained(error), error.status
        else:
            flash(saved_message(saved))
            return to_card(partnership_id)
    return render_template("partnership_form.html", form=form, problems=problems,
                           message=message, ends=ends_of(form), found=[], record=record), status


@bp.post("/partnerships/<path:partnership_id>/end")
@writer_required
def end(partnership_id: str):
    """End a partnership on a date: its status becomes ended."""
    record = _visible(partnership_id)
    must_write(PARTNERSHIP, record)
    form = EndForm()
    if not form.validate_on_submit():
        return render_card(partnership_id, form, status=400)
    if not form.end_date.data:
        form.end_date.errors = [_("required")]
        return render_card(partnership_id, form, status=400)
    try:
        with writing() as conn:
            edits.update_record(conn, PARTNERSHIP, partnership_id,
                                {"end_date": form.end_date.data or None, "status": "ended"},
                                form.started_from(), edit(form.note.data))
    except InvalidRecord as error:
        show_problems(form, error)
        return render_card(partnership_id, form, status=400)
    except Refusal as error:
        return render_card(partnership_id, form, explained(error), error.status)
    flash(_("The partnership is recorded as ended."))
    return to_card(partnership_id)
