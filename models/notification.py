"""A message to someone, queued in the same transaction as the change it announces."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from models.enums import NotificationChannel, NotificationStatus
from models.types import created_at_field, enum_type, timestamp_field


class Notification(SQLModel, table=True):
    __table_args__ = (sa.Index("ix_notification_status_created_at", "status", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    recipient_account_id: int | None = Field(default=None, foreign_key="account.id", index=True)
    destination: str | None = Field(default=None, max_length=254, description="e-mail or E.164 phone")
    channel: NotificationChannel = Field(sa_type=enum_type(NotificationChannel), nullable=False)
    template: str = Field(max_length=60)
    language: str = Field(default="fr", max_length=2)
    payload: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON, nullable=False)
    status: NotificationStatus = Field(
        default=NotificationStatus.QUEUED, sa_type=enum_type(NotificationStatus), nullable=False
    )
    created_at: datetime = created_at_field()
    sent_at: datetime | None = timestamp_field()
    error: str | None = Field(default=None, max_length=500)
