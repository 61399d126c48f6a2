"""Name keys for matching Ukrainian names across sources, and KMU-2010 romanisation."""

from __future__ import annotations

import re
import unicodedata

APOSTROPHES = "’ʼ'`‘′ʹ"
# The codifier spells a few names with Latin letters that look Cyrillic ("Вiйтовецька").
LOOKALIKES = str.maketrans({"i": "і", "e": "е", "o": "о", "a": "а", "c": "с", "p": "р",
                            "x": "х", "y": "у", "ё": "е"})

# The official romanisation of Ukrainian (Cabinet of Ministers resolution No. 55, 2010).
KMU_2010 = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie",
    "ж": "zh", "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l",
    "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "iu",
    "я": "ia",
}
# At the start of a word these letters are romanised differently.
KMU_2010_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
CYRILLIC = re.compile(r"[а-яіїєґё]", re.IGNORECASE)


def is_cyrillic(text: str) -> bool:
    """Return True when ``text`` has at least one Cyrillic letter."""
    return bool(CYRILLIC.search(text))


def name_key(name: str) -> str:
    """Return a Cyrillic name folded for comparison (case, apostrophes, spaces, hyphens)."""
    folded = name.strip().lower()
    if is_cyrillic(folded):
        folded = folded.translate(LOOKALIKES)
    return re.sub(rf"[\s\-{APOSTROPHES}\"«»]", "", folded)


def latin_key(name: str) -> str:
    """Return a Latin name folded to plain a-z letters for comparison."""
    decomposed = unicodedata.normalize("NFKD", name.lower())
    return re.sub(r"[^a-z]", "", decomposed)


def romanise(text: str) -> str:
    """Return Ukrainian ``text`` romanised by the KMU-2010 table."""
    text = re.sub(rf"[{APOSTROPHES}]", "", text)
    return re.sub(r"[^\W\d_]+", lambda m: _romanise_word(m.group(0)), text)


def _romanise_word(word: str) -> str:
    out = []
    for i, char in enumerate(word):
        lower = char.lower()
        if lower == "г" and i > 0 and word[i - 1].lower() == "з":
            latin = "gh"  # "зг" is written "zgh" so it cannot be read as "zh"
        elif i == 0 and lower in KMU_2010_INITIAL:
            latin = KMU_2010_INITIAL[lower]
        else:
            latin = KMU_2010.get(lower, lower)
        out.append(latin.capitalize() if char != lower and latin else latin)
    return "".join(out)


def slug(text: str) -> str:
    """Return a lowercase ASCII slug (Cyrillic is romanised first)."""
    if is_cyrillic(text):
        text = romanise(text)
    decomposed = unicodedata.normalize("NFKD", text.lower())
    ascii_only = decomposed.encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_only).strip("-")
