"""Users who write, their roles and regions, their passwords and API tokens.

Passwords are kept only as scrypt hashes and API tokens only as SHA-256 hashes: neither
can be read back, and neither is ever logged.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass

from sqlalchemy import Connection, delete, func, insert, select, update
from werkzeug.security import check_password_hash, generate_password_hash

from geoapp.errors import N_, InvalidRecord, NotFound
from geoapp.store.models import ROLES, ApiToken, Region, User, user_regions
from geoapp.store.queries import existing_ids

users = User.__table__
tokens = ApiToken.__table__
MIN_PASSWORD = 10
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
TOKEN_PREFIX = "geoapp_"
# Compared against when no user has the e-mail, so that a miss takes as long as a hit.
_DUMMY_HASH = generate_password_hash("not a password of anyone", method="scrypt")


@dataclass(frozen=True)
class Writer:
    """A signed-in user as the store sees them: who, which role, in which regions."""

    id: int
    email: str
    name: str
    role: str
    regions: tuple[str, ...] = ()
    active: bool = True

    @property
    def reviews(self) -> bool:
        """Whether they may publish, reject and revert (reviewers and administrators)."""
        return self.role in ("reviewer", "administrator")

    @property
    def administers(self) -> bool:
        """Whether they manage users and may write everywhere."""
        return self.role == "administrator"


def now() -> dt.datetime:
    """The current time in UTC, without a zone (both stores keep naive timestamps)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def normal_email(email: str) -> str:
    """An e-mail address as stored: trimmed and lower-cased."""
    return (email or "").strip().lower()


def _writer(conn: Connection, row) -> Writer:
    regions = conn.execute(select(user_regions.c.region_code).where(
        user_regions.c.user_id == row.id).order_by(user_regions.c.region_code)).scalars()
    return Writer(row.id, row.email, row.name, row.role, tuple(regions), bool(row.active))


def find_user(conn: Connection, user_id: int) -> Writer | None:
    """The user with this id, or None."""
    row = conn.execute(select(users).where(users.c.id == user_id)).first()
    return _writer(conn, row) if row else None


def by_email(conn: Connection, email: str) -> Writer | None:
    """The user with this e-mail address, or None."""
    row = conn.execute(select(users).where(users.c.email == normal_email(email))).first()
    return _writer(conn, row) if row else None


def all_users(conn: Connection) -> list[Writer]:
    """Every user, by e-mail."""
    return [_writer(conn, row) for row in conn.execute(select(users).order_by(users.c.email))]


def check_user(conn: Connection, email: str, name: str, password: str | None, role: str,
               regions: tuple[str, ...], new: bool) -> None:
    """Refuse a user's fields that are wrong, naming each."""
    problems: dict[str, tuple[str, dict]] = {}
    email = normal_email(email)
    if not EMAIL.match(email) or len(email) > 254:
        problems["email"] = (N_("%(value)s is not an e-mail address"), {"value": email[:80]})
    elif new and by_email(conn, email):
        problems["email"] = (N_("a user with this e-mail already exists"), {})
    if new and not (name or "").strip():
        problems["name"] = (N_("give a name"), {})
    if password is not None and len(password) < MIN_PASSWORD:
        problems["password"] = (N_("at least %(count)s characters"), {"count": MIN_PASSWORD})
    if role not in ROLES:
        problems["role"] = (N_("expected one of %(values)s"), {"values": ", ".join(ROLES)})
    unknown = sorted(set(regions) - existing_ids(conn, Region.__table__, list(regions)))
    if unknown:
        problems["regions"] = (N_("no region has the code %(code)s"), {"code": unknown[0]})
    elif role in ("editor", "reviewer") and not regions:
        problems["regions"] = (N_("an editor or reviewer needs at least one region"), {})
    if problems:
        raise InvalidRecord(problems)


