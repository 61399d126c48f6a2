"""Names sort as readers of each language expect."""

from __future__ import annotations

import pytest

from geoapp.collation import sorted_names


@pytest.mark.parametrize(("lang", "names", "expected"), [
    ("uk", ["Івано-Франківська", "Автономна Республіка Крим", "Їжакевичі", "Єнакієве",
            "Житомирська"],
     ["Автономна Республіка Крим", "Єнакієве", "Житомирська", "Івано-Франківська", "Їжакевичі"]),
    ("ru", ["Ёлкино", "Жуковка", "Елабуга"], ["Елабуга", "Ёлкино", "Жуковка"]),
    ("kk", ["Қостанай", "Ақмола", "Абай", "Ұлытау"], ["Абай", "Ақмола", "Қостанай", "Ұлытау"]),
    ("ro", ["Ștefănești", "Suceava", "Tulcea", "Țânțăreni"],
     ["Suceava", "Ștefănești", "Tulcea", "Țânțăreni"]),
    ("en", ["kyiv", "Kharkiv", "Zhytomyr", "Bălți"], ["Bălți", "Kharkiv", "kyiv", "Zhytomyr"]),
])
def test_names_sort_by_the_alphabet_of_the_language(lang, names, expected) -> None:
    assert sorted_names(names, lang) == expected
