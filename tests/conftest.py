"""Shared fixtures: a migrated database per backend (SQLite always, PostgreSQL when SSAS_TEST_DATABASE_URL
is set), emptied after every test, and settings pointing at it."""

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
from ssas_portal.settings import get_settings

# Tests never write the development key file beside the real database.
os.environ.setdefault("SSAS_SECRET_KEY", "test-suite-key-not-secret")

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("SSAS_TEST_DATABASE_URL") else [])


_SCHEMAS: list[str] = []


def postgres_schema_url(name: str) -> str:
    """A URL on the test PostgreSQL database whose tables live in a fresh schema of this run's own, so two
    runs on one server (a developer's and CI's) never drop each other's tables."""
    schema = f"{name}_{os.getpid()}"
    base = make_url(os.environ["SSAS_TEST_DATABASE_URL"])
    with sa.create_engine(base).begin() as connection:
        connection.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    _SCHEMAS.append(schema)
    return base.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)


@pytest.fixture(scope="session", autouse=True)
def _drop_test_schemas() -> Iterator[None]:
    yield
    if _SCHEMAS:
        engine = sa.create_engine(make_url(os.environ["SSAS_TEST_DATABASE_URL"]))
        with engine.begin() as connection:
            for schema in _SCHEMAS:
                connection.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        engine.dispose()


def fresh_database_url(backend: str, directory: Path, name: str) -> str:
    if backend == "sqlite":
        return f"sqlite:///{directory / f'{name}.db'}"
    return postgres_schema_url(name)


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