def add_user(conn: Connection, email: str, name: str, password: str, role: str,
             regions: tuple[str, ...] = ()) -> Writer:
    """Create a user; InvalidRecord names a wrong field."""
    check_user(conn, email, name, password, role, regions, new=True)
    user_id = conn.execute(insert(users).values(
        email=normal_email(email), name=name.strip(), role=role, active=True, created_at=now(),
        password_hash=generate_password_hash(password, method="scrypt"))).inserted_primary_key[0]
    _set_regions(conn, user_id, regions)
    return find_user(conn, user_id)


def _known(conn: Connection, email: str) -> Writer:
    found = by_email(conn, email)
    if found is None:
        raise NotFound(f"no user has the e-mail {normal_email(email)!r}")
    return found


def _set_regions(conn: Connection, user_id: int, regions: tuple[str, ...]) -> None:
    conn.execute(delete(user_regions).where(user_regions.c.user_id == user_id))
    if regions:
        conn.execute(insert(user_regions), [{"user_id": user_id, "region_code": code}
                                            for code in dict.fromkeys(regions)])


def set_role(conn: Connection, email: str, role: str, regions: tuple[str, ...]) -> Writer:
    """Give a user a role and the regions it applies in (administrators need none)."""
    user = _known(conn, email)
    regions = () if role == "administrator" else regions
    check_user(conn, user.email, user.name, None, role, regions, new=False)
    conn.execute(update(users).where(users.c.id == user.id).values(role=role))
    _set_regions(conn, user.id, regions)
    return find_user(conn, user.id)


def set_active(conn: Connection, email: str, active: bool) -> Writer:
    """Disable a user (they can no longer sign in or use their tokens), or enable them."""
    user = _known(conn, email)
    conn.execute(update(users).where(users.c.id == user.id).values(active=active))
    return find_user(conn, user.id)


def set_password(conn: Connection, email: str, password: str) -> None:
    """Replace a user's password."""
    user = _known(conn, email)
    check_user(conn, user.email, user.name, password, user.role, user.regions, new=False)
    conn.execute(update(users).where(users.c.id == user.id).values(
        password_hash=generate_password_hash(password, method="scrypt")))


def signed_in(conn: Connection, email: str, password: str) -> Writer | None:
    """The active user with this e-mail and password, or None."""
    row = conn.execute(select(users).where(users.c.email == normal_email(email))).first()
    matches = check_password_hash(row.password_hash if row else _DUMMY_HASH, password or "")
    if row is None or not matches or not row.active:
        return None
    return _writer(conn, row)


def token_hash(token: str) -> str:
    """The SHA-256 of a token: what the store keeps instead of the token."""
    return hashlib.sha256(token.encode()).hexdigest()


def make_token(conn: Connection, user_id: int, label: str) -> str:
    """Make an API token for a user; return it (it is shown once, then only its hash is kept)."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    conn.execute(insert(tokens).values(user_id=user_id, token_hash=token_hash(token),
                                       label=(label or "").strip()[:200] or "API",
                                       created_at=now()))
    return token


def token_user(conn: Connection, token: str) -> Writer | None:
    """The active user of a token that is not revoked, or None."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    row = conn.execute(
        select(users).join(tokens, tokens.c.user_id == users.c.id)
        .where(tokens.c.token_hash == token_hash(token), tokens.c.revoked_at.is_(None),
               users.c.active.is_(True))).first()
    return _writer(conn, row) if row else None


def user_tokens(conn: Connection, user_id: int) -> list:
    """A user's tokens (label, when made, whether revoked), newest first."""
    return conn.execute(select(tokens.c.id, tokens.c.label, tokens.c.created_at,
                               tokens.c.revoked_at).where(tokens.c.user_id == user_id)
                        .order_by(tokens.c.id.desc())).mappings().all()


def revoke_token(conn: Connection, user_id: int, token_id: int) -> bool:
    """Revoke one of a user's tokens; False when they have no such token."""
    done = conn.execute(update(tokens).where(
        tokens.c.id == token_id, tokens.c.user_id == user_id, tokens.c.revoked_at.is_(None))
        .values(revoked_at=now()))
    return done.rowcount == 1


def count_users(conn: Connection) -> int:
    """How many users exist."""
    return conn.execute(select(func.count()).select_from(users)).scalar()
