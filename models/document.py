"""Metadata of an attached file; the bytes live in the storage backend under storage_key."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from models.types import created_at_field


class Document(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    owner_party_id: int | None = Field(default=None, foreign_key="party.id", index=True)
    application_id: int | None = Field(default=None, foreign_key="application.id", index=True)
    kind: str = Field(max_length=60, description="document kind from the form definition, e.g. birth_certificate")
    original_name: str = Field(max_length=255)
    mime_type: str = Field(max_length=100)
    size_bytes: int
    sha256: str = Field(max_length=64, index=True)
    storage_key: str = Field(max_length=255, unique=True)
    uploaded_by_account_id: int | None = Field(default=None, foreign_key="account.id")
    created_at: datetime = created_at_field()
