"""Users on both stores: hashed passwords, roles by region, disabling, API tokens."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from geoapp.errors import InvalidRecord
from geoapp.store import access, users
from geoapp.store.models import ApiToken, User
from geoapp.store.records import PARTNERSHIP, PLACE, read
from tests.support.people import PASSWORD


def test_passwords_are_kept_only_as_scrypt_hashes(store, people):
    with store.engine.connect() as conn:
        stored = conn.execute(select(User.__table__.c.password_hash)).scalars().all()
        assert all(h.startswith("scrypt:") and PASSWORD not in h for h in stored)
        assert users.signed_in(conn, "OLENA@poltava.example.org ", PASSWORD).name == "Olena"
        assert users.signed_in(conn, "olena@poltava.example.org", PASSWORD + "x") is None
        assert users.signed_in(conn, "nobody@example.org", PASSWORD) is None


def test_a_disabled_user_cannot_sign_in_or_use_a_token(store, people):
    with store.engine.begin() as conn:
        token = users.make_token(conn, people["poltava_editor"].id, "QGIS")
        assert users.token_user(conn, token).email == "olena@poltava.example.org"
        users.set_active(conn, "olena@poltava.example.org", False)
        assert users.signed_in(conn, "olena@poltava.example.org", PASSWORD) is None
        assert users.token_user(conn, token) is None


def test_tokens_are_kept_as_hashes_and_can_be_revoked(store, people):
    editor = people["poltava_editor"]
    with store.engine.begin() as conn:
        token = users.make_token(conn, editor.id, "script")
        kept = conn.execute(select(ApiToken.__table__.c.token_hash)).scalar()
        assert token.startswith("geoapp_") and kept == users.token_hash(token) != token
        assert users.token_user(conn, token + "x") is None
        token_id = users.user_tokens(conn, editor.id)[0]["id"]
        assert not users.revoke_token(conn, people["admin"].id, token_id)  # not theirs
        assert users.revoke_token(conn, editor.id, token_id)
        assert users.token_user(conn, token) is None


@pytest.mark.parametrize(("fields", "wrong"), [
    ({"email": "not-an-address"}, "email"),
    ({"email": "olena@poltava.example.org"}, "email"),
    ({"password": "short"}, "password"),
    ({"role": "king"}, "role"),
    ({"regions": ("UA99",)}, "regions"),
    ({"regions": ()}, "regions"),
])
def test_bad_user_fields_are_named(store, people, fields, wrong):
    given = {"email": "new@example.org", "name": "New", "password": PASSWORD,
             "role": "editor", "regions": ("UA53",), **fields}
    with store.engine.begin() as conn, pytest.raises(InvalidRecord) as refused:
        users.add_user(conn, **given)
    assert wrong in refused.value.fields


def test_roles_reach_every_region_below_and_nothing_else(store, people):
    with store.engine.begin() as conn:
        editor = users.set_role(conn, "olena@poltava.example.org", "editor", ("UA5302",))
        assert editor.regions == ("UA5302",)
        kremenchuk_school, donetsk_school = read(conn, PLACE, "edebo:1001"), \
            read(conn, PLACE, "edebo:1004")
        assert access.may_write(conn, editor, PLACE, kremenchuk_school)  # hromada of the raion
        assert not access.may_write(conn, editor, PLACE, donetsk_school)
        # Either end in their regions is enough for a partnership.
        link = read(conn, PARTNERSHIP, "plich:kremenchuk-chasiv-yar")
        assert access.may_write(conn, editor, PARTNERSHIP, link)
        assert access.may_write(conn, people["donetsk_editor"], PARTNERSHIP, link)
        assert access.may_write(conn, people["admin"], PLACE, read(conn, PLACE, "city:balti"))
        assert not access.may_write(conn, editor, PLACE, read(conn, PLACE, "city:balti"))
