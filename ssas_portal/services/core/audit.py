"""The audit trail: append an event in the caller's transaction, chained to the previous one.

Each event's hash covers its content and the previous hash; `previous_hash` is unique, so two
writers can never both extend the same event, and an edited or deleted row breaks the chain.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from models import AuditEvent
from models.types import utc_now

GENESIS_HASH = "0" * 64
_PG_AUDIT_LOCK = 0x55A5  # advisory lock key serialising appends on PostgreSQL


@dataclass(frozen=True)
class Actor:
    """Who acts: an account and the role it acts in, or the system itself (account_id None)."""

    account_id: int | None
    role: str

    @classmethod
    def system(cls) -> Actor:
        return cls(account_id=None, role="system")


def _digest(event: AuditEvent) -> str:
    content = {
        "occurred_at": _timestamp(event.occurred_at),
        "actor_account_id": event.actor_account_id,
        "actor_role": event.actor_role,
        "action": event.action,
        "entity_type": event.entity_type,
        "entity_id": event.entity_id,
        "before": event.before,
        "after": event.after,
        "previous_hash": event.previous_hash,
    }
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _timestamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def record(
    session: Session,
    actor: Actor,
    action: str,
    entity_type: str,
    entity_id: object | None = None,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event inside the caller's transaction."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_AUDIT_LOCK})
    last = session.exec(select(AuditEvent.hash).order_by(col(AuditEvent.id).desc()).limit(1)).first()
    event = AuditEvent(
        occurred_at=utc_now(),
        actor_account_id=actor.account_id,
        actor_role=actor.role,
        action=action,
        entity_type=entity_type,
        entity_id=None if entity_id is None else str(entity_id),
        before=_jsonable(before),
        after=_jsonable(after),
        previous_hash=last or GENESIS_HASH,
        hash="",
    )
    event.hash = _digest(event)
    session.add(event)
    session.flush()
    return event


def _jsonable(values: dict[str, Any] | None) -> dict[str, Any] | None:
    return None if values is None else json.loads(json.dumps(values, default=str))


def verify_chain(session: Session) -> tuple[int, int | None]:
    """How many events hold in a row from the start, and the id of the first whose hash or link does not
    (None when the whole chain is intact). Events are read in batches, so a long trail fits in memory."""
    expected_previous, count = GENESIS_HASH, 0
    for event in session.exec(select(AuditEvent).order_by(col(AuditEvent.id)).execution_options(yield_per=1000)):
        if event.previous_hash != expected_previous or _digest(event) != event.hash:
            return count, event.id
        expected_previous, count = event.hash, count + 1
    return count, None
