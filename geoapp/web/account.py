"""A user's own page (role, regions, what awaits review, API tokens), and the
administrators' page of users."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from geoapp.errors import InvalidRecord, NotFound
from geoapp.store import edits, users
from geoapp.store.models import ROLES
from geoapp.store.records import PARTNERSHIP, PLACE
from geoapp.web.auth import current_writer, writer_required
from geoapp.web.db import get_conn, writing
from geoapp.web.forms import EmptyForm, RoleForm, TokenForm, UserForm, region_codes, show_problems
from geoapp.web.i18n import current_language
from geoapp.web.writing import REVIEW_LABELS

bp = Blueprint("account", __name__)


def role_labels() -> dict[str, str]:
    """The roles in the reader's language."""
    return {"editor": _("Editor"), "reviewer": _("Reviewer"),
            "administrator": _("Administrator")}


def render_account(new_token: str | None = None, form: TokenForm | None = None,
                   status: int = 200):
    """The signed-in user's page."""
    conn, writer = get_conn(), current_writer()
    return render_template(
        "account.html", roles=role_labels(), token_form=form or TokenForm(),
        revoke_form=EmptyForm(), tokens=users.user_tokens(conn, writer.id),
        new_token=new_token, review_labels=REVIEW_LABELS,
        places=edits.mine(conn, PLACE, writer),
        partnerships=edits.mine(conn, PARTNERSHIP, writer)), status


@bp.get("/account")
@writer_required
def account():
    """Role, regions, proposals not yet published, API tokens."""
    return render_account()


@bp.post("/account/tokens")
@writer_required
def make_token():
    """Make an API token; it is shown once, on this answer only."""
    form = TokenForm()
    with writing() as conn:
        token = users.make_token(conn, current_writer().id, form.label.data or "")
    page, _status = render_account(new_token=token)
    return page, 201, {"Cache-Control": "no-store"}


@bp.post("/account/tokens/<int:token_id>/revoke")
@writer_required
def revoke_token(token_id: int):
    """Revoke one of the user's tokens."""
    with writing() as conn:
        if not users.revoke_token(conn, current_writer().id, token_id):
            abort(404)
    flash(_("The token is revoked."))
    return redirect(url_for("account.account", lang=current_language()))


def admin_only() -> None:
    """Answer 403 to anyone but an administrator."""
    if not current_writer().administers:
        abort(403, description=_("Only an administrator may manage users."))


def with_roles(form):
    """Fill a form's role list in the reader's language."""
    form.role.choices = list(role_labels().items())
    return form


def render_users(form: UserForm | None = None, problems: list | None = None, status=200):
    """The administrators' page of users."""
    conn = get_conn()
    people = users.all_users(conn)
    return render_template(
        "users.html", people=people, form=form or with_roles(UserForm(role="editor")),
        problems=problems or [], roles=role_labels(), role_names=ROLES,
        role_forms={u.id: with_roles(RoleForm(prefix=f"u{u.id}", role=u.role,
                                              regions=" ".join(u.regions), active=u.active))
                    for u in people}), status


@bp.get("/admin/users")
@writer_required
def user_list():
    """Every user, a form to add one, and each user's role, regions and access."""
    admin_only()
    return render_users()


@bp.post("/admin/users")
@writer_required
def add_user():
    """Add a user with a first password, which the administrator passes on."""
    admin_only()
    form = with_roles(UserForm())
    try:
        with writing() as conn:
            added = users.add_user(conn, form.email.data or "", form.name.data or "",
                                   form.password.data or "", form.role.data,
                                   region_codes(form.regions.data))
    except InvalidRecord as error:
        return render_users(form, show_problems(form, error), 400)
    flash(_("Added %(email)s.", email=added.email))
    return redirect(url_for("account.user_list", lang=current_language()))


@bp.post("/admin/users/<int:user_id>")
@writer_required
def change_user(user_id: int):
    """Change a user's role and regions, or stop them from signing in."""
    admin_only()
    person = users.find_user(get_conn(), user_id)
    if person is None:
        abort(404)
    form = with_roles(RoleForm(prefix=f"u{user_id}"))
    try:
        with writing() as conn:
            users.set_role(conn, person.email, form.role.data, region_codes(form.regions.data))
            users.set_active(conn, person.email, bool(form.active.data))
    except (InvalidRecord, NotFound) as error:
        problems = show_problems(form, error) if isinstance(error, InvalidRecord) else []
        return render_users(None, [person.email, *problems,
                                   *(e for f in form for e in f.errors)], 400)
    flash(_("Saved %(email)s.", email=person.email))
    return redirect(url_for("account.user_list", lang=current_language()))
