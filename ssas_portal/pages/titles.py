"""Browser tab titles: fixed when the pages are built, so in the default language."""

from __future__ import annotations

from ssas_portal.services.core import i18n


def title(key: str) -> str:
    return f"{i18n.translate(i18n.DEFAULT_LANGUAGE, key)} · {i18n.translate(i18n.DEFAULT_LANGUAGE, 'app.short_name')}"
