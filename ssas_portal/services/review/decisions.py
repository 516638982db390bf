"""Staff review of submitted applications: claims, and decisions on the current workflow step.

Every decision carries the application's version as the deciding person saw it. The row is read FOR UPDATE
(PostgreSQL) and changed by an UPDATE that only matches that version, so of two people deciding at once
exactly one decision applies; the other is told the application changed, and nothing of theirs is written.
The last step's "complete" is the final approval (services/approval), in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from models import Account, Application, ReviewAction
from models.enums import PUBLIC_REVIEW_ACTIONS, ApplicationStatus, ReviewActionKind, Role
from models.types import utc_now
from ssas_portal.services.core import audit
from ssas_portal.services.forms import workflows
from ssas_portal.services.messaging import notifications
from ssas_portal.services.registry import approval
from ssas_portal.services.similarity import search
from ssas_portal.services.core.audit import Actor
from ssas_portal.services.identity.auth import Refusal
from ssas_portal.services.forms.workflows import Outcome, WorkflowStep

OPEN_STATUSES = (ApplicationStatus.SUBMITTED, ApplicationStatus.IN_REVIEW, ApplicationStatus.INFORMATION_REQUESTED)
DECIDABLE = frozenset({ApplicationStatus.SUBMITTED, ApplicationStatus.IN_REVIEW})
"""Open and not waiting for the applicant's answer."""
WITHDRAWABLE = (ApplicationStatus.DRAFT, *OPEN_STATUSES)
MAX_TEXT = 2000


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


def _locked(session: Session, application_id: int) -> Application | None:
    return session.exec(select(Application).where(Application.id == application_id).with_for_update()).first()


def _bump(session: Session, application: Application, seen_version: int, **values: Any) -> bool:
    """Apply `values` only if nobody changed the application since `seen_version`."""
    changed = session.execute(
        sa.update(Application)
        .where(col(Application.id) == application.id, col(Application.version) == seen_version)
        .values(**values, updated_at=utc_now(), version=Application.version + 1)
        .execution_options(synchronize_session=False)
    )
    if changed.rowcount != 1:
        return False
    session.refresh(application)
    return True


def completed_by(session: Session, application_id: int) -> dict[str, int]:
    """Each step completed since the last submission, and who completed it (for four eyes)."""
    rows = session.exec(select(ReviewAction.step, ReviewAction.actor_account_id)
                        .where(ReviewAction.application_id == application_id,
                               ReviewAction.kind == ReviewActionKind.STEP_COMPLETED)).all()
    return {step: who for step, who in rows if step is not None and who is not None}


def current_step(application: Application) -> WorkflowStep | None:
    return workflows.catalog().step(application.type, application.current_step)


def first_step(application: Application, answers: dict[str, Any] | None = None) -> WorkflowStep:
    workflow = workflows.catalog().workflow(application.type)
    return workflows.steps_for(workflow, application.form_data if answers is None else answers)[0]


def step_times(application: Application, step_name: str, started: datetime) -> dict[str, datetime]:
    """When a step starts and when it is due (its target duration later): the board's age and overdue."""
    step = workflows.catalog().step(application.type, step_name)
    assert step is not None, f"{application.type.value} has no step {step_name}"
    return {"step_started_at": started, "step_due_at": started + timedelta(hours=step.target_hours)}


def _act(session: Session, application: Application, actor: Actor, kind: ReviewActionKind, *,
         step: str | None = None, reasons: tuple[str, ...] = (), message: str = "", note: str = "") -> None:
    session.add(ReviewAction(application_id=application.id or 0, kind=kind, step=step, reasons=list(reasons),
                             message=message or None, note=note or None, actor_account_id=actor.account_id))


def claim(session: Session, actor: Actor, application_id: int, seen_version: int) -> Claimed | Refusal:
    """Take the application, so two people do not work the same file; an open application that nobody
    holds can be claimed, one held by someone else cannot (they release it first)."""
    application = _locked(session, application_id)
    if application is None or application.status not in OPEN_STATUSES:
        return Refusal("review.error.not_open")
    if application.assignee_account_id not in {None, actor.account_id}:
        return Refusal("review.error.claimed", {"name": _name(session, application.assignee_account_id)})
    step = application.current_step or first_step(application).name
    status = (ApplicationStatus.IN_REVIEW if application.status is ApplicationStatus.SUBMITTED
              else application.status)
    before = {"assignee_account_id": application.assignee_account_id, "status": application.status.value}
    started = {} if application.step_started_at else step_times(application, step, utc_now())
    if not _bump(session, application, seen_version, assignee_account_id=actor.account_id, status=status,
                 current_step=step, **started):
        return Refusal("review.error.stale")
    _act(session, application, actor, ReviewActionKind.CLAIMED, step=step)
    audit.record(session, actor, "application.claimed", "application", application.id, before=before,
                 after={"assignee_account_id": actor.account_id, "status": status.value})
    return Claimed(application.version)


