"""Weights and thresholds of the similarity score, read from config/similarity.json.

A deployment tunes them by editing that file and restarting; a broken file raises ConfigError with one
line, like the other configuration files. Each field has a weight in the weighted average and a
`close_at` score from which it is reported "close" rather than "different".

The shipped values: names 3 (family) + 2 (given), date of birth 4 (8 when different), identifiers 5,
address 3 (1 when different: people move), e-mail and phone 3 (0 when different); threshold 52. With
them, equal names alone against a different date of birth score 38 and an equal date of birth alone
against different names 44: neither is "likely the same", while a typo, a swap or one wrong digit in
an otherwise equal record stays above 80. On FEBRL4 they give F1 0.997 (evaluation.py); FEBRL replaces
whole names and dates in some duplicates, which is why the threshold is not higher. Organisations use
the same threshold: an equal legal name alone scores 100, against a different registration number 44.
"""

from __future__ import annotations

import functools
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from ssas_portal.services.core.config_files import load_model

SIMILARITY_FILE = Path(__file__).resolve().parent.parent.parent / "config" / "similarity.json"


class FieldRule(BaseModel):
    """`weight` counts when the field is alike (exact or close); `weight_when_different` (by default the
    same) when it is different. Agreement and disagreement do not say as much: two strangers rarely share
    an e-mail, but one person often has two (0 when different); a wholly different date of birth says
    "another person" louder than an equal one says "the same" (more when different)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    weight: float = Field(ge=0, le=100)
    weight_when_different: float | None = Field(default=None, ge=0, le=100)
    close_at: int = Field(ge=1, le=99)

    @property
    def different_weight(self) -> float:
        return self.weight if self.weight_when_different is None else self.weight_when_different


class PersonRules(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    family_name: FieldRule
    given_names: FieldRule
    date_of_birth: FieldRule
    national_id: FieldRule
    social_security_number: FieldRule
    email: FieldRule
    phone: FieldRule
    address: FieldRule


class OrganisationRules(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    legal_name: FieldRule
    trade_name: FieldRule
    registration_number: FieldRule
    tax_id: FieldRule
    bic: FieldRule
    email: FieldRule
    phone: FieldRule
    address: FieldRule


class SimilarityConfig(BaseModel):
    """`threshold`: the score from which a candidate is "likely the same". `strong_floor`: the least score
    of a pair whose strong identifier (national ID, social security number, registration number, tax ID,
    a financial institution's BIC) is exactly the same: such a match outweighs differing names or
    addresses."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    threshold: int = Field(ge=1, le=100)
    strong_floor: int = Field(ge=1, le=100)
    person: PersonRules
    organisation: OrganisationRules

    @functools.cached_property
    def rules(self) -> dict[str, tuple[tuple[str, FieldRule], ...]]:
        """Each kind's fields in their fixed order, so a comparison walks them without looking names up."""
        return {"person": tuple(self.person), "organisation": tuple(self.organisation)}


def load_config(path: Path = SIMILARITY_FILE) -> SimilarityConfig:
    return load_model(path, SimilarityConfig)


@functools.cache
def default_config() -> SimilarityConfig:
    """The shipped configuration, read once at first use."""
    return load_config()
