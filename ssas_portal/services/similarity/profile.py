"""What is compared about a person or an organisation, built from a registration form's cleaned answers.

A `Profile` holds only strings (and a date), never a database row, so similarity stays pure and can be
fed from the registry, a submitted application or a test data set alike. The builders are total: an
answer that is missing or not a string gives "" (or None for the date), never an error, because a draft
or an old record may lack any field.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal


@dataclass(frozen=True)
class Profile:
    kind: Literal["person", "organisation"]
    # persons
    given_names: str = ""
    family_name: str = ""
    date_of_birth: date | None = None
    national_id: str = ""
    social_security_number: str = ""
    # organisations
    legal_name: str = ""
    trade_name: str = ""
    registration_number: str = ""
    tax_id: str = ""
    bic: str = ""
    # both
    email: str = ""
    phone: str = ""
    address: str = ""


def _text(answers: Mapping[str, Any], name: str) -> str:
    value = answers.get(name)
    return value.strip() if isinstance(value, str) else ""


def _date(answers: Mapping[str, Any], name: str) -> date | None:
    value = answers.get(name)
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _address(answers: Mapping[str, Any]) -> str:
    return " ".join(part for part in (_text(answers, "address"), _text(answers, "city")) if part)


def person_from_answers(answers: Mapping[str, Any]) -> Profile:
    """A person from an individual's form (employee, self-employed, voluntary contributor, survivor).

    The survivor form's deceased and minor fields are other people and are left out. The passport number
    stands in for the national ID when the applicant gave no national ID, since both identify the holder.
    """
    return Profile(
        kind="person",
        given_names=_text(answers, "first_names"),
        family_name=_text(answers, "last_name"),
        date_of_birth=_date(answers, "date_of_birth"),
        national_id=_text(answers, "national_id_number") or _text(answers, "passport_number"),
        social_security_number=_text(answers, "former_social_security_number"),
        email=_text(answers, "email"),
        phone=_text(answers, "phone"),
        address=_address(answers),
    )


def organisation_from_answers(answers: Mapping[str, Any], *, financial_institution: bool = False) -> Profile:
    """An organisation from the employer or the financial-institution form.

    Only a financial institution's BIC is its own: the employer form asks for the BIC of the employer's
    bank, which thousands of employers share, so it is left out rather than taken for an identifier. The
    financial-institution form has no registration number, tax ID nor trade name; they stay empty.
    """
    return Profile(
        kind="organisation",
        legal_name=_text(answers, "legal_name"),
        trade_name=_text(answers, "trade_name"),
        registration_number=_text(answers, "business_registration_number"),
        tax_id=_text(answers, "tax_id"),
        bic=_text(answers, "bic") if financial_institution else "",
        email=_text(answers, "email"),
        phone=_text(answers, "phone"),
        address=_address(answers),
    )
