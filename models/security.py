"""Authentication records: one-time codes, the development outbox, server-side sessions and throttles."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from models.enums import CodePurpose, NotificationChannel
from models.types import created_at_field, enum_type, timestamp_field


class OneTimeCode(SQLModel, table=True):
    """A code sent for one purpose to one destination; `code_hash` is None when the provider keeps the code."""

    __table_args__ = (sa.Index("ix_onetimecode_destination_purpose", "destination", "purpose"),)

    id: int | None = Field(default=None, primary_key=True)
    purpose: CodePurpose = Field(sa_type=enum_type(CodePurpose), nullable=False)
    channel: NotificationChannel = Field(sa_type=enum_type(NotificationChannel), nullable=False)
    destination: str = Field(max_length=254)
    account_id: int | None = Field(default=None, foreign_key="account.id", index=True)
    application_id: int | None = Field(default=None, foreign_key="application.id", index=True)
    provider: str = Field(max_length=20)
    reference_id: str = Field(max_length=48, unique=True)
    code_hash: str | None = Field(default=None, max_length=64)
    attempts: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    max_attempts: int = Field(default=5)
    expires_at: datetime = timestamp_field(nullable=False)
    consumed_at: datetime | None = timestamp_field()
    created_at: datetime = created_at_field()


class OutboxMessage(SQLModel, table=True):
    """What the `outbox` provider "sent": read it with `python -m ssas_portal outbox --to DESTINATION`."""

    id: int | None = Field(default=None, primary_key=True)
    destination: str = Field(max_length=254, index=True)
    channel: NotificationChannel = Field(sa_type=enum_type(NotificationChannel), nullable=False)
    body: str = Field(sa_type=sa.Text)
    created_at: datetime = created_at_field()


class UserSession(SQLModel, table=True):
    """A signed-in browser. Only the SHA-256 of its token is stored."""

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True, ondelete="CASCADE")
    token_hash: str = Field(max_length=64, unique=True)
    client_label: str = Field(default="", max_length=200)
    created_at: datetime = created_at_field()
    last_seen_at: datetime = created_at_field()
    expires_at: datetime = timestamp_field(nullable=False)
    ended_at: datetime | None = timestamp_field()


class Throttle(SQLModel, table=True):
    """Failures counted per key ("account:12", "client:203.0.113.9") and the time before the next try."""

    key: str = Field(primary_key=True, max_length=120)
    failures: int = Field(default=0)
    last_failure_at: datetime = created_at_field()
    blocked_until: datetime | None = timestamp_field()
