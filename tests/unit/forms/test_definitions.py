"""The six registration forms as configuration data: they load, say what the issue asks, agree with the
profiles, and a broken file stops start-up with one line naming the file, the place and the problem."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from models.enums import ApplicationType
from ssas_portal.services.core.config_files import ConfigError
from ssas_portal.services.forms import definitions, profiles
from ssas_portal.services.forms.definitions import FORMS_DIR, FieldDef, FormDefinition
from tests.support.text import one_line

Data = dict[str, Any]


def shipped(kind: str) -> Data:
    return json.loads((FORMS_DIR / f"{kind}.json").read_text(encoding="utf-8"))


def find(data: Data, name: str) -> tuple[str, Data]:
    """The place ("steps.1.fields.0") and the data of a top-level field."""
    for step_index, step in enumerate(data["steps"]):
        for field_index, field in enumerate(step["fields"]):
            if field["name"] == name:
                return f"steps.{step_index}.fields.{field_index}", field
    raise AssertionError(f"no field {name}")


def field(kind: str, name: str) -> FieldDef:
    found = definitions.definition(kind).field(name)
    assert found is not None, name
    return found


# --- the shipped definitions ------------------------------------------------------------------------------


def test_one_definition_per_registration_type() -> None:
    loaded = definitions.definitions()
    assert list(loaded) == list(ApplicationType)
    assert all(definition.type is kind for kind, definition in loaded.items())
    assert sorted(path.stem for path in FORMS_DIR.glob("*.json")) == sorted(ApplicationType)


def test_definitions_are_loaded_once() -> None:
    assert definitions.definitions() is definitions.definitions()


@pytest.mark.parametrize("kind", list(ApplicationType))
def test_each_form_has_steps_fields_and_documents(kind: ApplicationType) -> None:
    definition = definitions.definition(kind)
    assert len(definition.steps) >= 2
    assert all(step.fields for step in definition.steps)
    assert any(document.rule == "mandatory" for document in definition.documents)
    assert all(set(document.accepted) == {"pdf", "jpeg", "png"} for document in definition.documents)


@pytest.mark.parametrize("kind", list(ApplicationType))
def test_documents_agree_with_the_profile_pages(kind: ApplicationType) -> None:
    """The landing pages tell applicants what to prepare; the form asks for exactly that."""
    profile = next(profile for profile in profiles.profiles() if profile.type is kind)
    expected = {document.kind: "conditional" if document.rule.startswith("if_") else str(document.rule)
                for document in profile.documents}
    assert {document.kind: document.rule for document in definitions.definition(kind).documents} == expected


def texts_of(definition: FormDefinition) -> list[tuple[str, str]]:
    pairs = [(step.title.fr, step.title.en) for step in definition.steps]
    for top in definition.all_fields():
        for one in [top, *(top.fields or [])]:
            pairs.append((one.label.fr, one.label.en))
            if one.help is not None:
                pairs.append((one.help.fr, one.help.en))
            pairs += [(choice.label.fr, choice.label.en) for choice in one.choices or []]
    pairs += [(document.label.fr, document.label.en) for document in definition.documents]
    return pairs


@pytest.mark.parametrize("kind", list(ApplicationType))
def test_every_text_is_written_in_both_languages(kind: ApplicationType) -> None:
    """Both present, trimmed, and actually translated (a few technical words like IBAN are the same)."""
    pairs = texts_of(definitions.definition(kind))
    assert all(fr.strip() == fr and en.strip() == en and fr and en for fr, en in pairs)
    same = {fr for fr, en in pairs if fr == en}
    assert same <= {"IBAN"}


def test_employee_form() -> None:
    civil_status = field("employee", "civil_status")
    assert "married" in {choice.value for choice in civil_status.choices or []}
    assert field("employee", "is_doctor").kind == "boolean"
    licence = field("employee", "medical_licence_number")
    assert licence.shown_when is not None and licence.required_when is not None
    assert (licence.shown_when.field, licence.shown_when.equals) == ("is_doctor", "true")
    documents = {document.kind: document for document in definitions.definition("employee").documents}
    assert documents["marriage_certificate"].when is not None
    assert documents["marriage_certificate"].when.equals == "married"
    assert documents["medical_licence"].when is not None and documents["medical_licence"].when.field == "is_doctor"
    for name in ("last_name", "first_names", "sex", "date_of_birth", "place_of_birth", "nationality",
                 "national_id_number", "passport_number", "address", "phone", "email",
                 "employer_registration_number", "employer_name"):
        assert field("employee", name)


def test_individual_forms_use_the_default_national_id_format() -> None:
    """13 digits without check digit, changeable in each form's file."""
    for kind in ("employee", "self_employed", "voluntary_contributor", "survivor"):
        national = definitions.definition(kind).national_id
        assert national is not None
        assert (national.pattern, national.check_digit) == ("^[0-9]{13}$", "none")
        assert field(kind, "national_id_number").kind == "national_id"


