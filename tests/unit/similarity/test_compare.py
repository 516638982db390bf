"""Similar accounts: hand-made hard cases scored field by field, the profiles built from form answers, and
the weights file refused with one line when broken."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from ssas_portal.services.core.config_files import ConfigError
from ssas_portal.services.similarity.compare import Similarity, compare, compare_prepared, prepare
from ssas_portal.services.similarity.config import SIMILARITY_FILE, default_config, load_config
from ssas_portal.services.similarity.profile import Profile, organisation_from_answers, person_from_answers
from tests.support.forms import VALID
from tests.support.text import one_line

BORN = date(1990, 5, 1)


def person(given: str = "Awa Marie", family: str = "Diop", born: date | None = BORN, **more: str) -> Profile:
    return Profile(kind="person", given_names=given, family_name=family, date_of_birth=born, **more)


def verdicts(similarity: Similarity) -> dict[str, tuple[str, int]]:
    return {field.field: (field.verdict, field.score) for field in similarity.fields}


def verdict(similarity: Similarity, field: str) -> str:
    return verdicts(similarity)[field][0]


# --- persons ----------------------------------------------------------------------------------------------


def test_swapped_given_and_family_names_still_score_as_the_same_person() -> None:
    similarity = compare(person("Awa Marie", "Diop"), person("Diop", "Awa Marie"))
    assert similarity.likely_same and similarity.score == 100
    assert verdict(similarity, "family_name") == verdict(similarity, "given_names") == "exact"


def test_swapped_names_with_a_typo_are_close() -> None:
    similarity = compare(person("Moussa", "Diallo"), person("Diallo", "Mousa"))
    assert similarity.likely_same and similarity.score >= 90
    assert sorted((verdict(similarity, "family_name"), verdict(similarity, "given_names"))) == ["close", "exact"]


def test_accents_hyphens_and_apostrophes_do_not_matter() -> None:
    similarity = compare(person("Émilie-Anne", "N'Diaye"), person("Emilie Anne", "Ndiaye"))
    assert similarity.score == 100
    assert verdict(similarity, "family_name") == verdict(similarity, "given_names") == "exact"


def test_a_glued_particle_is_at_least_close() -> None:
    similarity = compare(person("Jean", "de la Fontaine"), person("Jean", "Lafontaine"))
    assert verdict(similarity, "family_name") == "close"
    assert similarity.likely_same


def test_a_dropped_second_given_name_is_close() -> None:
    similarity = compare(person("Awa Marie", "Diop"), person("Awa", "Diop"))
    assert verdicts(similarity)["given_names"] == ("close", 90)


def test_day_and_month_swapped_in_the_date_of_birth() -> None:
    similarity = compare(person(born=date(1985, 3, 12)), person(born=date(1985, 12, 3)))
    assert verdicts(similarity)["date_of_birth"] == ("close", 85)
    assert similarity.likely_same


def test_one_wrong_digit_in_the_date_of_birth() -> None:
    similarity = compare(person(born=date(1985, 3, 12)), person(born=date(1985, 3, 13)))
    assert verdicts(similarity)["date_of_birth"] == ("close", 80)
    assert similarity.likely_same


@pytest.mark.parametrize(("other", "expected"), [
    ("1234567890123", ("exact", 100)),
    ("1234567890124", ("close", 85)),
    ("1234567809123", ("close", 65)),  # two adjacent digits transposed: two edits
    ("1 234 567 890 12", ("close", 85)),  # spacing ignored, last digit missing
    ("9876543210987", ("different", 15)),
])
def test_national_id_with_zero_one_two_and_many_edits(other: str, expected: tuple[str, int]) -> None:
    similarity = compare(person(national_id="1234567890123"), person(national_id=other))
    assert verdicts(similarity)["national_id"] == expected


def test_a_short_identifier_with_one_edit_is_not_close() -> None:
    similarity = compare(person(social_security_number="12345"), person(social_security_number="12346"))
    assert verdict(similarity, "social_security_number") == "different"


def test_the_same_common_name_with_another_date_of_birth_is_not_the_same_person() -> None:
    first = person("Jean", "Martin", date(1970, 1, 2), email="jean.martin@example.org")
    second = person("Jean", "Martin", date(1982, 6, 20), email="jmartin@example.fr")
    similarity = compare(first, second)
    assert not similarity.likely_same
    assert verdict(similarity, "date_of_birth") == "different"


def test_the_same_date_of_birth_with_other_names_is_not_the_same_person() -> None:
    assert not compare(person("Fatou", "Sow"), person("Ibrahima", "Fall")).likely_same


def test_an_equal_national_id_outweighs_different_names() -> None:
    """A strong identifier typed twice is the same registrant, whatever the names say."""
    first = person("Fatou", "Sow", date(1970, 1, 2), national_id="1234567890123")
    second = person("Aminata", "Ba", date(1980, 1, 2), national_id="1234567890123")
    similarity = compare(first, second)
    assert similarity.score >= default_config().strong_floor and similarity.likely_same


def test_each_field_gets_its_verdict() -> None:
    first = person("Ibrahima", "Fall", date(1975, 4, 9), national_id="1234567890123", email="ifall@gmail.com",
                   phone="+221771234567", address="12 rue Carnot, Plateau Dakar")
    second = person("Ibrahima", "Fal", date(1975, 4, 9), national_id="2222222222222", email="ifall@yahoo.fr",
                    phone="+221 77 123 45 67", address="12 Rue Carnot Plateau Dakar")
    assert verdicts(compare(first, second)) == {
        "family_name": ("close", 94),
        "given_names": ("exact", 100),
        "date_of_birth": ("exact", 100),
        "national_id": ("different", 15),
        "social_security_number": ("missing", 0),
        "email": ("close", 90),
        "phone": ("exact", 100),
        "address": ("exact", 100),
    }


def test_a_phone_with_and_without_its_country_code_is_close() -> None:
    similarity = compare(person(phone="+221771234567"), person(phone="771234567"))
    assert verdicts(similarity)["phone"] == ("close", 90)


def test_a_different_email_or_phone_does_not_lower_the_score() -> None:
    """People have several contacts: only their equality is evidence."""
    plain = compare(person(), person()).score
    other_contacts = person(email="a@x.sn", phone="+221771111111"), person(email="zz@y.fr", phone="+22133999")
    assert compare(*other_contacts).score == plain


def test_nothing_in_common_scores_zero_and_nothing_known_is_missing() -> None:
    assert compare(person("Fatou", "Sow", date(1970, 1, 2)), person("Ibrahima", "Fall", date(1988, 11, 23))).score == 0
    empty = compare(Profile(kind="person"), Profile(kind="person"))
    assert empty.score == 0 and not empty.likely_same
    assert {field.verdict for field in empty.fields} == {"missing"}


def test_a_person_and_an_organisation_are_unrelated() -> None:
    similarity = compare(person(email="contact@clinique.sn"),
                         Profile(kind="organisation", legal_name="Diop", email="contact@clinique.sn"))
    assert similarity == Similarity(score=0, fields=(), likely_same=False)


def test_comparison_is_symmetric() -> None:
    first = prepare(person("Moussa", "Diallo", date(1985, 3, 12), national_id="1234567890123", address="Dakar"))
    second = prepare(person("Diallo", "Mousa", date(1985, 12, 3), national_id="1234567890124", address="Thiès"))
    assert compare_prepared(first, second) == compare_prepared(second, first)


# --- organisations ----------------------------------------------------------------------------------------


def test_a_company_with_and_without_its_legal_form() -> None:
    similarity = compare(Profile(kind="organisation", legal_name="Clinique du Cap SA"),
                         Profile(kind="organisation", legal_name="CLINIQUE DU CAP"))
    assert verdicts(similarity)["legal_name"] == ("exact", 100)
    assert similarity.likely_same


def test_dotted_legal_forms_and_identifiers_spelt_differently() -> None:
    first = Profile(kind="organisation", legal_name="Sonatel S.A.", registration_number="SN-DKR-2020-B-12345",
                    tax_id="0012345 2G3")
    second = Profile(kind="organisation", legal_name="SONATEL", registration_number="sndkr2020b12345",
                     tax_id="00123452G3")
    similarity = compare(first, second)
    assert similarity.score == 100
    assert verdict(similarity, "registration_number") == verdict(similarity, "tax_id") == "exact"


def test_the_same_name_with_another_registration_number_is_not_the_same_company() -> None:
    first = Profile(kind="organisation", legal_name="Clinique du Cap SA", registration_number="SN-DKR-2020-B-12345")
    second = Profile(kind="organisation", legal_name="Clinique du Cap", registration_number="SN-THS-2011-A-00077")
    similarity = compare(first, second)
    assert not similarity.likely_same
    assert verdict(similarity, "registration_number") == "different"


def test_a_branch_bic_is_close_to_its_institution() -> None:
    similarity = compare(Profile(kind="organisation", bic="SGSNSNDAXXX"), Profile(kind="organisation", bic="SGSNSNDA"))
    assert verdicts(similarity)["bic"] == ("close", 90)


# --- profiles from form answers ---------------------------------------------------------------------------


def test_a_person_from_each_individual_form() -> None:
    for kind in ("employee", "self_employed", "voluntary_contributor", "survivor"):
        built = person_from_answers(VALID[kind])
        assert (built.given_names, built.family_name, built.date_of_birth) == ("Awa Marie", "Diop", BORN)
        assert built.national_id == "1 234 567 890 123"
        assert built.address == "12 rue Carnot\nPlateau Dakar"


def test_the_survivor_form_gives_the_applicant_not_the_deceased() -> None:
    built = person_from_answers(VALID["survivor"])
    assert built.given_names == "Awa Marie" and built.date_of_birth == BORN


def test_a_passport_stands_in_for_a_missing_national_id() -> None:
    built = person_from_answers({"last_name": "Diop", "passport_number": "A1234567",
                                 "former_social_security_number": "SS-998877"})
    assert (built.national_id, built.social_security_number) == ("A1234567", "SS-998877")


def test_odd_answers_give_empty_values() -> None:
    built = person_from_answers({"last_name": 12, "first_names": None, "date_of_birth": "31/02/1990", "email": ["x"]})
    assert built == Profile(kind="person")


def test_an_employer_keeps_its_identifiers_but_not_its_banks_bic() -> None:
    built = organisation_from_answers(VALID["employer"])
    assert (built.legal_name, built.registration_number, built.tax_id) == (
        "Clinique du Cap SA", "SN-DKR-2020-B-12345", "0012345 2G3")
    assert built.bic == ""
    assert built.phone == "+221 33 823 45 67" and built.email == "contact@clinique.sn"


def test_a_financial_institution_keeps_its_own_bic() -> None:
    built = organisation_from_answers(VALID["financial_institution"], financial_institution=True)
    assert (built.legal_name, built.bic, built.registration_number) == ("Banque de l’Atlantique", "DEUTDEFF", "")


# --- configuration ----------------------------------------------------------------------------------------


def test_the_shipped_weights_file_is_valid() -> None:
    assert load_config(SIMILARITY_FILE) == default_config()


def _shipped() -> dict[str, Any]:
    return json.loads(SIMILARITY_FILE.read_text(encoding="utf-8"))


def test_a_weights_file_that_is_not_json_is_refused_with_one_line(tmp_path: Path) -> None:
    path = tmp_path / "similarity.json"
    path.write_text('{"threshold": 52,', encoding="utf-8")
    with pytest.raises(ConfigError) as refused:
        load_config(path)
    assert one_line(str(refused.value)).startswith("similarity.json: not valid JSON")


@pytest.mark.parametrize(("path", "value", "named"), [
    (("threshold",), 0, "threshold"),
    (("person", "surname"), {"weight": 1, "close_at": 80}, "person.surname"),
    (("organisation", "tax_id", "weight"), -1, "organisation.tax_id.weight"),
    (("person", "email", "close_at"), "high", "person.email.close_at"),
])
def test_a_broken_weights_file_is_refused_with_one_line(
        tmp_path: Path, path: tuple[str, ...], value: object, named: str) -> None:
    settings = _shipped()
    *parents, last = path
    place = settings
    for parent in parents:
        place = place[parent]
    place[last] = value
    broken = tmp_path / "similarity.json"
    broken.write_text(json.dumps(settings), encoding="utf-8")
    with pytest.raises(ConfigError) as refused:
        load_config(broken)
    line = one_line(str(refused.value))
    assert line.startswith(f"similarity.json: {named}:")


def test_weights_from_another_file_change_the_verdict(tmp_path: Path) -> None:
    settings = _shipped()
    settings["threshold"] = 30
    path = tmp_path / "similarity.json"
    path.write_text(json.dumps(settings), encoding="utf-8")
    namesakes = person("Jean", "Martin", date(1970, 1, 2)), person("Jean", "Martin", date(1982, 6, 20))
    assert not compare(*namesakes).likely_same
    assert compare(*namesakes, load_config(path)).likely_same
