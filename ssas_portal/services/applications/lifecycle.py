"""Every status change of an application, in one place.

`move` checks the transition against the table below, changes the row by an UPDATE that only matches the
status it was read in (and the version the person saw, when given), stamps the times, releases the claim
when the move ends the holder's work, starts the step's clock, and writes the review action and the audit
event in the caller's transaction. Of two simultaneous moves exactly one changes the row, on SQLite as on
PostgreSQL; the other is told it lost (`move` returns False) and the caller says why.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Final

import sqlalchemy as sa
from sqlmodel import Session, col, select

from models import Application, ReviewAction
from models.enums import ApplicationStatus, ReviewActionKind
from models.types import utc_now
from ssas_portal.services.core import audit
from ssas_portal.services.core.audit import Actor
from ssas_portal.services.forms import workflows
from ssas_portal.services.forms.workflows import WorkflowStep

S = ApplicationStatus
OPEN_STATUSES: Final = (S.SUBMITTED, S.IN_REVIEW, S.INFORMATION_REQUESTED)
DECIDABLE: Final = frozenset({S.SUBMITTED, S.IN_REVIEW})
"""Open and not waiting for the applicant's answer."""
EDITABLE: Final = frozenset({S.DRAFT, S.INFORMATION_REQUESTED})
"""The applicant changes answers and documents: a draft, and an application staff asked for information."""
WITHDRAWABLE: Final = (S.DRAFT, *OPEN_STATUSES)
APPLICANT: Final = Actor(None, "applicant")


class Move(StrEnum):
    """What happens to an application; the value names its audit event (`application.<value>`)."""

    SUBMIT = "submitted"
    CLAIM = "claimed"
    RELEASE = "released"
    COMPLETE_STEP = "step_completed"
    REQUEST_INFORMATION = "information_requested"
    ANSWER = "information_provided"
    REJECT = "rejected"
    APPROVE = "approved"
    WITHDRAW = "withdrawn"


TRANSITIONS: Final[Mapping[Move, Mapping[ApplicationStatus, ApplicationStatus]]] = {
    # move                     from                                   -> to
    Move.SUBMIT:              {S.DRAFT: S.SUBMITTED},
    Move.CLAIM:               {S.SUBMITTED: S.IN_REVIEW, S.IN_REVIEW: S.IN_REVIEW,
                               S.INFORMATION_REQUESTED: S.INFORMATION_REQUESTED},
    Move.RELEASE:             {status: status for status in OPEN_STATUSES},
    Move.COMPLETE_STEP:       {status: S.IN_REVIEW for status in DECIDABLE},
    Move.REQUEST_INFORMATION: {status: S.INFORMATION_REQUESTED for status in DECIDABLE},
    Move.ANSWER:              {S.INFORMATION_REQUESTED: S.IN_REVIEW},
    Move.REJECT:              {status: S.REJECTED for status in DECIDABLE},
    Move.APPROVE:             {status: S.APPROVED for status in DECIDABLE},
    Move.WITHDRAW:            {status: S.WITHDRAWN for status in WITHDRAWABLE},
}
ENDS_THE_CLAIM: Final = frozenset({Move.RELEASE, Move.COMPLETE_STEP, Move.REJECT, Move.APPROVE, Move.WITHDRAW})
DECIDES: Final = frozenset({Move.REJECT, Move.APPROVE, Move.WITHDRAW})
ACTIONS: Final = {Move.CLAIM: (ReviewActionKind.CLAIMED,), Move.RELEASE: (ReviewActionKind.RELEASED,),
                  Move.COMPLETE_STEP: (ReviewActionKind.STEP_COMPLETED,),
                  Move.REQUEST_INFORMATION: (ReviewActionKind.INFORMATION_REQUESTED,),
                  Move.ANSWER: (ReviewActionKind.INFORMATION_PROVIDED,), Move.REJECT: (ReviewActionKind.REJECTED,),
                  Move.APPROVE: (ReviewActionKind.STEP_COMPLETED, ReviewActionKind.APPROVED),
                  Move.WITHDRAW: (ReviewActionKind.WITHDRAWN,)}
"""The lines each move writes in the application's history (a submission is dated by the row itself); the
decision's texts go on the first."""


def locked(session: Session, application_id: int) -> Application | None:
    """The application, locked FOR UPDATE on PostgreSQL until the transaction ends."""
    return session.exec(select(Application).where(Application.id == application_id).with_for_update()).first()


def current_step(application: Application) -> WorkflowStep | None:
    return workflows.catalog().step(application.type, application.current_step)


def first_step(application: Application, answers: Mapping[str, Any] | None = None) -> WorkflowStep:
    workflow = workflows.catalog().workflow(application.type)
    return workflows.steps_for(workflow, dict(application.form_data or {}) if answers is None else answers)[0]


def step_times(application: Application, step_name: str, started: datetime) -> dict[str, datetime]:
    """When a step starts and when it is due (its target duration later): the board's age and overdue."""
    step = workflows.catalog().step(application.type, step_name)
    assert step is not None, f"{application.type.value} has no step {step_name}"
    return {"step_started_at": started, "step_due_at": started + timedelta(hours=step.target_hours)}


def move(session: Session, application: Application, chosen: Move, actor: Actor, *, seen_version: int | None = None,
         step: str | None = None, start: str | None = None, values: Mapping[str, Any] | None = None,
         note: str = "", reasons: tuple[str, ...] = (), message: str = "",
         before: Mapping[str, Any] | None = None, after: Mapping[str, Any] | None = None) -> bool:
    """Apply `chosen` to `application` as read in this transaction; False when the move is not allowed from
    its status, or the row changed since (another decision, a second click, a version the person no longer
    sees).

    `step` is the step the history is about (else the current one); `start` makes a step current and starts
    its clock; `values` are other columns the move sets (the answers); `before` and `after` add to the audit
    event's status."""
    old = application.status
    new = TRANSITIONS[chosen].get(old)
    if new is None:
        return False
    acted_on = step if step is not None else application.current_step
    now = utc_now()
    changes: dict[str, Any] = {**(values or {}), "status": new, "updated_at": now,
                               "version": Application.version + 1}
    if chosen is Move.SUBMIT:
        changes["submitted_at"] = now
    if chosen in DECIDES:
        changes["decided_at"] = now
    if chosen in ENDS_THE_CLAIM:
        changes["assignee_account_id"] = None
    if chosen is Move.APPROVE:
        changes["current_step"] = None
    if start is not None:
        changes |= {"current_step": start, **step_times(application, start, now)}
    guard = [col(Application.id) == application.id, col(Application.status) == old]
    if seen_version is not None:
        guard.append(col(Application.version) == seen_version)
    changed = session.exec(sa.update(Application).where(*guard).values(**changes)
                           .execution_options(synchronize_session=False))
    if changed.rowcount != 1:
        return False
    session.refresh(application)
    for index, kind in enumerate(ACTIONS.get(chosen, ())):
        texts = index == 0
        session.add(ReviewAction(application_id=application.id or 0, kind=kind, step=acted_on,
                                 reasons=list(reasons) if texts else [], message=(message if texts else "") or None,
                                 note=(note if texts else "") or None, actor_account_id=actor.account_id))
    audit.record(session, actor, f"application.{chosen.value}", "application", application.id,
                 before={"status": old.value, **(before or {})}, after={"status": new.value, **(after or {})})
    return True
