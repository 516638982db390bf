"""Test databases: the backends to run on (SQLite always, PostgreSQL when SSAS_TEST_DATABASE_URL is set) and
a fresh database URL per backend."""

from __future__ import annotations

import os
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("SSAS_TEST_DATABASE_URL") else [])


# The PostgreSQL schemas this run made; tests/conftest.py drops them when the session ends.
SCHEMAS: list[str] = []


def postgres_schema_url(name: str) -> str:
    """A URL on the test PostgreSQL database whose tables live in a fresh schema of this run's own, so two
    runs on one server (a developer's and CI's) never drop each other's tables."""
    schema = f"{name}_{os.getpid()}"
    base = make_url(os.environ["SSAS_TEST_DATABASE_URL"])
    with sa.create_engine(base).begin() as connection:
        connection.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    SCHEMAS.append(schema)
    return base.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)


def fresh_database_url(backend: str, directory: Path, name: str) -> str:
    if backend == "sqlite":
        return f"sqlite:///{directory / f'{name}.db'}"
    return postgres_schema_url(name)
