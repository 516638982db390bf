"""The review screen's file, read from a real database: answers by step with labels and readable values,
documents and checklist, the step in front of the reviewer and whether it is the final approval, reasons,
history and the audit events of the application and of the party it registered."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from models import Application
from models.enums import ReviewActionKind, Role
from ssas_portal.services.core import i18n
from ssas_portal.services.core.errors import Refusal
from ssas_portal.services.documents.storage import LocalStorage
from ssas_portal.services.forms.definitions import definition
from ssas_portal.services.review import file
from ssas_portal.services.review.decisions import Decision
from ssas_portal.services.review.file import Both, ReviewFile
from tests.support.applications import draft_row
from tests.support.review import claim, decide, staff, submitted


def opened(engine: Engine, application_id: int) -> ReviewFile:
    with Session(engine) as session:
        reference = session.get_one(Application, application_id).reference
        return file.open_file(session, reference.lower())


def test_the_answers_come_by_step_with_labels_and_readable_values(engine: Engine, storage: LocalStorage) -> None:
    found = opened(engine, submitted(engine, storage))
    assert [section.name for section in found.sections] == ["identity", "civil_status", "contact", "employment"]
    identity = {answer.name: answer for answer in found.sections[0].answers}
    label = definition("employee").field("last_name").label  # type: ignore[union-attr]
    assert identity["last_name"].label == Both(label.fr, label.en)
    assert identity["last_name"].value == Both.same("Diop")
    assert identity["sex"].value.en == "Female" and identity["sex"].value.fr != "female"
    assert identity["date_of_birth"].value == Both("1 mai 1990", "1 May 1990")
    assert "passport_number" not in identity  # not shown for a national id card
    employment = {answer.name: answer for answer in found.sections[3].answers}
    assert employment["is_doctor"].value == Both("Non", "No")
    [dependants] = [answer for answer in found.sections[1].answers if answer.name == "dependants"]
    [entry] = dependants.entries
    assert {answer.name: answer.value.en for answer in entry}["first_names"] == "Moussa"


def test_documents_checklist_step_reasons_and_history_of_a_new_application(engine: Engine,
                                                                           storage: LocalStorage) -> None:
    found = opened(engine, submitted(engine, storage))
    assert (found.status, found.type.value, found.assignee_id, found.assignee_name) == \
        ("submitted", "employee", None, "")
    assert sorted(document.kind for document in found.documents) == ["birth_certificate", "identity_document"]
    assert all(document.viewable and document.mime_type == "application/pdf" and document.size_bytes > 0
               and document.label.fr and document.label.en for document in found.documents)
    assert {(need.kind, need.attached) for need in found.checklist} == {("identity_document", True),
                                                                        ("birth_certificate", True)}
    assert found.step is not None
    assert (found.step.name, found.step.role, found.step.outcomes) == (
        "document_check", "staff_clerk", ("complete", "reject", "request_information"))
    assert found.step.title == Both("Contrôle des pièces", "Document check")
    assert not found.final_step and found.identifier_kind == "social_security_number"
    assert set(found.reasons) == {"reject", "request_information"}
    assert all(choice.code and choice.text.fr and choice.text.en for choice in found.reasons["reject"])
    assert [entry.kind for entry in found.history] == ["submitted"]
    assert any(line.action.startswith("application.") for line in found.audit)


def test_the_last_step_is_the_final_approval_and_its_holder_is_named(engine: Engine, storage: LocalStorage) -> None:
    clerk, supervisor = staff(engine, Role.STAFF_CLERK), staff(engine, Role.STAFF_SUPERVISOR)
    application_id = submitted(engine, storage)
    decide(engine, clerk, application_id, Decision("complete", note="pièces conformes"))
    claim(engine, supervisor, application_id)
    found = opened(engine, application_id)
    assert found.step is not None and found.step.name == "approval" and found.final_step
    assert not found.asks_liability_start
    assert (found.assignee_id, found.assignee_name) == (supervisor.account_id, "Staff staff_supervisor")
    assert [entry.kind for entry in found.history] == ["submitted", "step_completed", "claimed"]
    assert found.history[1].note == "pièces conformes" and found.history[1].actor == "Staff staff_clerk"
    assert [line.action for line in found.audit][-2:] == ["application.step_completed", "application.claimed"]


def test_an_employer_is_asked_the_start_of_liability_at_approval_and_its_party_events_follow(
        engine: Engine, storage: LocalStorage) -> None:
    clerk, supervisor = staff(engine, Role.STAFF_CLERK), staff(engine, Role.STAFF_SUPERVISOR)
    application_id = submitted(engine, storage, "employer")
    assert not opened(engine, application_id).asks_liability_start
    decide(engine, clerk, application_id, Decision("complete"))
    found = opened(engine, application_id)
    assert found.final_step and found.asks_liability_start and found.identifier_kind == "employer"
    decide(engine, supervisor, application_id, Decision("complete"))
    approved = opened(engine, application_id)
    assert approved.status == "approved" and approved.step is None and approved.reasons == {}
    assert not approved.final_step
    assert "party.created" in [line.action for line in approved.audit]
    assert approved.history[-1].kind == "approved"


def test_a_rejection_keeps_its_reasons_in_the_history(engine: Engine, storage: LocalStorage) -> None:
    clerk = staff(engine, Role.STAFF_CLERK)
    application_id = submitted(engine, storage)
    code = opened(engine, application_id).reasons["reject"][0].code
    decide(engine, clerk, application_id, Decision("reject", (code,), message="Pièce illisible"))
    found = opened(engine, application_id)
    assert found.status == "rejected" and found.step is None
    last = found.history[-1]
    assert (last.kind, last.reasons, last.message) == ("rejected", [code], "Pièce illisible")
    assert code in found.reason_texts


def test_an_unknown_reference_or_a_draft_has_no_file(engine: Engine) -> None:
    application_id = draft_row(engine, "employee")
    with Session(engine) as session:
        draft = session.get_one(Application, application_id).reference
        for reference in (draft, "EMP-2026-NOTHERE", ""):
            with pytest.raises(Refusal) as caught:
                file.open_file(session, reference)
            assert (caught.value.key, caught.value.field) == ("review.not_found", "")


def test_while_the_applicant_is_asked_the_step_stays_but_no_decision_is_offered(engine: Engine,
                                                                               storage: LocalStorage) -> None:
    clerk = staff(engine, Role.STAFF_CLERK)
    application_id = submitted(engine, storage)
    code = opened(engine, application_id).reasons["request_information"][0].code
    decide(engine, clerk, application_id, Decision("request_information", (code,)))
    found = opened(engine, application_id)
    assert found.status == "information_requested" and found.step is not None and not found.decidable
    assert opened(engine, submitted(engine, storage)).decidable


def test_the_texts_the_screen_builds_from_data_are_in_both_catalogs() -> None:
    """History kinds, outcomes and the actors without a role are looked up by a key made from data."""
    keys = [f"review.kind.{kind}" for kind in ["submitted", *ReviewActionKind]]
    keys += [f"review.outcome.{outcome}" for outcome in ("complete", "reject", "request_information")]
    keys += ["review.actor.system", "review.actor.anonymous", "review.true", "review.false"]
    for language in i18n.LANGUAGES:
        assert [key for key in keys if key not in i18n.catalog(language)] == []
