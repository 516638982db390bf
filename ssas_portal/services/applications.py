"""Read models of applications for the staff landing board (the full review board is its own work)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session, select

from models import Application
from models.enums import ApplicationStatus


def count_by_status(session: Session) -> dict[ApplicationStatus, int]:
    """Every status with its count, zeros included, in workflow order."""
    rows = session.exec(select(Application.status, sa.func.count()).group_by(Application.status)).all()
    counts = dict(rows)
    return {status: counts.get(status, 0) for status in ApplicationStatus}
