"""Shared fixtures: a migrated database per backend (SQLite always, PostgreSQL when SSAS_TEST_DATABASE_URL
is set), emptied after every test, and settings pointing at it; a document storage of the test's own."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, SQLModel

import models  # noqa: F401  (registers the tables)
from ssas_portal.cli import migrate
from ssas_portal.services.core.db import engine_for
from ssas_portal.services.documents.storage import LocalStorage
from ssas_portal.settings import get_settings
from tests.support.databases import BACKENDS, SCHEMAS, fresh_database_url

# Tests never write the development key file beside the real database.
os.environ.setdefault("SSAS_SECRET_KEY", "test-suite-key-not-secret")


@pytest.fixture(scope="session", autouse=True)
def _drop_test_schemas() -> Iterator[None]:
    yield
    if SCHEMAS:
        engine = sa.create_engine(make_url(os.environ["SSAS_TEST_DATABASE_URL"]))
        with engine.begin() as connection:
            for schema in SCHEMAS:
                connection.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        engine.dispose()


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    url = fresh_database_url(request.param, tmp_path_factory.mktemp("db"), "ssas_tests")
    migrate(url)
    return url


@pytest.fixture
def engine(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """The migrated test database; the portal's settings point at it; emptied after the test."""
    monkeypatch.setenv("SSAS_DATABASE_URL", database_url)
    get_settings.cache_clear()
    engine = engine_for(database_url)
    yield engine
    get_settings.cache_clear()
    with engine.begin() as connection:
        for table in reversed(SQLModel.metadata.sorted_tables):
            connection.execute(table.delete())


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as session:
        yield session


@pytest.fixture
def storage(tmp_path: Path) -> LocalStorage:
    """A private document folder of this test's own."""
    return LocalStorage(tmp_path / "documents")