def test_self_employed_form() -> None:
    assert field("self_employed", "isic_class").kind == "isic"
    assert field("self_employed", "declared_income").kind == "money"
    assert {choice.value for choice in field("self_employed", "income_period").choices or []} >= {"monthly", "yearly"}
    assert field("self_employed", "activity_start_date").max_date == "today"


def test_voluntary_contributor_form() -> None:
    employers = field("voluntary_contributor", "previous_employers")
    assert employers.kind == "group" and employers.required
    assert [sub.name for sub in employers.fields or []] == ["employer_name", "registration_number", "from", "to"]
    assert employers.sub_field("to") is not None and employers.sub_field("to").after_field == "from"  # type: ignore[union-attr]
    earnings = field("voluntary_contributor", "earnings_history")
    assert [sub.name for sub in earnings.fields or []] == ["year", "amount"]
    assert field("voluntary_contributor", "previous_year_income").required


def test_survivor_form() -> None:
    assert field("survivor", "applying_for_minor").kind == "boolean"
    assert field("survivor", "deceased_date_of_death").after_field == "deceased_date_of_birth"
    assert not field("survivor", "deceased_social_security_number").required
    minor = [one for one in definitions.definition("survivor").all_fields() if one.name.startswith("minor_")]
    assert len(minor) >= 4
    assert all(one.shown_when is not None and one.shown_when.field == "applying_for_minor" for one in minor)
    assert field("survivor", "minor_date_of_birth").max_age == 17


def test_employer_form() -> None:
    for name in ("legal_name", "trade_name", "legal_form", "business_registration_number", "tax_id",
                 "date_of_incorporation", "isic_primary", "isic_secondary", "address", "representative_last_name",
                 "representative_email", "representative_phone", "other_contacts", "iban", "account_number", "bic",
                 "headcount", "date_of_first_hire"):
        assert field("employer", name)
    documents = {document.kind: document for document in definitions.definition("employer").documents}
    assert documents["facility_licence"].when is not None
    assert documents["facility_licence"].when.field == "is_health_care_provider"


def test_financial_institution_form() -> None:
    for name in ("legal_name", "bic", "licence_number", "address", "contact_email", "payment_contact_last_name",
                 "payment_contact_email", "payment_contact_phone"):
        assert field("financial_institution", name)


# --- a broken definition stops start-up with one line ----------------------------------------------------


def unknown_kind(data: Data) -> str:
    place, found = find(data, "sex")
    found["kind"] = "gender"
    return f"{place}.kind: Input should be"


def condition_on_unknown_field(data: Data) -> str:
    place, found = find(data, "spouse_name")
    found["shown_when"]["field"] = "civil_statut"
    return f"{place}.shown_when.field: names an unknown field 'civil_statut'"


def condition_on_unknown_value(data: Data) -> str:
    place, found = find(data, "spouse_name")
    found["shown_when"]["equals"] = "maried"
    return f"{place}.shown_when.equals: 'maried' is not a value of field 'civil_status'"


def boolean_condition_on_yes(data: Data) -> str:
    data["documents"][3]["when"]["equals"] = "yes"
    return "documents.3.when.equals: 'yes' is not a value of field 'is_doctor'"


def duplicate_name(data: Data) -> str:
    place, found = find(data, "first_names")
    found["name"] = "last_name"
    return f"{place}.name: duplicate field name 'last_name'"


def conditional_document_without_when(data: Data) -> str:
    del data["documents"][2]["when"]
    return "documents.2.when: a conditional document needs a condition"


def mandatory_document_with_when(data: Data) -> str:
    data["documents"][0]["when"] = {"field": "is_doctor", "equals": "true"}
    return "documents.0.when: only a conditional document takes a condition"


def document_condition_on_unknown_field(data: Data) -> str:
    data["documents"][2]["when"]["field"] = "marital"
    return "documents.2.when.field: names an unknown field 'marital'"


