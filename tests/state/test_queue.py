"""The live queue's handlers check the staff role on the server each time, claim only rows they showed with
the version they showed, and say in the page's language why a claim was refused."""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from models import Application, AuditEvent
from models.enums import ApplicationStatus, ApplicationType, Role
from models.types import utc_now
from ssas_portal.services.core.db import transaction
from ssas_portal.services.core.i18n import translate
from ssas_portal.services.review import decisions
from state.queue import QueueState
from state.session import SessionState
from tests.support import review
from tests.support.identity import signed_in
from tests.support.review import staff
from tests.support.state import make_state, run


def open_row(engine: Engine, **values: Any) -> str:
    """A queue row aged from the real clock, which the state reads."""
    return review.open_row(engine, now=utc_now(), **values)


def _opened(engine: Engine, role: Role | None) -> tuple[QueueState, object]:
    state = make_state(QueueState, url="/staff")
    run(state.get_state(SessionState)).token = signed_in(engine, role) if role is not None else ""
    return state, run(QueueState.open.fn(state))


def _references(state: QueueState) -> list[str]:
    return [row["reference"] for row in state.rows]


def _application(engine: Engine, reference: str) -> Application:
    with Session(engine) as session:
        return session.exec(select(Application).where(Application.reference == reference)).one()


def _refused_actions(engine: Engine) -> list[str | None]:
    with Session(engine) as session:
        return list(session.exec(select(AuditEvent.entity_id).where(AuditEvent.action == "access.refused")
                                 .order_by(col(AuditEvent.id))))


def test_a_clerk_sees_the_open_queue_oldest_first_with_display_codes(engine: Engine) -> None:
    old = open_row(engine, kind=ApplicationType.EMPLOYER, submitted_hours_ago=24 * 365, step_hours_ago=24 * 365)
    recent = open_row(engine, submitted_hours_ago=0)
    open_row(engine, status=ApplicationStatus.APPROVED)
    state, answer = _opened(engine, Role.STAFF_CLERK)
    assert answer is None and state.allowed and state.error == ""
    assert _references(state) == [old, recent]
    first = state.rows[0]
    assert {key: first[key] for key in ("type", "status", "step", "step_fr", "step_en", "assignee", "mine", "taken",
                                        "age_unit", "overdue", "version")} == {
        "type": "employer", "status": "submitted", "step": "document_check", "step_fr": "Contrôle des pièces",
        "step_en": "Document check", "assignee": "", "mine": "", "taken": "", "age_unit": "d", "overdue": "yes",
        "version": "1"}
    assert int(first["age"]) >= 365 and (state.rows[1]["age"], state.rows[1]["age_unit"]) == ("0", "h")


def test_an_applicant_gets_no_rows_and_the_refusal_is_audited(engine: Engine) -> None:
    open_row(engine)
    state, answer = _opened(engine, Role.APPLICANT)
    assert answer is None and not state.allowed and state.rows == []
    assert "review_board.view" in _refused_actions(engine)


def test_without_a_session_the_board_sends_to_sign_in(engine: Engine) -> None:
    state, answer = _opened(engine, None)
    assert "/sign-in" in str(answer) and state.rows == []


def test_filters_are_checked_and_applied(engine: Engine) -> None:
    employee = open_row(engine, submitted_hours_ago=2)
    employer = open_row(engine, kind=ApplicationType.EMPLOYER, submitted_hours_ago=1)
    state, _ = _opened(engine, Role.STAFF_CLERK)
    run(QueueState.set_filter.fn(state, "type", "employer"))
    assert state.filter_type == "employer" and _references(state) == [employer]
    run(QueueState.set_filter.fn(state, "_watcher", "x"))  # not a filter: ignored
    run(QueueState.set_filter.fn(state, "status", "x" * 5000))
    assert len(state.filter_status) == 40 and _references(state) == [employer]  # unknown value filters nothing
    run(QueueState.clear_filters.fn(state))
    assert (state.filter_type, state.filter_status) == ("", "") and _references(state) == [employee, employer]


