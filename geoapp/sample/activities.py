"""The activities of the source articles, entered by hand: what happened, when (at the
precision the article gives), where, and under which partnership.

Dates are written as ``geoapp load activities`` reads them: a day, an ISO week, a month, a
year, or a range ``first/last``; empty when the article gives none. Titles are in the
article's language; the English and Ukrainian translations are the project's own. No
person is named. How each date was read is told in data/SOURCES.md.
"""

from __future__ import annotations

import pandas as pd

from geoapp.sample.articles import (
    BALTI_ARTICLE,
    DONETSK_PAGE,
    KREMENCHUK_ARTICLE,
    MSTISLAVL_ARTICLE,
    PAVLODAR_ARTICLE,
)

COLUMNS = ["id", "kind", "title", "language", "title_uk", "title_en", "title_ru", "title_kk",
           "title_ro", "date", "places", "partnership", "programme", "areas", "description",
           "source"]
BALTI_AREAS = "education;research;youth_sport;culture;inclusion"

KREMENCHUK = [
    {"id": "article:kremenchuk-chasiv-yar-memorandum", "kind": "signing", "language": "uk",
     "title": "Підписання Меморандуму про співробітництво між Кременчуцькою та "
              "Часовоярською територіальними громадами",
     "title_en": "Kremenchuk and Chasiv Yar communities sign a memorandum of cooperation",
     "date": "2025-09", "partnership": "article:kremenchuk-chasiv-yar",
     "programme": "plich-o-plich", "areas": "social;education",
     "description": "Кременчуцька міська рада та Часовоярська міська військова адміністрація "
                    "домовилися про співпрацю в межах проєкту «Пліч-о-пліч: згуртовані "
                    "громади»; з бюджету Кременчуцької громади неодноразово виділяли кошти "
                    "на нагальні потреби громади-партнера.",
     "source": KREMENCHUK_ARTICLE},
    {"id": "article:kremenchuk-74-chasiv-yar-42-plan", "kind": "meeting", "language": "uk",
     "title": "Зустріч керівників Кременчуцького ЗДО № 74 і ЗДО № 42 «Чайка»: спільний "
              "план заходів",
     "title_en": "Heads of kindergartens No. 74 (Kremenchuk) and No. 42 (Chasiv Yar) meet "
                 "and draw up a joint plan",
     "date": "2026-W03", "partnership": "article:kremenchuk-74-chasiv-yar-42",
     "programme": "plich-o-plich", "areas": "education;social",
     "description": "Зустріч у Кременчуцькому ЗДО № 74. У плані: онлайн-заходи для "
                    "педагогів, обмін сучасними освітніми практиками, віртуальні зустрічі "
                    "дітей, спільні матеріали для роботи з родинами в умовах воєнного стану.",
     "source": KREMENCHUK_ARTICLE},
]

BALTI = [
    {"id": "article:balti-cluj-approval", "kind": "signing", "language": "ro",
     "title": "Aprobarea Acordului de cooperare DÎTS Bălți – ISJ Cluj prin Decizia "
              "Consiliului municipal Bălți nr. 14/11",
     "title_uk": "Муніципальна рада Бельц затверджує угоду про співпрацю зі шкільною "
                 "інспекцією повіту Клуж (рішення № 14/11)",
     "title_en": "Bălți municipal council approves the cooperation agreement with the Cluj "
                 "county school inspectorate (decision 14/11)",
     "date": "2021-11-23", "places": "article:balti-education-directorate",
     "partnership": "article:balti-cluj", "programme": "cross-border-education",
     "areas": BALTI_AREAS,
     "description": "Acordul a fost aprobat prin Decizia Consiliului municipal Bălți "
                    "nr. 14/11 din 23.11.2021.",
     "source": BALTI_ARTICLE},
    {"id": "article:balti-cluj-visit", "kind": "visit", "language": "ro",
     "title": "Vizita delegației oficiale a Primăriei municipiului Bălți la Cluj-Napoca",
     "title_uk": "Візит офіційної делегації мерії Бельц до Клуж-Напоки",
     "title_en": "Official delegation of Bălți city hall visits Cluj-Napoca",
     "date": "2022-01-16/2022-01-21", "partnership": "article:balti-cluj",
     "programme": "cross-border-education", "areas": "education",
     "description": "În cadrul vizitei, o ședință de lucru cu echipa Inspectoratului Școlar "
                    "Județean Cluj: platforme de comunicare pe domenii de interes comun și "
                    "sesiuni de formare pentru cadrele didactice din Bălți.",
     "source": BALTI_ARTICLE},
    {"id": "article:balti-cluj-signing", "kind": "signing", "language": "ro",
     "title": "Semnarea oficială a Acordului de cooperare între DÎTS Bălți și ISJ Cluj",
     "title_uk": "Підписання угоди про співпрацю між управлінням освіти Бельц і шкільною "
                 "інспекцією повіту Клуж",
     "title_en": "Bălți education directorate and Cluj county school inspectorate sign "
                 "their cooperation agreement",
     "date": "2022-01-18", "partnership": "article:balti-cluj",
     "programme": "cross-border-education", "areas": BALTI_AREAS,
     "description": "Acord pe durată nedeterminată: învățământ; cercetare și inovare; tineret "
                    "și sport; cultură, patrimoniu, istorie; incluziune educațională și "
                    "socială.",
     "source": BALTI_ARTICLE},
    {"id": "article:balti-cluj-platform-launch", "kind": "launch", "language": "ro",
     "title": "Lansarea online a platformei de comunicare și a inițiativelor de parteneriat",
     "title_uk": "Онлайн-запуск платформи комунікації та партнерських ініціатив",
     "title_en": "Online launch of the communication platform and partnership initiatives",
     "date": "2022-01-26", "partnership": "article:balti-cluj",
     "programme": "cross-border-education", "areas": "education;inclusion",
     "description": "Anunțată de articol (actualizat la 25 ianuarie 2022), online: educație "
                    "incluzivă, tehnologii educaționale, management curricular, formarea "
                    "continuă a cadrelor didactice.",
     "source": BALTI_ARTICLE},
]

