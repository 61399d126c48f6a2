"""Layer definitions: one YAML file per layer in ``layers/``, validated at start-up."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from geoapp.store.models import LANGUAGES, PLACE_KINDS, REGION_LEVELS
from geoapp.store.sources import FILTERS, SOURCES, Source


class Style(BaseModel):
    """How a layer is drawn."""

    model_config = ConfigDict(extra="forbid")

    color: str = Field("#3388ff", pattern=r"^#[0-9a-fA-F]{6}$")
    radius: int = Field(5, ge=1, le=30)
    weight: int = Field(2, ge=0, le=10)
    fill_opacity: float = Field(0.7, ge=0, le=1)


class Layer(BaseModel):
    """One layer of the map and one collection of the API; its id is its file name."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: dict[str, str]
    description: dict[str, str] = {}
    source: Literal["places", "partnerships", "regions", "activities", "region_statuses"]
    kinds: list[Literal[PLACE_KINDS]] = []
    levels: list[Literal[REGION_LEVELS]] = []
    popup: list[str] = ["name"]
    filters: list[Literal[FILTERS]] = []
    style: Style = Style()
    cluster: bool = False
    visible: bool = True
    order: int = 100

    @field_validator("title")
    @classmethod
    def _every_language(cls, title: dict[str, str]) -> dict[str, str]:
        missing = [lang for lang in LANGUAGES if not title.get(lang)]
        if missing:
            raise ValueError(f"missing languages {', '.join(missing)}")
        return title

    @model_validator(mode="after")
    def _fields_of_source(self) -> Layer:
        known = SOURCES[self.source]
        unknown = [f for f in self.popup if f not in known.properties]
        if unknown:
            raise ValueError(f"popup fields {unknown} are not fields of {self.source}; known: "
                             f"{', '.join(known.properties)}")
        unknown = [f for f in self.filters if f not in known.filters]
        if unknown:
            raise ValueError(f"filters {unknown} do not apply to {self.source}; known: "
                             f"{', '.join(known.filters)}")
        return self

    @property
    def data_source(self) -> Source:
        """The source this layer draws from."""
        return SOURCES[self.source]


class LayerError(ValueError):
    """A layer file that cannot be used; the message names the file and the field."""


def read_layer(path: Path) -> Layer:
    """Read and validate one layer file."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise LayerError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise LayerError(f"{path}: expected a mapping of settings")
    try:
        return Layer(id=path.stem, **data)
    except ValidationError as exc:
        problems = "; ".join(f"field {'.'.join(map(str, e['loc']))}: {e['msg']}"
                             for e in exc.errors())
        raise LayerError(f"{path}: {problems}") from exc


def read_layers(folder: Path) -> dict[str, Layer]:
    """Read every ``*.yaml`` of ``folder``, ordered for the map."""
    found = [read_layer(path) for path in sorted(Path(folder).glob("*.yaml"))]
    if not found:
        raise LayerError(f"{folder}: no layer files (*.yaml)")
    return {layer.id: layer for layer in sorted(found, key=lambda x: (x.order, x.id))}


def init_app(app) -> None:
    """Read and validate the layers once, at start-up."""
    app.extensions["geoapp.layers"] = read_layers(Path(app.config["LAYERS_DIR"]))


def get_layers(app) -> dict[str, Layer]:
    """Return the app's layers by id."""
    return app.extensions["geoapp.layers"]
