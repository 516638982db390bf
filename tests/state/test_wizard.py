"""The registration wizard's handlers, called as the browser calls them, on a draft opened the applicant's way:
answers kept and checked on the server, steps and documents following the answers, the draft saved at each
step, documents stored and downloaded only for the request held in server-side state, and one submission."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from models import Application, AuditEvent, Document
from models.enums import ApplicationStatus
from ssas_portal.services.applications import registration
from ssas_portal.services.core import i18n
from ssas_portal.services.core.db import transaction
from ssas_portal.services.core.errors import Refusal
from ssas_portal.services.documents import download_links
from ssas_portal.services.forms import reference
from ssas_portal.services.forms.definitions import definition
from ssas_portal.services.forms.rules import message
from state.wizard import WizardState
from tests.support.applications import application, open_draft
from tests.support.documents import pdf_bytes
from tests.support.forms import VALID
from tests.support.state import make_state, run
from tests.support.wizard import (
    answer,
    applicant_of,
    attach,
    choose,
    form_of,
    hold,
    leave,
    upload,
    valid_employee,
    wizard_for,
)

# --- helpers ----------------------------------------------------------------------------------------------


def held_id(wizard: WizardState) -> int:
    held = applicant_of(wizard)._application_id
    assert held is not None
    return held


def next_step(wizard: WizardState, form_data: dict[str, Any]) -> Any:
    return run(WizardState.next_step.fn(wizard, form_data))


def documents_of(engine: Engine, application_id: int) -> list[Document]:
    with Session(engine) as session:
        return list(session.exec(select(Document).where(Document.application_id == application_id)
                                 .order_by(col(Document.id))))


def database_snapshot(engine: Engine) -> tuple[object, ...]:
    """Every application's status, version and answers, every document and the number of audit events."""
    with Session(engine) as session:
        applications = [(row.id, row.status, row.version, json.dumps(row.form_data, sort_keys=True))
                        for row in session.exec(select(Application).order_by(col(Application.id)))]
        documents = list(session.exec(select(Document.id, Document.kind, Document.application_id)
                                      .order_by(col(Document.id))))
        events = session.exec(select(sa.func.count()).select_from(AuditEvent)).one()
    return applications, documents, events


def french(wizard: WizardState, path: str, key: str, **params: Any) -> str:
    return message(Refusal(key, path, **params), "fr", form_of(wizard))


def download_arguments(spec: Any) -> dict[str, Any]:
    """The arguments of an rx.download EventSpec, by name."""
    return {name._js_expr: value._var_value for name, value in spec.args}


def codes(wizard: WizardState) -> list[str]:
    return [option["code"] for option in wizard.picker_options]


def closed(wizard: WizardState) -> bool:
    return (wizard.kind, wizard.step, wizard.values, wizard.attached) == ("", "", {}, {})


# --- loading ----------------------------------------------------------------------------------------------


def test_load_fills_every_answer_key_the_required_entry_and_the_visible_steps(engine: Engine) -> None:
    wizard = wizard_for(engine, "voluntary_contributor")
    form = definition("voluntary_contributor")
    career = form.field("previous_employers")
    assert career is not None and career.fields is not None
    expected_keys = {field.name for field in form.all_fields() if field.kind != "group"} | {
        f"previous_employers.0.{sub.name}" for sub in career.fields}
    assert wizard.kind == "voluntary_contributor"
    assert set(wizard.values) == expected_keys
    assert set(wizard.values.values()) == {""}
    assert wizard.counts == {"previous_employers": 1, "earnings_history": 0}
    assert wizard.steps == ["identity", "contact", "career", "earnings", "documents", "review"]
    assert wizard.step == "identity"
    assert {"last_name", "previous_employers", "previous_employers.0.employer_name"} <= set(wizard.shown)
    assert "passport_number" not in wizard.shown  # shown only once a passport is chosen
    assert wizard.needed == ["identity_document"]