def group_without_fields(data: Data) -> str:
    place, found = find(data, "dependants")
    del found["fields"]
    return f"{place}.fields: a repeating group needs its fields"


def choice_without_choices(data: Data) -> str:
    place, found = find(data, "sex")
    del found["choices"]
    return f"{place}.choices: a choice field needs its choices"


def invalid_pattern(data: Data) -> str:
    place, found = find(data, "passport_number")
    found["pattern"] = "^[A-Z0-9{6,12}$"
    return f"{place}.pattern: not a valid regular expression"


def pattern_on_a_date(data: Data) -> str:
    place, found = find(data, "date_of_birth")
    found["pattern"] = "^.*$"
    return f"{place}.pattern: applies only to fields of kind address or text or textarea"


def unknown_date_bound(data: Data) -> str:
    place, found = find(data, "date_of_birth")
    found["min_date"] = "120 years ago"
    return f"{place}.min_date: '120 years ago' is not a date bound"


def after_a_text_field(data: Data) -> str:
    place, found = find(data, "date_of_birth")
    found["after_field"] = "last_name"
    return f"{place}.after_field: 'last_name' is not another date field"


def duplicate_name_in_a_group(data: Data) -> str:
    place, found = find(data, "dependants")
    found["fields"][1]["name"] = "last_name"
    return f"{place}.fields.1.name: duplicate field name 'last_name' in this group"


def condition_in_a_circle(data: Data) -> str:
    place, found = find(data, "civil_status")
    found["shown_when"] = {"field": "spouse_name"}
    return f"{place}.shown_when.field: fields shown on each other's condition"


def condition_in_a_circle_inside_a_group(data: Data) -> str:
    place, found = find(data, "dependants")
    found["fields"][0]["shown_when"] = {"field": "first_names"}
    found["fields"][1]["shown_when"] = {"field": "last_name"}
    return f"{place}.fields.0.shown_when.field: fields shown on each other's condition"


def group_condition_on_unknown_field(data: Data) -> str:
    place, found = find(data, "dependants")
    found["fields"][2]["shown_when"] = {"field": "age"}
    return f"{place}.fields.2.shown_when.field: names an unknown field 'age'"


def condition_on_a_group(data: Data) -> str:
    place, found = find(data, "spouse_name")
    found["shown_when"] = {"field": "dependants"}
    return f"{place}.shown_when.field: names the repeating group 'dependants'"


def group_in_a_group(data: Data) -> str:
    place, found = find(data, "dependants")
    found["fields"][0] = json.loads(json.dumps({**found, "name": "inner"}))
    return f"{place}.fields.0.kind: a repeating group cannot hold another group"


def bound_on_the_wrong_kind(data: Data) -> str:
    place, found = find(data, "sex")
    found["min_age"] = 18
    return f"{place}.min_age: applies only to fields of kind date"


def extra_attribute(data: Data) -> str:
    place, found = find(data, "sex")
    found["colour"] = "red"
    return f"{place}.colour: Extra inputs are not permitted"


def no_national_id_format(data: Data) -> str:
    del data["national_id"]
    place, _ = find(data, "national_id_number")
    return f"{place}.kind: a national_id field needs the form's national_id format"


def bad_national_id_pattern(data: Data) -> str:
    data["national_id"]["pattern"] = "([0-9]{13}"
    return "national_id.pattern: not a valid regular expression"


def duplicate_document(data: Data) -> str:
    data["documents"].append(data["documents"][0])
    return "documents.4.kind: duplicate document kind 'identity_document'"


def duplicate_choice(data: Data) -> str:
    place, found = find(data, "sex")
    found["choices"].append(found["choices"][0])
    return f"{place}.choices: two choices have the same value"


def label_without_english(data: Data) -> str:
    place, found = find(data, "sex")
    del found["label"]["en"]
    return f"{place}.label.en: Field required"


def no_steps(data: Data) -> str:
    data["steps"] = []
    return "steps: List should have at least 1 item"


def unknown_type(data: Data) -> str:
    data["type"] = "pensioner"
    return "type: Input should be"


def not_an_object(data: Data) -> str:
    data.clear()
    data["__list__"] = True
    return "(file): Input should be a valid dictionary"


