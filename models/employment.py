"""A job: a person working for an employer, declared by one side and confirmed by the other."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from models.enums import EmploymentStatus
from models.types import created_at_field, enum_type, timestamp_field


class Employment(SQLModel, table=True):
    __table_args__ = (sa.CheckConstraint("end_date IS NULL OR end_date >= start_date", name="dates_ordered"),)

    id: int | None = Field(default=None, primary_key=True)
    person_party_id: int = Field(foreign_key="party.id", index=True)
    employer_party_id: int = Field(foreign_key="party.id", index=True)
    job_title: str = Field(max_length=120)
    start_date: date
    end_date: date | None = None
    salary_amount: Decimal | None = Field(default=None, max_digits=14, decimal_places=2)
    salary_currency: str = Field(default="XOF", max_length=3)
    status: EmploymentStatus = Field(
        default=EmploymentStatus.AWAITING_CONFIRMATION, sa_type=enum_type(EmploymentStatus), nullable=False
    )
    declared_at: datetime = created_at_field()
    confirmed_at: datetime | None = timestamp_field()
    confirmed_by_account_id: int | None = Field(default=None, foreign_key="account.id")