def release(session: Session, actor: Actor, application_id: int, seen_version: int) -> Claimed | Refusal:
    """Give the application back to the queue; only its holder, or a supervisor, may."""
    application = _locked(session, application_id)
    if application is None or application.assignee_account_id is None:
        return Refusal("review.error.not_open")
    holder = application.assignee_account_id
    if holder != actor.account_id and workflows.RANKS.get(Role(actor.role), 0) < workflows.RANKS[Role.STAFF_SUPERVISOR]:
        return Refusal("review.error.claimed", {"name": _name(session, holder)})
    if not _bump(session, application, seen_version, assignee_account_id=None):
        return Refusal("review.error.stale")
    _act(session, application, actor, ReviewActionKind.RELEASED, step=application.current_step)
    audit.record(session, actor, "application.released", "application", application.id,
                 before={"assignee_account_id": holder}, after={"assignee_account_id": None})
    return Claimed(application.version)


def _name(session: Session, account_id: int | None) -> str:
    account = session.get(Account, account_id) if account_id is not None else None
    return account.display_name if account is not None else ""


def _checked_reasons(decision: Decision) -> Refusal | None:
    if decision.outcome == "complete":
        return None
    known = {reason.code for reason in workflows.catalog().reasons_for(decision.outcome)}
    if not decision.reasons:
        return Refusal("review.error.reason_required")
    if any(code not in known for code in decision.reasons) or len(set(decision.reasons)) != len(decision.reasons):
        return Refusal("review.error.reason_unknown")
    return None


def decide(session: Session, actor: Actor, application_id: int, seen_version: int,
           decision: Decision) -> Decided | Refusal:
    """Complete the current step (the last one approves), reject, or ask the applicant for information.

    Refused, with nothing written: an application no longer open, one claimed by someone else, a step the
    person may not take (its role, four eyes), an outcome the step does not allow, missing or unknown
    reasons, texts over 2,000 characters, and a version that is no longer the current one."""
    application = _locked(session, application_id)
    if application is not None and application.version != seen_version:
        return Refusal("review.error.stale")
    if application is None or application.status not in DECIDABLE:
        return Refusal("review.error.not_open")
    if application.assignee_account_id not in {None, actor.account_id}:
        return Refusal("review.error.claimed", {"name": _name(session, application.assignee_account_id)})
    step = current_step(application) or first_step(application)
    done = completed_by(session, application_id)
    if why := workflows.refusal(step, Role(actor.role), actor.account_id or 0, done):
        return Refusal(why)
    if decision.outcome not in step.outcomes:
        return Refusal("review.error.outcome")
    if refused := _checked_reasons(decision):
        return refused
    if len(decision.message) > MAX_TEXT or len(decision.note) > MAX_TEXT:
        return Refusal("review.error.too_long")
    if decision.outcome == "complete":
        return _complete(session, actor, application, seen_version, step, {**done, step.name: actor.account_id or 0},
                         decision)
    return _send_back(session, actor, application, seen_version, step, decision)


def _complete(session: Session, actor: Actor, application: Application, seen_version: int, step: WorkflowStep,
              done: dict[str, int], decision: Decision) -> Decided | Refusal:
    workflow = workflows.catalog().workflow(application.type)
    following = workflows.next_step(workflow, application.form_data or {}, list(done))
    if following is None:
        return _approve(session, actor, application, seen_version, step, decision)
    if not _bump(session, application, seen_version, status=ApplicationStatus.IN_REVIEW, current_step=following.name,
                 assignee_account_id=None, **step_times(application, following.name, utc_now())):
        return Refusal("review.error.stale")
    _act(session, application, actor, ReviewActionKind.STEP_COMPLETED, step=step.name, note=decision.note)
    audit.record(session, actor, "application.step_completed", "application", application.id,
                 before={"current_step": step.name}, after={"current_step": following.name})
    return Decided(application.status, following.name)


def _approve(session: Session, actor: Actor, application: Application, seen_version: int, step: WorkflowStep,
             decision: Decision) -> Decided | Refusal:
    if refused := approval.refusal(session, application, decision.identifier):
        return refused
    if not _bump(session, application, seen_version, status=ApplicationStatus.APPROVED, current_step=None,
                 assignee_account_id=None, decided_at=utc_now()):
        return Refusal("review.error.stale")
    registered = approval.register(session, actor, application, identifier=decision.identifier,
                                   liability_start=decision.liability_start)
    _act(session, application, actor, ReviewActionKind.STEP_COMPLETED, step=step.name, note=decision.note)
    _act(session, application, actor, ReviewActionKind.APPROVED, step=step.name)
    audit.record(session, actor, "application.approved", "application", application.id,
                 before={"status": ApplicationStatus.IN_REVIEW.value},
                 after={"status": ApplicationStatus.APPROVED.value, "party_id": application.party_id,
                        "identifier": registered.identifier})
    notifications.about_application(session, application, "application_approved",
                                    identifier=registered.identifier, **registered.credentials)
    return Decided(ApplicationStatus.APPROVED, None, registered.identifier)


