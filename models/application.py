"""A request to register, from draft to decision."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from models.enums import ApplicationStatus, ApplicationType
from models.types import created_at_field, enum_type, timestamp_field


class Application(SQLModel, table=True):
    if TYPE_CHECKING:  # SQLAlchemy's mapping sets it on every table class; SQLModel does not declare it
        __table__: ClassVar[sa.Table]

    __table_args__ = (
        sa.Index("ix_application_status_submitted_at", "status", "submitted_at"),
        sa.Index("ix_application_updated_at", "updated_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    reference: str = Field(max_length=24, unique=True, description="human-readable, e.g. EMP-2026-0000123")
    type: ApplicationType = Field(sa_type=enum_type(ApplicationType), nullable=False, index=True)
    status: ApplicationStatus = Field(
        default=ApplicationStatus.DRAFT, sa_type=enum_type(ApplicationStatus), nullable=False
    )
    form_data: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON, nullable=False)
    language: str = Field(default="fr", max_length=2)
    contact_email: str | None = Field(default=None, max_length=254, index=True)
    contact_phone: str | None = Field(default=None, max_length=20, index=True)
    applicant_account_id: int | None = Field(default=None, foreign_key="account.id", index=True)
    party_id: int | None = Field(default=None, foreign_key="party.id", index=True)
    current_step: str | None = Field(default=None, max_length=60)
    step_started_at: datetime | None = timestamp_field()
    step_due_at: datetime | None = timestamp_field(index=True)
    assignee_account_id: int | None = Field(default=None, foreign_key="account.id", index=True)
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"}, description="optimistic lock")
    created_at: datetime = created_at_field()
    updated_at: datetime | None = timestamp_field()
    submitted_at: datetime | None = timestamp_field()
    decided_at: datetime | None = timestamp_field()
