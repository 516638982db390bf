"""The applicant's draft answers, documents, submission and withdrawal, each in one transaction.

A submission is final and idempotent: a double click or a retry after a lost connection finds the
application already submitted and answers with the same reference; a refusal saves nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from models import Application, Document
from models.enums import ApplicationStatus, ApplicationType
from models.types import utc_now
from ssas_portal.services.applications import lifecycle
from ssas_portal.services.applications.lifecycle import APPLICANT, EDITABLE, WITHDRAWABLE, Move
from ssas_portal.services.core import audit
from ssas_portal.services.core.errors import Refusal
from ssas_portal.services.documents import store
from ssas_portal.services.documents.storage import Storage, StorageUnavailable
from ssas_portal.services.forms.definitions import definitions
from ssas_portal.services.forms.rules import asked_documents, clean, required_documents, validate_all
from ssas_portal.services.messaging import notifications
from ssas_portal.services.similarity import search

MAX_DRAFT_BYTES = 200_000


@dataclass(frozen=True)
class Submitted:
    reference: str
    again: bool  # True when this call found the application already submitted


@dataclass(frozen=True)
class Attached:
    """A document attached to a request, as its applicant sees it."""

    id: int
    kind: str
    name: str
    size_bytes: int


@dataclass(frozen=True)
class DraftContents:
    type: ApplicationType
    status: ApplicationStatus
    values: dict[str, Any]
    documents: list[Attached]


def _json_size(values: object) -> int | None:
    """Bytes of the answers as stored, or None when they are not plain JSON (NaN, Infinity, objects)."""
    try:
        return len(json.dumps(values, allow_nan=False, ensure_ascii=False).encode())
    except (TypeError, ValueError):
        return None


def _editable(session: Session, application_id: int) -> Application:
    application = lifecycle.locked(session, application_id)
    if application is None or application.status not in EDITABLE:
        raise Refusal("submit.not_a_draft")
    return application


def save_draft(session: Session, application_id: int, values: dict[str, Any]) -> None:
    """Keep the answers as typed so the applicant can come back; only a draft (or an application staff asked
    for information) can change."""
    application = _editable(session, application_id)
    size = _json_size(values) if isinstance(values, dict) else None
    if size is None:
        raise Refusal("submit.invalid")
    if size > MAX_DRAFT_BYTES:
        raise Refusal("submit.too_large")
    before = application.form_data or {}
    changed = sorted(key for key in set(before) | set(values) if before.get(key) != values.get(key))
    if not changed:
        return
    application.form_data = values
    application.version += 1
    application.updated_at = utc_now()
    session.add(application)
    audit.record(session, APPLICANT, "application.draft_saved", "application", application.id,
                 before={key: before.get(key) for key in changed}, after={key: values.get(key) for key in changed})


def missing_documents(session: Session, application: Application, values: dict[str, Any]) -> list[Refusal]:
    attached = set(session.exec(select(Document.kind).where(Document.application_id == application.id)))
    needed = required_documents(definitions()[application.type], values)
    return [Refusal("form.error.document_missing", f"document.{need.kind}")
            for need in needed if need.kind not in attached]


def submit(session: Session, application_id: int, values: dict[str, Any], *, declaration: bool) -> Submitted:
    """Validate everything again on the server, then submit, audit and notify in one go; every problem is
    refused together.

    The status changes through the lifecycle by an UPDATE that only matches a draft, so of two simultaneous
    submissions exactly one changes the row (on SQLite, where SELECT ... FOR UPDATE locks nothing, as on
    PostgreSQL)."""
    application = lifecycle.locked(session, application_id)
    if application is None or application.status is ApplicationStatus.WITHDRAWN:
        raise Refusal("submit.not_a_draft")
    if application.status not in EDITABLE:
        return Submitted(application.reference, again=True)
    if not isinstance(values, dict) or _json_size(values) is None:
        raise Refusal("submit.invalid")
    definition = definitions()[application.type]
    problems = validate_all(definition, values) + missing_documents(session, application, values)
    if not declaration:
        problems.append(Refusal("submit.declaration", "declaration"))
    if problems:
        raise Refusal.of(problems)
    answers = clean(definition, values)
    if application.status is ApplicationStatus.INFORMATION_REQUESTED:
        return _send_information(session, application, answers)
    if not lifecycle.move(session, application, Move.SUBMIT, APPLICANT, values={"form_data": answers},
                          start=lifecycle.first_step(application, answers).name):
        return Submitted(application.reference, again=True)
    search.refresh_application(session, application.id or 0)
    notifications.about_application(session, application, "application_submitted")
    return Submitted(application.reference, again=False)


def _send_information(session: Session, application: Application, answers: dict[str, Any]) -> Submitted:
    """The answer to a request for information: the corrected answers go back to the step that asked."""
    before = dict(application.form_data or {})
    if not lifecycle.move(session, application, Move.ANSWER, APPLICANT, values={"form_data": answers},
                          start=application.current_step or lifecycle.first_step(application).name):
        return Submitted(application.reference, again=True)
    changed = sorted(key for key in set(before) | set(answers) if before.get(key) != answers.get(key))
    if changed:
        audit.record(session, APPLICANT, "application.answers_corrected", "application", application.id,
                     before={key: before.get(key) for key in changed}, after={key: answers.get(key) for key in changed})
    search.refresh_application(session, application.id or 0)
    return Submitted(application.reference, again=False)


def _attached(document: Document) -> Attached:
    return Attached(id=document.id or 0, kind=document.kind, name=document.original_name,
                    size_bytes=document.size_bytes)


def draft_contents(session: Session, application_id: int) -> DraftContents | None:
    """The answers and documents of the request the caller holds (its id comes from server-side state)."""
    application = session.get(Application, application_id)
    if application is None:
        return None
    attached = session.exec(select(Document).where(Document.application_id == application_id)
                            .order_by(col(Document.id))).all()
    return DraftContents(type=application.type, status=application.status, values=dict(application.form_data or {}),
                         documents=[_attached(document) for document in attached])


def attach_document(session: Session, application_id: int, kind: str, data: bytes, original_name: str, *,
                    answers: dict[str, Any] | None = None, storage: Storage | None = None) -> Attached:
    """Attach a file to a draft as one of its form's documents, replacing the one of that kind if any.

    Only a draft takes documents, only of the kinds its form asks for with the `answers` as they are now (else
    as saved), in the formats accepted for them."""
    application = _editable(session, application_id)
    definition = definitions()[application.type]
    requirement = next((one for one in definition.documents if one.kind == kind), None)
    if requirement is None:
        raise Refusal("submit.invalid")
    current = answers if isinstance(answers, dict) else dict(application.form_data or {})
    if requirement not in asked_documents(definition, current):
        raise Refusal("form.error.document_not_asked", f"document.{kind}")
    try:
        document = store.store(session, data=data, original_name=original_name, kind=kind,
                               accepted=list(requirement.accepted), application_id=application_id,
                               owner_party_id=None, uploaded_by_account_id=None, actor=APPLICANT,
                               storage=storage)
    except StorageUnavailable:
        raise
    except Refusal as refused:
        raise refused.at(f"document.{kind}") from None
    replaced = session.exec(select(Document.id).where(Document.application_id == application_id,
                                                      Document.kind == kind, col(Document.id) != document.id)).all()
    for old in replaced:
        assert old is not None  # the id of a stored row
        store.delete(session, old, APPLICANT, application_id=application_id, storage=storage)
    return _attached(document)


def remove_document(session: Session, application_id: int, document_id: int, *,
                    storage: Storage | None = None) -> bool:
    """Drop a document from a draft; False when the draft has no such document or is no longer a draft."""
    application = lifecycle.locked(session, application_id)
    if application is None or application.status not in EDITABLE:
        return False
    return store.delete(session, document_id, APPLICANT, application_id=application_id, storage=storage)


def withdraw(session: Session, application_id: int) -> bool:
    """The applicant gives the request up, as a draft or under review; False once it is decided or already
    withdrawn. Staff see it leave the board; the applicant is told (unless it was never sent)."""
    application = lifecycle.locked(session, application_id)
    if application is None or application.status not in WITHDRAWABLE:
        return False
    sent = application.status is not ApplicationStatus.DRAFT
    if not lifecycle.move(session, application, Move.WITHDRAW, APPLICANT):
        return False
    if sent:
        notifications.about_application(session, application, "application_withdrawn")
    search.refresh_application(session, application_id)
    return True