def _send_back(session: Session, actor: Actor, application: Application, seen_version: int, step: WorkflowStep,
               decision: Decision) -> Decided | Refusal:
    rejected = decision.outcome == "reject"
    status = ApplicationStatus.REJECTED if rejected else ApplicationStatus.INFORMATION_REQUESTED
    extra: dict[str, Any] = {"decided_at": utc_now(), "assignee_account_id": None} if rejected else {}
    if not _bump(session, application, seen_version, status=status, **extra):
        return Refusal("review.error.stale")
    kind = ReviewActionKind.REJECTED if rejected else ReviewActionKind.INFORMATION_REQUESTED
    _act(session, application, actor, kind, step=step.name, reasons=decision.reasons, message=decision.message,
         note=decision.note)
    audit.record(session, actor, f"application.{kind.value}", "application", application.id,
                 before={"status": ApplicationStatus.IN_REVIEW.value},
                 after={"status": status.value, "reasons": list(decision.reasons), "message": decision.message})
    notifications.about_application(session, application, f"application_{kind.value}",
                                    reasons=list(decision.reasons), message=decision.message)
    return Decided(status, step.name)


def information_provided(session: Session, application: Application, answers: dict[str, Any]) -> bool:
    """The applicant answered a request: back to the step that asked, with the same holder. False when the
    application no longer waits for an answer (a second click, or a retry)."""
    changed = session.execute(
        sa.update(Application)
        .where(col(Application.id) == application.id,
               col(Application.status) == ApplicationStatus.INFORMATION_REQUESTED)
        .values(form_data=answers, status=ApplicationStatus.IN_REVIEW, updated_at=utc_now(),
                version=Application.version + 1,
                **step_times(application, application.current_step or first_step(application).name, utc_now()))
        .execution_options(synchronize_session=False)
    )
    if changed.rowcount != 1:
        return False
    session.refresh(application)
    _act(session, application, Actor(None, "applicant"), ReviewActionKind.INFORMATION_PROVIDED,
         step=application.current_step)
    audit.record(session, Actor(None, "applicant"), "application.information_provided", "application",
                 application.id, before={"status": ApplicationStatus.INFORMATION_REQUESTED.value},
                 after={"status": ApplicationStatus.IN_REVIEW.value})
    return True


def withdraw(session: Session, application_id: int) -> bool:
    """The applicant gives the request up, as a draft or under review; False once it is decided or already
    withdrawn. Staff see it leave the board; the applicant is told (unless it was never sent)."""
    application = _locked(session, application_id)
    if application is None or application.status not in WITHDRAWABLE:
        return False
    before = application.status
    changed = session.execute(
        sa.update(Application)
        .where(col(Application.id) == application_id, col(Application.status) == before)
        .values(status=ApplicationStatus.WITHDRAWN, assignee_account_id=None, decided_at=utc_now(),
                updated_at=utc_now(), version=Application.version + 1)
        .execution_options(synchronize_session=False)
    )
    if changed.rowcount != 1:
        return False
    session.refresh(application)
    applicant = Actor(None, "applicant")
    _act(session, application, applicant, ReviewActionKind.WITHDRAWN, step=application.current_step)
    audit.record(session, applicant, "application.withdrawn", "application", application.id,
                 before={"status": before.value}, after={"status": ApplicationStatus.WITHDRAWN.value})
    if before is not ApplicationStatus.DRAFT:
        notifications.about_application(session, application, "application_withdrawn")
    search.refresh_application(session, application_id)
    return True


@dataclass(frozen=True)
class Entry:
    """One line of an application's history; `note` and `actor` are for staff only."""

    occurred_at: Any
    kind: str
    step: str | None
    reasons: list[str] = field(default_factory=list)
    message: str = ""
    note: str = ""
    actor: str = ""


def history(session: Session, application_id: int, *, for_applicant: bool) -> list[Entry]:
    """What happened, oldest first. The applicant's timeline leaves out claims, internal notes and names."""
    application = session.get(Application, application_id)
    if application is None:
        return []
    rows = session.exec(select(ReviewAction, Account.display_name)
                        .join(Account, col(Account.id) == col(ReviewAction.actor_account_id), isouter=True)
                        .where(ReviewAction.application_id == application_id)
                        .order_by(col(ReviewAction.occurred_at), col(ReviewAction.id))).all()
    entries = [Entry(application.submitted_at, "submitted", None)] if application.submitted_at else []
    for action, name in rows:
        if for_applicant and action.kind not in PUBLIC_REVIEW_ACTIONS:
            continue
        entries.append(Entry(action.occurred_at, action.kind.value, action.step, list(action.reasons or []),
                             action.message or "", "" if for_applicant else action.note or "",
                             "" if for_applicant else name or ""))
    return entries