BREAKS: list[Callable[[Data], str]] = [
    unknown_kind, condition_on_unknown_field, condition_on_unknown_value, boolean_condition_on_yes, duplicate_name,
    conditional_document_without_when, mandatory_document_with_when, document_condition_on_unknown_field,
    group_without_fields, choice_without_choices, invalid_pattern, pattern_on_a_date, unknown_date_bound,
    after_a_text_field, duplicate_name_in_a_group, condition_in_a_circle, condition_in_a_circle_inside_a_group,
    group_condition_on_unknown_field, condition_on_a_group, group_in_a_group, bound_on_the_wrong_kind, extra_attribute,
    no_national_id_format,
    bad_national_id_pattern, duplicate_document, duplicate_choice, label_without_english, no_steps, unknown_type,
    not_an_object,
]


@pytest.mark.parametrize("break_it", BREAKS, ids=[function.__name__ for function in BREAKS])
def test_a_broken_definition_is_refused_with_one_line_naming_file_and_field(tmp_path: Path,
                                                                          break_it: Callable[[Data], str]) -> None:
    data = shipped("employee")
    expected = break_it(data)
    path = tmp_path / "employee.json"
    payload: Any = [] if data.get("__list__") else data
    path.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    assert expected in refusal(path)


def refusal(path: Path) -> str:
    with pytest.raises(ConfigError) as refused:
        definitions.load_definition(path)
    line = one_line(str(refused.value))
    assert line.startswith(f"{path.name}: ")
    return line


def test_a_definition_that_is_not_json_is_refused_with_one_line(tmp_path: Path) -> None:
    path = tmp_path / "survivor.json"
    path.write_text((FORMS_DIR / "survivor.json").read_text(encoding="utf-8")[:-5], encoding="utf-8")
    assert "not valid JSON (line" in refusal(path)


def test_a_definition_that_is_not_utf8_is_refused_with_one_line(tmp_path: Path) -> None:
    path = tmp_path / "survivor.json"
    path.write_bytes(b"\xff" + (FORMS_DIR / "survivor.json").read_bytes())
    assert "not UTF-8" in refusal(path)


def test_a_missing_definition_file_is_refused_with_one_line(tmp_path: Path) -> None:
    assert "cannot be read" in refusal(tmp_path / "employer.json")


def test_the_first_problem_of_a_multi_line_pattern_error_stays_on_one_line(tmp_path: Path) -> None:
    data = shipped("employer")
    place, found = find(data, "tax_id")
    found["pattern"] = "(?x) [a-z\n"
    path = tmp_path / "employer.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert f"{place}.pattern: not a valid regular expression" in refusal(path)


# --- the directory: one file per type, no more, no less ---------------------------------------------------


def copy_forms(tmp_path: Path) -> Path:
    directory = tmp_path / "forms"
    shutil.copytree(FORMS_DIR, directory)
    return directory


def start_up_line(directory: Path) -> str:
    with pytest.raises(ConfigError) as refused:
        definitions.load_all(directory)
    return one_line(str(refused.value))


def test_a_copy_of_the_shipped_directory_loads(tmp_path: Path) -> None:
    assert list(definitions.load_all(copy_forms(tmp_path))) == list(ApplicationType)


def test_a_missing_registration_type_stops_start_up(tmp_path: Path) -> None:
    directory = copy_forms(tmp_path)
    (directory / "survivor.json").unlink()
    assert start_up_line(directory) == "forms: no form definition for survivor (expected survivor.json)"


def test_an_unknown_registration_type_stops_start_up(tmp_path: Path) -> None:
    directory = copy_forms(tmp_path)
    shutil.copy(directory / "employee.json", directory / "pensioner.json")
    assert start_up_line(directory).startswith("pensioner.json: not a registration type")


def test_a_file_for_another_type_stops_start_up(tmp_path: Path) -> None:
    directory = copy_forms(tmp_path)
    shutil.copy(directory / "employee.json", directory / "employer.json")
    assert start_up_line(directory) == "employer.json: type: is 'employee' but the file is for 'employer'"


def test_a_broken_file_in_the_directory_stops_start_up_naming_it(tmp_path: Path) -> None:
    directory = copy_forms(tmp_path)
    data = json.loads((directory / "self_employed.json").read_text(encoding="utf-8"))
    place, found = find(data, "isic_class")
    found["kind"] = "nace"
    (directory / "self_employed.json").write_text(json.dumps(data), encoding="utf-8")
    assert start_up_line(directory).startswith(f"self_employed.json: {place}.kind: ")
