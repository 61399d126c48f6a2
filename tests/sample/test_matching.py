"""The small pieces of matching: names, codes, addresses, areas."""

from __future__ import annotations

import pytest

from geoapp.sample import cooperation, katottg, koatuu, schools, twinning
from geoapp.sample.text import name_key, romanise, slug


@pytest.mark.parametrize("ukrainian, latin", [
    ("Часів Яр", "Chasiv Yar"), ("Кременчук", "Kremenchuk"), ("Згурівка", "Zghurivka"),
    ("Юр’ївка", "Yurivka"), ("Ярмолинці", "Yarmolyntsi"), ("Щастя", "Shchastia"),
    ("Ірпінь", "Irpin"), ("Київ", "Kyiv"),
])
def test_romanise_follows_kmu_2010(ukrainian, latin):
    assert romanise(ukrainian) == latin


def test_name_key_folds_apostrophes_case_and_lookalike_letters():
    assert name_key("Кам’янець-Подільський") == name_key("кам'янець подільський")
    assert name_key("Вiйтовецька") == name_key("Війтовецька")  # Latin "i" in the codifier


def test_slug_is_plain_ascii():
    assert slug("Bălți") == "balti"
    assert slug("Târgu-Jiu") == slug("Târgu Jiu") == "targu-jiu"
    assert slug("Часів Яр") == "chasiv-yar"


@pytest.mark.parametrize("cell, name", [
    ("Часів Яр, Бахмутський район, Донецька область", "Часів Яр"),
    ("с. Ваці, Полтавський район, Полтавська область", "Ваці"),
    ("смт Катеринопіль, Катеринопільський район", "Катеринопіль"),
    ("с-ще Нове, Лиманський район", "Нове"), ("м. Кременчук", "Кременчук"),
])
def test_settlement_name(cell, name):
    assert koatuu.settlement_name(cell) == name


@pytest.mark.parametrize("street, place, expected", [
    ("вул. Проскурівська, 21/31, кв.35", "м. Хмельницький",
     "вул. Проскурівська, 21/31, м. Хмельницький"),
    ("вул. -, -", "м. Київ", "м. Київ"),
    ("вулиця Холода, 2", "Часів Яр", "вулиця Холода, 2, Часів Яр"),
])
def test_address_drops_flats_and_blanks(street, place, expected):
    assert schools.address(street, place) == expected


@pytest.mark.parametrize("cell, url", [
    ("bagachka1.at.ua", "http://bagachka1.at.ua"), ("", ""),
    ("https://x.org.ua/ http://y.ua", "https://x.org.ua/"), ("school@ukr.net", ""),
])
def test_website(cell, url):
    assert schools.website(cell) == url


def test_vocational_type_from_name():
    assert schools.vocational_type("Вище професійне училище № 7", "") == \
        "higher_vocational_school"
    assert schools.vocational_type("АТ «Дніпрогаз»", "Заклад загальної середньої освіти") == \
        "general_secondary"


def test_areas_from_an_agreement_title():
    title = "Договір ... спільного фінансування КНП «Центр первинної медичної допомоги»"
    assert cooperation.areas(title) == "social"
    assert cooperation.areas("Договір про утримання місцевої пожежної охорони") == "safety"


@pytest.mark.parametrize("label, kind", [
    ("Bălți", "city"), ("Valozhyn District", "district"), ("Sector 1 (Bucharest)", "district"),
    ("Grodno Region", "region"),
])
def test_city_type(label, kind):
    assert twinning.city_type(label) == kind


def test_locator_resolves_city_districts_and_special_cities(sources):
    codifier = katottg.read_codifier(sources / "ua-katottg" / "katotth.csv.gz")
    locator = katottg.Locator(codifier)
    kremenchuk = locator.locate("UA53020110010112104")  # a city district of Kremenchuk
    assert kremenchuk.settlement == "UA53020110010031694"
    assert kremenchuk.hromada == "UA53020110000092487"
    assert locator.locate("UA80000000000980793").settlement == katottg.KYIV
    assert locator.locate("UA53000000000028050") is None  # an oblast names no settlement