def test_load_shows_the_saved_answers_and_the_attached_documents(engine: Engine, documents_dir: Path) -> None:
    wizard = wizard_for(engine)
    attach(wizard, "identity_document", name="carte.pdf")
    with transaction(engine) as session:  # save_draft refuses by raising, so getting past it means saved
        registration.save_draft(session, held_id(wizard), {"last_name": "Diop", "civil_status": "married"})
    again = make_state(WizardState)
    hold(again, held_id(wizard))
    run(WizardState.load.fn(again))
    assert (again.values["last_name"], again.values["civil_status"]) == ("Diop", "married")
    assert "spouse_name" in again.shown and "marriage_certificate" in again.needed
    assert again.attached["identity_document"]["name"] == "carte.pdf"


def test_load_without_a_held_application_closes_the_wizard(engine: Engine) -> None:
    fresh = make_state(WizardState)
    run(WizardState.load.fn(fresh))
    assert fresh.kind == ""
    wizard = wizard_for(engine)
    hold(wizard, None)
    run(WizardState.load.fn(wizard))
    assert closed(wizard)


# --- answering --------------------------------------------------------------------------------------------


def test_left_field_keeps_the_value_and_says_in_french_what_is_wrong(engine: Engine) -> None:
    wizard = wizard_for(engine)
    leave(wizard, "date_of_birth", "2999-01-01")
    assert wizard.values["date_of_birth"] == "2999-01-01"
    assert wizard.errors["date_of_birth"] == french(wizard, "date_of_birth", "form.error.date_in_future")
    assert "ne peut pas être dans le futur" in wizard.errors["date_of_birth"]
    leave(wizard, "date_of_birth", "1990-05-01")
    assert "date_of_birth" not in wizard.errors


def test_left_field_does_not_call_an_empty_field_missing(engine: Engine) -> None:
    wizard = wizard_for(engine)
    leave(wizard, "last_name", "Diop")
    leave(wizard, "last_name", "")
    assert wizard.values["last_name"] == ""
    assert "last_name" not in wizard.errors


def test_left_field_ignores_unknown_paths_and_picked_fields(engine: Engine) -> None:
    wizard = wizard_for(engine)
    before = dict(wizard.values)
    leave(wizard, "is_admin", "true")
    leave(wizard, "dependants.0.last_name", "Diop")  # the group has no entry yet
    leave(wizard, "sex", "female")  # a choice is clicked, never typed
    leave(wizard, "last_name", 42)  # type: ignore[arg-type]
    assert wizard.values == before


def test_left_field_cuts_a_value_longer_than_1024_characters(engine: Engine) -> None:
    wizard = wizard_for(engine)
    leave(wizard, "place_of_birth", "D" * 5000)
    assert wizard.values["place_of_birth"] == "D" * 1024


def test_choosing_married_shows_the_spouse_and_asks_the_marriage_certificate(engine: Engine) -> None:
    wizard = wizard_for(engine)
    assert "spouse_name" not in wizard.shown and "marriage_certificate" not in wizard.needed
    choose(wizard, "civil_status", "married")
    assert wizard.values["civil_status"] == "married"
    assert "spouse_name" in wizard.shown and "marriage_certificate" in wizard.needed
    choose(wizard, "civil_status", "single")
    assert "spouse_name" not in wizard.shown and "marriage_certificate" not in wizard.needed


def test_choose_stores_a_yes_no_answer_and_ignores_typed_fields(engine: Engine) -> None:
    wizard = wizard_for(engine)
    choose(wizard, "is_doctor", True)
    assert wizard.values["is_doctor"] == "true"
    assert "medical_licence_number" in wizard.shown and "medical_licence" in wizard.needed
    choose(wizard, "last_name", "Diop")
    choose(wizard, "is_admin", "true")
    assert wizard.values["last_name"] == ""
    assert "is_admin" not in wizard.values


# --- moving between steps ---------------------------------------------------------------------------------


