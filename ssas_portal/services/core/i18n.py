"""The French and English catalogs, and Babel formatting of dates, amounts and file sizes per language."""

from __future__ import annotations

import functools
import json
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from babel.dates import format_date as babel_format_date
from babel.dates import format_datetime as babel_format_datetime
from babel.numbers import format_currency, format_decimal

CATALOG_DIR = Path(__file__).resolve().parents[2] / "i18n"
LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"
_LOCALES = {"fr": "fr_FR", "en": "en_GB"}


def supported(language: object) -> str | None:
    """The language when the portal speaks it, else None; input from URLs and browsers is untrusted (a crafted
    event may send any type)."""
    if not isinstance(language, str) or not language:
        return None
    code = language.strip().lower()[:2]
    return code if code in LANGUAGES else None


@functools.cache
def catalog(language: str) -> dict[str, str]:
    path = CATALOG_DIR / f"{language}.json"
    texts: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    return texts


def translate(language: str, key: str, **params: object) -> str:
    text = catalog(supported(language) or DEFAULT_LANGUAGE)[key]
    return text.format(**params) if params else text


def missing_keys() -> dict[str, set[str]]:
    """Keys present in one catalog and not in the other, per language that lacks them."""
    keys = {language: set(catalog(language)) for language in LANGUAGES}
    every = set().union(*keys.values())
    return {language: every - present for language, present in keys.items() if every - present}


def format_date(language: str, value: date) -> str:
    return babel_format_date(value, format="long", locale=_LOCALES[supported(language) or DEFAULT_LANGUAGE])


def format_datetime(language: str, value: datetime) -> str:
    """Shown in UTC, said so, until the portal knows each user's time zone."""
    locale = _LOCALES[supported(language) or DEFAULT_LANGUAGE]
    return f"{babel_format_datetime(value, format='medium', tzinfo=UTC, locale=locale)} UTC"


def format_amount(language: str, amount: Decimal, currency: str = "XOF") -> str:
    return format_currency(amount, currency, locale=_LOCALES[supported(language) or DEFAULT_LANGUAGE])


def format_size(language: str, size_bytes: int) -> str:
    """A file size as people read it: "850 ko" / "850 kB", "2,4 Mo" / "2.4 MB"."""
    locale = _LOCALES[supported(language) or DEFAULT_LANGUAGE]
    units = ("o", "ko", "Mo") if locale.startswith("fr") else ("B", "kB", "MB")
    if size_bytes < 1000:
        return f"{size_bytes} {units[0]}"
    if size_bytes < 1_000_000:
        return f"{format_decimal(round(size_bytes / 1000), locale=locale)} {units[1]}"
    return f"{format_decimal(round(size_bytes / 1_000_000, 1), locale=locale)} {units[2]}"
