"""Registrant profiles from config data, and the French and English catalogs that describe them."""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from models.enums import ApplicationType
from ssas_portal.services.core import i18n
from ssas_portal.services.core.config_files import ConfigError
from ssas_portal.services.forms import profiles
from ssas_portal.services.forms.profiles import PROFILES_FILE
from ssas_portal.settings import PROJECT_ROOT
from tests.support.text import one_line

UI_DIRECTORIES = [PROJECT_ROOT / "components", PROJECT_ROOT / "state", PROJECT_ROOT / "ssas_portal" / "pages"]
LITERAL_TR_CALL = re.compile(r"""\btr\(\s*(["'])([^"']+)\1\s*\)""")


# --- profiles ---------------------------------------------------------------------------------------------


def test_one_profile_per_application_type_with_unique_slugs() -> None:
    """The landing page offers six profiles, one for each kind of registration."""
    loaded = profiles.profiles()
    assert sorted(profile.type for profile in loaded) == sorted(ApplicationType)
    assert len({profile.slug for profile in loaded}) == len(loaded) == 6


def drop_a_profile(data: dict[str, Any]) -> None:
    data["profiles"].pop()


def unknown_rule(data: dict[str, Any]) -> None:
    data["profiles"][0]["documents"][0]["rule"] = "sometimes"


def extra_field(data: dict[str, Any]) -> None:
    data["profiles"][0]["colour"] = "red"


@pytest.mark.parametrize(
    ("break_it", "named"),
    [(unknown_rule, "profiles.0.documents.0.rule"), (drop_a_profile, "profiles: needs exactly one profile for each"),
     (extra_field, "profiles.0.colour")],
)
def test_a_broken_profiles_file_stops_start_up_with_one_line(tmp_path: Path, break_it: Any, named: str) -> None:
    """A bad configuration file is refused with one line that says where, not a pydantic dump."""
    data = json.loads(PROFILES_FILE.read_text(encoding="utf-8"))
    break_it(data)
    path = tmp_path / "profiles.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert_config_error(path, named)


def test_a_profiles_file_that_is_not_json_stops_start_up_with_one_line(tmp_path: Path) -> None:
    path = tmp_path / "profiles.json"
    path.write_text(PROFILES_FILE.read_text(encoding="utf-8")[:-3], encoding="utf-8")
    assert_config_error(path, "not valid JSON")


def test_a_profiles_file_that_is_not_utf8_stops_start_up_with_one_line(tmp_path: Path) -> None:
    path = tmp_path / "profiles.json"
    path.write_bytes(b"\xff" + PROFILES_FILE.read_bytes())
    assert_config_error(path, "not UTF-8")


def assert_config_error(path: Path, named: str) -> None:
    with pytest.raises(ConfigError) as refused:
        profiles.load_catalog(path)
    line = one_line(str(refused.value))
    assert line.startswith("profiles.json:")
    assert named in line


# --- catalogs ---------------------------------------------------------------------------------------------


def test_both_catalogs_have_the_same_keys() -> None:
    assert i18n.missing_keys() == {}


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_every_profile_text_exists(language: str) -> None:
    """Each profile's title, audience, needs and documents can be shown in both languages."""
    wanted = {key for profile in profiles.profiles() for key in profiles.catalog_keys(profile)}
    assert wanted - set(i18n.catalog(language)) == set()


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_no_catalog_text_is_empty(language: str) -> None:
    assert [key for key, text in i18n.catalog(language).items() if not text.strip()] == []


def literal_tr_keys() -> set[str]:
    """Keys passed as a string literal to tr(...) in the UI code."""
    sources = (path.read_text(encoding="utf-8") for folder in UI_DIRECTORIES for path in folder.rglob("*.py"))
    return {match.group(2) for text in sources for match in LITERAL_TR_CALL.finditer(text)}


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_every_key_the_ui_asks_for_exists(language: str) -> None:
    """A missing key would show the key itself to the user; the scan must find keys to prove anything."""
    keys = literal_tr_keys()
    assert len(keys) >= 20
    assert sorted(keys - set(i18n.catalog(language))) == []


# --- formatting and language choice -----------------------------------------------------------------------


@pytest.mark.parametrize(("language", "expected"), [("fr", "30 novembre 2026"), ("en", "30 November 2026")])
def test_format_date_speaks_the_language(language: str, expected: str) -> None:
    assert i18n.format_date(language, date(2026, 11, 30)) == expected


def test_format_amount_differs_by_language_and_groups_digits() -> None:
    """French and English group thousands differently; both must group them."""
    french, english = (i18n.format_amount(language, Decimal("1234567")) for language in ("fr", "en"))
    assert french != english
    assert re.search(r"1\s234\s567", french)
    assert "1,234,567" in english


@pytest.mark.parametrize(("given", "expected"), [("fr", "fr"), ("EN", "en"), ("en-GB", "en")])
def test_supported_accepts_the_portal_languages(given: str, expected: str) -> None:
    assert i18n.supported(given) == expected


@pytest.mark.parametrize("given", ["de", "", None, "<script>"])
def test_supported_refuses_anything_else(given: str | None) -> None:
    """Language codes come from URLs and browsers: anything unknown is refused, not echoed."""
    assert i18n.supported(given) is None
