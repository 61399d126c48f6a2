"""The people of the fixture world who write: an editor and a reviewer of each oblast."""

from __future__ import annotations

from geoapp.store import Store
from geoapp.store.users import Writer, add_user

PASSWORD = "correct horse battery staple"
PEOPLE = {
    # key: (e-mail, name, role, regions)
    "poltava_editor": ("olena@poltava.example.org", "Olena", "editor", ("UA53",)),
    "poltava_reviewer": ("petro@poltava.example.org", "Petro", "reviewer", ("UA53",)),
    "donetsk_editor": ("dmytro@donetsk.example.org", "Dmytro", "editor", ("UA14",)),
    "admin": ("admin@example.org", "Admin", "administrator", ()),
}


def add_people(store: Store) -> dict[str, Writer]:
    """Create the fixture world's writers (all with PASSWORD); return them by key."""
    with store.engine.begin() as conn:
        return {key: add_user(conn, email, name, PASSWORD, role, regions)
                for key, (email, name, role, regions) in PEOPLE.items()}
