"""Server-side sessions: a 256-bit random token in the browser, only its SHA-256 in the database.

A session ends on sign-out, after SSAS_SESSION_IDLE_MINUTES without use, or SSAS_SESSION_ABSOLUTE_HOURS after
sign-in, whichever comes first.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from models import Account, UserSession
from models.types import utc_now
from ssas_portal.services.core import audit
from ssas_portal.services.core.audit import Actor
from ssas_portal.settings import get_settings


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class ActiveSession:
    id: int
    client_label: str
    created_at: datetime
    last_seen_at: datetime
    current: bool


def start(session: Session, account: Account, client_label: str) -> str:
    """A new token for every sign-in (never reuse one from before authentication)."""
    assert account.id is not None  # a stored account: the one signing in
    token = secrets.token_urlsafe(32)
    now = utc_now()
    row = UserSession(
        account_id=account.id, token_hash=_digest(token), client_label=client_label[:200], created_at=now,
        last_seen_at=now, expires_at=now + timedelta(hours=get_settings().session_absolute_hours),
    )
    session.add(row)
    session.flush()
    audit.record(session, Actor(account.id, "self"), "session.started", "session", row.id)
    return token


def _live(session: Session, token: str) -> UserSession | None:
    if not token:
        return None
    row = session.exec(select(UserSession).where(UserSession.token_hash == _digest(token))).first()
    if row is None or row.ended_at is not None:
        return None
    now = utc_now()
    idle_limit = row.last_seen_at + timedelta(minutes=get_settings().session_idle_minutes)
    if now >= row.expires_at or now >= idle_limit:
        row.ended_at = now
        session.add(row)
        audit.record(session, Actor(row.account_id, "self"), "session.expired", "session", row.id)
        return None
    return row


def resolve(session: Session, token: str, *, touch: bool = True) -> Account | None:
    """The signed-in account, touching the session so idle time restarts (not for a live page's own reload,
    which is no sign of a person at the keyboard); None when it is over."""
    row = _live(session, token)
    if row is None:
        return None
    account = session.get(Account, row.account_id)
    if account is None or not account.is_active:
        return None
    if touch:
        row.last_seen_at = utc_now()
        session.add(row)
    return account


def end(session: Session, token: str) -> None:
    row = _live(session, token)
    if row is not None:
        row.ended_at = utc_now()
        session.add(row)
        audit.record(session, Actor(row.account_id, "self"), "session.ended", "session", row.id)


def end_all(session: Session, account_id: int, *, keep_token: str | None = None) -> int:
    """Sign out everywhere (or everywhere else); returns how many sessions were ended."""
    keep = _digest(keep_token) if keep_token else None
    rows = session.exec(
        select(UserSession).where(UserSession.account_id == account_id, col(UserSession.ended_at).is_(None))
    ).all()
    now = utc_now()
    ended = [row for row in rows if row.token_hash != keep]
    for row in ended:
        row.ended_at = now
        session.add(row)
    audit.record(session, Actor(account_id, "self"), "session.ended_all", "account", account_id,
                 after={"ended": len(ended)})
    return len(ended)


def active(session: Session, account_id: int, current_token: str) -> list[ActiveSession]:
    current = _digest(current_token)
    now = utc_now()
    idle = timedelta(minutes=get_settings().session_idle_minutes)
    rows = session.exec(
        select(UserSession)
        .where(UserSession.account_id == account_id, col(UserSession.ended_at).is_(None))
        .order_by(col(UserSession.last_seen_at).desc())
    ).all()
    return [
        ActiveSession(row.id or 0, row.client_label, row.created_at, row.last_seen_at, row.token_hash == current)
        for row in rows
        if now < row.expires_at and now < row.last_seen_at + idle
    ]
