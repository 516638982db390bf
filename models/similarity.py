"""What finding similar accounts stores: the blocking keys of every party and submitted application, and the
decisions staff took on a pair, so a pair judged "not the same" is never proposed again."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from models.enums import MatchDecisionKind
from models.types import created_at_field, enum_type


class SimilarityKey(SQLModel, table=True):
    """One blocking key of a registered party or of an application: candidates share at least one key.

    The index on (key, party_id, application_id) answers a lookup from the index alone."""

    if TYPE_CHECKING:  # SQLAlchemy's mapping sets it on every table class; SQLModel does not declare it
        __table__: ClassVar[sa.Table]

    __tablename__ = "similarity_key"
    __table_args__ = (
        sa.Index("ix_similarity_key_lookup", "key", "party_id", "application_id"),
        sa.CheckConstraint("(party_id IS NULL) <> (application_id IS NULL)", name="one_subject"),
    )

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=64)
    party_id: int | None = Field(default=None, foreign_key="party.id", index=True, ondelete="CASCADE")
    application_id: int | None = Field(default=None, foreign_key="application.id", index=True, ondelete="CASCADE")


class MatchDecision(SQLModel, table=True):
    """Staff's judgement on an application and a candidate ("party:12" or "application:34")."""

    __tablename__ = "match_decision"
    __table_args__ = (sa.UniqueConstraint("application_id", "candidate"),)

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="application.id", index=True, ondelete="CASCADE")
    candidate: str = Field(max_length=40)
    decision: MatchDecisionKind = Field(sa_type=enum_type(MatchDecisionKind), nullable=False)
    decided_by_account_id: int | None = Field(default=None, foreign_key="account.id")
    score: int = Field(default=0, description="the similarity shown when staff decided, 0-100")
    created_at: datetime = created_at_field()
