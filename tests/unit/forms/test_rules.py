"""Checking registration forms on the server: every conditional rule of the six forms, the problems each kind
of field gives, the normalised values kept, the messages in both languages, and random input from a browser
that never makes the server fail."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.enums import ApplicationType
from ssas_portal.services.core import i18n
from ssas_portal.services.core.errors import Refusal
from ssas_portal.services.forms import definitions, rules
from ssas_portal.services.forms.definitions import FORMS_DIR, FormDefinition
from tests.support.forms import VALID

TODAY = date(2026, 6, 15)



def form(kind: str) -> FormDefinition:
    return definitions.definition(kind)


def values(kind: str, **changes: Any) -> dict[str, Any]:
    return {**json.loads(json.dumps(VALID[kind])), **changes}


def problems(kind: str, **changes: Any) -> list[Refusal]:
    return rules.validate_all(form(kind), values(kind, **changes), today=TODAY)


def keyed(found: list[Refusal]) -> set[tuple[str, str]]:
    return {(problem.field, problem.key) for problem in found}


def documents(kind: str, **changes: Any) -> set[str]:
    return {document.kind for document in rules.required_documents(form(kind), values(kind, **changes), today=TODAY)}


def shown(kind: str, **changes: Any) -> set[str]:
    return rules.visible(form(kind), values(kind, **changes), today=TODAY)


def en(problem: Refusal, kind: str) -> str:
    return rules.message(problem, "en", form(kind))


def fr(problem: Refusal, kind: str) -> str:
    return rules.message(problem, "fr", form(kind))


# --- a complete application passes ------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(ApplicationType))
def test_a_complete_application_has_no_problem(kind: ApplicationType) -> None:
    assert problems(kind) == []


@pytest.mark.parametrize("kind", list(ApplicationType))
def test_an_empty_application_names_every_required_field(kind: ApplicationType) -> None:
    found = rules.validate_all(form(kind), {}, today=TODAY)
    required = {field.name for field in form(kind).all_fields() if field.required}
    assert {problem.field for problem in found} == required
    assert {problem.key for problem in found} == {"form.error.required"}


# --- employee: civil status, doctor, employer, identity document ------------------------------------------


def test_married_employee_shows_spouse_and_needs_the_marriage_certificate() -> None:
    assert "spouse_name" in shown("employee", civil_status="married")
    assert "marriage_certificate" in documents("employee", civil_status="married")
    assert problems("employee", civil_status="married") == []  # the spouse's name is optional


@pytest.mark.parametrize("status", ["single", "divorced", "widowed"])
def test_unmarried_employee_has_no_spouse_and_no_marriage_certificate(status: str) -> None:
    assert "spouse_name" not in shown("employee", civil_status=status)
    assert "marriage_certificate" not in documents("employee", civil_status=status)
    assert "spouse_name" not in rules.clean(form("employee"), values("employee", civil_status=status, spouse_name="X"))


def test_a_doctor_must_give_the_licence_number_and_attach_the_licence() -> None:
    assert "medical_licence_number" in shown("employee", is_doctor="true")
    assert keyed(problems("employee", is_doctor="true")) == {("medical_licence_number", "form.error.required")}
    assert problems("employee", is_doctor="true", medical_licence_number="ONMS/12345") == []
    assert "medical_licence" in documents("employee", is_doctor="true")


def test_the_doctor_question_accepts_a_checkbox_boolean() -> None:
    assert keyed(problems("employee", is_doctor=True)) == {("medical_licence_number", "form.error.required")}
    cleaned = rules.clean(form("employee"), values("employee", is_doctor=True, medical_licence_number="ONMS/12345"))
    assert (cleaned["is_doctor"], cleaned["medical_licence_number"]) == ("true", "ONMS/12345")


def test_a_non_doctor_has_no_licence_field_and_no_licence_document() -> None:
    assert "medical_licence_number" not in shown("employee", is_doctor="false")
    assert "medical_licence" not in documents("employee", is_doctor="false")
    assert problems("employee", is_doctor="false", medical_licence_number="<script>" * 5000) == []


def test_the_documents_of_an_employee() -> None:
    assert documents("employee") == {"identity_document", "birth_certificate"}
    assert documents("employee", civil_status="married", is_doctor="true") == {
        "identity_document", "birth_certificate", "marriage_certificate", "medical_licence"}


def test_the_current_employer_is_asked_only_of_those_who_have_one() -> None:
    assert keyed(problems("employee", employer_name="")) == {("employer_name", "form.error.required")}
    assert problems("employee", employer_registration_number="") == []  # "if known"
    without = values("employee", has_current_employer="false")
    assert {"employer_name", "employer_registration_number", "job_title"}.isdisjoint(
        rules.visible(form("employee"), without))
    assert problems("employee", has_current_employer="false") == []
    assert "employer_name" not in rules.clean(form("employee"), without)


def test_a_passport_replaces_the_national_id_number() -> None:
    found = problems("employee", identity_document_type="passport")
    assert keyed(found) == {("passport_number", "form.error.required")}
    assert problems("employee", identity_document_type="passport", passport_number="A1234567") == []
    assert keyed(problems("employee", identity_document_type="passport", passport_number="A12")) == {
        ("passport_number", "form.error.format")}
    assert "national_id_number" not in shown("employee", identity_document_type="passport")


def test_the_national_id_number_follows_the_configured_format() -> None:
    assert keyed(problems("employee", national_id_number="12345")) == {("national_id_number", "form.error.national_id")}
    assert rules.clean(form("employee"), values("employee"))["national_id_number"] == "1234567890123"


def test_age_and_date_rules_on_the_date_of_birth() -> None:
    assert keyed(problems("employee", date_of_birth="2026-06-16")) == {("date_of_birth", "form.error.date_in_future")}
    assert keyed(problems("employee", date_of_birth="2012-01-01")) == {("date_of_birth", "form.error.too_young")}
    assert keyed(problems("employee", date_of_birth="1900-01-01")) == {("date_of_birth", "form.error.date_too_early")}
    assert keyed(problems("self_employed", date_of_birth="2009-01-01")) == {("date_of_birth", "form.error.too_young")}


def test_dependants_are_checked_entry_by_entry() -> None:
    entries = [{"last_name": "Diop", "first_names": "Moussa", "date_of_birth": "2015-02-30", "sex": "male"},
               {"last_name": "Diop", "first_names": "", "date_of_birth": "2016-01-01", "sex": "robot"}]
    assert keyed(problems("employee", dependants=entries)) == {
        ("dependants.0.date_of_birth", "form.error.date"), ("dependants.1.first_names", "form.error.required"),
        ("dependants.1.sex", "form.error.choice")}
    assert problems("employee", dependants=[]) == []  # optional group


# --- self-employed ----------------------------------------------------------------------------------------


def test_an_activity_cannot_start_before_its_owner_was_born() -> None:
    found = problems("self_employed", activity_start_date="1989-12-31")
    assert found == [Refusal("form.error.before_other", "activity_start_date", other="date_of_birth")]
    assert en(found[0], "self_employed") == "“Date the activity started” cannot be earlier than “Date of birth”."
    assert "« Date de naissance »" in fr(found[0], "self_employed")


def test_the_isic_class_and_the_income_are_checked() -> None:
    assert keyed(problems("self_employed", isic_class="86")) == {("isic_class", "form.error.isic")}
    assert keyed(problems("self_employed", declared_income="0")) == {
        ("declared_income", "form.error.money_not_positive")}
    assert keyed(problems("self_employed", declared_income="beaucoup")) == {("declared_income", "form.error.money")}
    assert keyed(problems("self_employed", income_period="weekly")) == {("income_period", "form.error.choice")}
    assert documents("self_employed") == {"identity_document", "business_licence"}


# --- voluntary contributor --------------------------------------------------------------------------------


def test_a_voluntary_contributor_must_name_a_previous_employer_and_last_years_income() -> None:
    assert keyed(problems("voluntary_contributor", previous_employers=[], previous_year_income="")) == {
        ("previous_employers", "form.error.required"), ("previous_year_income", "form.error.required")}


def test_an_employment_cannot_end_before_it_starts() -> None:
    employers = values("voluntary_contributor")["previous_employers"]
    employers[1]["to"] = "2007-12-31"
    found = problems("voluntary_contributor", previous_employers=employers)
    assert found == [Refusal("form.error.before_other", "previous_employers.1.to", other="previous_employers.1.from")]
    assert en(found[0], "voluntary_contributor") == (
        "“To (Previous employers, entry 2)” cannot be earlier than “From (Previous employers, entry 2)”.")
    assert fr(found[0], "voluntary_contributor") == (
        "La date saisie pour « Au (Employeurs précédents, ligne 2) » ne peut pas être antérieure à celle de "
        "« Du (Employeurs précédents, ligne 2) ».")


def test_earnings_years_are_not_in_the_future_and_amounts_are_money() -> None:
    found = problems("voluntary_contributor",
                     earnings_history=[{"year": "2027", "amount": "1"}, {"year": "20", "amount": "-3"}])
    assert found == [
        Refusal("form.error.above_maximum", "earnings_history.0.year", maximum=2026),
        Refusal("form.error.year", "earnings_history.1.year"),
        Refusal("form.error.money", "earnings_history.1.amount"),
    ]
    too_early = problems("voluntary_contributor", earnings_history=[{"year": "1949", "amount": "1"}])
    assert too_early[0].params == {"minimum": 1950}


def test_group_sizes_are_bounded() -> None:
    many = [{"year": "2020", "amount": "1"}] * 51
    assert keyed(problems("voluntary_contributor", earnings_history=many)) == {
        ("earnings_history", "form.error.too_many_items")}
    assert len(rules.clean(form("voluntary_contributor"), values("voluntary_contributor", earnings_history=many))[
        "earnings_history"]) == 50


# --- survivor ---------------------------------------------------------------------------------------------

MINOR = {"minor_last_name": "Diop", "minor_first_names": "Khady", "minor_sex": "female",
         "minor_date_of_birth": "2014-09-01", "minor_place_of_birth": "Thiès"}


def test_applying_for_a_minor_shows_and_requires_the_childs_identity_and_the_guardianship_order() -> None:
    found = problems("survivor", applying_for_minor="true")
    assert keyed(found) == {(name, "form.error.required") for name in MINOR}
    assert problems("survivor", applying_for_minor="true", **MINOR) == []
    assert "guardianship_order" in documents("survivor", applying_for_minor="true")
    assert rules.visible_steps(form("survivor"), values("survivor", applying_for_minor="true")) == [
        "applicant", "contact", "deceased", "minor"]


def test_applying_for_oneself_hides_the_minor_step_and_needs_no_guardianship_order() -> None:
    assert set(MINOR).isdisjoint(shown("survivor", **MINOR))
    assert documents("survivor", **MINOR) == {"death_certificate", "proof_of_relationship"}
    assert rules.visible_steps(form("survivor"), values("survivor")) == ["applicant", "contact", "deceased"]
    assert rules.validate_step(form("survivor"), "minor", values("survivor", minor_date_of_birth="x")) == []


def test_the_minor_must_be_under_eighteen() -> None:
    found = problems("survivor", applying_for_minor="true", **{**MINOR, "minor_date_of_birth": "2008-06-15"})
    assert found == [Refusal("form.error.too_old", "minor_date_of_birth", maximum=17)]


def test_the_date_of_death_follows_the_birth_and_is_not_in_the_future() -> None:
    assert keyed(problems("survivor", deceased_date_of_death="1949-12-31")) == {
        ("deceased_date_of_death", "form.error.before_other")}
    assert keyed(problems("survivor", deceased_date_of_death="2026-06-16")) == {
        ("deceased_date_of_death", "form.error.date_in_future")}
    assert problems("survivor", deceased_date_of_death="1950-01-01") == []  # died the day of birth
    assert problems("survivor", deceased_social_security_number="") == []  # "if known"


# --- employer ---------------------------------------------------------------------------------------------


def test_a_health_care_provider_gives_its_facility_licence() -> None:
    assert keyed(problems("employer", is_health_care_provider="true")) == {
        ("facility_licence_number", "form.error.required")}
    assert "facility_licence" in documents("employer", is_health_care_provider="true")
    assert documents("employer") == {"business_registration_certificate", "representative_identity"}
    assert "facility_licence_number" not in shown("employer")


def test_the_bank_account_is_an_iban_or_a_local_account_number() -> None:
    assert keyed(problems("employer", iban="SN08SN0100152000010200000123")) == {("iban", "form.error.iban")}
    assert keyed(problems("employer", account_format="local")) == {("account_number", "form.error.required")}
    assert problems("employer", account_format="local", account_number="SN012 01001 012345678901 23") == []
    assert "iban" not in rules.clean(form("employer"),
                                     values("employer", account_format="local", account_number="123456"))


def test_employer_numbers_dates_and_bic() -> None:
    assert keyed(problems("employer", headcount="-1")) == {("headcount", "form.error.below_minimum")}
    assert keyed(problems("employer", headcount="4.5")) == {("headcount", "form.error.number")}
    assert keyed(problems("employer", date_of_first_hire="2019-12-31")) == {
        ("date_of_first_hire", "form.error.before_other")}
    assert keyed(problems("employer", date_of_first_hire="2027-06-16")) == {
        ("date_of_first_hire", "form.error.date_too_late")}
    assert problems("employer", date_of_first_hire="") == []
    assert keyed(problems("employer", bic="SGSN")) == {("bic", "form.error.bic")}
    assert keyed(problems("employer", isic_secondary="0000")) == {("isic_secondary", "form.error.isic")}


def test_other_contacts_need_a_valid_email() -> None:
    found = problems("employer", other_contacts=[{"last_name": "Fall", "first_names": "Ali", "function": "Paie",
                                                  "email": "ali@", "phone": ""}])
    assert keyed(found) == {("other_contacts.0.email", "form.error.email")}


def test_financial_institution_checks() -> None:
    assert keyed(problems("financial_institution", payment_contact_phone="12")) == {
        ("payment_contact_phone", "form.error.phone")}
    assert documents("financial_institution") == {"banking_licence", "authorisation_letter"}


# --- one step at a time -----------------------------------------------------------------------------------


def test_validate_step_checks_only_that_step_but_reads_conditions_elsewhere() -> None:
    definition = form("employee")
    entered = {"is_doctor": "true", "has_current_employer": "false"}
    assert keyed(rules.validate_step(definition, "employment", entered, today=TODAY)) == {
        ("medical_licence_number", "form.error.required")}
    assert {problem.field for problem in rules.validate_step(definition, "contact", entered)} == {
        "address", "city", "phone"}


@pytest.mark.parametrize("step", ["payment", "", None, 3])
def test_an_unknown_step_is_a_problem_not_an_error(step: Any) -> None:
    found = rules.validate_step(form("employee"), step, {})
    assert found == [Refusal("form.error.unknown_step", "")]
    assert rules.message(found[0], "en", form("employee")) == "This step of the form does not exist."


# --- what the browser may send ----------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "key"), [
    (42, "form.error.invalid"), (["Diop"], "form.error.invalid"), ({"a": "b"}, "form.error.invalid"),
    (4.2, "form.error.invalid"), (True, "form.error.invalid"), ("D" * 20_000, "form.error.too_long"),
    ("D" * 101, "form.error.too_long"), ("Diop\x00", "form.error.characters"), ("D1op", "form.error.format"),
])
def test_wrong_types_and_sizes_give_a_problem(value: Any, key: str) -> None:
    assert keyed(problems("employee", last_name=value)) == {("last_name", key)}


def test_bad_shapes_of_groups_give_problems() -> None:
    assert keyed(problems("employee", dependants="Moussa")) == {("dependants", "form.error.invalid")}
    assert keyed(problems("employee", dependants={"0": {}})) == {("dependants", "form.error.invalid")}
    assert keyed(problems("employee", dependants=["Moussa"])) == {("dependants.0", "form.error.invalid")}


@pytest.mark.parametrize("answer", ["yes", "1", 1, "on", ["true"]])
def test_a_boolean_is_true_or_false(answer: Any) -> None:
    assert keyed(problems("employee", is_doctor=answer)) == {("is_doctor", "form.error.boolean")}
    assert "medical_licence" not in documents("employee", is_doctor=answer)


def test_values_that_are_not_a_dict_are_an_empty_form() -> None:
    sent: object
    for sent in (None, [], "x", 3):
        assert rules.validate_all(form("employee"), sent) == rules.validate_all(form("employee"), {})  # type: ignore[arg-type]
        assert rules.clean(form("employee"), sent) == {}  # type: ignore[arg-type]


def test_unknown_keys_are_ignored() -> None:
    assert problems("employee", is_admin="true", __class__="x") == []
    assert "is_admin" not in rules.clean(form("employee"), values("employee", is_admin="true"))


# --- clean ------------------------------------------------------------------------------------------------


def test_clean_normalises_every_kind() -> None:
    cleaned = rules.clean(form("employer"), values("employer", trade_name="  Clinique   du  Cap "), today=TODAY)
    assert cleaned["phone"] == "+221338234567"
    assert cleaned["iban"] == "SN88SN0100152000010200000123"
    assert cleaned["bic"] == "SGSNSNDA"
    assert cleaned["trade_name"] == "Clinique du Cap"
    assert cleaned["headcount"] == "42"
    assert cleaned["is_health_care_provider"] == "false"
    person = rules.clean(form("self_employed"), values("self_employed"), today=TODAY)
    assert (person["email"], person["activity_start_date"], person["declared_income"]) == (
        "awa.diop@example.org", "2018-03-12", "150000.00")
    assert person["address"] == "12 rue Carnot\nPlateau"
    career = rules.clean(form("voluntary_contributor"), values("voluntary_contributor"), today=TODAY)
    assert career["earnings_history"] == [{"year": "2020", "amount": "4800000.00"},
                                          {"year": "2019", "amount": "4500000.50"}]
    assert career["previous_employers"][1] == {"employer_name": "Banque Atlantique", "from": "2008-03-01",
                                               "to": "2011-12-31"}


@pytest.mark.parametrize("kind", list(ApplicationType))
def test_clean_is_stable_and_clean_values_pass(kind: ApplicationType) -> None:
    once = rules.clean(form(kind), values(kind), today=TODAY)
    assert rules.clean(form(kind), once, today=TODAY) == once
    assert rules.validate_all(form(kind), once, today=TODAY) == []


def test_clean_leaves_out_empty_and_invalid_values() -> None:
    cleaned = rules.clean(form("employee"), values("employee", email="", phone="12"))
    assert "email" not in cleaned and "phone" not in cleaned


# --- rules not used by the shipped forms ------------------------------------------------------------------


def custom_form() -> FormDefinition:
    label = {"fr": "Libellé", "en": "Label"}
    return FormDefinition.model_validate({
        "type": "employee", "version": 1,
        "steps": [
            {"name": "one", "title": label, "fields": [
                {"name": "colour", "kind": "choice", "label": label,
                 "choices": [{"value": value, "label": label} for value in ("red", "green", "blue")]},
                {"name": "shade", "kind": "text", "label": label,
                 "shown_when": {"field": "colour", "one_of": ["red", "blue"]}},
                {"name": "nickname", "kind": "text", "label": label},
                {"name": "reason", "kind": "textarea", "label": label, "required_when": {"field": "nickname"}},
            ]},
            {"name": "two", "title": label, "fields": [
                {"name": "children", "kind": "group", "label": {"fr": "Enfants", "en": "Children"}, "min_items": 2,
                 "fields": [
                     {"name": "at_school", "kind": "boolean", "label": label},
                     {"name": "school", "kind": "text", "label": {"fr": "École", "en": "School"},
                      "shown_when": {"field": "at_school", "equals": "true"},
                      "required_when": {"field": "at_school", "equals": "true"}},
                 ]},
            ]},
        ],
        "documents": [
            {"kind": "identity_document", "label": label, "rule": "optional", "accepted": ["pdf"]},
            {"kind": "birth_certificate", "label": label, "rule": "conditional", "when": {"field": "shade"},
             "accepted": ["pdf"]},
        ],
    })


def test_one_of_conditions_and_hidden_fields_do_not_count() -> None:
    definition = custom_form()
    assert "shade" in rules.visible(definition, {"colour": "blue"})
    assert "shade" not in rules.visible(definition, {"colour": "green", "shade": "dark"})
    # a condition on a hidden field does not hold, even when that field has a value
    assert rules.required_documents(definition, {"colour": "green", "shade": "dark"}) == []
    assert [document.kind for document in rules.required_documents(definition, {"colour": "red", "shade": "dark"})] == [
        "birth_certificate"]


def test_required_when_a_field_is_filled_and_optional_documents_are_never_required() -> None:
    definition = custom_form()
    entered = {"nickname": "Ami", "children": [{}, {}]}
    assert keyed(rules.validate_all(definition, entered)) == {("reason", "form.error.required")}
    assert rules.validate_all(definition, {"children": [{}, {}]}) == []
    assert "identity_document" not in {document.kind for document in rules.required_documents(definition, entered)}


def test_conditions_inside_a_group_read_the_same_entry() -> None:
    definition = custom_form()
    entered = {"children": [{"at_school": "true"}, {"at_school": "false", "school": "x" * 300}, {"at_school": True,
                                                                                                 "school": "Lycée"}]}
    assert keyed(rules.validate_all(definition, entered)) == {("children.0.school", "form.error.required")}
    assert rules.visible(definition, entered) >= {"children.0.school", "children.2.school"}
    assert "children.1.school" not in rules.visible(definition, entered)
    assert rules.clean(definition, entered)["children"] == [
        {"at_school": "true"}, {"at_school": "false"}, {"at_school": "true", "school": "Lycée"}]


def test_too_few_entries() -> None:
    found = rules.validate_all(custom_form(), {"children": [{}]})
    assert found == [Refusal("form.error.too_few_items", "children", minimum=2)]
    assert rules.message(found[0], "en", custom_form()) == "“Children”: add at least 2 entries."


# --- messages ---------------------------------------------------------------------------------------------


def test_messages_name_the_field_in_the_applicants_language() -> None:
    problem = Refusal("form.error.date_too_early", "date_of_birth", date="1906-06-15")
    assert fr(problem, "employee") == (
        "La date saisie pour « Date de naissance » ne peut pas être antérieure au 15 juin 1906.")
    assert en(problem, "employee") == "“Date of birth” cannot be earlier than 15 June 1906."
    assert rules.message(problem, "de", form("employee")).startswith("La date saisie")  # unknown language: French


def test_a_message_for_a_whole_entry_names_the_entry() -> None:
    assert en(Refusal("form.error.invalid", "dependants.0"), "employee") == (
        "“Dependent children, entry 1”: this value cannot be read. Check it and enter it again.")


def test_a_message_with_a_bad_key_or_missing_parameter_still_says_something() -> None:
    assert "Date of birth" in en(Refusal("form.error.nonexistent", "date_of_birth"), "employee")
    assert "Date of birth" in en(Refusal("form.error.too_young", "date_of_birth"), "employee")
    assert "this form" in en(Refusal("form.error.invalid", "no.such.field"), "employee")


def test_a_document_is_named_by_its_label() -> None:
    assert rules.label_of(form("employee"), "document.medical_licence", "fr") == "Autorisation d’exercer la médecine"
    assert rules.label_of(form("employee"), "document.unknown", "en") == "this form"


FORM_KEYS = sorted(key for key in i18n.catalog("en") if key.startswith("form.error."))


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_every_form_message_names_the_field(language: str) -> None:
    texts = i18n.catalog(language)
    assert len(FORM_KEYS) >= 30
    assert [key for key in FORM_KEYS if "{label}" not in texts[key] and key != "form.error.unknown_step"] == []


# --- random input never breaks the server -----------------------------------------------------------------

PLAUSIBLE = st.sampled_from([
    "", " ", "true", "false", "True", "married", "single", "passport", "national_id_card", "iban", "local", "female",
    "2000-01-01", "29/02/2023", "1950-01-01", "2026-06-16", "+221 77 123 45 67", "00221", "awa@example.org", "8610",
    "150 000,50", "0", "-1", "1e999", "NaN", "1234567890123", "GB82WEST12345698765432", "DEUTDEFF", "2024",
])
TEXT = st.text(max_size=40) | st.text(alphabet=st.characters(codec="utf-8"), max_size=300) | PLAUSIBLE
HUGE = st.builds(lambda piece, times: piece * times, st.text(min_size=1, max_size=3), st.integers(3_000, 40_000))
SCALAR = st.none() | st.booleans() | st.integers() | st.floats() | TEXT | HUGE
NESTED = st.recursive(SCALAR, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
                      max_leaves=12)


def browser_values(definition: FormDefinition) -> st.SearchStrategy[dict[str, Any]]:
    names = [field.name for field in definition.all_fields()]
    sub_names = sorted({sub.name for field in definition.all_fields() for sub in field.fields or []}) or ["x"]
    entry = st.dictionaries(st.sampled_from(sub_names) | TEXT, SCALAR | NESTED, max_size=6)
    group_value = st.lists(entry | NESTED, max_size=6)
    return st.dictionaries(st.sampled_from(names) | TEXT, SCALAR | NESTED | group_value, max_size=30)


def assert_never_fails(definition: FormDefinition, sent: Any) -> None:
    found = rules.validate_all(definition, sent, today=TODAY)
    for step in definition.steps:
        found += rules.validate_step(definition, step.name, sent, today=TODAY)
    assert all(isinstance(problem, Refusal) for problem in found)
    assert rules.UNEXPECTED not in {problem.key for problem in found}
    for problem in found:
        for language in i18n.LANGUAGES:
            assert "{" not in rules.message(problem, language, definition)
    cleaned = rules.clean(definition, sent, today=TODAY)
    assert json.loads(json.dumps(cleaned)) == cleaned  # plain strings, lists and dicts only
    assert rules.clean(definition, cleaned, today=TODAY) == cleaned
    rules.required_documents(definition, sent, today=TODAY)
    rules.visible(definition, sent, today=TODAY)
    rules.visible_steps(definition, sent, today=TODAY)


@pytest.mark.parametrize("kind", list(ApplicationType))
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_random_browser_input_never_causes_a_server_error(kind: ApplicationType, data: st.DataObject) -> None:
    definition = form(kind)
    assert_never_fails(definition, data.draw(browser_values(definition)))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(sent=NESTED)
def test_random_shapes_instead_of_a_dict_never_cause_a_server_error(sent: Any) -> None:
    assert_never_fails(form("voluntary_contributor"), sent)


@settings(max_examples=80, deadline=None)
@given(changes=st.dictionaries(st.sampled_from(sorted(VALID["employee"])), TEXT | HUGE, max_size=5))
def test_random_changes_to_a_good_application_never_cause_a_server_error(changes: dict[str, Any]) -> None:
    """Starting from a valid application reaches the deeper checks (dates against each other, conditions)."""
    assert_never_fails(form("employee"), values("employee", **changes))


def test_shipped_files_are_what_the_tests_read() -> None:
    assert (FORMS_DIR / "employee.json").is_file()
