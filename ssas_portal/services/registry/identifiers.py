"""Social security and registration numbers (issue 6 groundwork): issued from configurable formats with check
digits and database uniqueness, or entered by a supervisor and then checked the same way.

A number is: the format's letters, the last two digits of the year it is issued, a zero-padded serial, then
its check digits over the digits ("mod97": two digits, 97 minus the number modulo 97; "luhn": one digit).
Serials follow the highest number already issued for that letters-and-year, read through the unique index;
the unique constraint settles two issuers racing for the same serial: the loser asks again with
`next_number(..., after=<the number it lost>)`.
Formats live in config/identifiers.json, checked at start-up.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Literal

import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import Session
from stdnum import luhn

from models import Organisation, Person
from ssas_portal.services.core.config_files import load_model
from ssas_portal.services.core.errors import Refusal
from ssas_portal.services.forms.profiles import CONFIG_DIR

IDENTIFIERS_FILE = CONFIG_DIR / "identifiers.json"
Kind = Literal["social_security_number", "employer", "financial_institution"]
_SEPARATORS = re.compile(r"[\s.\-/]")


class IdentifierFormat(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    letters: str = Field(pattern=r"^[A-Z]{0,4}$")
    serial_digits: int = Field(ge=4, le=10)
    check: Literal["mod97", "luhn"]

    def compose(self, year: int, serial: int) -> str:
        digits = f"{year % 100:02d}{serial:0{self.serial_digits}d}"
        return f"{self.letters}{digits}{_check_digits(self.check, digits)}"

    def prefix(self, year: int) -> str:
        return f"{self.letters}{year % 100:02d}"

    def length(self) -> int:
        return len(self.letters) + 2 + self.serial_digits + (2 if self.check == "mod97" else 1)

    def is_valid(self, number: str) -> bool:
        if len(number) != self.length() or not number.startswith(self.letters):
            return False
        body = number[len(self.letters):]
        width = 2 if self.check == "mod97" else 1
        digits, check = body[:-width], body[-width:]
        return digits.isascii() and digits.isdigit() and _check_digits(self.check, digits) == check


class IdentifierCatalog(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    social_security_number: IdentifierFormat
    employer: IdentifierFormat
    financial_institution: IdentifierFormat


def _check_digits(method: str, digits: str) -> str:
    if method == "luhn":
        return luhn.calc_check_digit(digits)
    return f"{97 - int(digits) % 97:02d}"


def load_catalog(path: Path = IDENTIFIERS_FILE) -> IdentifierCatalog:
    return load_model(path, IdentifierCatalog)


@functools.cache
def catalog() -> IdentifierCatalog:
    """The shipped formats, loaded once; call at start-up so a broken file stops it."""
    return load_catalog()


def _column(kind: Kind) -> sa.Column[str]:
    table = Person.__table__ if kind == "social_security_number" else Organisation.__table__
    return table.c.social_security_number if kind == "social_security_number" else table.c.registration_number


def compact(value: str) -> str:
    """What a supervisor typed, without spaces, dots, hyphens or slashes, in upper case."""
    return _SEPARATORS.sub("", value[:60]).upper()


def is_taken(session: Session, kind: Kind, number: str) -> bool:
    column = _column(kind)
    count: int = session.execute(sa.select(sa.func.count()).where(column == number)).scalar_one()
    return count > 0


def next_number(session: Session, kind: Kind, year: int, *, after: str | None = None) -> str:
    """The number after the highest issued this year (or after `after`, when the caller lost a race to it)."""
    number_format: IdentifierFormat = getattr(catalog(), kind)
    prefix = number_format.prefix(year)
    column = _column(kind)
    highest = session.execute(sa.select(sa.func.max(column)).where(column >= prefix, column < prefix + "~",
                                                                   sa.func.length(column) == number_format.length())
                              ).scalar_one()
    candidates = [found for found in (highest, after) if found]
    serial = max((int(found[len(prefix):len(prefix) + number_format.serial_digits]) for found in candidates),
                 default=0) + 1
    if serial >= 10 ** number_format.serial_digits:
        raise OverflowError(f"{kind}: no serial left for {year}; widen serial_digits in identifiers.json")
    return number_format.compose(year, serial)


def check_typed(session: Session, kind: Kind, typed: str) -> None:
    """Refuse a number a supervisor entered that cannot be used: its format, check digits, or already issued."""
    number = compact(typed)
    if not getattr(catalog(), kind).is_valid(number):
        raise Refusal("identifier.error.format", "identifier")
    if is_taken(session, kind, number):
        raise Refusal("identifier.error.taken", "identifier")
