"""Config files: ${ENV:default} interpolation and merging (ARCHITECTURE convention 9)."""

from pathlib import Path

import pytest

from relais_kit.config import deep_merge, interpolate, load_yaml, section


def test_environment_wins_over_default() -> None:
    assert interpolate("${A:x}-${B:y}", {"A": "1"}) == "1-y"


def test_empty_default_is_allowed() -> None:
    assert interpolate("v=${A:}", {}) == "v="


def test_missing_variable_without_default_names_it() -> None:
    with pytest.raises(KeyError, match="RELAIS_SECRET"):
        interpolate("${RELAIS_SECRET}", {})


def test_yaml_is_interpolated_then_parsed(tmp_path: Path) -> None:
    path = tmp_path / "config.yml"
    path.write_text("AMQP_URI: ${URI:memory://}\nACCOUNTS:\n  COST: ${COST:2}\n")
    assert load_yaml(path, {"COST": "3"}) == {"AMQP_URI": "memory://", "ACCOUNTS": {"COST": 3}}


def test_non_mapping_config_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "config.yml"
    path.write_text("- a\n- b\n")
    with pytest.raises(ValueError, match="mapping"):
        load_yaml(path, {})


def test_deep_merge_keeps_every_service_address() -> None:
    merged = deep_merge({"HTTP_ADDRESSES": {"accounts": "a"}}, {"HTTP_ADDRESSES": {"routing": "r"}, "X": 1})
    assert merged == {"HTTP_ADDRESSES": {"accounts": "a", "routing": "r"}, "X": 1}


def test_section_is_the_upper_case_key() -> None:
    assert section({"ACCOUNTS": {"K": 1}}, "accounts") == {"K": 1}
    assert section({}, "accounts") == {}
