"""STEM centres: no public register of them was found, so STEM-type EDEBO rows stand in.

A picked row keeps its EDEBO id and becomes kind ``stem_centre`` (it is listed once, not
twice): scientific lyceums, inter-school training complexes and resource centres,
out-of-school complexes of children's creativity, "Junior Academy of Sciences" lyceums,
schools with STEM in their name, and vocational-register centres of technical creativity.
"""

from __future__ import annotations

import re

import pandas as pd

NOTE = ("STEM-type institution picked from the EDEBO register ({why}); no public register "
        "of STEM centres was found.")
# (register, register type or None for any, name pattern, reason, type to give or None)
RULES = [
    ("general", "науковий ліцей", "", "scientific lyceum", None),
    ("general", "науковий ліцей-інтернат", "", "scientific lyceum", None),
    # The register files a few evening schools under this type: the name must say so too.
    ("general", "міжшкільний навчально-виробничий комбінат",
     r"міжшкільн|навчально-\s*виробнич|МНВК", "inter-school training complex", None),
    # Out-of-school complexes also hold sports schools and a kindergarten: creativity only.
    ("general", "позашкільний навчально-виховний комплекс", r"творчост|ресурсн",
     "out-of-school centre", None),
    ("general", None, r"^(?!.*філія).*Мала академія наук", "Junior Academy of Sciences lyceum",
     None),
    ("general", None, r"\b(?:STEM|СТЕМ)\b", "STEM in its name", None),
    ("vocational", None, r"технічної творчості", "centre of technical creativity",
     "technical_creativity_centre"),
]


def mark(frame: pd.DataFrame, register: str) -> pd.DataFrame:
    """Return ``frame`` with its STEM-type rows re-kinded as ``stem_centre``."""
    frame = frame.assign(programmes="")
    for rule_register, kind, pattern, why, new_type in RULES:
        if rule_register != register:
            continue
        hit = frame["name"].str.contains(pattern, flags=re.IGNORECASE, regex=True)
        if kind is not None:
            hit &= frame["register_type"] == kind
        hit &= frame["kind"] != "stem_centre"
        frame.loc[hit, "kind"] = "stem_centre"
        frame.loc[hit, "programmes"] = "stem"
        frame.loc[hit, "note"] = NOTE.format(why=why)
        if new_type:
            frame.loc[hit, "type"] = new_type
    return frame
