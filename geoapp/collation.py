"""Sorting names as a reader of each UI language expects, not by character code.

By code, Ukrainian "Івано-Франківська" (І is U+0406) sorts before "Автономна" (А is
U+0410). Each language's alphabet gives its letters' order; other letters follow by code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

ALPHABETS = {
    "uk": "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя",
    "ru": "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    "kk": "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя",
    "ro": "aăâbcdefghiîjklmnopqrsștțuvwxyz",
    "en": "abcdefghijklmnopqrstuvwxyz",
}
# Latin letters sort before Cyrillic ones in a Cyrillic alphabet's lists, and the reverse.
LATIN = ALPHABETS["en"]
CYRILLIC = ALPHABETS["uk"] + "ёъыэәғқңөұүһ"
FOLD = {"ş": "ș", "ţ": "ț", "'": "", "’": "", "ʼ": ""}


def _order(lang: str) -> dict[str, int]:
    own = ALPHABETS.get(lang, LATIN)
    rest = LATIN + CYRILLIC if own[0] == "а" else CYRILLIC
    order: dict[str, int] = {}
    for letter in own + LATIN + rest:
        order.setdefault(letter, len(order) + 1)
    return order


ORDERS = {lang: _order(lang) for lang in ALPHABETS}


def sort_key(lang: str) -> Callable[[str], tuple]:
    """A key that sorts names in ``lang``'s alphabetical order, case and apostrophes aside."""
    order = ORDERS.get(lang, ORDERS["en"])

    def key(name: str) -> tuple:
        letters = [FOLD.get(c, c) for c in name.casefold()]
        return tuple(order.get(c, 1000 + ord(c)) for c in "".join(letters) if c.strip()), name

    return key


def sorted_names(names: Iterable[str], lang: str) -> list[str]:
    """``names`` in ``lang``'s alphabetical order."""
    return sorted(names, key=sort_key(lang))
