"""The review screen's handlers: staff only, checked on the server at every event; decisions on the version
shown, refused with a clear message when someone decided first (the file then shows its current state), and
the four-eyes rule said in words."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, col, select

from models import Application, AuditEvent, Person, ReviewAction
from models.enums import ApplicationStatus, Role
from ssas_portal.services.core import i18n
from ssas_portal.services.forms import workflows
from state.review import ReviewState
from state.session import SessionState
from tests.support.identity import signed_in
from tests.support.review import submitted
from tests.support.state import make_state, run

REJECT_CODES = [reason.code for reason in workflows.catalog().reasons_for("reject")]


def said(key: str, **params: object) -> str:
    return i18n.translate("fr", key, **params)


def reference_of(engine: Engine, application_id: int) -> str:
    with Session(engine) as session:
        return session.get_one(Application, application_id).reference


def row(engine: Engine, application_id: int) -> Application:
    with Session(engine) as session:
        return session.get_one(Application, application_id)


def opened(engine: Engine, reference: str, token: str) -> tuple[ReviewState, Any]:
    state = make_state(ReviewState, url=f"/staff/review?ref={reference}")
    run(state.get_state(SessionState)).token = token
    return state, run(ReviewState.open.fn(state))


def decide(state: ReviewState, **form: str) -> None:
    run(ReviewState.decide.fn(state, form))


def test_a_clerk_sees_the_file_and_completes_the_document_check(engine: Engine, storage: Any) -> None:
    application_id = submitted(engine, storage)
    state, answer = opened(engine, reference_of(engine, application_id), signed_in(engine, Role.STAFF_CLERK))
    assert answer is None and state.allowed and state.error == ""
    assert (state.status, state.step["name"], state.outcomes) == (
        "submitted", "document_check", ["complete", "reject", "request_information"])
    assert [section["name"] for section in state.sections][0] == "identity"
    assert any(one["kind"] == "entry" for one in state.answers["civil_status"])
    assert {one["viewer"] for one in state.documents} == {"pdf"}
    assert all(one["inline_url"].endswith("?inline=1") for one in state.documents)
    assert {one["attached"] for one in state.checklist} == {"yes"}
    assert [one["kind"] for one in state.history] == ["submitted"]

    run(ReviewState.claim.fn(state))
    assert state.held_by_me and state.status == "in_review" and state.notice == said("review.claimed")
    decide(state, outcome="complete", note="Pièces lisibles")
    assert state.error == ""
    assert state.notice == said("review.done.complete", step="Approbation")
    assert state.step["name"] == "approval" and state.final_step and not state.held_by_me


def test_a_supervisor_approves_with_a_number_issued_and_shown(engine: Engine, storage: Any) -> None:
    application_id = submitted(engine, storage)
    reference = reference_of(engine, application_id)
    clerk, _ = opened(engine, reference, signed_in(engine, Role.STAFF_CLERK))
    decide(clerk, outcome="complete")
    supervisor, _ = opened(engine, reference, signed_in(engine, Role.STAFF_SUPERVISOR))
    assert supervisor.final_step and not supervisor.asks_liability_start
    decide(supervisor, outcome="complete", identifier="", liability_start="not read here")
    approved = row(engine, application_id)
    assert approved.status is ApplicationStatus.APPROVED
    assert supervisor.status == "approved" and supervisor.outcomes == []
    with Session(engine) as session:
        number = session.get_one(Person, approved.party_id).social_security_number
    assert number and supervisor.notice == said("review.done.approved", identifier=number)


def test_a_rejection_collects_every_reason_ticked_and_the_message(engine: Engine, storage: Any) -> None:
    application_id = submitted(engine, storage)
    state, _ = opened(engine, reference_of(engine, application_id), signed_in(engine, Role.STAFF_CLERK))
    ReviewState.choose_outcome.fn(state, "reject")
    assert [one["code"] for one in state.offered_reasons] == REJECT_CODES
    first, second = REJECT_CODES[:2]
    decide(state, outcome="reject", message="Pièces illisibles", note="", **{f"reason_{first}": "on",
                                                                            f"reason_{second}": "on"})
    assert state.error == "" and state.notice == said("review.done.rejected")
    with Session(engine) as session:
        action = session.exec(select(ReviewAction).where(ReviewAction.application_id == application_id)
                              .order_by(col(ReviewAction.id).desc())).first()
    assert action is not None and sorted(action.reasons) == sorted([first, second])
    assert action.message == "Pièces illisibles"
    assert state.status == "rejected" and state.history[-1]["kind"] == "rejected"


def test_bad_input_is_refused_with_a_message_and_nothing_written(engine: Engine, storage: Any) -> None:
    application_id = submitted(engine, storage, "employer")
    reference = reference_of(engine, application_id)
    state, _ = opened(engine, reference, signed_in(engine, Role.STAFF_CLERK))
    version = row(engine, application_id).version
    cases = [
        ({"outcome": "approve"}, "review.invalid.outcome"),
        ({"outcome": "reject", "reason_no_such_code": "on"}, "review.error.reason_unknown"),
        ({"outcome": "reject"}, "review.error.reason_required"),
        ({"outcome": "reject", f"reason_{REJECT_CODES[0]}": "on", "message": "x" * 2001}, "review.error.too_long"),
    ]
    for form, key in cases:
        decide(state, **form)
        assert state.error == said(key), form
    assert row(engine, application_id).version == version

    decide(state, outcome="complete")
    supervisor, _ = opened(engine, reference, signed_in(engine, Role.STAFF_SUPERVISOR))
    assert supervisor.asks_liability_start
    decide(supervisor, outcome="complete", liability_start="31/12/2026")
    assert supervisor.error == said("review.invalid.date") and supervisor.error_field == "liability_start"
    decide(supervisor, outcome="complete", identifier="9" * 41)
    assert supervisor.error == said("review.invalid.identifier")
    assert row(engine, application_id).status is ApplicationStatus.IN_REVIEW


def test_someone_deciding_first_makes_the_other_decision_stale_and_the_file_reloads(engine: Engine,
                                                                                     storage: Any) -> None:
    application_id = submitted(engine, storage)
    reference = reference_of(engine, application_id)
    first, _ = opened(engine, reference, signed_in(engine, Role.STAFF_CLERK))
    second, _ = opened(engine, reference, signed_in(engine, Role.ADMIN))
    decide(second, outcome="reject", **{f"reason_{REJECT_CODES[0]}": "on"})
    assert second.status == "rejected"
    decide(first, outcome="complete")
    assert first.error == f"{said('review.error.stale')} {said('review.reloaded')}"
    assert first.status == "rejected" and first.outcomes == []
    assert row(engine, application_id).status is ApplicationStatus.REJECTED


def test_a_change_made_elsewhere_is_announced_live_and_shown_on_request(engine: Engine, storage: Any) -> None:
    """The screen is not reloaded under the reviewer's hands: a banner says the file changed, and the current
    version comes when asked for."""
    application_id = submitted(engine, storage)
    reference = reference_of(engine, application_id)
    clerk, _ = opened(engine, reference, signed_in(engine, Role.STAFF_CLERK))
    read = clerk._revision_reader()
    clerk._seen = read()
    run(clerk._reload())
    assert not clerk.changed_elsewhere

    admin, _ = opened(engine, reference, signed_in(engine, Role.ADMIN))
    run(ReviewState.claim.fn(admin))
    clerk._seen = read()
    run(clerk._reload())
    assert clerk.changed_elsewhere and clerk.status == "submitted"

    run(ReviewState.refresh.fn(clerk))
    assert not clerk.changed_elsewhere and clerk.status == "in_review" and clerk.assignee_name


def test_a_version_changed_since_it_was_shown_is_stale(engine: Engine, storage: Any) -> None:
    application_id = submitted(engine, storage)
    reference = reference_of(engine, application_id)
    clerk, _ = opened(engine, reference, signed_in(engine, Role.STAFF_CLERK))
    admin, _ = opened(engine, reference, signed_in(engine, Role.ADMIN))
    run(ReviewState.claim.fn(admin))
    run(ReviewState.release.fn(admin))
    assert admin.notice == said("review.released")
    decide(clerk, outcome="complete")
    assert clerk.error == f"{said('review.error.stale')} {said('review.reloaded')}"
    assert row(engine, application_id).current_step == "document_check"
    decide(clerk, outcome="complete")
    assert clerk.error == "" and row(engine, application_id).current_step == "approval"


def test_four_eyes_the_same_person_cannot_take_two_steps(engine: Engine, storage: Any) -> None:
    application_id = submitted(engine, storage)
    supervisor, _ = opened(engine, reference_of(engine, application_id), signed_in(engine, Role.STAFF_SUPERVISOR))
    decide(supervisor, outcome="complete")
    assert supervisor.step["name"] == "approval"
    decide(supervisor, outcome="complete")
    assert supervisor.error == said("workflow.error.four_eyes")
    assert row(engine, application_id).status is ApplicationStatus.IN_REVIEW


def test_an_applicant_or_no_session_gets_nothing_and_decides_nothing(engine: Engine, storage: Any) -> None:
    application_id = submitted(engine, storage)
    reference = reference_of(engine, application_id)
    for token in (signed_in(engine, Role.INDIVIDUAL), ""):
        state, answer = opened(engine, reference, token)
        assert answer is not None and not state.allowed
        assert state.reference == "" and state.sections == [] and state.documents == [] and state.history == []
    clerk, _ = opened(engine, reference, signed_in(engine, Role.STAFF_CLERK))
    run(clerk.get_state(SessionState)).token = "ended"
    decide(clerk, outcome="complete")
    run(ReviewState.claim.fn(clerk))
    assert not clerk.allowed
    untouched = row(engine, application_id)
    assert (untouched.status, untouched.assignee_account_id, untouched.current_step) == (
        ApplicationStatus.SUBMITTED, None, "document_check")


def test_an_unknown_reference_says_so(engine: Engine) -> None:
    state, answer = opened(engine, "EMP-2026-NOTHERE", signed_in(engine, Role.STAFF_CLERK))
    assert answer is None and state.error == said("review.not_found") and state.reference == ""


def test_claiming_keeps_what_the_reviewer_already_chose_and_a_decision_clears_it(engine: Engine,
                                                                                 storage: Any) -> None:
    application_id = submitted(engine, storage)
    clerk, _ = opened(engine, reference_of(engine, application_id), signed_in(engine, Role.STAFF_CLERK))
    ReviewState.choose_outcome.fn(clerk, "reject")
    form_before = clerk.form_key
    run(ReviewState.claim.fn(clerk))
    assert clerk.held_by_me and clerk.chosen_outcome == "reject" and clerk.form_key == form_before
    decide(clerk, outcome="complete")
    assert clerk.error == "" and clerk.chosen_outcome == "" and clerk.form_key != form_before


def test_opening_a_file_is_audited_but_a_decision_reloading_it_is_not(engine: Engine, storage: Any) -> None:
    application_id = submitted(engine, storage)
    state, _ = opened(engine, reference_of(engine, application_id), signed_in(engine, Role.STAFF_CLERK))
    decide(state, outcome="complete")
    assert state.error == ""
    with Session(engine) as session:
        views = session.exec(select(AuditEvent).where(AuditEvent.action == "application.viewed")).all()
    assert [(event.entity_id, event.actor_role) for event in views] == [(str(application_id), "staff_clerk")]


def test_a_decision_during_a_database_outage_says_to_try_again_and_saves_nothing(
        engine: Engine, storage: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    application_id = submitted(engine, storage)
    state, _ = opened(engine, reference_of(engine, application_id), signed_in(engine, Role.STAFF_CLERK))
    version = row(engine, application_id).version

    @contextmanager
    def down() -> Iterator[Session]:
        raise OperationalError("SELECT 1", {}, Exception("the database is down"))
        yield

    for where in ("state.form.transaction", "state.session.transaction"):
        monkeypatch.setattr(where, down)
    decide(state, outcome="complete")
    assert state.error == said("error.unavailable")
    monkeypatch.undo()
    assert row(engine, application_id).version == version
