"""What staff and the applicant did to an application under review: the workflow's memory (who completed
which step, for four eyes), the staff history and, without the internal notes, the applicant's timeline."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from models.enums import ReviewActionKind
from models.types import created_at_field, enum_type


class ReviewAction(SQLModel, table=True):
    __tablename__ = "review_action"

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="application.id", index=True, ondelete="CASCADE")
    kind: ReviewActionKind = Field(sa_type=enum_type(ReviewActionKind), nullable=False)
    step: str | None = Field(default=None, max_length=60)
    reasons: list[str] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)
    message: str | None = Field(default=None, max_length=2000, description="said to the applicant")
    note: str | None = Field(default=None, max_length=2000, description="internal: staff only")
    actor_account_id: int | None = Field(default=None, foreign_key="account.id")
    occurred_at: datetime = created_at_field()