def test_next_step_on_an_incomplete_step_lists_the_problems_and_stays(engine: Engine) -> None:
    wizard = wizard_for(engine)
    version = application(engine, held_id(wizard)).version
    assert next_step(wizard, {"last_name": "Diop"}) is not None  # focuses the summary of problems
    assert wizard.step == "identity"
    assert "last_name" not in wizard.errors
    assert wizard.errors["first_names"] == french(wizard, "first_names", "form.error.required")
    assert wizard.errors["first_names"].startswith("Renseignez")
    first = next(problem for problem in wizard.problems if problem["field"] == "first_names")
    assert first == {"field": "first_names", "anchor": "field-first_names", "message": wizard.errors["first_names"],
                     "step": "identity"}
    assert {problem["field"] for problem in wizard.problems} == set(wizard.errors)
    assert application(engine, held_id(wizard)).version == version  # nothing saved


def test_next_step_on_a_complete_step_saves_the_draft_and_moves_on(engine: Engine) -> None:
    wizard = wizard_for(engine)
    person = VALID["employee"]
    choose(wizard, "sex", "female")
    choose(wizard, "identity_document_type", "national_id_card")
    typed = {name: person[name] for name in ("last_name", "first_names", "date_of_birth", "place_of_birth",
                                             "nationality", "national_id_number")}
    next_step(wizard, {**typed, "is_admin": "true", "sex": "male", "status": "approved"})
    assert (wizard.errors, wizard.problems) == ({}, [])
    assert wizard.step == "civil_status"
    saved = application(engine, held_id(wizard)).form_data
    assert {name: saved[name] for name in typed} == typed
    assert saved["sex"] == "female"  # a picked answer is not overwritten by the form
    assert "is_admin" not in saved and "status" not in saved
    assert application(engine, held_id(wizard)).status is ApplicationStatus.DRAFT


def test_a_step_whose_fields_are_all_hidden_is_skipped_until_an_answer_shows_it(engine: Engine) -> None:
    """The survivor's step about a minor shows only for a guardian applying for one."""
    wizard = wizard_for(engine, "survivor")
    assert wizard.steps == ["applicant", "contact", "deceased", "documents", "review"]
    choose(wizard, "applying_for_minor", "true")
    assert wizard.steps == ["applicant", "contact", "deceased", "minor", "documents", "review"]
    assert "guardianship_order" in wizard.needed
    choose(wizard, "applying_for_minor", "false")
    assert wizard.steps == ["applicant", "contact", "deceased", "documents", "review"]


# --- repeating groups -------------------------------------------------------------------------------------


def test_removing_an_entry_moves_the_later_entries_up(engine: Engine) -> None:
    wizard = wizard_for(engine, "voluntary_contributor")
    group = "previous_employers"
    run(WizardState.add_entry.fn(wizard, group))
    run(WizardState.add_entry.fn(wizard, group))
    assert wizard.counts[group] == 3
    for index, name in enumerate(["Sonatel", "Banque Atlantique", "Port Autonome"]):
        leave(wizard, f"{group}.{index}.employer_name", name)
    run(WizardState.remove_entry.fn(wizard, group, 1))
    assert wizard.counts[group] == 2
    assert wizard.values[f"{group}.0.employer_name"] == "Sonatel"
    assert wizard.values[f"{group}.1.employer_name"] == "Port Autonome"
    assert not any(path.startswith(f"{group}.2.") for path in wizard.values)
    assert f"{group}.2.employer_name" not in wizard.shown


def test_removing_an_entry_drops_the_group_entries_problems_from_the_summary(engine: Engine) -> None:
    """The summary at the top must not keep naming fields of an entry that is gone (nor of shifted ones)."""
    wizard = wizard_for(engine, "voluntary_contributor")
    run(WizardState.go_to.fn(wizard, "career"))
    next_step(wizard, {})
    assert "previous_employers.0.employer_name" in wizard.errors
    run(WizardState.remove_entry.fn(wizard, "previous_employers", 0))
    assert wizard.counts["previous_employers"] == 0
    assert not any(path.startswith("previous_employers.") for path in wizard.errors)
    assert [problem["field"] for problem in wizard.problems
            if problem["field"].startswith("previous_employers.")] == []


