"""The UI's five languages: ``?lang=``, then Accept-Language, then Ukrainian."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote, urlencode

from babel import Locale
from flask import Flask, request
from flask_babel import Babel, get_locale, lazy_gettext
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

from geoapp.dates import describe
from geoapp.maps.features import title_in
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
    return _best_language(request.headers.get("Accept-Language"))


@lru_cache(maxsize=256)
def _best_language(accept_language: str | None) -> str:
    """Told once per Accept-Language header: browsers send few different ones."""
    return parse_accept_header(accept_language, LanguageAccept).best_match(
        LANGUAGES, default=DEFAULT_LANGUAGE)


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
        "language_url": language_url, "activity_title": activity_title,
        "activity_when": activity_when,
    })


def activity_title(row) -> str:
    """An activity's title in the reader's language when translated, else as given."""
    return title_in(row, current_language())


def activity_when(row) -> str:
    """When an activity happened, in the reader's language, as precisely as it is known."""
    found = describe(row["start_date"], row["end_date"], row["date_precision"],
                     current_language())
    note = str(DATE_PRECISION_LABELS.get(row["date_precision"] or "none", ""))
    return f"{found} ({note})" if found and note else found or note


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
    "city_district": lazy_gettext("Placed at the centre of its city district: the register "
                                  "gives no coordinates, so the point is approximate."),
    "settlement": lazy_gettext("Placed at the centre of its settlement: the register gives "
                               "no coordinates, so the point is approximate."),
    "community_centroid": lazy_gettext("Placed at the centre of its community: the exact "
                                       "location is unknown and may be kilometres away."),
}
# The same, short enough for a table's cell (exports).
PRECISION_SHORT = {
    "exact": lazy_gettext("Exact address"), "city_district": lazy_gettext("City district centre"),
    "settlement": lazy_gettext("Settlement centre"),
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
    "description": lazy_gettext("Description"), "partnership_id": lazy_gettext("Partnership"),
    "when": lazy_gettext("When"), "place_ids": lazy_gettext("Places"),
}


def plural_forms(form_of: Callable[[int], str]) -> dict[str, str]:
    """A message's forms by plural category of the current language (one, few, many, other).

    ``form_of(n)`` is the raw catalogue form for ``n`` (with ``%(num)s`` left in, for
    map.js to fill once Intl.PluralRules has chosen the category).
    """
    locale = get_locale()
    counts = _first_counts(str(locale)) if locale else {"other": 0}
    found = {category: form_of(n) for category, n in counts.items()}
    found.setdefault("other", found.get("many") or form_of(2))
    return found


@lru_cache(maxsize=16)
def _first_counts(language: str) -> dict[str, int]:
    """The first count (of 0 to 111) in each plural category of ``language``: a form per
    category, not one per count (the map's page asked the catalogue 560 times)."""
    rule = Locale.parse(language).plural_form
    found: dict[str, int] = {}
    for n in range(0, 112):
        found.setdefault(rule(n), n)
    return found


def full_screen_titles() -> tuple[str, str]:
    """The full-screen button's titles."""
    return str(lazy_gettext("Full screen")), str(lazy_gettext("Leave full screen"))


def words(labels: dict) -> dict[str, str]:
    """A label table resolved in the current language, for templates and map.js."""
    return {key: str(value) for key, value in labels.items()}


ACTIVITY_KIND_LABELS = {
    "meeting": lazy_gettext("Meeting"), "training": lazy_gettext("Training"),
    "signing": lazy_gettext("Signing"), "visit": lazy_gettext("Visit"),
    "contest": lazy_gettext("Contest"), "meetup": lazy_gettext("Meetup"),
    "launch": lazy_gettext("Launch"), "practice": lazy_gettext("Practice"),
}
AREA_LABELS = {
    "education": lazy_gettext("Education"), "research": lazy_gettext("Research and innovation"),
    "youth_sport": lazy_gettext("Youth and sport"), "culture": lazy_gettext("Culture"),
    "inclusion": lazy_gettext("Inclusion"), "social": lazy_gettext("Social support"),
    "infrastructure": lazy_gettext("Infrastructure"),
    "governance": lazy_gettext("Governance"), "safety": lazy_gettext("Safety"),
    "economy": lazy_gettext("Economy"),
}
# How precisely an activity's date is known; "day" needs no word.
DATE_PRECISION_LABELS = {
    "week": lazy_gettext("some day of that week"), "month": lazy_gettext("known to the month"),
    "year": lazy_gettext("known to the year"),
    "none": lazy_gettext("the source gives no date"),
}
# The parameters a page can refuse, named as its form names them.
PARAMETER_LABELS = {
    "place": lazy_gettext("Place"), "radius_km": lazy_gettext("Radius, km"),
    "limit": lazy_gettext("How many"), "page": lazy_gettext("Page"),
    "kind": lazy_gettext("Kind"), "scope": lazy_gettext("Where"),
    "region": lazy_gettext("Region"), "programme": lazy_gettext("Programme"),
    "occupied": lazy_gettext("Temporarily occupied territory"),
    "country": lazy_gettext("Other countries"), "zone": lazy_gettext("Front line or rear"),
    "rank": lazy_gettext("Order"), "w_distance": lazy_gettext("Weight of closeness"),
    "w_programmes": lazy_gettext("Weight of shared programmes"),
    "w_partners": lazy_gettext("Weight of few partners"),
    "w_cooperation": lazy_gettext("Weight of cooperating hromadas"),
    "w_type": lazy_gettext("Weight of the same type"), "q": lazy_gettext("Name"),
    "status": lazy_gettext("Status"), "level": lazy_gettext("Level"),
    "offset": lazy_gettext("Page"), "bbox": lazy_gettext("Map view"),
    "zoom": lazy_gettext("Zoom"),
}
# The statuses of the official list of territories of hostilities and occupation.
REGION_STATUS_LABELS = {
    "possible_hostilities": lazy_gettext("possible hostilities"),
    "active_hostilities": lazy_gettext("active hostilities"),
    "temporarily_occupied": lazy_gettext("temporarily occupied"),
}
