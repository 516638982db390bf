"""Login identities and the roles they hold; the person or organisation behind them is a Party."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from models.enums import Role, SecondFactor
from models.types import created_at_field, enum_type, timestamp_field


class Account(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    party_id: int | None = Field(default=None, foreign_key="party.id", index=True)
    email: str = Field(max_length=254, unique=True, description="stored lower-cased")
    display_name: str = Field(max_length=200)
    language: str = Field(default="fr", max_length=2)
    password_hash: str | None = Field(default=None, max_length=255)
    must_change_password: bool = Field(default=True, sa_column_kwargs={"server_default": sa.true()})
    is_active: bool = Field(default=True, sa_column_kwargs={"server_default": sa.true()})
    second_factor: SecondFactor = Field(
        default=SecondFactor.EMAIL_CODE, sa_type=enum_type(SecondFactor), nullable=False
    )
    phone: str | None = Field(default=None, max_length=20)
    totp_secret: str | None = Field(default=None, max_length=255, description="encrypted with the server key")
    last_totp_step: int | None = None
    failed_password_count: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    locked_until: datetime | None = timestamp_field()
    created_at: datetime = created_at_field()
    activated_at: datetime | None = timestamp_field()
    last_sign_in_at: datetime | None = timestamp_field()


class AccountRole(SQLModel, table=True):
    """A role held by an account, optionally scoped to one organisation (employer users) or person (guardians)."""

    __table_args__ = (sa.UniqueConstraint("account_id", "role", "scope_party_id"),)

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True, ondelete="CASCADE")
    role: Role = Field(sa_type=enum_type(Role), nullable=False)
    scope_party_id: int | None = Field(default=None, foreign_key="party.id", index=True)
    granted_at: datetime = created_at_field()
