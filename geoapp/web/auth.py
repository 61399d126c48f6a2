"""Signing in and out: sessions in signed cookies (Flask-Login), CSRF on every form
(Flask-WTF), failed sign-ins throttled per address (Flask-Limiter).

Readers never need a cookie: one is set only when someone opens the sign-in form or is
signed in. A password is read from the form, checked against its hash and forgotten: it
is never logged, stored or sent back.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from functools import wraps
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.sessions import SecureCookieSessionInterface
from flask_babel import gettext as _
from flask_babel import lazy_gettext
from flask_limiter import Limiter, RateLimitExceeded
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFError, CSRFProtect
from wtforms import EmailField, HiddenField, PasswordField

from geoapp.store import users
from geoapp.store.users import Writer
from geoapp.web.caching import vary_on
from geoapp.web.db import get_conn
from geoapp.web.i18n import current_language

bp = Blueprint("auth", __name__)
csrf = CSRFProtect()


class SignedIn(UserMixin):
    """The signed-in user, as Flask-Login knows them."""

    def __init__(self, writer: Writer):
        self.writer = writer
        self.id = writer.id

    @property
    def is_active(self) -> bool:
        """Disabled users cannot sign in."""
        return self.writer.active


class SignInForm(FlaskForm):
    """E-mail and password."""

    email = EmailField(lazy_gettext("E-mail"), render_kw={"autocomplete": "username"})
    password = PasswordField(lazy_gettext("Password"),
                             render_kw={"autocomplete": "current-password"})
    next = HiddenField()


def current_writer() -> Writer | None:
    """The signed-in user, or None for a reader."""
    return current_user.writer if current_user.is_authenticated else None


def writer_required(view: Callable) -> Callable:
    """Send a reader to the sign-in form; the view then runs for a signed-in user."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        if current_writer() is None:
            return redirect(url_for("auth.sign_in", next=request.full_path,
                                    lang=current_language()))
        return view(*args, **kwargs)
    return wrapper


def local_target(target: str | None) -> str:
    """Where to go after signing in: a path of this site only, else the map."""
    parts = urlsplit(target or "")
    if not target or parts.scheme or parts.netloc or not target.startswith("/") \
            or target.startswith("//") or "\\" in target:
        return url_for("pages.index", lang=current_language())
    return target


def signing_in_enabled() -> bool:
    """Signing in needs a secret key shared by every worker (GEOAPP_SECRET_KEY)."""
    return bool(current_app.config.get("SECRET_KEY"))


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    """The sign-in form; a wrong e-mail or password answers 401 and counts as a failure."""
    if not signing_in_enabled():
        abort(503, description=_("Signing in is off on this server: its administrator has "
                                 "not set GEOAPP_SECRET_KEY."))
    form = SignInForm(next=request.args.get("next", ""))
    if not form.validate_on_submit():
        return render_template("sign_in.html", form=form)
    writer = users.signed_in(get_conn(), form.email.data or "", form.password.data or "")
    if writer is None:
        form.password.errors = [_("Wrong e-mail or password.")]
        return render_template("sign_in.html", form=form), 401
    session.clear()  # a fresh session: nothing from before signing in carries over
    login_user(SignedIn(writer))
    return redirect(local_target(form.next.data))


@bp.post("/sign-out")
def sign_out():
    """End the session."""
    logout_user()
    session.clear()
    return redirect(url_for("pages.index", lang=current_language()))


def too_many_failures(error: RateLimitExceeded):
    """The sign-in form again, saying how long to wait."""
    limiter = next(iter(current_app.extensions["limiter"]))
    reset = limiter.current_limit.reset_at if limiter.current_limit else time.time() + 60
    form = SignInForm(next=request.args.get("next", ""))
    form.password.errors = [_("Too many failed sign-ins from your address: try again in "
                              "%(minutes)s min.", minutes=max(1, math.ceil((reset - time.time())
                                                                          / 60)))]
    return render_template("sign_in.html", form=form), 429


def refused_form(error: CSRFError):
    """A form sent without this session's token: refused, and nothing written."""
    return render_template("error.html", message=_(
        "The form was refused: it has expired or was not sent from this site. Go back, "
        "reload the page and send it again.")), 400


class SignedCookieSessions(SecureCookieSessionInterface):
    """Flask's sessions in signed cookies, opened without making a signer when the request
    carries no session cookie and left without one when nothing was put in them, as for
    readers' requests (the two cost a small request about 9% of its time)."""

    def open_session(self, app, request):
        if app.secret_key and self.get_cookie_name(app) not in request.cookies:
            return self.session_class()
        return super().open_session(app, request)

    def save_session(self, app, session, response):
        if session or session.modified:
            return super().save_session(app, session, response)
        if session.accessed:  # as Flask says, without parsing Vary again
            vary_on(response, "Cookie")
        return None


def load_user(user_id: str) -> SignedIn | None:
    """The signed-in user of a session, if they still exist and are enabled."""
    writer = users.find_user(get_conn(), int(user_id)) if user_id.isdigit() else None
    return SignedIn(writer) if writer and writer.active else None


def init_app(app: Flask) -> None:
    """Sessions, CSRF protection and the sign-in throttle of ``app``."""
    secure = app.config["COOKIE_SECURE"] == "on"
    app.config.update(SESSION_COOKIE_SECURE=secure, SESSION_COOKIE_HTTPONLY=True,
                      SESSION_COOKIE_SAMESITE="Lax", WTF_CSRF_TIME_LIMIT=None,
                      RATELIMIT_STORAGE_URI=app.config["LIMITER_STORAGE"],
                      RATELIMIT_HEADERS_ENABLED=False)
    app.session_interface = SignedCookieSessions()
    manager = LoginManager(app)
    manager.user_loader(load_user)
    csrf.init_app(app)
    app.register_blueprint(bp)
    limiter = Limiter(get_remote_address, app=app, default_limits=[])
    # Only signing in is throttled: the limiter's hooks run for this blueprint's requests
    # alone (they cost every other request about 5% of its time), and skip its other views.
    _hooks_for_blueprint_only(app, bp.name, limiter)
    limiter.request_filter(lambda: request.endpoint != "auth.sign_in")
    app.view_functions["auth.sign_in"] = limiter.limit(
        lambda: app.config["LOGIN_LIMIT"], methods=["POST"],
        deduct_when=lambda response: response.status_code == 401)(sign_in)
    app.register_error_handler(RateLimitExceeded, too_many_failures)
    app.register_error_handler(CSRFError, refused_form)
    app.context_processor(lambda: {"writer": current_writer()})


def _hooks_for_blueprint_only(app: Flask, blueprint: str, extension: object) -> None:
    """Move the app-wide request hooks an extension registered to one blueprint."""
    for hooks in (app.before_request_funcs, app.after_request_funcs,
                  app.teardown_request_funcs):
        mine = [hook for hook in hooks.get(None, []) if _bound_to(hook, extension)]
        hooks[None] = [hook for hook in hooks.get(None, []) if hook not in mine]
        hooks.setdefault(blueprint, []).extend(mine)


def _bound_to(hook: Callable, extension: object) -> bool:
    """Whether a hook is a method (or a partial of one) of ``extension``."""
    return getattr(hook, "__self__", None) is extension or extension in getattr(hook, "args", ())
