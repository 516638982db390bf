"""Fixtures of the identity tests."""

from __future__ import annotations

import pytest

from tests.support.identity import Clock, frozen_clock


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    return frozen_clock(monkeypatch)
