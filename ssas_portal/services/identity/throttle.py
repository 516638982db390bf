"""Progressive slow-down of failed sign-ins and codes, per account and per client.

The first failures cost nothing; from the third on, the next try waits 1, 2, 4 ... up to 60 seconds. A
success clears the key. The waits are short on purpose: they slow guessing without locking anyone out.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from models import Throttle
from models.types import utc_now
from ssas_portal.services.core.server_key import keyed_hash

FREE_FAILURES = 2
MAX_DELAY_SECONDS = 60
FORGET_AFTER = timedelta(hours=1)


def identity_key(typed_email: str) -> str:
    """Keyed on what was typed, not on the account, so known and unknown addresses slow down alike."""
    return f"identity:{keyed_hash(typed_email.strip().lower())[:40]}"


def client_key(address: str) -> str:
    """Keyed on the client's address only: what else a client sends (its browser's name) it chooses, and a
    new one per try would start a new count."""
    return f"client:{address[:100]}"


def delay_after(failures: int) -> int:
    if failures <= FREE_FAILURES:
        return 0
    doubled: int = 2 ** (failures - FREE_FAILURES - 1)  # typeshed: int ** int is Any (a negative power is a float)
    return min(doubled, MAX_DELAY_SECONDS)


def wait_seconds(session: Session, *keys: str) -> int:
    """How long before the next try is heard (0: now)."""
    now = utc_now()
    blocked = session.exec(select(Throttle.blocked_until).where(col(Throttle.key).in_(keys)))
    waits = [math.ceil((until - now).total_seconds()) for until in blocked if until and until > now]
    return max(waits, default=0)


def fail(session: Session, *keys: str) -> None:
    """Count a failure on each key, in the database: one INSERT ... ON CONFLICT DO UPDATE ... RETURNING per
    key (SQLite's and PostgreSQL's), so racing workers never lose a failure to a read-then-write nor trip
    over each other's first row. The row stays locked until commit (PostgreSQL's row lock, SQLite's write
    lock), so the wait that count earns is set before another worker can count."""
    now = utc_now()
    for key in keys:
        delay = delay_after(_count_failure(session, key, now))
        session.execute(
            sa.update(Throttle).where(col(Throttle.key) == key)
            .values(blocked_until=now + timedelta(seconds=delay) if delay else None)
            .execution_options(synchronize_session=False)
        )


def _count_failure(session: Session, key: str, now: datetime) -> int:
    """The key's failures with this one: 1 for a new key or one quiet for FORGET_AFTER, else one more."""
    first = {"key": key, "failures": 1, "last_failure_at": now, "blocked_until": None}
    counted = {
        "failures": sa.case((col(Throttle.last_failure_at) < now - FORGET_AFTER, 1), else_=col(Throttle.failures) + 1),
        "last_failure_at": now,
    }
    conflict, returned = [col(Throttle.key)], col(Throttle.failures)
    if session.get_bind().dialect.name == "postgresql":
        upsert: sa.Executable = postgresql.insert(Throttle).values(first).on_conflict_do_update(
            index_elements=conflict, set_=counted).returning(returned)
    else:
        upsert = sqlite.insert(Throttle).values(first).on_conflict_do_update(
            index_elements=conflict, set_=counted).returning(returned)
    failures: int = session.execute(upsert).scalar_one()
    return failures


def clear(session: Session, *keys: str) -> None:
    session.execute(sa.delete(Throttle).where(col(Throttle.key).in_(keys)))
