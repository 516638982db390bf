"""The language handlers accept only the portal's languages and keep the page's <html lang> in step."""

from __future__ import annotations

import pytest

from ssas_portal.services.core import i18n
from state.language import LanguageState, tr
from tests.support.state import make_state


def _script_of(result: object) -> str:
    return str(result.args[0][1])  # type: ignore[attr-defined]


def test_french_is_the_default_language() -> None:
    state = make_state(LanguageState)
    assert state.language == "fr"
    assert state.t["nav.sign_in"] == "Se connecter"


def test_set_language_switches_catalog_and_html_lang() -> None:
    state = make_state(LanguageState)
    result = LanguageState.set_language.fn(state, "en")
    assert state.language == "en"
    assert state.t == i18n.catalog("en")
    assert "documentElement.lang = 'en'" in _script_of(result)


@pytest.mark.parametrize("bad", ["de", "", "<script>alert(1)</script>", "xx-YY"])
def test_set_language_ignores_languages_the_portal_does_not_speak(bad: str) -> None:
    state = make_state(LanguageState)
    assert LanguageState.set_language.fn(state, bad) is None
    assert state.language == "fr"


@pytest.mark.parametrize("crafted", [["en"], {"en": 1}, 5, None])
def test_set_language_answers_nothing_to_a_value_of_another_type(crafted: object) -> None:
    state = make_state(LanguageState)
    assert LanguageState.set_language.fn(state, crafted) is None  # type: ignore[arg-type]  # crafted event
    assert state.language == "fr"


def test_toggle_goes_to_english_and_back() -> None:
    state = make_state(LanguageState)
    LanguageState.toggle_language.fn(state)
    assert state.language == "en"
    LanguageState.toggle_language.fn(state)
    assert state.language == "fr"


@pytest.mark.parametrize(("url", "expected"), [("/?lang=en", "en"), ("/register/employee/?lang=fr", "fr")])
def test_lang_in_the_url_wins_over_the_remembered_choice(url: str, expected: str) -> None:
    state = make_state(LanguageState, url=url, lang="en" if expected == "fr" else "fr")
    result = LanguageState.apply_url_language.fn(state)
    assert state.language == expected
    assert f"documentElement.lang = '{expected}'" in _script_of(result)


def test_bad_lang_in_the_url_keeps_the_remembered_choice() -> None:
    state = make_state(LanguageState, url="/?lang=klingon", lang="en")
    LanguageState.apply_url_language.fn(state)
    assert state.language == "en"


def test_a_tampered_stored_language_falls_back_to_french() -> None:
    state = make_state(LanguageState, lang="zz")
    assert state.language == "fr"
    assert state.t == i18n.catalog("fr")


def test_information_date_is_formatted_per_language() -> None:
    state = make_state(LanguageState)
    assert "novembre 2026" in state.information_as_of
    LanguageState.set_language.fn(state, "en")
    assert "November 2026" in state.information_as_of


def test_tr_refuses_a_key_missing_from_the_catalogs() -> None:
    with pytest.raises(KeyError, match="no.such.key"):
        tr("no.such.key")