MSTISLAVL = [
    {"id": "article:mstislavl-pochinok-visit", "kind": "visit", "language": "ru",
     "title": "Визит делегации Мстиславского района в среднюю школу № 1 Починковского "
              "района",
     "title_uk": "Візит делегації Мстиславського району до середньої школи № 1 "
                 "Починківського району",
     "title_en": "Mstislavl district delegation visits secondary school No. 1 of Pochinok "
                 "district",
     "date": "2022-09/2022-11", "partnership": "article:mstislavl-pochinok",
     "programme": "belarus-smolensk", "areas": "education",
     "description": "Осенью 2022 года: знакомство с опытом школы по федеральному проекту "
                    "«Точка роста», центром цифрового и гуманитарного профилей.",
     "source": MSTISLAVL_ARTICLE},
    {"id": "article:mstislavl-robotics-groups", "kind": "practice", "language": "ru",
     "title": "Объединения по интересам в области робототехники и IT-технологий на базе "
              "трёх учреждений образования",
     "title_uk": "Гуртки з робототехніки та IT на базі трьох закладів освіти "
                 "Мстиславського району",
     "title_en": "Robotics and IT interest groups at three schools of Mstislavl district",
     "date": "2022-09/2023-01", "places": "article:mstislavl-district",
     "partnership": "article:mstislavl-pochinok", "programme": "belarus-smolensk",
     "areas": "education;research",
     "description": "Открыты по опыту, увиденному в Починковском районе; в январе ученики "
                    "Ходосовской средней школы победили в номинации «Кегельринг» "
                    "областного конкурса по робототехнике «Рождественский турнир».",
     "source": MSTISLAVL_ARTICLE},
    {"id": "article:mstislavl-junior-skills", "kind": "contest", "language": "ru",
     "title": "Районный конкурс профессионального мастерства «Junior Skills» с новой "
              "компетенцией по IT-технологиям",
     "title_uk": "Районний конкурс професійної майстерності «Junior Skills» з новою "
                 "компетенцією з IT",
     "title_en": "District «Junior Skills» contest with a new IT competence",
     "date": "2023", "places": "article:mstislavl-district",
     "partnership": "article:mstislavl-pochinok", "programme": "belarus-smolensk",
     "areas": "education;youth_sport",
     "description": "Анонсирован в статье («уже скоро»): впервые участвуют дошкольники и "
                    "учащиеся по программе специального образования; приглашены "
                    "школьники из Российской Федерации.",
     "source": MSTISLAVL_ARTICLE},
]

OFFICE = "article:pavlodar-rukhani-zhangyru-office"
MEETUP = {"kind": "meetup", "language": "kk", "date": "", "programme": "rukhani-zhangyru",
          "source": PAVLODAR_ARTICLE}
