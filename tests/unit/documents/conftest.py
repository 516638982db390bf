"""Fixtures of the document tests that reach the download route: settings read afresh, and documents
stored where the portal's settings look for them (test_store.py has a `scene` of its own)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from ssas_portal.services.documents.storage import LocalStorage
from ssas_portal.settings import get_settings
from tests.support.documents import make_application, pdf_bytes, png_bytes, store


@pytest.fixture
def scene(engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_settings: None) -> dict[str, Any]:
    """Two drafts with a document each, stored where the portal's settings look for documents."""
    folder = tmp_path / "documents"
    monkeypatch.setenv("SSAS_DOCUMENT_DIR", str(folder))
    get_settings.cache_clear()
    storage = LocalStorage(folder)
    application = make_application(engine, "EMP-2026-AAAAAAAA")
    other_application = make_application(engine, "EMP-2026-BBBBBBBB")
    document = store(engine, storage, pdf_bytes(), name="Acte de naissance é.pdf", application_id=application)
    other_document = store(engine, storage, png_bytes(), name="photo.png", application_id=other_application)
    return {"application": application, "document": document.id, "other_application": other_application,
            "other_document": other_document.id}
