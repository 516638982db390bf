"""Reading the development outbox: what the `outbox` provider "sent" to one destination."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session, col, select

from models import OutboxMessage


def latest_outbox(session: Session, destination: str, limit: int = 10) -> list[OutboxMessage]:
    """The `limit` newest messages to `destination`, newest first (the e-mail compared case-insensitively)."""
    wanted = destination.strip()
    where = (sa.func.lower(OutboxMessage.destination) == wanted.lower() if "@" in wanted
             else col(OutboxMessage.destination) == wanted)
    query = (select(OutboxMessage).where(where)
             .order_by(col(OutboxMessage.created_at).desc(), col(OutboxMessage.id).desc()).limit(max(1, limit)))
    return list(session.exec(query))
