"""The page language: French by default, `?lang=fr|en` or one click to change, remembered per browser."""

from __future__ import annotations

import reflex as rx
from reflex.event import EventSpec

from ssas_portal.services.core import i18n
from ssas_portal.services.forms import profiles
from ssas_portal.settings import get_settings


def _apply_to_document(language: str) -> EventSpec:
    """Screen readers read the page language from <html lang>; data-portal-language also tells that the page is live."""
    root = "document.documentElement"
    return rx.call_script(f"{root}.lang = {language!r}; {root}.dataset.portalLanguage = {language!r}")


class LanguageState(rx.State):
    lang: str = rx.LocalStorage(get_settings().default_language.value, name="ssas_lang", sync=True)

    @rx.var
    def language(self) -> str:
        return i18n.supported(self.lang) or i18n.DEFAULT_LANGUAGE

    @rx.var
    def t(self) -> dict[str, str]:
        return i18n.catalog(self.language)

    @rx.var
    def information_as_of(self) -> str:
        as_of = i18n.format_date(self.language, profiles.catalog().information_as_of)
        return i18n.translate(self.language, "footer.information_as_of", date=as_of)

    @rx.event
    def set_language(self, language: str) -> EventSpec | None:
        chosen = i18n.supported(language)
        if chosen is None:
            return None
        self.lang = chosen
        return _apply_to_document(chosen)

    @rx.event
    def toggle_language(self) -> EventSpec:
        self.lang = "en" if self.language == "fr" else "fr"
        return _apply_to_document(self.lang)

    @rx.event
    def apply_url_language(self) -> EventSpec:
        """on_load of every page: `?lang=` wins over the remembered choice."""
        requested = i18n.supported(self.router.url.query_parameters.get("lang"))
        if requested is not None:
            self.lang = requested
        return _apply_to_document(self.language)


def tr(key: str) -> rx.Var[str]:
    """The text of `key` in the current language; an unknown key fails when the page is built."""
    for language in i18n.LANGUAGES:
        if key not in i18n.catalog(language):
            raise KeyError(f"i18n key {key!r} is missing from the {language} catalog")
    return LanguageState.t[key]


def in_language(french: str | rx.Var[str], english: str | rx.Var[str]) -> rx.Var[str]:
    """A text from configuration (a form definition) that carries both languages itself."""
    return rx.cond(LanguageState.language == "en", english, french)