PAVLODAR = [
    {**MEETUP, "id": "article:meetup-launch", "kind": "launch",
     "title": "«Жаса. Үйрен. Бөліс. Өзгер. MEETUP» жобасының іске қосылуы",
     "title_uk": "Запуск проєкту «Створюй. Навчайся. Ділися. Змінюй. MEETUP»",
     "title_en": "Launch of the «Create. Learn. Share. Change. MEETUP» project",
     "places": OFFICE, "areas": "culture;governance",
     "description": "Жобаның бірінші кезеңі мамыр және маусым айларында өтеді; мақалада жыл "
                    "көрсетілмеген."},
    {**MEETUP, "id": "article:meetup-ertis-consultation",
     "title": "MEETUP: Ертіс ауданының маманына бағдарлама бойынша кеңес",
     "title_uk": "MEETUP: консультація з програми для фахівця Іртиського району",
     "title_en": "MEETUP: a consultation on the programme for a specialist of Ertis district",
     "partnership": "article:meetup-ertis", "areas": "culture;governance",
     "description": "Жобаның алғашқы қатысушысы: бағдарламаның алты бағыты мен 17 арнайы "
                    "жобасы, баспасөз парақтары, дайджест және есеп туралы түсіндірілді."},
    {**MEETUP, "id": "article:meetup-pavlodar-sharbakty",
     "title": "MEETUP жобасының екінші кездесуі: Павлодар қаласы мен Шарбақты ауданының "
              "мамандары",
     "title_uk": "Друга зустріч MEETUP: фахівці міста Павлодара і Шарбактинського району",
     "title_en": "Second MEETUP meeting: specialists of Pavlodar city and Sharbakty district",
     "places": f"{OFFICE};city:kazakhstan-pavlodar;article:sharbakty-district",
     "areas": "culture;education;governance",
     "description": "Қатысушылар бағдарламаның іске асырылуы бойынша құжаттармен танысып, "
                    "әдістемелік құжаттар алды."},
    {**MEETUP, "id": "article:meetup-terenkol-participants",
     "title": "MEETUP: Тереңкөл ауданының мамандары",
     "title_uk": "MEETUP: фахівці Теренкольського району",
     "title_en": "MEETUP: specialists of Terenkol district",
     "partnership": "article:meetup-terenkol",
     "areas": "culture;education;youth_sport;governance",
     "description": "Ішкі саясат, білім, мәдениет, дене шынықтыру және спорт бөлімдерінің, "
                    "мәдениет үйінің мамандары қатысты; қатысушыларға сертификат "
                    "табысталды."},
]

INSTITUTE = "article:donetsk-oblippo"
# (day, kind, title, English title): "Проведені заходи" of the institute's centre, 2021.
DONETSK_EVENTS = [
    ("2021-09-16", "meeting",
     "Фокус-група в межах реалізації проєкту «Створення центру сталого розвитку громад "
     "Донецької області»",
     "Focus group of the project to create a centre for the sustainable development of "
     "Donetsk oblast's communities"),
    ("2021-09-22", "training", "Цифровізація управлінських процесів в освітній сфері",
     "Digitalisation of management processes in education"),
    ("2021-09-23", "meeting",
     "Фокус-група «Головні аспекти розвитку освіти в умовах децентралізації: зміни у "
     "векторі професійного розвитку педагогічних працівників. Центри професійного розвитку "
     "– методична служба – відділи освіти»",
     "Focus group: education under decentralisation and the changing course of teachers' "
     "professional development"),
    ("2021-10-07", "training",
     "Налагодження ефективних комунікацій на рівні громади та закладу освіти",
     "Effective communication between a community and its schools"),
    ("2021-10-21", "training", "Методологія та інструменти відстеження індикаторів розвитку "
     "освіти", "Methods and tools for tracking indicators of education development"),
    ("2021-10-26", "training", "Система та механізми забезпечення академічної доброчесності",
     "Academic integrity: the system and its mechanisms"),
    ("2021-10-29", "training", "Стратегічні підходи до планування роботи закладу освіти",
     "Strategic approaches to planning a school's work"),
    ("2021-11-02", "training", "Система освітнього менеджменту в територіальній громаді",
     "Education management in a territorial community"),
]


def donetsk_activities() -> list[dict]:
    """The trainings and focus groups the Donetsk institute's centre lists for 2021."""
    return [{"id": f"article:donetsk-oblippo-{day}", "kind": kind, "language": "uk",
             "title": title, "title_en": english, "date": day, "places": INSTITUTE,
             "areas": "governance;education",
             "description": "Захід Центру сталого розвитку громад Донецької області, "
                            "відділу Донецького облІППО, для громад і закладів освіти "
                            "області.",
             "source": DONETSK_PAGE}
            for day, kind, title, english in DONETSK_EVENTS]


def article_activities() -> pd.DataFrame:
    """Return the articles' activities, one row each, in the columns of COLUMNS."""
    rows = KREMENCHUK + BALTI + MSTISLAVL + PAVLODAR + donetsk_activities()
    return pd.DataFrame([{column: row.get(column, "") for column in COLUMNS} for row in rows],
                        columns=COLUMNS)
