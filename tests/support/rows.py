"""Rows as committed in the database, read in a fresh session."""

from __future__ import annotations

from typing import TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, select

from models import AuditEvent

M = TypeVar("M", bound=SQLModel)


def count_rows(engine: Engine, model: type[SQLModel]) -> int:
    """Rows of `model` as committed in the database, read in a fresh session."""
    with Session(engine) as session:
        return session.exec(select(sa.func.count()).select_from(model)).one()


def committed(engine: Engine, model: type[M], key: object) -> M:
    """One row as committed, read in a fresh session."""
    with Session(engine) as session:
        return session.get_one(model, key)


def audit_actions(engine: Engine) -> list[str]:
    with Session(engine) as session:
        return list(session.exec(select(AuditEvent.action).order_by(AuditEvent.id)))  # type: ignore[arg-type]
