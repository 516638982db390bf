"""Fixtures shared by the unit tests of several contexts."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ssas_portal.settings import get_settings


@pytest.fixture
def fresh_settings() -> Iterator[None]:
    """Settings read again after the test changes the environment, and again once it is restored."""
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()
