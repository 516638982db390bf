"""The one registry: every person and organisation is a Party, stored once."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, ClassVar

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from models.enums import OrganisationKind, PartyKind, Sex
from models.types import created_at_field, enum_type, timestamp_field


class Party(SQLModel, table=True):
    """What accounts, applications, employments, relationships and documents point at.

    Contact details live here once, for persons and organisations alike.
    """

    if TYPE_CHECKING:  # SQLAlchemy's mapping sets it on every table class; SQLModel does not declare it
        __table__: ClassVar[sa.Table]

    id: int | None = Field(default=None, primary_key=True)
    kind: PartyKind = Field(sa_type=enum_type(PartyKind), nullable=False)
    email: str | None = Field(default=None, max_length=254, index=True)
    phone: str | None = Field(default=None, max_length=20, index=True)
    address_line: str | None = Field(default=None, max_length=200)
    locality: str | None = Field(default=None, max_length=100)
    postal_code: str | None = Field(default=None, max_length=20)
    country_code: str | None = Field(default=None, max_length=2)
    created_at: datetime = created_at_field()
    updated_at: datetime | None = timestamp_field()


class Person(SQLModel, table=True):
    if TYPE_CHECKING:  # SQLAlchemy's mapping sets it on every table class; SQLModel does not declare it
        __table__: ClassVar[sa.Table]

    party_id: int = Field(foreign_key="party.id", primary_key=True, ondelete="CASCADE")
    given_names: str = Field(max_length=100)
    family_name: str = Field(max_length=100, index=True)
    birth_name: str | None = Field(default=None, max_length=100)
    sex: Sex | None = Field(default=None, sa_type=enum_type(Sex))
    date_of_birth: date | None = Field(default=None, index=True)
    place_of_birth: str | None = Field(default=None, max_length=100)
    nationality: str | None = Field(default=None, max_length=2)
    national_id_number: str | None = Field(default=None, max_length=40, index=True)
    social_security_number: str | None = Field(default=None, max_length=20, unique=True)
    isic_code: str | None = Field(default=None, max_length=4, description="self-employed activity, ISIC Rev.4 class")
    date_of_death: date | None = None


class Organisation(SQLModel, table=True):
    if TYPE_CHECKING:  # SQLAlchemy's mapping sets it on every table class; SQLModel does not declare it
        __table__: ClassVar[sa.Table]

    party_id: int = Field(foreign_key="party.id", primary_key=True, ondelete="CASCADE")
    kind: OrganisationKind = Field(sa_type=enum_type(OrganisationKind), nullable=False)
    legal_name: str = Field(max_length=200, index=True)
    trade_name: str | None = Field(default=None, max_length=200)
    legal_form: str | None = Field(default=None, max_length=60)
    business_registration_number: str | None = Field(default=None, max_length=40, index=True)
    tax_id: str | None = Field(default=None, max_length=40, index=True)
    registration_number: str | None = Field(default=None, max_length=20, unique=True)
    bic: str | None = Field(default=None, max_length=11)
    isic_primary_code: str | None = Field(default=None, max_length=4)
    isic_secondary_code: str | None = Field(default=None, max_length=4)
    is_health_care_provider: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})
    date_of_incorporation: date | None = None
    contribution_liability_start: date | None = None