def test_removing_an_entry_that_does_not_exist_changes_nothing(engine: Engine) -> None:
    wizard = wizard_for(engine, "voluntary_contributor")
    leave(wizard, "previous_employers.0.employer_name", "Sonatel")
    before = (dict(wizard.values), dict(wizard.counts))
    run(WizardState.remove_entry.fn(wizard, "previous_employers", 1))
    run(WizardState.remove_entry.fn(wizard, "previous_employers", -1))
    run(WizardState.remove_entry.fn(wizard, "previous_employers", "0"))  # type: ignore[arg-type]
    run(WizardState.remove_entry.fn(wizard, "last_name", 0))
    assert (wizard.values, wizard.counts) == before


def test_a_group_takes_no_more_entries_than_its_maximum(engine: Engine) -> None:
    wizard = wizard_for(engine, "employer")
    group = form_of(wizard).field("other_contacts")
    assert group is not None
    for _ in range(group.items_at_most() + 2):
        run(WizardState.add_entry.fn(wizard, "other_contacts"))
    assert wizard.counts["other_contacts"] == group.items_at_most()
    assert f"other_contacts.{group.items_at_most()}.last_name" not in wizard.values


# --- documents --------------------------------------------------------------------------------------------


def test_attach_stores_the_file_for_the_held_request(engine: Engine, documents_dir: Path) -> None:
    wizard = wizard_for(engine)
    attach(wizard, "identity_document", name="carte d'identité.pdf")
    rows = documents_of(engine, held_id(wizard))
    assert [(row.kind, row.mime_type, row.size_bytes) for row in rows] == [
        ("identity_document", "application/pdf", len(pdf_bytes()))]
    assert wizard.attached["identity_document"]["id"] == str(rows[0].id)
    assert wizard.attached["identity_document"]["name"] == rows[0].original_name
    assert "document.identity_document" not in wizard.errors
    assert [path.read_bytes() for path in documents_dir.rglob("*") if path.is_file()] == [pdf_bytes()]


def test_attaching_the_same_kind_again_replaces_the_document(engine: Engine, documents_dir: Path) -> None:
    wizard = wizard_for(engine)
    attach(wizard, "identity_document", name="first.pdf")
    attach(wizard, "identity_document", pdf_bytes(b"% second scan\n"), name="second.pdf")
    rows = documents_of(engine, held_id(wizard))
    assert [row.original_name for row in rows] == ["second.pdf"]
    assert wizard.attached["identity_document"]["id"] == str(rows[0].id)


def test_a_file_named_pdf_that_is_not_a_pdf_is_refused_in_french(engine: Engine, documents_dir: Path) -> None:
    wizard = wizard_for(engine)
    attach(wizard, "identity_document", b"MZ\x90\x00 this is a program, not a scan", name="scan.pdf")
    assert wizard.errors["document.identity_document"] == i18n.translate("fr", "error.document_type",
                                                                         accepted="PDF, JPEG, PNG")
    assert wizard.errors["document.identity_document"].startswith("Ce fichier n'est pas accepté")
    assert "identity_document" not in wizard.attached
    assert documents_of(engine, held_id(wizard)) == []
    assert not documents_dir.exists() or not any(path.is_file() for path in documents_dir.rglob("*"))


def test_a_document_kind_the_form_does_not_ask_for_is_refused(engine: Engine, documents_dir: Path) -> None:
    wizard = wizard_for(engine)
    attach(wizard, "business_licence")  # a self-employed person's document, not an employee's
    assert "document.business_licence" in wizard.errors
    assert wizard.attached == {}
    assert documents_of(engine, held_id(wizard)) == []


def test_remove_document_drops_it(engine: Engine, documents_dir: Path) -> None:
    wizard = wizard_for(engine)
    attach(wizard, "identity_document")
    run(WizardState.remove_document.fn(wizard, "identity_document"))
    assert "identity_document" not in wizard.attached
    assert documents_of(engine, held_id(wizard)) == []


