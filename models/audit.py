"""The audit trail: one row per change, chained by hash so edits and deletions show."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from models.types import created_at_field


class AuditEvent(SQLModel, table=True):
    __table_args__ = (sa.Index("ix_auditevent_entity", "entity_type", "entity_id"),)

    id: int | None = Field(default=None, primary_key=True)
    occurred_at: datetime = created_at_field()
    actor_account_id: int | None = Field(default=None, foreign_key="account.id", index=True)
    actor_role: str | None = Field(default=None, max_length=32)
    action: str = Field(max_length=60)
    entity_type: str = Field(max_length=40)
    entity_id: str | None = Field(default=None, max_length=40)
    before: dict[str, Any] | None = Field(default=None, sa_type=sa.JSON)
    after: dict[str, Any] | None = Field(default=None, sa_type=sa.JSON)
    previous_hash: str = Field(max_length=64, unique=True, description="unique: the chain cannot fork")
    hash: str = Field(max_length=64, unique=True)
