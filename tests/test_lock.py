"""requirements.lock pins, with hashes, a version inside every range of pyproject.toml."""

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parents[1]
LOCKED_EXTRAS = ("test", "notebooks")


def declared() -> list[Requirement]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = [r for extra in LOCKED_EXTRAS for r in project["optional-dependencies"][extra]]
    return [Requirement(r) for r in project["dependencies"] + extras]


def locked() -> dict[str, tuple[str, str]]:
    """Return each locked package's version and its entry (the pin and its hash lines)."""
    text = (REPO / "requirements.lock").read_text(encoding="utf-8")
    entries = re.findall(r"^([A-Za-z0-9._-]+)==(\S+)((?: \\\n\s+--hash=\S+)*)", text, re.M)
    return {canonicalize_name(name): (version, hashes) for name, version, hashes in entries}


@pytest.mark.parametrize("requirement", declared(), ids=str)
def test_every_declared_range_is_locked(requirement):
    pins = locked()
    name = canonicalize_name(requirement.name)
    assert name in pins, f"{name} is not in requirements.lock: run `make lock`"
    assert requirement.specifier.contains(pins[name][0]), \
        f"{name}=={pins[name][0]} is outside {requirement}: run `make lock`"


def test_every_pin_has_a_hash():
    assert all("--hash=sha256:" in hashes for _, hashes in locked().values())
