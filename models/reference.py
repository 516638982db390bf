"""Reference data loaded by `python -m ssas_portal seed`."""

from __future__ import annotations

from sqlmodel import Field, SQLModel

from models.enums import IsicLevel
from models.types import enum_type


class IsicActivity(SQLModel, table=True):
    """One node of the ISIC tree (section, division, group or class) of one revision."""

    revision: str = Field(primary_key=True, max_length=2, description="4 or 5")
    code: str = Field(primary_key=True, max_length=5)
    level: IsicLevel = Field(sa_type=enum_type(IsicLevel), nullable=False)
    parent_code: str | None = Field(default=None, max_length=5)
    title_en: str = Field(max_length=300)
    title_fr: str | None = Field(default=None, max_length=300)
