"""Signing in through the test client: the form's CSRF token, then e-mail and password."""

from __future__ import annotations

import re

from tests.support.people import PASSWORD, PEOPLE

SECRET_KEY = "a test key, the same for every worker"
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_of(html: str) -> str:
    """The CSRF token of the first form of a page."""
    found = TOKEN.search(html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


def sign_in(client, who: str, password: str = PASSWORD):
    """Sign ``who`` (a key of PEOPLE) in; return the response of the form."""
    token = csrf_of(client.get("/sign-in?lang=en").get_data(True))
    return client.post("/sign-in?lang=en", data={"email": PEOPLE[who][0], "password": password,
                                                 "csrf_token": token})


def post_form(client, page: str, action: str, data: dict, **kwargs):
    """Open ``page``, then send ``data`` to ``action`` with the page's CSRF token."""
    token = csrf_of(client.get(page).get_data(True))
    return client.post(action, data={**data, "csrf_token": token}, **kwargs)