def test_download_gives_a_signed_link_for_the_held_request_only(engine: Engine, documents_dir: Path) -> None:
    wizard = wizard_for(engine)
    attach(wizard, "identity_document", name="carte.pdf")
    document_id = documents_of(engine, held_id(wizard))[0].id
    assert document_id is not None
    arguments = download_arguments(run(WizardState.download.fn(wizard, "identity_document")))
    url = urlsplit(arguments["url"])
    assert url.path == f"/api/documents/{document_id}"
    (grant,) = parse_qs(url.query)["grant"]
    assert download_links.verify(grant, document_id) == held_id(wizard)
    assert download_links.verify(grant, document_id + 1) is None
    assert arguments["filename"] == "carte.pdf"
    assert run(WizardState.download.fn(wizard, "birth_certificate")) is None


def test_the_documents_step_refuses_to_go_on_while_a_needed_document_is_missing(
        engine: Engine, documents_dir: Path) -> None:
    wizard = wizard_for(engine)
    choose(wizard, "civil_status", "married")
    run(WizardState.go_to.fn(wizard, "documents"))
    attach(wizard, "identity_document")
    next_step(wizard, {})
    assert wizard.step == "documents"
    assert set(wizard.errors) == {"document.birth_certificate", "document.marriage_certificate"}
    assert wizard.errors["document.birth_certificate"] == french(
        wizard, "document.birth_certificate", "form.error.document_missing")
    assert {(problem["field"], problem["step"], problem["anchor"]) for problem in wizard.problems} == {
        ("document.birth_certificate", "documents", "upload-birth_certificate"),
        ("document.marriage_certificate", "documents", "upload-marriage_certificate")}
    attach(wizard, "birth_certificate")
    attach(wizard, "marriage_certificate")
    next_step(wizard, {})
    assert (wizard.step, wizard.errors, wizard.problems) == ("review", {}, [])


# --- submission -------------------------------------------------------------------------------------------


def test_submit_without_the_declaration_is_refused(engine: Engine, documents_dir: Path) -> None:
    wizard = valid_employee(engine)
    run(WizardState.go_to.fn(wizard, "review"))
    run(WizardState.submit.fn(wizard))
    assert wizard.errors == {"declaration": i18n.translate("fr", "submit.declaration")}
    assert wizard.step == "review"
    assert application(engine, held_id(wizard)).status is ApplicationStatus.DRAFT


def test_submit_with_valid_answers_documents_and_declaration_files_the_request(
        engine: Engine, documents_dir: Path) -> None:
    wizard = valid_employee(engine)
    run(WizardState.go_to.fn(wizard, "review"))
    WizardState.declare.fn(wizard, True)
    run(WizardState.submit.fn(wizard))
    filed = application(engine, held_id(wizard))
    assert filed.status is ApplicationStatus.SUBMITTED
    assert filed.form_data["last_name"] == "Diop" and filed.form_data["dependants"][0]["first_names"] == "Moussa"
    assert wizard.step == "done" and wizard.errors == {}
    assert applicant_of(wizard).status == "submitted"


def test_submitting_twice_files_the_request_once(engine: Engine, documents_dir: Path) -> None:
    wizard = valid_employee(engine)
    WizardState.declare.fn(wizard, True)
    run(WizardState.submit.fn(wizard))
    run(WizardState.submit.fn(wizard))
    with Session(engine) as session:
        submitted = session.exec(select(Application.id).where(
            Application.status == ApplicationStatus.SUBMITTED)).all()
        filings = session.exec(select(AuditEvent.id).where(AuditEvent.action == "application.submitted")).all()
    assert (submitted, len(filings)) == ([held_id(wizard)], 1)
    assert wizard.step == "done"


# --- security: only the request held in server-side state -------------------------------------------------

