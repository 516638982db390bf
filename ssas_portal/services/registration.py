"""The applicant's draft answers and their submission, each in one transaction.

A submission is final and idempotent: a double click or a retry after a lost connection finds the
application already submitted and answers with the same reference; a refusal saves nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from models import Application, Document, Notification
from models.enums import ApplicationStatus, NotificationChannel
from models.types import utc_now
from ssas_portal.services import audit
from ssas_portal.services.audit import Actor
from ssas_portal.services.form_definitions import definitions
from ssas_portal.services.form_rules import Problem, clean, required_documents, validate_all

APPLICANT = Actor(None, "applicant")
MAX_DRAFT_BYTES = 200_000


@dataclass(frozen=True)
class Submitted:
    reference: str
    again: bool  # True when this call found the application already submitted


def _locked(session: Session, application_id: int) -> Application | None:
    return session.exec(select(Application).where(Application.id == application_id).with_for_update()).first()


def _json_size(values: object) -> int | None:
    """Bytes of the answers as stored, or None when they are not plain JSON (NaN, Infinity, objects)."""
    try:
        return len(json.dumps(values, allow_nan=False, ensure_ascii=False).encode())
    except (TypeError, ValueError):
        return None


def save_draft(session: Session, application_id: int, values: dict[str, Any]) -> Problem | None:
    """Keep the answers as typed so the applicant can come back; only a draft can change."""
    application = _locked(session, application_id)
    if application is None or application.status is not ApplicationStatus.DRAFT:
        return Problem("", "submit.not_a_draft", {})
    size = _json_size(values) if isinstance(values, dict) else None
    if size is None:
        return Problem("", "submit.invalid", {})
    if size > MAX_DRAFT_BYTES:
        return Problem("", "submit.too_large", {})
    before = application.form_data or {}
    changed = sorted(key for key in set(before) | set(values) if before.get(key) != values.get(key))
    if not changed:
        return None
    application.form_data = values
    application.version += 1
    application.updated_at = utc_now()
    session.add(application)
    audit.record(session, APPLICANT, "application.draft_saved", "application", application.id,
                 before={key: before.get(key) for key in changed}, after={key: values.get(key) for key in changed})
    return None


def missing_documents(session: Session, application: Application, values: dict[str, Any]) -> list[Problem]:
    attached = set(session.exec(select(Document.kind).where(Document.application_id == application.id)))
    needed = required_documents(definitions()[application.type], values)
    return [Problem(f"document.{need.kind}", "form.error.document_missing", {})
            for need in needed if need.kind not in attached]


def submit(session: Session, application_id: int, values: dict[str, Any], *, declaration: bool) -> Submitted | list[Problem]:
    """Validate everything again on the server, then submit, audit and notify in one go.

    The status changes by an UPDATE that only matches a draft, so of two simultaneous submissions exactly one
    changes the row (on SQLite, where SELECT ... FOR UPDATE locks nothing, as on PostgreSQL)."""
    application = _locked(session, application_id)
    if application is None or application.status is ApplicationStatus.WITHDRAWN:
        return [Problem("", "submit.not_a_draft", {})]
    if application.status is not ApplicationStatus.DRAFT:
        return Submitted(application.reference, again=True)
    if not isinstance(values, dict) or _json_size(values) is None:
        return [Problem("", "submit.invalid", {})]
    definition = definitions()[application.type]
    problems = validate_all(definition, values) + missing_documents(session, application, values)
    if not declaration:
        problems.append(Problem("declaration", "submit.declaration", {}))
    if problems:
        return problems
    now = utc_now()
    changed = session.execute(
        sa.update(Application)
        .where(col(Application.id) == application_id, col(Application.status) == ApplicationStatus.DRAFT)
        .values(form_data=clean(definition, values), status=ApplicationStatus.SUBMITTED, submitted_at=now,
                updated_at=now, version=Application.version + 1)
        .execution_options(synchronize_session=False)
    )
    if changed.rowcount != 1:
        return Submitted(application.reference, again=True)
    session.refresh(application)
    audit.record(session, APPLICANT, "application.submitted", "application", application.id,
                 before={"status": ApplicationStatus.DRAFT.value}, after={"status": ApplicationStatus.SUBMITTED.value})
    channel, destination = ((NotificationChannel.EMAIL, application.contact_email) if application.contact_email
                            else (NotificationChannel.SMS, application.contact_phone))
    session.add(Notification(destination=destination, channel=channel, template="application_submitted",
                             language=application.language, payload={"reference": application.reference}))
    return Submitted(application.reference, again=False)
