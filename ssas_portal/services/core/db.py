"""Engines and transactions. Every service writes through `transaction()` so a change and its
audit event commit together or not at all."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from ssas_portal.services.core.errors import Refusal
from ssas_portal.settings import SettingsError, get_settings


@functools.cache
def engine_for(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            folder = Path(parsed.database).parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise SettingsError(f"SSAS_DATABASE_URL: cannot create the folder {folder}"
                                    f" ({error.strerror})") from None
        engine = sa.create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return sa.create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def get_engine() -> Engine:
    return engine_for(get_settings().database_url)


def check_connection(engine: Engine | None = None) -> None:
    """Fail start-up with one line naming the setting when the database cannot be reached."""
    engine = engine or get_engine()
    try:
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
    except OperationalError as error:
        reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        safe_url = engine.url.render_as_string(hide_password=True)
        raise SettingsError(f"SSAS_DATABASE_URL: cannot connect to {safe_url} ({reason})") from None


@contextmanager
def transaction(engine: Engine | None = None) -> Iterator[Session]:
    """One unit of work: commit on success, roll back everything on any error or refusal, except what a
    `kept` refusal recorded of the refused attempt."""
    with Session(engine or get_engine(), expire_on_commit=False) as session:
        session.begin()
        try:
            yield session
        except Refusal as refused:
            if refused.kept:
                session.commit()
            else:
                session.rollback()
            raise
        except BaseException:
            session.rollback()
            raise
        session.commit()


@contextmanager
def reading(engine: Engine | None = None) -> Iterator[Session]:
    with Session(engine or get_engine(), expire_on_commit=False) as session:
        yield session
