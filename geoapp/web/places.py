"""A place's card (what, where, partners, its small map and its history) and the forms
that fix a place: move it (drag its marker or type coordinates) and correct its name,
website, status and address."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _

from geoapp.errors import InvalidRecord, NotFound, Refusal
from geoapp.regiontree import RegionTree
from geoapp.store import access, edits, history, statuses
from geoapp.store.models import LOCATION_PRECISIONS, PLACE_STATUSES, REVIEW_STATES
from geoapp.store.queries import (
    get_place,
    place_partners,
    place_points,
    place_programme_codes,
    programme_names,
)
from geoapp.store.records import PARTNERSHIP, PLACE, read
from geoapp.web import i18n
from geoapp.web.auth import current_writer, writer_required
from geoapp.web.caching import get_atlas
from geoapp.web.db import get_conn, writing
from geoapp.web.forms import MoveForm, NoteForm, PlaceForm, StateForm, record_values, show_problems
from geoapp.web.i18n import current_language
from geoapp.web.writing import (
    PRECISION_WORDS,
    REVIEW_LABELS,
    edit,
    explained,
    history_rows,
    must_write,
)

bp = Blueprint("places", __name__)


def _visible(place_id: str) -> dict:
    try:
        return edits.visible(get_conn(), PLACE, place_id, current_writer())
    except NotFound:
        abort(404, description=_("No place with id %(id)s.", id=place_id))


def precision_choices() -> list[tuple[str, str]]:
    """How precise a position is, in the reader's language."""
    return [(value, str(PRECISION_WORDS[value])) for value in LOCATION_PRECISIONS]


def map_config(record: dict, draggable: bool, partners: list) -> dict:
    """What place-map.js needs: where the place and its partners are, the basemap, the
    words of its buttons, and the move form's inputs."""
    conn, lang = get_conn(), current_language()
    points = place_points(conn, [p["partner_id"] for p in partners])
    return {"lon": record["lon"], "lat": record["lat"], "zoom": 15 if draggable else 12,
            "tileUrl": current_app.config["TILE_URL"],
            "attribution": current_app.config["TILE_ATTRIBUTION"], "draggable": draggable,
            "title": record["name"], "inputs": {"lon": "lon", "lat": "lat",
                                                "precision": "location_precision"},
            "words": {"zoomIn": _("Zoom in"), "zoomOut": _("Zoom out")},
            "partners": [{"name": p["partner_name"], "lon": points[p["partner_id"]][0],
                          "lat": points[p["partner_id"]][1],
                          "url": url_for("pages.place_card", place_id=p["partner_id"],
                                         lang=lang)}
                         for p in partners if points.get(p["partner_id"], (None,))[0] is not None]}


def visible_partners(place_id: str) -> list:
    """The place's partnerships its reader may see: published ones, and their own."""
    conn, writer = get_conn(), current_writer()
    if writer is None:
        return place_partners(conn, place_id)
    found = place_partners(conn, place_id, tuple(s for s in REVIEW_STATES if s != "withdrawn"))
    return [row for row in found if row.review_state == "published" or access.may_see(
        conn, writer, PARTNERSHIP, read(conn, PARTNERSHIP, row.id))]


def render_card(place_id: str, move_form: MoveForm | None = None, message: str = "",
                status: int = 200):
    """The place's card, with the forms its reader may use."""
    record, conn, writer, lang = _visible(place_id), get_conn(), current_writer(), \
        i18n.current_language()
    place, atlas = get_place(conn, place_id), get_atlas()
    may_write = access.may_write(conn, writer, PLACE, record)
    if may_write and move_form is None:
        move_form = MoveForm(data={**record, "version": record["version"]})
    if move_form is not None:
        move_form.location_precision.choices = precision_choices()
    programmes, partners = programme_names(conn, lang), visible_partners(place_id)
    return render_template(
        "place.html", place=place, record=record, message=message, labels=i18n,
        where=[atlas.name(code, lang) for code in reversed(atlas.path(place["region_code"]))],
        partners=partners, programme_names=programmes,
        programmes=[programmes.get(c, c) for c in place_programme_codes(conn, place_id)],
        review_labels=REVIEW_LABELS, may_write=may_write,
        may_review=may_write and writer.reviews, move_form=move_form if may_write else None,
        state_form=StateForm(version=record["version"]) if may_write else None,
        revert_form=NoteForm() if may_write and writer.reviews else None,
        map_config=map_config(record, may_write, partners),
        listed=listed_statuses(conn, atlas, place["region_code"]),
        history=history_rows(history.changes_of(conn, "place", place_id))), status


def listed_statuses(conn, atlas, region_code: str | None) -> dict:
    """The list's statuses in force at a place's regions, and its hromada's settlements."""
    tree = RegionTree(atlas.levels, atlas.parents, atlas.names)
    found = statuses.read_statuses(conn)
    hromada = tree.at_level(region_code, "hromada")
    return {"edition": found.edition, "along": found.along(tree, region_code),
            "settlements": statuses.settlement_counts(conn, hromada, tree)}


@bp.post("/places/<path:place_id>/move")
@writer_required
def move(place_id: str):
    """Move a place to the coordinates sent; its precision becomes what the writer chose."""
    must_write(PLACE, _visible(place_id))
    form = MoveForm()
    form.location_precision.choices = precision_choices()
    try:
        with writing() as conn:
            edits.update_record(conn, PLACE, place_id, record_values(form), form.started_from(),
                                edit(form.note.data), action="move")
    except InvalidRecord as error:
        problems = show_problems(form, error)
        return render_card(place_id, form, "; ".join(problems), 400)
    except Refusal as error:
        return render_card(place_id, form, explained(error), error.status)
    flash(_("The place is moved."))
    return redirect(url_for("pages.place_card", place_id=place_id, lang=current_language()))


def with_choices(form: PlaceForm) -> PlaceForm:
    """Fill the status list in the reader's language."""
    form.status.choices = [(s, str(i18n.STATUS_LABELS[s])) for s in PLACE_STATUSES]
    return form


@bp.route("/places/<path:place_id>/edit", methods=["GET", "POST"])
@writer_required
def edit_place(place_id: str):
    """Correct a place's name, website, status or address."""
    record = _visible(place_id)
    must_write(PLACE, record)
    form = with_choices(PlaceForm(data={**record, "version": record["version"]}
                                  if request.method == "GET" else None))
    problems, message, status = [], "", 200
    if form.validate_on_submit():
        try:
            with writing() as conn:
                edits.update_record(conn, PLACE, place_id, record_values(form),
                                    form.started_from(), edit(form.note.data))
        except InvalidRecord as error:
            problems, status = show_problems(form, error), 400
        except Refusal as error:
            message, status = explained(error), error.status
        else:
            flash(_("Saved."))
            return redirect(url_for("pages.place_card", place_id=place_id, lang=current_language()))
    return render_template("place_form.html", form=form, problems=problems, message=message,
                           record=record), status
