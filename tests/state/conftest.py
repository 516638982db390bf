"""Fixtures of the state tests; the states themselves are built with tests.support.state."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from ssas_portal.settings import get_settings


@pytest.fixture
def documents_dir(engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Uploads land in a directory of this test's own (the settings choose the local storage's folder)."""
    folder = tmp_path / "documents"
    monkeypatch.setenv("SSAS_DOCUMENT_DIR", str(folder))
    get_settings.cache_clear()
    return folder
