"""Links between persons: a survivor to the deceased, a guardian to a minor."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from models.enums import RelationshipKind
from models.types import created_at_field, enum_type


class Relationship(SQLModel, table=True):
    __table_args__ = (
        sa.UniqueConstraint("kind", "subject_party_id", "related_party_id"),
        sa.CheckConstraint("subject_party_id <> related_party_id", name="distinct_parties"),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: RelationshipKind = Field(sa_type=enum_type(RelationshipKind), nullable=False)
    subject_party_id: int = Field(foreign_key="party.id", index=True, description="the survivor or the guardian")
    related_party_id: int = Field(foreign_key="party.id", index=True, description="the deceased or the minor")
    detail: str | None = Field(default=None, max_length=60, description="e.g. spouse, child")
    start_date: date | None = None
    end_date: date | None = None
    created_at: datetime = created_at_field()
