"""The partnerships of the source articles, entered by hand with their dates and sources.

Dates the articles give only to the month (or season) are written as the first day of the
earliest month they allow, e.g. "autumn 2022" as 2022-09-01.
"""

from __future__ import annotations

import pandas as pd

from geoapp.sample.katottg import Locator
from geoapp.sample.placement import DIGITS, RegionMap

KREMENCHUK_ARTICLE = "https://building.poda.gov.ua/news/251742"
BALTI_ARTICLE = ("https://balti.md/semnarea-acordului-de-cooperare-intre-directia-invatamant-"
                 "tineret-si-sport-mun-balti-si-inspectoratul-scolar-judetean-cluj-judetul-"
                 "cluj-romania/")
MSTISLAVL_ARTICLE = ("mogilevnews.by (after mstlife.by): «На Мстиславщине налажено активное "
                     "сотрудничество с районами Смоленщины»")
PAVLODAR_ARTICLE = ("Pavlodar region's Rukhani Zhangyru office: «Жаса. Үйрен. Бөліс. Өзгер. "
                    "MEETUP» жобасы іске қосылды")
DONETSK_PAGE = ("Донецький облІППО, відділ «Центр сталого розвитку громад»: перелік "
                "«Проведені заходи»")
KREMENCHUK = "katottg:UA53020110000092487"
CHASIV_YAR = "katottg:UA14020130000080900"

# "country" names the country of a place abroad; "at" says where a place goes: a KATOTTG
# settlement, a twin-cities city, the inside of a Kazakh district polygon, or hand-entered
# town-centre coordinates (lon, lat).
PLACES = [
    {"id": "article:kremenchuk-kindergarten-74", "kind": "kindergarten", "type": "kindergarten",
     "name": "Кременчуцький заклад дошкільної освіти № 74",
     "address": "Кременчук, Полтавська область", "at": ("settlement", "UA53020110010031694")},
    {"id": "article:chasiv-yar-kindergarten-42", "kind": "kindergarten", "type": "kindergarten",
     "name": "Заклад дошкільної освіти № 42 «Чайка» Часовоярської міської ради",
     "address": "Часів Яр, Донецька область", "at": ("settlement", "UA14020130010015598")},
    {"id": "article:mstislavl-district", "kind": "community", "type": "district",
     "name": "Мстиславский район", "address": "Могилёвская область, Беларусь", "country": "BY",
     "at": ("city", "city:belarus-mstsislaw"),
     "note": "Placed at its centre, the town of Mstsislaw."},
    {"id": "article:pochinok-district", "kind": "community", "type": "district",
     "name": "Починковский район", "address": "Смоленская область, Россия", "country": "RU",
     "at": ("hand", 32.44, 54.40),
     "note": "Placed at its centre, the town of Pochinok (hand-entered coordinates)."},
    {"id": "article:balti-education-directorate", "kind": "authority",
     "type": "education_directorate",
     "name": "Direcția Învățământ, Tineret și Sport a municipiului Bălți",
     "address": "mun. Bălți, Republica Moldova", "country": "MD",
     "at": ("city", "city:moldova-balti")},
    {"id": "article:cluj-school-inspectorate", "kind": "authority",
     "type": "school_inspectorate", "name": "Inspectoratul Școlar Județean Cluj",
     "address": "Cluj-Napoca, județul Cluj, România", "country": "RO",
     "at": ("city", "city:romania-cluj-napoca")},
    {"id": "article:pavlodar-rukhani-zhangyru-office", "kind": "authority",
     "type": "programme_office",
     "name": "Павлодар облысы бойынша «Рухани жаңғыру» бағдарламасын іске асыру бөлімі",
     "address": "Павлодар, Павлодар облысы", "country": "KZ",
     "at": ("city", "city:kazakhstan-pavlodar"),
     "note": "The regional office that runs the Rukhani Zhangyru programme."},
    {"id": "article:ertis-district", "kind": "community", "type": "district",
     "name": "Ертіс ауданы", "address": "Павлодар облысы", "at": ("district", "KZ554600")},
    {"id": "article:sharbakty-district", "kind": "community", "type": "district",
     "name": "Шарбақты ауданы", "address": "Павлодар облысы", "at": ("district", "KZ556800")},
    {"id": "article:terenkol-district", "kind": "community", "type": "district",
     "name": "Тереңкөл ауданы", "address": "Павлодар облысы", "at": ("district", "KZ554800")},
    {"id": "article:donetsk-oblippo", "kind": "teacher_centre", "type": "oblast_institute",
     "name": "Донецький обласний інститут післядипломної педагогічної освіти",
     "website": "https://ippo.dn.ua", "address": "Краматорськ, Донецька область",
     "at": ("settlement", "UA14120090010038661"),
     "note": "The oblast institute of postgraduate pedagogical education, whose centre for "
             "the sustainable development of communities held the 2021 trainings; placed "
             "in Kramatorsk, where that centre opened (the page gives no address)."},
]

