"""The six registrant profiles, read from config/profiles.json and validated at start-up.

The texts (titles, who should choose, what to prepare) live in the i18n catalogs under keys built
from these identifiers; `catalog_keys()` lists them so a test proves both languages have them all.
"""

from __future__ import annotations

import functools
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from models.enums import ApplicationType
from ssas_portal.services.core.config_files import load_model

CONFIG_DIR = Path(__file__).resolve().parents[2] / "config"
PROFILES_FILE = CONFIG_DIR / "profiles.json"


class DocumentRule(StrEnum):
    MANDATORY = "mandatory"
    OPTIONAL = "optional"
    IF_MARRIED = "if_married"
    IF_DOCTOR = "if_doctor"
    IF_GUARDIAN = "if_guardian"
    IF_HEALTH_CARE_PROVIDER = "if_health_care_provider"


class DocumentToPrepare(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    kind: str = Field(pattern=r"^[a-z_]{3,60}$")
    rule: DocumentRule


class Profile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    slug: str = Field(pattern=r"^[a-z-]{3,40}$")
    type: ApplicationType
    group: Literal["individuals", "organisations"]
    icon: str = Field(pattern=r"^[a-z0-9-]{2,40}$")
    needs: tuple[str, ...] = Field(min_length=1)
    documents: tuple[DocumentToPrepare, ...] = Field(min_length=1)


class ProfileCatalog(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    information_as_of: date
    profiles: tuple[Profile, ...]

    @field_validator("profiles")
    @classmethod
    def _one_per_type(cls, value: tuple[Profile, ...]) -> tuple[Profile, ...]:
        if sorted(profile.type for profile in value) != sorted(ApplicationType):
            raise ValueError("needs exactly one profile for each of the six registration types")
        if len({profile.slug for profile in value}) != len(value):
            raise ValueError("slugs must be unique")
        return value


def load_catalog(path: Path = PROFILES_FILE) -> ProfileCatalog:
    return load_model(path, ProfileCatalog)


@functools.cache
def catalog() -> ProfileCatalog:
    return load_catalog()


def profiles() -> tuple[Profile, ...]:
    return catalog().profiles


def profile(kind: str) -> Profile:
    """The profile of a registration type (KeyError for an unknown one)."""
    for one in profiles():
        if one.type.value == kind:
            return one
    raise KeyError(kind)


def catalog_keys(profile: Profile) -> list[str]:
    """Every i18n key the profile's pages show."""
    keys = [f"profile.{profile.type}.{part}" for part in ("title", "audience", "intro")]
    keys += [f"need.{need}" for need in profile.needs]
    keys += [f"document.{document.kind}" for document in profile.documents]
    keys += [f"document_rule.{document.rule}" for document in profile.documents]
    return keys
