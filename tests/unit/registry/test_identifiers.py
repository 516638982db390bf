"""Issued numbers carry valid check digits and follow the highest one issued that year; a number typed by
a supervisor is refused when malformed or taken; a broken formats file stops start-up in one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from models import Organisation, Party, Person
from models.enums import OrganisationKind, PartyKind
from ssas_portal.services.core import i18n
from ssas_portal.services.core.config_files import ConfigError
from ssas_portal.services.core.db import transaction
from ssas_portal.services.core.errors import Refusal
from ssas_portal.services.registry import identifiers


def refused(session: Session, kind: identifiers.Kind, typed: str) -> Refusal | None:
    """The refusal check_typed raises for a typed number, or None when the number can be used."""
    try:
        identifiers.check_typed(session, kind, typed)
    except Refusal as refusal:
        return refusal
    return None


def holder(engine: Engine, number: str) -> None:
    with transaction(engine) as session:
        party = Party(kind=PartyKind.PERSON)
        session.add(party)
        session.flush()
        assert party.id is not None
        session.add(Person(party_id=party.id, given_names="Awa", family_name="Diop", social_security_number=number))


def test_numbers_follow_the_highest_issued_that_year_with_valid_check_digits(engine: Engine) -> None:
    with Session(engine) as session:
        first = identifiers.next_number(session, "social_security_number", 2026)
    assert first == "26" + "00000001" + f"{97 - 2600000001 % 97:02d}"
    holder(engine, first)
    holder(engine, identifiers.catalog().social_security_number.compose(2025, 41))  # another year
    with Session(engine) as session:
        second = identifiers.next_number(session, "social_security_number", 2026)
        lost_race = identifiers.next_number(session, "social_security_number", 2026, after=second)
    assert second[2:10] == "00000002" and lost_race[2:10] == "00000003"
    assert all(identifiers.catalog().social_security_number.is_valid(one) for one in (first, second, lost_race))


@pytest.mark.parametrize("kind, year, serial", [("employer", 2026, 7), ("financial_institution", 2031, 12)])
def test_each_format_checks_its_own_numbers(kind: identifiers.Kind, year: int, serial: int) -> None:
    number_format = getattr(identifiers.catalog(), kind)
    number = number_format.compose(year, serial)
    assert number.startswith(number_format.letters) and number_format.is_valid(number)
    wrong_digit = number[:-1] + str((int(number[-1]) + 1) % 10)
    assert not number_format.is_valid(wrong_digit)
    assert not number_format.is_valid(number + "0")


def test_an_organisation_number_is_unique_by_its_own_column(engine: Engine) -> None:
    number = identifiers.catalog().employer.compose(2026, 1)
    with transaction(engine) as session:
        party = Party(kind=PartyKind.ORGANISATION)
        session.add(party)
        session.flush()
        assert party.id is not None
        session.add(Organisation(party_id=party.id, kind=OrganisationKind.EMPLOYER, legal_name="Clinique",
                                 registration_number=number))
    with Session(engine) as session:
        assert refused(session, "employer", number.lower()) == Refusal("identifier.error.taken", "identifier")
        assert identifiers.next_number(session, "employer", 2026) == identifiers.catalog().employer.compose(2026, 2)


@pytest.mark.parametrize("typed, key", [("26 0000 0009 XX", "identifier.error.format"), ("", "identifier.error.format"),
                                        ("2600000009", "identifier.error.format")])
def test_a_typed_number_is_refused_when_malformed(typed: str, key: str, engine: Engine) -> None:
    with Session(engine) as session:
        assert refused(session, "social_security_number", typed) == Refusal(key, "identifier")
        good = identifiers.catalog().social_security_number.compose(2026, 9)
        assert refused(session, "social_security_number", f"{good[:2]} {good[2:6]}-{good[6:]}") is None
    assert all(key in i18n.catalog(language) for language in i18n.LANGUAGES)


def test_a_broken_formats_file_is_refused_in_one_line(tmp_path: Path) -> None:
    data = json.loads(identifiers.IDENTIFIERS_FILE.read_text(encoding="utf-8"))
    data["employer"]["check"] = "crc32"
    path = tmp_path / "identifiers.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ConfigError) as refused:
        identifiers.load_catalog(path)
    assert str(refused.value).startswith("identifiers.json: employer.check:")
