"""``geoapp users``: the first administrator, roles by region, disabling; no password shown."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from geoapp.cli import main
from geoapp.store import users

SECRET = "a long enough secret"


@pytest.fixture
def run(store, monkeypatch):
    """Run ``geoapp`` against the fixture world, with ``stdin`` as its input."""
    monkeypatch.setenv("GEOAPP_DATABASE_URL", store.url)

    def invoke(*args, stdin: str | None = None):
        return CliRunner().invoke(main, list(args), input=stdin, catch_exceptions=False)
    return invoke


def test_the_first_administrator_is_added_at_a_hidden_prompt(run, store):
    result = run("users", "add", "Admin@Example.org", "--name", "Admin", "--role",
                 "administrator", stdin=f"{SECRET}\n{SECRET}\n")
    assert result.exit_code == 0, result.output
    assert "added admin@example.org (Admin): administrator" in result.output
    assert SECRET not in result.output
    with store.engine.connect() as conn:
        assert users.signed_in(conn, "admin@example.org", SECRET).administers


def test_roles_by_region_disable_and_list(run, store):
    assert run("users", "add", "o@example.org", "--name", "Olena", "--role", "editor",
               "--region", "UA53", "--password-stdin", stdin=SECRET + "\n").exit_code == 0
    result = run("users", "set-role", "o@example.org", "reviewer", "--region", "UA53",
                 "--region", "UA14")
    assert "now o@example.org (Olena): reviewer in UA14, UA53" in result.output
    assert "disabled" in run("users", "disable", "o@example.org").output
    assert run("users", "list").output.strip() == \
        "o@example.org (Olena): reviewer in UA14, UA53, disabled"
    with store.engine.connect() as conn:
        assert users.signed_in(conn, "o@example.org", SECRET) is None


@pytest.mark.parametrize(("args", "says"), [
    (("users", "add", "o@example.org", "--name", "O", "--role", "editor", "--region", "UA99",
      "--password-stdin"), "regions: no region has the code UA99"),
    (("users", "add", "o@example.org", "--name", "O", "--role", "editor",
      "--password-stdin"), "regions: an editor or reviewer needs at least one region"),
    (("users", "set-role", "nobody@example.org", "editor", "--region", "UA53"),
     "no user has the e-mail 'nobody@example.org'"),
])
def test_refusals_name_the_field_and_change_nothing(run, store, args, says):
    result = run(*args, stdin=SECRET + "\n")
    assert result.exit_code == 1 and says in result.output
    with store.engine.connect() as conn:
        assert users.count_users(conn) == 0


def test_a_short_password_is_refused_without_echoing_it(run):
    result = run("users", "add", "o@example.org", "--name", "O", "--role", "administrator",
                 "--password-stdin", stdin="short\n")
    assert result.exit_code == 1 and "password: at least 10 characters" in result.output
    assert "short" not in result.output
