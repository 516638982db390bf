"""The similar-accounts handlers check the staff role on the server, and decide only on candidates shown."""

from __future__ import annotations

from datetime import date

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from models import Application, MatchDecision
from models.enums import ApplicationType, Role
from state.session import SessionState
from state.similar_accounts import SimilarAccountsState
from tests.support.identity import signed_in
from tests.support.similarity import application, employee, person
from tests.support.state import make_state, run


def _opened(engine: Engine, role: Role, reference: str) -> tuple[SimilarAccountsState, object]:
    state = make_state(SimilarAccountsState, url=f"/staff/similar?ref={reference}")
    run(state.get_state(SessionState)).token = signed_in(engine, role)
    return state, run(SimilarAccountsState.open.fn(state))


def test_a_clerk_sees_the_candidates_with_their_explanation(engine: Engine) -> None:
    party = person(engine, "Émilie Anne", "N'Diaye", date(1990, 4, 7), "1234567890123")
    _, reference = application(engine, ApplicationType.EMPLOYEE, employee())
    state, answer = _opened(engine, Role.STAFF_CLERK, reference)
    assert answer is None and state.allowed
    assert state.reference == reference
    assert [one["label"] for one in state.candidates] == [f"party:{party}"]
    rows = {row["field"]: row for row in state.explanations[f"party:{party}"]}
    assert rows["date_of_birth"] == {"field": "date_of_birth", "verdict": "exact", "score": "100",
                                     "ours": "07/04/1990", "theirs": "07/04/1990"}


def test_an_applicant_account_gets_nothing_and_is_sent_to_sign_in(engine: Engine) -> None:
    person(engine, "Émilie Anne", "N'Diaye", date(1990, 4, 7))
    _, reference = application(engine, ApplicationType.EMPLOYEE, employee())
    state, answer = _opened(engine, Role.INDIVIDUAL, reference)
    assert answer is not None and not state.allowed
    assert state.candidates == [] and state.explanations == {} and state.reference == ""


def test_decisions_apply_only_to_candidates_shown_and_same_links_the_party(engine: Engine) -> None:
    party = person(engine, "Émilie Anne", "N'Diaye", date(1990, 4, 7), "1234567890123")
    other = person(engine, "Awa", "Diop", date(1985, 1, 1))
    application_id, reference = application(engine, ApplicationType.EMPLOYEE, employee())
    state, _ = _opened(engine, Role.STAFF_CLERK, reference)
    run(SimilarAccountsState.decide.fn(state, f"party:{other}", "same"))  # never shown: refused
    run(SimilarAccountsState.decide.fn(state, f"party:{party}", "merge"))  # no such decision
    with Session(engine) as session:
        assert session.exec(select(MatchDecision)).all() == []
    run(SimilarAccountsState.decide.fn(state, f"party:{party}", "same"))
    with Session(engine) as session:
        assert session.get_one(Application, application_id).party_id == party
    assert state.candidates == [] and state.notice != ""


def test_a_decision_after_the_session_ended_is_refused(engine: Engine) -> None:
    party = person(engine, "Émilie Anne", "N'Diaye", date(1990, 4, 7), "1234567890123")
    _, reference = application(engine, ApplicationType.EMPLOYEE, employee())
    state, _ = _opened(engine, Role.STAFF_CLERK, reference)
    run(state.get_state(SessionState)).token = "ended"
    run(SimilarAccountsState.decide.fn(state, f"party:{party}", "not_same"))
    with Session(engine) as session:
        assert session.exec(select(MatchDecision)).all() == []
