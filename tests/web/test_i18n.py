"""Five complete catalogues, and the language chosen by ?lang=, Accept-Language or default."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from geoapp.store.models import LANGUAGES
from geoapp.web.i18n import TRANSLATIONS

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"%\(\w+\)s")


@pytest.fixture(scope="module")
def source_messages(tmp_path_factory) -> set[str]:
    """Every message the code and templates mark today, extracted as the README says."""
    pot = tmp_path_factory.mktemp("i18n") / "messages.pot"
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run([str(pybabel), "extract", "-F", "babel.cfg", "-k", "lazy_gettext",
                    "--no-location", "-o", str(pot), "."], cwd=ROOT, check=True,
                   capture_output=True)
    with pot.open("rb") as f:
        return {m.id for m in read_po(f) if m.id}


def plain(value):
    """A message id or string, plural ones as tuples, comparable and hashable."""
    return value if isinstance(value, str) else tuple(value)


def catalogue(lang: str):
    with (TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return read_po(f, locale=lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalogue_translates_every_message(lang: str, source_messages: set[str]) -> None:
    translated = {m.id: m for m in catalogue(lang) if m.id and m.string}
    missing = sorted(source_messages - set(translated))
    assert missing == [], f"{lang} lacks {len(missing)} messages: {missing[:10]}"
    fuzzy = sorted(m.id for m in translated.values() if m.fuzzy)
    assert fuzzy == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_translations_keep_their_placeholders(lang: str) -> None:
    for message in catalogue(lang):
        if not message.id:
            continue
        source = message.id if isinstance(message.id, str) else message.id[-1]
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        for form in forms:
            assert sorted(PLACEHOLDER.findall(form)) == sorted(
                PLACEHOLDER.findall(source)), message.id


@pytest.mark.parametrize("lang", LANGUAGES)
def test_plural_messages_have_every_form_of_the_language(lang: str) -> None:
    found = catalogue(lang)
    plurals = [m for m in found if m.id and m.pluralizable]
    assert plurals, "the counts of places are plural messages (ngettext)"
    for message in plurals:
        assert len(message.string) == found.num_plurals, message.id
        assert all(message.string), message.id


@pytest.mark.parametrize("lang", LANGUAGES)
def test_compiled_catalogue_matches_its_source(lang: str) -> None:
    with (TRANSLATIONS / lang / "LC_MESSAGES" / "messages.mo").open("rb") as f:
        compiled = {plain(m.id): plain(m.string) for m in read_mo(f) if m.id}
    source = {plain(m.id): plain(m.string) for m in catalogue(lang)
              if m.id and m.string and not m.fuzzy}
    assert compiled == source, "run `pybabel compile -d geoapp/translations`"


@pytest.mark.parametrize(("query", "header", "expected"), [
    ("?lang=kk", "en", "Мектептер мен серіктестіктер атласы"),
    ("?lang=ro", "uk", "Atlasul școlilor și parteneriatelor"),
    ("", "ru-RU,ru;q=0.9", "Атлас школ и партнёрств"),
    ("", "en-GB,en;q=0.8", "Atlas of schools and partnerships"),
    ("", "de-DE", "Атлас шкіл і партнерств"),
    ("?lang=xx", "", "Атлас шкіл і партнерств"),
])
def test_language_from_query_then_browser_then_ukrainian(client, query, header, expected):
    page = client.get(f"/list{query}", headers={"Accept-Language": header}).get_data(True)
    assert 'class="brand"' in page and expected in page


def test_switcher_links_every_language_keeping_the_filters(client) -> None:
    page = client.get("/list?lang=en&kind=school").get_data(True)
    for lang in ("uk", "ru", "kk", "ro"):
        assert f'href="/list?lang={lang}&amp;kind=school"' in page
    assert '<strong lang="en" aria-current="true">English</strong>' in page
