"""The programmes that partnerships and places belong to, named in the five UI languages."""

from __future__ import annotations

import pandas as pd

COLUMNS = ["code", "name_uk", "name_en", "name_ru", "name_kk", "name_ro", "url"]
PROGRAMMES = [
    ("plich-o-plich", "Пліч-о-пліч: згуртовані громади", "Side by Side: United Communities",
     "Плечом к плечу: сплочённые громады", "Иық тіресе: ұйымшыл қауымдастықтар",
     "Umăr la umăr: comunități unite", ""),
    ("imc", "Співробітництво територіальних громад", "Inter-municipal cooperation agreements",
     "Сотрудничество территориальных громад", "Аумақтық қауымдастықтардың ынтымақтастығы",
     "Acorduri de cooperare intercomunitară",
     "https://data.gov.ua/dataset/eda3baf5-f12c-4330-bbf5-fc419b39f4e2"),
    ("sister-cities", "Міста-побратими", "Sister cities", "Города-побратимы",
     "Бауырлас қалалар", "Orașe înfrățite", ""),
    ("cross-border-education", "Транскордонна співпраця в освіті",
     "Cross-border cooperation in education", "Трансграничное сотрудничество в образовании",
     "Білім берудегі трансшекаралық ынтымақтастық", "Cooperare transfrontalieră în educație",
     ""),
    ("belarus-smolensk", "Співпраця районів Білорусі та Смоленщини в освіті",
     "Belarus–Smolensk district cooperation in education",
     "Сотрудничество районов Беларуси и Смоленщины в образовании",
     "Беларусь пен Смоленск облысы аудандарының білім берудегі ынтымақтастығы",
     "Cooperarea raioanelor din Belarus și regiunea Smolensk în educație", ""),
    ("rukhani-zhangyru", "«Рухани жаңғыру»: модернізація суспільної свідомості",
     "Rukhani Zhangyru: modernisation of public consciousness",
     "«Рухани жаңғыру»: модернизация общественного сознания",
     "«Рухани жаңғыру»: қоғамдық сананы жаңғырту",
     "Rukhani Zhangyru: modernizarea conștiinței publice", ""),
    ("stem", "STEM-освіта", "STEM education", "STEM-образование", "STEM-білім беру",
     "Educație STEM", ""),
]


def programme_frame() -> pd.DataFrame:
    """Return the programmes, sorted by code."""
    return pd.DataFrame(PROGRAMMES, columns=COLUMNS).sort_values("code").reset_index(drop=True)