def test_assignee_me_is_the_viewer_on_the_server(engine: Engine) -> None:
    mine, theirs = open_row(engine, submitted_hours_ago=2), open_row(engine, submitted_hours_ago=1)
    state, _ = _opened(engine, Role.STAFF_CLERK)
    run(QueueState.claim.fn(state, mine))
    colleague = staff(engine, Role.STAFF_CLERK)
    application = _application(engine, theirs)
    with transaction(engine) as session:
        decisions.claim(session, colleague, application.id or 0, application.version)
    run(QueueState.set_filter.fn(state, "assignee", "me"))
    assert _references(state) == [mine]
    run(QueueState.set_filter.fn(state, "assignee", "nobody"))
    assert state.rows == []


def test_a_claim_takes_the_row_shown_and_opens_the_review(engine: Engine) -> None:
    reference = open_row(engine)
    state, _ = _opened(engine, Role.STAFF_CLERK)
    answer = run(QueueState.claim.fn(state, reference))
    assert f"/staff/review?ref={reference}" in str(answer)
    application = _application(engine, reference)
    assert application.status is ApplicationStatus.IN_REVIEW and application.assignee_account_id is not None
    run(state._reload())
    assert state.rows[0]["mine"] == "yes" and state.rows[0]["taken"] == "yes"
    assert state.rows[0]["assignee"] == "staff_clerk"


def test_a_claim_of_a_row_not_shown_does_nothing(engine: Engine) -> None:
    state, _ = _opened(engine, Role.STAFF_CLERK)
    hidden = open_row(engine)
    assert run(QueueState.claim.fn(state, hidden)) is None
    assert _application(engine, hidden).assignee_account_id is None


def test_a_row_a_colleague_claimed_meanwhile_is_refused_with_their_name(engine: Engine) -> None:
    reference = open_row(engine)
    state, _ = _opened(engine, Role.STAFF_CLERK)
    colleague = staff(engine, Role.STAFF_CLERK)
    application = _application(engine, reference)
    with transaction(engine) as session:
        decisions.claim(session, colleague, application.id or 0, application.version)
    assert run(QueueState.claim.fn(state, reference)) is None
    assert state.error == translate("fr", "review.error.claimed", name="Staff staff_clerk")
    assert state.rows[0]["taken"] == "yes" and state.rows[0]["mine"] == ""
    assert _application(engine, reference).assignee_account_id == colleague.account_id


def test_a_row_changed_meanwhile_is_refused_as_stale(engine: Engine) -> None:
    reference = open_row(engine)
    state, _ = _opened(engine, Role.STAFF_CLERK)
    colleague = staff(engine, Role.STAFF_CLERK)
    application = _application(engine, reference)
    with transaction(engine) as session:
        claimed = decisions.claim(session, colleague, application.id or 0, application.version)
        assert isinstance(claimed, decisions.Claimed)
        decisions.release(session, colleague, application.id or 0, claimed.version)
    assert run(QueueState.claim.fn(state, reference)) is None
    assert state.error == translate("fr", "review.error.stale")
    assert _application(engine, reference).assignee_account_id is None
    assert state.rows[0]["version"] == str(_application(engine, reference).version)


def test_a_crafted_claim_from_an_applicant_is_refused(engine: Engine) -> None:
    reference = open_row(engine)
    clerk_state, _ = _opened(engine, Role.STAFF_CLERK)
    state = make_state(QueueState, url="/staff", rows=clerk_state.rows)
    run(state.get_state(SessionState)).token = signed_in(engine, Role.APPLICANT)
    assert run(QueueState.claim.fn(state, reference)) is None
    assert _application(engine, reference).assignee_account_id is None
    assert state.rows == [] and "review.claim" in _refused_actions(engine)


def test_the_live_loop_reloads_on_a_new_revision_and_stops_when_the_session_ends(engine: Engine) -> None:
    state, _ = _opened(engine, Role.STAFF_CLERK)
    assert "watch" in str(QueueState.start_watching.fn(state)) and state._watcher != ""
    read = state._revision_reader()
    before = read()
    reference = open_row(engine)
    assert read() != before
    run(state._reload())
    assert _references(state) == [reference]
    run(state.get_state(SessionState)).token = "ended"
    run(state._reload())
    assert state.rows == [] and not state.allowed and state._watcher == ""
