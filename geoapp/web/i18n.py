"""The UI's five languages: ``?lang=``, then Accept-Language, then Ukrainian."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote, urlencode

from flask import Flask, request
from flask_babel import Babel, get_locale, lazy_gettext

from geoapp.store.models import LANGUAGES
from geoapp.web.typelabels import TYPE_LABELS  # noqa: F401  (labels live together)

TRANSLATIONS = Path(__file__).resolve().parents[1] / "translations"
DEFAULT_LANGUAGE = "uk"
# Each language named in itself, for the switcher.
LANGUAGE_NAMES = {"uk": "Українська", "en": "English", "ru": "Русский", "kk": "Қазақша",
                  "ro": "Română"}


def select_language() -> str:
    """The language of this request: ``?lang=`` if known, else the browser's best match."""
    asked = request.args.get("lang")
    if asked in LANGUAGES:
        return asked
    return request.accept_languages.best_match(LANGUAGES, default=DEFAULT_LANGUAGE)


def current_language() -> str:
    """The language code of the current request."""
    return str(get_locale() or DEFAULT_LANGUAGE)


def language_url(lang: str) -> str:
    """This page's URL, with every query parameter kept, in language ``lang``."""
    # Built from the path, not url_for: a query key such as _external or _anchor would
    # otherwise be read by url_for as one of its own options.
    args = [(key, value) for key, value in request.args.items(multi=True) if key != "lang"]
    query = urlencode([("lang", lang), *args], safe=",:")
    return quote(request.script_root + request.path) + "?" + query


def init_app(app: Flask) -> None:
    """Attach Flask-Babel and give templates the language switcher's helpers."""
    Babel(app, locale_selector=select_language,
          default_translation_directories=str(TRANSLATIONS))
    app.context_processor(lambda: {
        "languages": LANGUAGE_NAMES, "current_language": current_language,
        "language_url": language_url,
    })


# The words of the data, shown in the reader's language (lazy: resolved per request).
KIND_LABELS = {
    "school": lazy_gettext("School"), "vocational": lazy_gettext("Vocational institution"),
    "kindergarten": lazy_gettext("Kindergarten"), "stem_centre": lazy_gettext("STEM centre"),
    "teacher_centre": lazy_gettext("Teacher development centre"),
    "community": lazy_gettext("Community"), "authority": lazy_gettext("Education authority"),
}
STATUS_LABELS = {
    "operating": lazy_gettext("Operating"), "suspended": lazy_gettext("Suspended"),
    "closed": lazy_gettext("Closed"), "proposed": lazy_gettext("Proposed"),
    "active": lazy_gettext("Active"), "ended": lazy_gettext("Ended"),
}
PRECISION_LABELS = {
    "exact": lazy_gettext("Placed at its exact address."),
    "settlement": lazy_gettext("Placed at the centre of its settlement: the register gives "
                               "no coordinates, so the point is approximate."),
    "community_centroid": lazy_gettext("Placed at the centre of its community: the exact "
                                       "location is unknown and may be kilometres away."),
}
# The same, short enough for a table's cell (exports).
PRECISION_SHORT = {
    "exact": lazy_gettext("Exact address"), "settlement": lazy_gettext("Settlement centre"),
    "community_centroid": lazy_gettext("Community centre"),
}
AREA_LABELS = {
    "education": lazy_gettext("Education"), "research": lazy_gettext("Research"),
    "youth_sport": lazy_gettext("Youth and sport"), "culture": lazy_gettext("Culture"),
    "inclusion": lazy_gettext("Inclusion"), "economy": lazy_gettext("Economy"),
    "social": lazy_gettext("Social services"),
    "infrastructure": lazy_gettext("Infrastructure"), "governance": lazy_gettext("Governance"),
    "safety": lazy_gettext("Safety"),
}
LEVEL_LABELS = {
    "country": lazy_gettext("Country"), "oblast": lazy_gettext("Oblast / region"),
    "raion": lazy_gettext("Raion / district"), "hromada": lazy_gettext("Hromada / community"),
}
FIELD_LABELS = {
    "name": lazy_gettext("Name"), "kind": lazy_gettext("Kind"), "type": lazy_gettext("Type"),
    "status": lazy_gettext("Status"), "address": lazy_gettext("Address"),
    "website": lazy_gettext("Website"), "location_precision": lazy_gettext("Location"),
    "region_code": lazy_gettext("Region"), "note": lazy_gettext("Note"),
    "title": lazy_gettext("Title"), "programme_code": lazy_gettext("Programme"),
    "start_date": lazy_gettext("Start"), "end_date": lazy_gettext("End"),
    "areas": lazy_gettext("Areas of cooperation"), "source": lazy_gettext("Source"),
    "place_a_id": lazy_gettext("First place"), "place_b_id": lazy_gettext("Second place"),
    "code": lazy_gettext("Code"), "level": lazy_gettext("Level"),
    "parent_code": lazy_gettext("Parent region"),
    "name_uk": lazy_gettext("Name (Ukrainian)"), "name_en": lazy_gettext("Name (English)"),
    "name_ru": lazy_gettext("Name (Russian)"), "name_kk": lazy_gettext("Name (Kazakh)"),
    "name_ro": lazy_gettext("Name (Romanian)"),
}


def plural_forms(form_of: Callable[[int], str]) -> dict[str, str]:
    """A message's forms by plural category of the current language (one, few, many, other).

    ``form_of(n)`` is the raw catalogue form for ``n`` (with ``%(num)s`` left in, for
    map.js to fill once Intl.PluralRules has chosen the category).
    """
    locale = get_locale()
    found: dict[str, str] = {}
    for n in range(0, 112):
        found.setdefault(locale.plural_form(n) if locale else "other", form_of(n))
    found.setdefault("other", found.get("many") or form_of(2))
    return found


def full_screen_titles() -> tuple[str, str]:
    """The full-screen button's titles."""
    return str(lazy_gettext("Full screen")), str(lazy_gettext("Leave full screen"))


def words(labels: dict) -> dict[str, str]:
    """A label table resolved in the current language, for templates and map.js."""
    return {key: str(value) for key, value in labels.items()}
