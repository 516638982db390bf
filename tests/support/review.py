"""Staff review as the review screens drive it: staff actors, submitted applications, claims and decisions
in their own transactions, and open queue rows made directly."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from models import Application
from models.enums import ApplicationStatus, ApplicationType, Role
from ssas_portal.services.applications import lifecycle, registration
from ssas_portal.services.core.audit import Actor
from ssas_portal.services.core.db import transaction
from ssas_portal.services.core.errors import Refusal
from ssas_portal.services.documents.storage import LocalStorage
from ssas_portal.services.identity import accounts
from ssas_portal.services.review import decisions
from ssas_portal.services.review.decisions import Decided, Decision
from tests.support.applications import attach, draft_row, submit
from tests.support.forms import values
from tests.support.refusals import outcome

# The moment the queue tests read the queue at (open_row ages its rows from it unless told otherwise).
QUEUE_NOW = datetime.fromisoformat("2026-03-10T12:00:00+00:00")


def staff(engine: Engine, role: Role) -> Actor:
    with transaction(engine) as session:
        account = accounts.create_staff(session, Actor.system(),
                                        email=f"{role.value}.{uuid.uuid4().hex[:10]}@ssas.example",
                                        display_name=f"Staff {role.value}", role=role, password="correct horse battery")
        return Actor(account.id, role.value)


def submitted(engine: Engine, storage: LocalStorage, kind: str = "employee", **changes: Any) -> int:
    application_id = draft_row(engine, kind)
    sent = values(kind, **changes)
    with transaction(engine) as session:
        from ssas_portal.services.forms.definitions import definitions
        from ssas_portal.services.forms.rules import required_documents

        form = definitions()[session.get_one(Application, application_id).type]
        needed = [need.kind for need in required_documents(form, sent)]
    attach(engine, storage, application_id, *needed)
    found = submit(engine, application_id, sent)
    assert isinstance(found, registration.Submitted), found
    return application_id


def row(engine: Engine, application_id: int) -> Application:
    with Session(engine) as session:
        return session.get_one(Application, application_id)


def decide(engine: Engine, actor: Actor, application_id: int, decision: Decision,
           version: int | None = None) -> Decided | Refusal:
    seen = row(engine, application_id).version if version is None else version
    return outcome(engine, lambda session: decisions.decide(session, actor, application_id, seen, decision))


def claim(engine: Engine, actor: Actor, application_id: int) -> Any:
    seen = row(engine, application_id).version
    return outcome(engine, lambda session: decisions.claim(session, actor, application_id, seen))


def open_row(engine: Engine, *, kind: ApplicationType = ApplicationType.EMPLOYEE,
             status: ApplicationStatus = ApplicationStatus.SUBMITTED, submitted_hours_ago: float = 1,
             step: str = "document_check", step_hours_ago: float | None = None, assignee: int | None = None,
             now: datetime = QUEUE_NOW) -> str:
    """An application as the review leaves it, made directly (quicker than a whole submission)."""
    submitted_at = now - timedelta(hours=submitted_hours_ago)
    started = now - timedelta(hours=submitted_hours_ago if step_hours_ago is None else step_hours_ago)
    reference = f"TST-{uuid.uuid4().hex[:12].upper()}"
    with transaction(engine) as session:
        times = lifecycle.step_times(Application(reference=reference, type=kind), step, started)
        session.add(Application(reference=reference, type=kind, status=status, current_step=step,
                                submitted_at=submitted_at, updated_at=submitted_at,
                                step_started_at=times["step_started_at"], step_due_at=times["step_due_at"],
                                assignee_account_id=assignee, contact_email=f"{reference.lower()}@example.org"))
    return reference
