"""The small checks behind the registration forms: each accepts what people really type and refuses the rest
with the catalog key of its message, never with an exception of its own."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ssas_portal.services.core import i18n
from ssas_portal.services.core.errors import Refusal
from ssas_portal.services.forms import validators

TODAY = date(2026, 6, 15)


def refused_key(check: object, *args: object, **kwargs: object) -> str:
    with pytest.raises(Refusal) as refused:
        check(*args, **kwargs)  # type: ignore[operator]
    return refused.value.key


# --- phone ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "expected"), [
    ("+221 77 123 45 67", "+221771234567"),
    ("00221 77 123 45 67", "+221771234567"),
    ("+221 33 823 45 67", "+221338234567"),
    ("  +33 6 12 34 56 78 ", "+33612345678"),
])
def test_phone_numbers_become_e164(typed: str, expected: str) -> None:
    assert validators.phone(typed) == expected


def test_a_local_phone_number_needs_the_region_or_the_country_code() -> None:
    assert validators.phone("77 123 45 67", region="SN") == "+221771234567"
    assert refused_key(validators.phone, "77 123 45 67") == "form.error.phone"


@pytest.mark.parametrize("typed", ["", "12345", "+221 12", "+221 77 123 45 67 89 10", "not a number", "+" + "9" * 60])
def test_bad_phone_numbers_are_refused(typed: str) -> None:
    assert refused_key(validators.phone, typed) == "form.error.phone"


# --- e-mail -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "expected"), [
    ("Awa.Diop@Example.ORG", "awa.diop@example.org"),
    ("  awa@example.sn ", "awa@example.sn"),
])
def test_email_addresses_are_normalised_to_lower_case(typed: str, expected: str) -> None:
    assert validators.email(typed) == expected


@pytest.mark.parametrize("typed", ["", "awa", "awa@", "@example.org", "awa@@example.org", "awa diop@example.org",
                                   "a" * 250 + "@example.org", "awa@example..org"])
def test_bad_email_addresses_are_refused(typed: str) -> None:
    assert refused_key(validators.email, typed) == "form.error.email"


# --- IBAN and BIC -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "expected"), [
    ("GB82 WEST 1234 5698 7654 32", "GB82WEST12345698765432"),
    ("fr14 2004 1010 0505 0001 3m02 606", "FR1420041010050500013M02606"),
    ("SN88 SN01 0015 2000 0102 0000 0123", "SN88SN0100152000010200000123"),
])
def test_ibans_become_compact_and_upper_case(typed: str, expected: str) -> None:
    """Senegal is not in the IBAN registry; its IBANs still pass the structure and check-digit tests."""
    assert validators.iban(typed) == expected


@pytest.mark.parametrize("typed", [
    "GB82 WEST 1234 5698 7654 33",  # check digits wrong
    "FR1420041010050500013M0260",  # too short for France
    "SN08SN0100152000010200000123",  # check digits wrong, unregistered country
    "XX32ABCD12345678901",  # right check digits, no such country
    "FR14", "", "IBAN", "G" * 100,
])
def test_bad_ibans_are_refused(typed: str) -> None:
    assert refused_key(validators.iban, typed) == "form.error.iban"


@pytest.mark.parametrize(("typed", "expected"), [
    ("deutdeff", "DEUTDEFF"), ("DEUT DE FF 500", "DEUTDEFF500"), ("SGSNSNDA", "SGSNSNDA"),
])
def test_bics_become_compact_and_upper_case(typed: str, expected: str) -> None:
    assert validators.bic(typed) == expected


@pytest.mark.parametrize("typed", ["DEUT", "DEUTDEFF5", "1234DEFF", "DEUTXXFF", "", "B" * 50])
def test_bad_bics_are_refused(typed: str) -> None:
    assert refused_key(validators.bic, typed) == "form.error.bic"


# --- dates ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "expected"), [
    ("1990-12-31", date(1990, 12, 31)), ("31/12/1990", date(1990, 12, 31)), ("1/2/1990", date(1990, 2, 1)),
    ("29.02.2024", date(2024, 2, 29)), (" 2000-01-01 ", date(2000, 1, 1)),
])
def test_dates_are_read_as_iso_or_day_first(typed: str, expected: date) -> None:
    assert validators.parse_date(typed) == expected


@pytest.mark.parametrize("typed", ["", "1990-02-30", "29/02/2023", "12/31/1990", "1990", "1990-1-1", "2024-W01-1",
                                   "20240101", "yesterday", "0001-01-01", "١٩٩٠-٠١-٠١", "9" * 40])
def test_bad_dates_are_refused(typed: str) -> None:
    assert refused_key(validators.parse_date, typed) == "form.error.date"


@pytest.mark.parametrize(("spec", "expected"), [
    ("today", TODAY), ("-120y", date(1906, 6, 15)), ("+1y", date(2027, 6, 15)), ("-6m", date(2025, 12, 15)),
    ("-30d", date(2026, 5, 16)), ("2000-01-01", date(2000, 1, 1)),
])
def test_date_bounds_are_relative_to_today(spec: str, expected: date) -> None:
    assert validators.resolve_date(spec, TODAY) == expected


def test_a_year_from_29_february_lands_on_28_february() -> None:
    assert validators.resolve_date("-1y", date(2024, 2, 29)) == date(2023, 2, 28)


@pytest.mark.parametrize("spec", ["now", "-120", "120y", "-1w", "2024-13-01", ""])
def test_unknown_date_bounds_are_configuration_errors(spec: str) -> None:
    with pytest.raises(ValueError):
        validators.resolve_date(spec, TODAY)


def test_no_date_in_the_future_when_the_bound_is_today() -> None:
    assert validators.date_between(TODAY, "-120y", "today", TODAY) == TODAY
    assert refused_key(validators.date_between, date(2026, 6, 16), "-120y", "today", TODAY) == \
        "form.error.date_in_future"


def test_dates_outside_other_bounds_name_the_bound() -> None:
    with pytest.raises(Refusal) as early:
        validators.date_between(date(1900, 1, 1), "-120y", None, TODAY)
    assert (early.value.key, early.value.params) == ("form.error.date_too_early", {"date": "1906-06-15"})
    with pytest.raises(Refusal) as late:
        validators.date_between(date(2027, 7, 1), None, "+1y", TODAY)
    assert (late.value.key, late.value.params) == ("form.error.date_too_late", {"date": "2027-06-15"})


@pytest.mark.parametrize(("birth", "age"), [
    (date(2008, 6, 15), 18), (date(2008, 6, 16), 17), (date(2008, 2, 29), 18), (TODAY, 0),
])
def test_age_counts_whole_years(birth: date, age: int) -> None:
    assert validators.age_on(birth, TODAY) == age


def test_age_rules() -> None:
    assert validators.age_between(date(2008, 6, 15), 18, None, TODAY) == date(2008, 6, 15)
    assert refused_key(validators.age_between, date(2008, 6, 16), 18, None, TODAY) == "form.error.too_young"
    assert validators.age_between(date(2008, 6, 16), None, 17, TODAY) == date(2008, 6, 16)
    assert refused_key(validators.age_between, date(2008, 6, 15), None, 17, TODAY) == "form.error.too_old"


# --- national identity number -----------------------------------------------------------------------------

DEFAULT_PATTERN = "^[0-9]{13}$"


@pytest.mark.parametrize("typed", ["1234567890123", "1 234 567 890 123", "1-234-567-890-123", "1.234.567.890.123"])
def test_national_ids_lose_their_separators(typed: str) -> None:
    assert validators.national_id(typed, DEFAULT_PATTERN) == "1234567890123"


@pytest.mark.parametrize("typed", ["123456789012", "12345678901234", "123456789012A", "", "١٢٣٤٥٦٧٨٩٠١٢٣", "1" * 200])
def test_national_ids_out_of_the_pattern_are_refused(typed: str) -> None:
    assert refused_key(validators.national_id, typed, DEFAULT_PATTERN) == "form.error.national_id"


def test_the_luhn_check_digit_is_checked_when_configured() -> None:
    assert validators.national_id("7992 7398 713", "^[0-9]{11}$", "luhn") == "79927398713"
    assert refused_key(validators.national_id, "79927398710", "^[0-9]{11}$", "luhn") == "form.error.national_id_check"


def test_the_mod97_check_digits_are_checked_when_configured() -> None:
    """As in Belgian national numbers: the last two digits are 97 minus the rest modulo 97."""
    assert validators.national_id("85.07.30-033.28", "^[0-9]{11}$", "mod97") == "85073003328"
    assert refused_key(validators.national_id, "85073003329", "^[0-9]{11}$", "mod97") == "form.error.national_id_check"


def test_letters_in_a_number_with_check_digits_fail_the_check() -> None:
    assert refused_key(validators.national_id, "AB1234", "^[A-Z0-9]{6}$", "luhn") == "form.error.national_id_check"
    assert refused_key(validators.national_id, "AB1234", "^[A-Z0-9]{6}$", "mod97") == "form.error.national_id_check"


# --- ISIC -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["8610", "4711", " 0111 "])
def test_isic_rev4_classes_are_accepted(typed: str) -> None:
    assert validators.isic_class(typed) == typed.strip()


@pytest.mark.parametrize("typed", ["86", "861", "9999", "Q", "86100", "", "8610 - Hospital activities"])
def test_anything_but_an_isic_rev4_class_is_refused(typed: str) -> None:
    """Sections, divisions and groups are not classes; unknown codes are not activities."""
    assert refused_key(validators.isic_class, typed) == "form.error.isic"


# --- numbers, money, years --------------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "expected"), [
    ("150000", Decimal("150000.00")), ("150 000", Decimal("150000.00")), ("150\u202f000,50", Decimal("150000.50")),
    ("150,000.50", Decimal("150000.50")), ("1,5", Decimal("1.50")), ("0.01", Decimal("0.01")),
])
def test_money_is_read_in_french_and_english_ways(typed: str, expected: Decimal) -> None:
    assert validators.money(typed) == expected
    assert str(validators.money(typed)) == str(expected)


@pytest.mark.parametrize(("typed", "key"), [
    ("0", "form.error.money_not_positive"), ("0,00", "form.error.money_not_positive"),
    ("-5", "form.error.money"), ("1.234", "form.error.money"), ("abc", "form.error.money"), ("", "form.error.money"),
    ("1e5", "form.error.money"), ("NaN", "form.error.money"), ("Infinity", "form.error.money"),
    ("1.2.3", "form.error.money"),
    ("99999999999999", "form.error.money"), ("9" * 100, "form.error.money"),
])
def test_bad_amounts_are_refused(typed: str, key: str) -> None:
    assert refused_key(validators.money, typed) == key


def test_money_bounds() -> None:
    assert refused_key(validators.money, "99.99", Decimal("100")) == "form.error.below_minimum"
    with pytest.raises(Refusal) as refused:
        validators.money("1000.01", None, Decimal("1000"))
    assert (refused.value.key, refused.value.params) == ("form.error.above_maximum", {"maximum": 1000})


@pytest.mark.parametrize(("typed", "expected"), [("12", 12), (" 1 200 ", 1200), ("0", 0), ("-3", -3)])
def test_whole_numbers(typed: str, expected: int) -> None:
    assert validators.integer(typed) == expected


@pytest.mark.parametrize("typed", ["1.5", "abc", "", "1e3", "١٢", "9" * 16])
def test_bad_whole_numbers_are_refused(typed: str) -> None:
    assert refused_key(validators.integer, typed) == "form.error.number"


def test_whole_number_bounds_are_in_the_message() -> None:
    with pytest.raises(Refusal) as refused:
        validators.integer("-1", 0, 10)
    assert (refused.value.key, refused.value.params) == ("form.error.below_minimum", {"minimum": 0})


def test_years() -> None:
    assert validators.year("2024", 1950, 2026) == 2024
    assert refused_key(validators.year, "24", 1950, 2026) == "form.error.year"
    assert refused_key(validators.year, "2027", 1950, 2026) == "form.error.above_maximum"
    assert refused_key(validators.year, "1949", 1950, 2026) == "form.error.below_minimum"


# --- text -------------------------------------------------------------------------------------------------


def test_text_is_trimmed_with_single_spaces_and_nfc() -> None:
    assert validators.text("  Awa \t  Diop ") == "Awa Diop"
    assert validators.text("Ame\u0301lie") == "Amélie"
    assert validators.text("one\nline") == "one line"


def test_multiline_text_keeps_its_lines() -> None:
    assert validators.text(" 12 rue Carnot \r\n  BP  1234\r\n\r\n\r\nDakar ", multiline=True) == \
        "12 rue Carnot\nBP 1234\n\nDakar"


@pytest.mark.parametrize(("typed", "kwargs", "key"), [
    ("a" * 201, {}, "form.error.too_long"),
    ("a" * 20_000, {}, "form.error.too_long"),
    ("ab", {"min_length": 3}, "form.error.too_short"),
    ("AB12", {"pattern": "^[A-Z]{4}$"}, "form.error.format"),
    ("Awa\x00Diop", {}, "form.error.characters"),
    ("Awa\u202eDiop", {}, "form.error.characters"),
    ("Awa\ud800", {}, "form.error.characters"),
])
def test_bad_text_is_refused(typed: str, kwargs: dict[str, object], key: str) -> None:
    assert refused_key(validators.text, typed, **kwargs) == key


# --- every key a validator can give is in both catalogs ---------------------------------------------------

VALIDATOR_KEYS = [
    "form.error.phone", "form.error.email", "form.error.iban", "form.error.bic", "form.error.date",
    "form.error.date_in_future", "form.error.date_too_early", "form.error.date_too_late", "form.error.too_young",
    "form.error.too_old", "form.error.before_other", "form.error.national_id", "form.error.national_id_check",
    "form.error.isic", "form.error.number", "form.error.money", "form.error.money_not_positive", "form.error.year",
    "form.error.below_minimum", "form.error.above_maximum", "form.error.too_long", "form.error.too_short",
    "form.error.format", "form.error.characters",
]


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_every_validator_message_exists_and_names_the_field(language: str) -> None:
    texts = i18n.catalog(language)
    assert [key for key in VALIDATOR_KEYS if key not in texts] == []
    assert [key for key in VALIDATOR_KEYS if "{label}" not in texts[key]] == []
