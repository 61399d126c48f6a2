"""The UI's five languages: ``?lang=``, then Accept-Language, then Ukrainian."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, request, url_for
from flask_babel import Babel, get_locale

from geoapp.store.models import LANGUAGES

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
    args = request.args.to_dict(flat=False)
    args["lang"] = [lang]
    return url_for(request.endpoint or "pages.index", **(request.view_args or {}), **args)


def localised(row, prefix: str = "name") -> str:
    """A row's ``name_<lang>`` in the current language, falling back to Ukrainian, English."""
    lang = current_language()
    for code in (lang, DEFAULT_LANGUAGE, "en", *LANGUAGES):
        value = getattr(row, f"{prefix}_{code}", None) if not isinstance(row, dict) \
            else row.get(f"{prefix}_{code}")
        if value:
            return value
    return ""


def init_app(app: Flask) -> None:
    """Attach Flask-Babel and give templates the language switcher's helpers."""
    Babel(app, locale_selector=select_language,
          default_translation_directories=str(TRANSLATIONS))
    app.context_processor(lambda: {
        "languages": LANGUAGE_NAMES, "current_language": current_language,
        "language_url": language_url,
    })
