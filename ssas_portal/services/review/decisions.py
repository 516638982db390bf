"""Staff review of submitted applications: claims, and decisions on the current workflow step.

Every decision carries the application's version as the deciding person saw it. The row is read FOR UPDATE
(PostgreSQL) and changed through the lifecycle by an UPDATE that only matches that version, so of two people
deciding at once exactly one decision applies; the other is told the application changed, and nothing of
theirs is written. The last step's "complete" is the final approval (registry.approval), in the same
transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from models import Account, Application, ReviewAction
from models.enums import ApplicationStatus, ReviewActionKind, Role
from ssas_portal.services.applications import lifecycle
from ssas_portal.services.applications.lifecycle import DECIDABLE, OPEN_STATUSES, Move
from ssas_portal.services.core.audit import Actor
from ssas_portal.services.core.errors import Refusal
from ssas_portal.services.forms import workflows
from ssas_portal.services.forms.workflows import Outcome, WorkflowStep
from ssas_portal.services.messaging import notifications
from ssas_portal.services.registry import approval

MAX_TEXT = 2000
STALE = "review.error.stale"


@dataclass(frozen=True)
class Decision:
    """What a staff member decided on the step in front of them.

    `message` is said to the applicant with the reasons; `note` stays internal. `identifier` is a number a
    supervisor typed at the final approval (else one is issued); `liability_start` is an employer's start of
    contribution liability, recorded at approval."""

    outcome: Outcome
    reasons: tuple[str, ...] = ()
    message: str = ""
    note: str = ""
    identifier: str = ""
    liability_start: date | None = None


@dataclass(frozen=True)
class Decided:
    status: ApplicationStatus
    step: str | None
    identifier: str | None = None


@dataclass(frozen=True)
class Claimed:
    version: int


def completed_by(session: Session, application_id: int) -> dict[str, int]:
    """Each step completed since the last submission, and who completed it (for four eyes)."""
    rows = session.exec(select(ReviewAction.step, ReviewAction.actor_account_id)
                        .where(ReviewAction.application_id == application_id,
                               ReviewAction.kind == ReviewActionKind.STEP_COMPLETED)).all()
    return {step: who for step, who in rows if step is not None and who is not None}


def _open(session: Session, application_id: int) -> Application:
    application = lifecycle.locked(session, application_id)
    if application is None or application.status not in OPEN_STATUSES:
        raise Refusal("review.error.not_open")
    return application


def _held_elsewhere(session: Session, application: Application, actor: Actor) -> Refusal | None:
    holder = application.assignee_account_id
    if holder in {None, actor.account_id}:
        return None
    account = session.get(Account, holder)
    return Refusal("review.error.claimed", name=account.display_name if account is not None else "")


def claim(session: Session, actor: Actor, application_id: int, seen_version: int) -> Claimed:
    """Take the application, so two people do not work the same file; an open application that nobody
    holds can be claimed, one held by someone else cannot (they release it first)."""
    application = _open(session, application_id)
    if refused := _held_elsewhere(session, application, actor):
        raise refused
    step = application.current_step or lifecycle.first_step(application).name
    if not lifecycle.move(session, application, Move.CLAIM, actor, seen_version=seen_version, step=step,
                          values={"current_step": step, "assignee_account_id": actor.account_id},
                          start=None if application.step_started_at else step,
                          before={"assignee_account_id": application.assignee_account_id},
                          after={"assignee_account_id": actor.account_id}):
        raise Refusal(STALE)
    return Claimed(application.version)


def release(session: Session, actor: Actor, application_id: int, seen_version: int) -> Claimed:
    """Give the application back to the queue; only its holder, or a supervisor, may."""
    application = lifecycle.locked(session, application_id)
    if application is None or application.assignee_account_id is None:
        raise Refusal("review.error.not_open")
    holder = application.assignee_account_id
    outranked = workflows.RANKS.get(Role(actor.role), 0) < workflows.RANKS[Role.STAFF_SUPERVISOR]
    if outranked and (refused := _held_elsewhere(session, application, actor)):
        raise refused
    if not lifecycle.move(session, application, Move.RELEASE, actor, seen_version=seen_version,
                          before={"assignee_account_id": holder}, after={"assignee_account_id": None}):
        raise Refusal(STALE)
    return Claimed(application.version)


def _check_reasons(decision: Decision) -> None:
    if decision.outcome == "complete":
        return
    known = {reason.code for reason in workflows.catalog().reasons_for(decision.outcome)}
    if not decision.reasons:
        raise Refusal("review.error.reason_required", "reasons")
    if any(code not in known for code in decision.reasons) or len(set(decision.reasons)) != len(decision.reasons):
        raise Refusal("review.error.reason_unknown", "reasons")


def decide(session: Session, actor: Actor, application_id: int, seen_version: int, decision: Decision) -> Decided:
    """Complete the current step (the last one approves), reject, or ask the applicant for information.

    Refused, with nothing written: an application no longer open, one claimed by someone else, a step the
    person may not take (its role, four eyes), an outcome the step does not allow, missing or unknown
    reasons, texts over 2,000 characters, and a version that is no longer the current one."""
    application = lifecycle.locked(session, application_id)
    if application is not None and application.version != seen_version:
        raise Refusal(STALE)
    if application is None or application.status not in DECIDABLE:
        raise Refusal("review.error.not_open")
    if refused := _held_elsewhere(session, application, actor):
        raise refused
    step = lifecycle.current_step(application) or lifecycle.first_step(application)
    done = completed_by(session, application_id)
    workflows.check_taker(step, Role(actor.role), actor.account_id or 0, done)
    if decision.outcome not in step.outcomes:
        raise Refusal("review.error.outcome")
    _check_reasons(decision)
    if len(decision.message) > MAX_TEXT or len(decision.note) > MAX_TEXT:
        raise Refusal("review.error.too_long", "message" if len(decision.message) > MAX_TEXT else "note")
    if decision.outcome == "complete":
        return _complete(session, actor, application, seen_version, step, {**done, step.name: actor.account_id or 0},
                         decision)
    return _send_back(session, actor, application, seen_version, step, decision)


def _complete(session: Session, actor: Actor, application: Application, seen_version: int, step: WorkflowStep,
              done: dict[str, int], decision: Decision) -> Decided:
    workflow = workflows.catalog().workflow(application.type)
    following = workflows.next_step(workflow, application.form_data or {}, list(done))
    if following is None:
        return _approve(session, actor, application, seen_version, step, decision)
    if not lifecycle.move(session, application, Move.COMPLETE_STEP, actor, seen_version=seen_version,
                          step=step.name, start=following.name, note=decision.note,
                          before={"current_step": step.name}, after={"current_step": following.name}):
        raise Refusal(STALE)
    return Decided(application.status, following.name)


def _approve(session: Session, actor: Actor, application: Application, seen_version: int, step: WorkflowStep,
             decision: Decision) -> Decided:
    approval.check_identifier(session, application, decision.identifier)
    if not lifecycle.move(session, application, Move.APPROVE, actor, seen_version=seen_version, step=step.name,
                          note=decision.note):
        raise Refusal(STALE)
    registered = approval.register(session, actor, application, identifier=decision.identifier,
                                   liability_start=decision.liability_start)
    notifications.about_application(session, application, "application_approved",
                                    identifier=registered.identifier, **registered.credentials)
    return Decided(ApplicationStatus.APPROVED, None, registered.identifier)


def _send_back(session: Session, actor: Actor, application: Application, seen_version: int, step: WorkflowStep,
               decision: Decision) -> Decided:
    chosen = Move.REJECT if decision.outcome == "reject" else Move.REQUEST_INFORMATION
    if not lifecycle.move(session, application, chosen, actor, seen_version=seen_version, step=step.name,
                          reasons=decision.reasons, message=decision.message, note=decision.note,
                          after={"reasons": list(decision.reasons), "message": decision.message}):
        raise Refusal(STALE)
    notifications.about_application(session, application, f"application_{chosen.value}",
                                    reasons=list(decision.reasons), message=decision.message)
    return Decided(application.status, step.name)
