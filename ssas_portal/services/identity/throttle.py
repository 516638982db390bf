"""Progressive slow-down of failed sign-ins and codes, per account and per client.

The first failures cost nothing; from the third on, the next try waits 1, 2, 4 ... up to 60 seconds. A
success clears the key. The waits are short on purpose: they slow guessing without locking anyone out.
"""

from __future__ import annotations

import math
from datetime import timedelta

from sqlmodel import Session

from models import Throttle
from models.types import utc_now
from ssas_portal.services.core.server_key import keyed_hash

FREE_FAILURES = 2
MAX_DELAY_SECONDS = 60
FORGET_AFTER = timedelta(hours=1)


def identity_key(typed_email: str) -> str:
    """Keyed on what was typed, not on the account, so known and unknown addresses slow down alike."""
    return f"identity:{keyed_hash(typed_email.strip().lower())[:40]}"


def client_key(client: str) -> str:
    return f"client:{client[:100]}"


def delay_after(failures: int) -> int:
    if failures <= FREE_FAILURES:
        return 0
    doubled: int = 2 ** (failures - FREE_FAILURES - 1)  # typeshed: int ** int is Any (a negative power is a float)
    return min(doubled, MAX_DELAY_SECONDS)


def wait_seconds(session: Session, *keys: str) -> int:
    """How long before the next try is heard (0: now)."""
    now = utc_now()
    waits = [
        math.ceil((row.blocked_until - now).total_seconds())
        for key in keys
        if (row := session.get(Throttle, key)) is not None and row.blocked_until and row.blocked_until > now
    ]
    return max(waits, default=0)


def fail(session: Session, *keys: str) -> None:
    now = utc_now()
    for key in keys:
        row = session.get(Throttle, key)
        if row is None or now - row.last_failure_at > FORGET_AFTER:
            row = row or Throttle(key=key)
            row.failures = 0
        row.failures += 1
        row.last_failure_at = now
        delay = delay_after(row.failures)
        row.blocked_until = now + timedelta(seconds=delay) if delay else None
        session.add(row)
    session.flush()


def clear(session: Session, *keys: str) -> None:
    for key in keys:
        row = session.get(Throttle, key)
        if row is not None:
            session.delete(row)
    session.flush()