MEETUP = {"programme": "rukhani-zhangyru", "status": "active", "start_date": "",
          "end_date": "", "source": PAVLODAR_ARTICLE}
PARTNERSHIPS = [
    {"id": "article:kremenchuk-chasiv-yar", "place_a": KREMENCHUK, "place_b": CHASIV_YAR,
     "programme": "plich-o-plich", "status": "active", "start_date": "2025-09-01",
     "end_date": "", "areas": "social;infrastructure;culture;education",
     "source": KREMENCHUK_ARTICLE,
     "title": "Меморандум про співробітництво: Кременчук – Часів Яр («Пліч-о-пліч»)"},
    {"id": "article:kremenchuk-74-chasiv-yar-42", "place_a": "article:chasiv-yar-kindergarten-42",
     "place_b": "article:kremenchuk-kindergarten-74", "programme": "plich-o-plich",
     "status": "active", "start_date": "2026-01-01", "end_date": "",
     "areas": "education;social", "source": KREMENCHUK_ARTICLE,
     "title": "Спільний план заходів ЗДО № 74 (Кременчук) і ЗДО № 42 «Чайка» (Часів Яр)"},
    {"id": "article:mstislavl-pochinok", "place_a": "article:mstislavl-district",
     "place_b": "article:pochinok-district", "programme": "belarus-smolensk",
     "status": "active", "start_date": "2022-09-01", "end_date": "",
     "areas": "education;economy", "source": MSTISLAVL_ARTICLE,
     "title": "Мстиславский район – Починковский район: сотрудничество в образовании"},
    {"id": "article:balti-cluj", "place_a": "article:balti-education-directorate",
     "place_b": "article:cluj-school-inspectorate", "programme": "cross-border-education",
     "status": "active", "start_date": "2022-01-18", "end_date": "",
     "areas": "education;research;youth_sport;culture;inclusion", "source": BALTI_ARTICLE,
     "title": "Acord de cooperare DÎTS Bălți – ISJ Cluj (Decizia Consiliului municipal Bălți "
              "nr. 14/11 din 23.11.2021)"},
    {"id": "article:meetup-ertis", "place_a": "article:ertis-district",
     "place_b": "article:pavlodar-rukhani-zhangyru-office", **MEETUP,
     "areas": "culture;governance", "title": "MEETUP: Ертіс ауданы"},
    {"id": "article:meetup-pavlodar", "place_a": "article:pavlodar-rukhani-zhangyru-office",
     "place_b": "city:kazakhstan-pavlodar", **MEETUP, "areas": "culture;governance",
     "title": "MEETUP: Павлодар қаласы"},
    {"id": "article:meetup-sharbakty", "place_a": "article:pavlodar-rukhani-zhangyru-office",
     "place_b": "article:sharbakty-district", **MEETUP,
     "areas": "culture;education;governance", "title": "MEETUP: Шарбақты ауданы"},
    {"id": "article:meetup-terenkol", "place_a": "article:pavlodar-rukhani-zhangyru-office",
     "place_b": "article:terenkol-district", **MEETUP,
     "areas": "culture;education;youth_sport;governance", "title": "MEETUP: Тереңкөл ауданы"},
]


def article_places(cities: pd.DataFrame, regions: RegionMap, locator: Locator) -> pd.DataFrame:
    """Return the articles' places; Ukrainian ones carry KATOTTG codes to be placed later."""
    at_city = cities.set_index("id")
    rows = [{"status": "operating", "website": "", "programmes": "", "note": "",
             "region_hint": "", **{k: v for k, v in p.items() if k != "at"},
             **_where(p["at"], at_city, regions, locator)} for p in PLACES]
    return pd.DataFrame(rows)


def _where(at: tuple, cities: pd.DataFrame, regions: RegionMap, locator: Locator) -> dict:
    kind = at[0]
    if kind == "settlement":
        found = locator.locate(at[1])
        return {"settlement": found.settlement, "hromada": found.hromada,
                "oblast": found.oblast}
    if kind == "city":
        city = cities.loc[at[1]]
        return {"lon": city["lon"], "lat": city["lat"], "location_precision": "settlement"}
    if kind == "district":
        point = regions.own_area_point(at[1])
        return {"lon": round(point.x, DIGITS), "lat": round(point.y, DIGITS),
                "location_precision": "community_centroid", "region_hint": at[1]}
    return {"lon": at[1], "lat": at[2], "location_precision": "settlement"}


def article_partnerships() -> pd.DataFrame:
    """Return the articles' partnerships."""
    return pd.DataFrame(PARTNERSHIPS)
