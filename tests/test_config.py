"""Settings: read from the environment, typed, and every one documented."""

from pathlib import Path

import pytest

from geoapp import config

README = Path(__file__).resolve().parents[1] / "README.md"


@pytest.mark.parametrize("setting", config.SETTINGS, ids=lambda s: s.name)
def test_every_setting_is_documented(setting):
    assert f"`GEOAPP_{setting.name}`" in README.read_text(encoding="utf-8")


def test_environment_overrides_and_is_typed():
    found = config.from_environment({"GEOAPP_PORT": "8080", "GEOAPP_TILE_URL": "/t/{z}"})
    assert found == {"PORT": 8080, "TILE_URL": "/t/{z}"}


def test_a_badly_typed_setting_is_named():
    with pytest.raises(ValueError, match="GEOAPP_API_LIMIT_MAX='many': expected int"):
        config.from_environment({"GEOAPP_API_LIMIT_MAX": "many"})


def test_test_config_wins_over_environment(monkeypatch, tmp_path):
    from flask import Flask

    monkeypatch.setenv("GEOAPP_PORT", "7000")
    app = Flask(__name__, instance_path=str(tmp_path))
    config.init_app(app, {"PORT": 9000})
    assert app.config["PORT"] == 9000
    assert app.config["DATABASE_URL"] == f"sqlite:///{tmp_path / 'geoapp.sqlite'}"


def test_a_negative_size_is_refused_with_its_name():
    assert config.from_environment({"GEOAPP_TILE_MEMORY_MB": "0"}) == {"TILE_MEMORY_MB": 0}
    with pytest.raises(ValueError, match="GEOAPP_TILE_MEMORY_MB='-5'"):
        config.from_environment({"GEOAPP_TILE_MEMORY_MB": "-5"})