HANDLERS = {
    "left_field": lambda wizard: WizardState.left_field.fn(wizard, "last_name", "Intrus"),
    "next_step": lambda wizard: WizardState.next_step.fn(wizard, {"last_name": "Intrus"}),
    "attach": lambda wizard: WizardState.attach.fn(wizard, "birth_certificate", [upload("x.pdf", pdf_bytes())]),
    "remove_document": lambda wizard: WizardState.remove_document.fn(wizard, "identity_document"),
    "download": lambda wizard: WizardState.download.fn(wizard, "identity_document"),
    "save_for_later": lambda wizard: WizardState.save_for_later.fn(wizard),
    "submit": lambda wizard: WizardState.submit.fn(wizard),
}


@pytest.mark.parametrize("handler", sorted(HANDLERS))
@pytest.mark.parametrize("held", ["nothing", "another request"])
def test_a_handler_without_the_loaded_request_held_changes_nothing_and_closes(
        engine: Engine, documents_dir: Path, handler: str, held: str) -> None:
    """The wizard holds a complete, declared request with a document; then this browser no longer holds it."""
    wizard = wizard_for(engine)
    answer(wizard, VALID["employee"])
    attach(wizard, "identity_document")
    WizardState.declare.fn(wizard, True)
    hold(wizard, None if held == "nothing" else open_draft(engine).application_id)
    before = database_snapshot(engine)
    assert run(HANDLERS[handler](wizard)) is None
    assert database_snapshot(engine) == before
    assert closed(wizard)


# --- activity picker --------------------------------------------------------------------------------------


@pytest.fixture
def employer(engine: Engine) -> WizardState:
    """An employer's wizard, with the ISIC tree loaded for its picker."""
    with transaction(engine) as session:
        reference.load_isic(session)
    return wizard_for(engine, "employer")


def test_the_picker_opens_on_the_21_sections(employer: WizardState) -> None:
    run(WizardState.open_picker.fn(employer, "isic_primary"))
    assert employer.picker_field == "isic_primary"
    assert codes(employer) == [chr(letter) for letter in range(ord("A"), ord("U") + 1)]
    assert {option["level"] for option in employer.picker_options} == {"section"}


def test_browsing_a_division_lists_its_groups_under_a_trail(employer: WizardState) -> None:
    run(WizardState.open_picker.fn(employer, "isic_primary"))
    run(WizardState.browse.fn(employer, "86"))
    assert codes(employer) == ["861", "862", "869"]
    assert [step["code"] for step in employer.picker_trail] == ["Q", "86"]
    run(WizardState.browse.fn(employer, ""))
    assert (len(codes(employer)), employer.picker_trail) == (21, [])


def test_searching_and_picking_a_class_answers_the_field_and_closes_the_picker(employer: WizardState) -> None:
    run(WizardState.open_picker.fn(employer, "isic_primary"))
    run(WizardState.search_activities.fn(employer, "8610"))
    assert codes(employer) == ["8610"]
    run(WizardState.pick.fn(employer, "8610"))
    assert employer.values["isic_primary"] == "8610"
    assert employer.activity_titles["8610"] == "Hospital activities"
    assert employer.picker_field == ""
    assert "isic_primary" not in employer.errors


def test_picking_a_code_not_offered_does_nothing(employer: WizardState) -> None:
    run(WizardState.open_picker.fn(employer, "isic_primary"))
    run(WizardState.pick.fn(employer, "8610"))  # the sections are offered, not this class
    assert employer.values["isic_primary"] == ""
    assert employer.picker_field == "isic_primary"


def test_the_picker_does_not_open_on_a_field_that_is_not_an_activity(employer: WizardState) -> None:
    run(WizardState.open_picker.fn(employer, "legal_name"))
    run(WizardState.open_picker.fn(employer, "no_such_field"))
    assert (employer.picker_field, employer.picker_options) == ("", [])


# --- crafted events ---------------------------------------------------------------------------------------

