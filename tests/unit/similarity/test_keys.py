"""Blocking keys: a duplicate with one mistake still meets its original under some key, strangers do not,
and every key fits the database column (ASCII, at most 64 characters)."""

from __future__ import annotations

from datetime import date

import pytest

from ssas_portal.services.similarity.keys import LONGEST_KEY, blocking_keys
from ssas_portal.services.similarity.profile import Profile

ORIGINAL = Profile(kind="person", given_names="Émilie-Anne", family_name="N'Diaye", date_of_birth=date(1985, 3, 12),
                   national_id="1234567890123", email="emilie.ndiaye@example.sn", phone="+221771234567",
                   address="12 rue Carnot Dakar")
COMPANY = Profile(kind="organisation", legal_name="Clinique du Cap SA", trade_name="Le Cap Santé",
                  registration_number="SN-DKR-2020-B-12345", tax_id="0012345 2G3", email="contact@clinique.sn",
                  phone="+221338234567")


def variant(original: Profile, **changes: object) -> Profile:
    """The original with one mistake, and no contact in common (a new e-mail and phone)."""
    fields = {**original.__dict__, "email": "autre@example.fr", "phone": "+33612345678", **changes}
    return Profile(**fields)


PERSON_DUPLICATES = {
    "swapped names": variant(ORIGINAL, given_names="N'Diaye", family_name="Émilie-Anne", national_id=""),
    "no accents, hyphen or apostrophe": variant(ORIGINAL, given_names="Emilie Anne", family_name="NDIAYE",
                                                national_id=""),
    "typo in the family name": variant(ORIGINAL, family_name="Ndiayr", national_id=""),
    "typo in the given name": variant(ORIGINAL, given_names="Emilie-Ane", national_id=""),
    "another given name": variant(ORIGINAL, given_names="Anne", national_id=""),
    "day and month swapped": variant(ORIGINAL, date_of_birth=date(1985, 12, 3), national_id=""),
    "wrong digit in the day": variant(ORIGINAL, date_of_birth=date(1985, 3, 13), national_id=""),
    "wrong digit in the year": variant(ORIGINAL, date_of_birth=date(1995, 3, 12), national_id=""),
    "no date of birth": variant(ORIGINAL, date_of_birth=None, national_id=""),
    "one edit in the national id": variant(ORIGINAL, national_id="1234567890124"),
    "two edits in the national id": variant(ORIGINAL, national_id="1234567809123"),
    "national id typed as social security number": variant(
        ORIGINAL, given_names="Emi", family_name="Ba", date_of_birth=None, national_id="",
        social_security_number="1 234 567 890 123"),
    "only the e-mail in common": Profile(kind="person", given_names="Anne", family_name="Ba",
                                         email="Emilie.Ndiaye@example.sn "),
    "only the phone in common": Profile(kind="person", given_names="Anne", family_name="Ba", phone="+221 77 123 45 67"),
}
ORGANISATION_DUPLICATES = {
    "legal form left out": variant(COMPANY, legal_name="CLINIQUE DU CAP", trade_name="", registration_number="",
                                   tax_id=""),
    "known by its trade name": variant(COMPANY, legal_name="Le Cap Santé", trade_name="", registration_number="",
                                       tax_id=""),
    "registration number spelt otherwise": variant(COMPANY, legal_name="Polyclinique", trade_name="",
                                                   registration_number="sndkr2020b12345", tax_id=""),
    "only the tax id in common": variant(COMPANY, legal_name="Polyclinique", trade_name="", registration_number="",
                                         tax_id="00123452G3"),
}


@pytest.mark.parametrize("mistake", PERSON_DUPLICATES)
def test_a_person_with_one_mistake_shares_a_key_with_the_original(mistake: str) -> None:
    assert blocking_keys(PERSON_DUPLICATES[mistake]) & blocking_keys(ORIGINAL)


@pytest.mark.parametrize("mistake", ORGANISATION_DUPLICATES)
def test_an_organisation_with_one_mistake_shares_a_key_with_the_original(mistake: str) -> None:
    assert blocking_keys(ORGANISATION_DUPLICATES[mistake]) & blocking_keys(COMPANY)


def test_swapped_names_and_swapped_day_and_month_give_the_same_keys() -> None:
    swapped = Profile(kind="person", given_names="N'Diaye", family_name="Émilie-Anne", date_of_birth=date(1985, 12, 3))
    original = Profile(kind="person", given_names="Émilie-Anne", family_name="N'Diaye", date_of_birth=date(1985, 3, 12))
    shared = blocking_keys(swapped) & blocking_keys(original)
    assert {key.split(":")[0] for key in shared} == {"dob", "nm"}


def test_strangers_share_no_key() -> None:
    stranger = Profile(kind="person", given_names="Ibrahima", family_name="Fall", date_of_birth=date(1960, 7, 30),
                       national_id="9876543210987", email="ifall@example.org", phone="+221761112233")
    assert not blocking_keys(stranger) & blocking_keys(ORIGINAL)


def test_a_bank_shared_by_two_employers_is_no_key() -> None:
    """Only a financial institution's own BIC is a key; employers' BICs are their banks'."""
    bank = Profile(kind="organisation", legal_name="Banque de l’Atlantique", bic="ATBKSNDAXXX")
    keys = blocking_keys(bank)
    assert "bic:ATBKSNDA" in keys
    assert not keys & blocking_keys(COMPANY)


def test_keys_are_ascii_prefixed_and_at_most_64_characters() -> None:
    long_and_foreign = Profile(
        kind="person", given_names="Χριστίνα Ørsted-Łukasz", family_name="Þórðardóttir de los Santos y Ñúñez",
        date_of_birth=date(2001, 1, 1), national_id="ÉÇ-" + "9" * 80, email="très.long." + "x" * 80 + "@exemple.sn",
        phone="+221 77 123 45 67")
    profiles = [ORIGINAL, COMPANY, long_and_foreign, *PERSON_DUPLICATES.values(), *ORGANISATION_DUPLICATES.values()]
    for profile in profiles:
        for key in blocking_keys(profile):
            assert key.isascii() and len(key) <= LONGEST_KEY, key
            assert key.split(":")[0] in {"id", "dob", "ny", "nm", "em", "tel", "brn", "tax", "bic", "org"}, key


def test_a_too_long_value_is_hashed_the_same_way_every_time() -> None:
    email = "x" * 70 + "@example.sn"
    first = blocking_keys(Profile(kind="person", email=email))
    assert first == blocking_keys(Profile(kind="person", email=email.upper()))
    assert len(first) == 1 and next(iter(first)).startswith("em:#")


def test_a_profile_with_nothing_to_look_up_has_no_key() -> None:
    assert blocking_keys(Profile(kind="person")) == set()
    assert blocking_keys(Profile(kind="organisation", legal_name="SA & Cie")) == set()