# Each entry sends an argument of the wrong type on purpose, as a browser may: hence its arg-type ignore.
CRAFTED = {
    "next_step with a list for the form":
        lambda wizard: WizardState.next_step.fn(wizard, ["last_name"]),  # type: ignore[arg-type]  # crafted
    "left_field with a list for the path":
        lambda wizard: WizardState.left_field.fn(wizard, ["last_name"], "Diop"),  # type: ignore[arg-type]  # crafted
    "choose with a list for the path":
        lambda wizard: WizardState.choose.fn(wizard, ["sex"], "female"),  # type: ignore[arg-type]  # crafted
    "add_entry with a list for the group":
        lambda wizard: WizardState.add_entry.fn(wizard, ["dependants"]),  # type: ignore[arg-type]  # crafted
    "remove_entry with a list for the group":
        lambda wizard: WizardState.remove_entry.fn(wizard, ["dependants"], 0),  # type: ignore[arg-type]  # crafted
    "open_picker with a number for the path":
        lambda wizard: WizardState.open_picker.fn(wizard, 7),  # type: ignore[arg-type]  # crafted
    "go_to with a list for the step":
        lambda wizard: WizardState.go_to.fn(wizard, ["contact"]),  # type: ignore[arg-type]  # crafted
    "attach with a list for the kind": lambda wizard: WizardState.attach.fn(
        wizard, ["identity_document"], [upload("x.pdf", pdf_bytes())]),  # type: ignore[arg-type]  # crafted
    "remove_document with a list for the kind":
        lambda wizard: WizardState.remove_document.fn(wizard, ["x"]),  # type: ignore[arg-type]  # crafted
    "download with a list for the kind":
        lambda wizard: WizardState.download.fn(wizard, ["identity_document"]),  # type: ignore[arg-type]  # crafted
}


@pytest.mark.parametrize("event", sorted(CRAFTED))
def test_a_crafted_event_with_arguments_of_the_wrong_type_is_ignored_without_an_error(
        engine: Engine, documents_dir: Path, event: str) -> None:
    """A browser can send any JSON as an event's arguments: the handler ignores what is not of its type."""
    wizard = wizard_for(engine)
    before = (dict(wizard.values), dict(wizard.counts), wizard.step, database_snapshot(engine))
    assert run(CRAFTED[event](wizard)) is None
    assert (wizard.values, wizard.counts, wizard.step, database_snapshot(engine)) == before


# --- files the browser turned down, and problems of fields that went away ---------------------------------


@pytest.mark.parametrize("code, key, params", [
    ("file-too-large", "error.document_too_large", {"maximum": 10}),
    ("file-invalid-type", "error.document_type", {"accepted": "PDF, JPEG, PNG"}),
    ("too-many-files", "wizard.one_file", {}),
])
def test_a_file_the_browser_turned_down_is_explained_in_french(engine: Engine, code: str, key: str,
                                                               params: dict[str, object]) -> None:
    wizard = wizard_for(engine)
    run(wizard.refused_file("birth_certificate", [{"code": code, "message": "in English, from the browser"}]))
    assert wizard.errors["document.birth_certificate"] == french(wizard, "document.birth_certificate", key, **params)


@pytest.mark.parametrize("kind, errors", [("not_a_document_of_this_form", [{"code": "file-too-large"}]),
                                          ("birth_certificate", "not a list")])
def test_a_crafted_refusal_is_ignored(engine: Engine, kind: str, errors: Any) -> None:
    wizard = wizard_for(engine)
    run(wizard.refused_file(kind, errors))
    assert wizard.errors == {}


def test_a_hidden_field_takes_its_problem_away(engine: Engine) -> None:
    wizard = wizard_for(engine)
    choose(wizard, "identity_document_type", "passport")
    next_step(wizard, {})
    assert "passport_number" in wizard.errors
    choose(wizard, "identity_document_type", "national_id_card")
    assert "passport_number" not in wizard.errors
    assert "passport_number" not in {problem["field"] for problem in wizard.problems}
    assert "first_names" in wizard.errors
