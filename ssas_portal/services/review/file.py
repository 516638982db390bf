"""Everything the staff review screen shows about one application, read in one go: the answers by the form's
steps with their labels, the documents and the checklist of those required, the step in front of the
reviewer with its outcomes and reasons, whether completing it is the final approval, and what happened so
far (the review history and the audit events of the application and of the party it registered).

Texts come in both languages (`Both`), so the screen follows a language change without reading again.
Read-only: the decisions themselves are services/review's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import ColumnElement
from sqlmodel import Session, col, or_, select

from models import Account, Application, AuditEvent, Document
from models.enums import ApplicationType
from ssas_portal.services.applications import history, lifecycle
from ssas_portal.services.applications.history import Entry
from ssas_portal.services.core import audit, i18n
from ssas_portal.services.core.audit import Actor
from ssas_portal.services.core.errors import Refusal
from ssas_portal.services.forms import rules, workflows
from ssas_portal.services.forms.definitions import FieldDef, FormDefinition, Text, definition
from ssas_portal.services.registry import approval
from ssas_portal.services.registry.identifiers import Kind
from ssas_portal.services.review import decisions
from ssas_portal.settings import get_settings

INLINE_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg"})
"""What a browser shows inside the review screen; anything else is only downloaded."""
AUDIT_LIMIT = 200


@dataclass(frozen=True)
class Both:
    """A text in French and English."""

    fr: str
    en: str

    @classmethod
    def of(cls, text: Text) -> Both:
        return cls(text.fr, text.en)

    @classmethod
    def same(cls, text: str) -> Both:
        return cls(text, text)


@dataclass(frozen=True)
class Answer:
    """One answered field; a repeating group holds its entries, each a tuple of answers."""

    name: str
    label: Both
    value: Both
    entries: tuple[tuple[Answer, ...], ...] = ()


@dataclass(frozen=True)
class Section:
    name: str
    title: Both
    answers: tuple[Answer, ...]


@dataclass(frozen=True)
class AttachedDocument:
    id: int
    kind: str
    label: Both
    name: str
    mime_type: str
    size_bytes: int

    @property
    def viewable(self) -> bool:
        return self.mime_type in INLINE_TYPES


@dataclass(frozen=True)
class Requirement:
    kind: str
    label: Both
    attached: bool


@dataclass(frozen=True)
class ReasonChoice:
    code: str
    text: Both


@dataclass(frozen=True)
class CurrentStep:
    name: str
    title: Both
    role: str
    outcomes: tuple[str, ...]


@dataclass(frozen=True)
class AuditLine:
    occurred_at: datetime
    actor_role: str
    action: str


@dataclass(frozen=True)
class ReviewFile:
    application_id: int
    reference: str
    type: ApplicationType
    status: str
    version: int
    submitted_at: datetime | None
    step: CurrentStep | None
    """The step under way while the application is open (also while it waits for the applicant)."""
    decidable: bool
    """Whether a decision can be taken now (not while the applicant is asked for information)."""
    assignee_id: int | None
    assignee_name: str
    sections: tuple[Section, ...]
    documents: tuple[AttachedDocument, ...]
    checklist: tuple[Requirement, ...]
    history: tuple[Entry, ...]
    audit: tuple[AuditLine, ...]
    final_step: bool
    """Completing the current step approves: the supervisor may type the identifier."""
    identifier_kind: Kind
    asks_liability_start: bool
    """An employer's final approval may record the start of contribution liability."""
    reasons: dict[str, tuple[ReasonChoice, ...]]
    """The reasons offered for each outcome of the current step that needs them."""
    step_titles: dict[str, Both]
    reason_texts: dict[str, Both]
    """Every reason's text, for the history's past decisions."""


def open_file(session: Session, reference: str, viewer: Actor | None = None) -> ReviewFile:
    """The file of the application with this reference; refused when unknown, or still a draft. A `viewer`
    who opens it is audited: who read a person's file is on record."""
    application = session.exec(select(Application).where(Application.reference == reference.strip().upper())).first()
    if application is None or application.id is None or application.submitted_at is None:
        raise Refusal("review.not_found")
    if viewer is not None:
        audit.record(session, viewer, "application.viewed", "application", application.id)
    form = definition(application.type)
    answers = application.form_data or {}
    step = lifecycle.current_step(application) if application.status in lifecycle.OPEN_STATUSES else None
    documents = _documents(session, application.id, form)
    attached = {document.kind for document in documents}
    final = step is not None and _completes(session, application, step.name)
    return ReviewFile(
        application_id=application.id, reference=application.reference, type=application.type,
        status=application.status.value, version=application.version, submitted_at=application.submitted_at,
        step=CurrentStep(step.name, Both.of(step.title), step.role.value, tuple(step.outcomes)) if step else None,
        decidable=step is not None and application.status in lifecycle.DECIDABLE,
        assignee_id=application.assignee_account_id, assignee_name=_name(session, application.assignee_account_id),
        sections=_sections(form, answers), documents=documents,
        checklist=tuple(Requirement(need.kind, Both.of(need.label), need.kind in attached)
                        for need in rules.required_documents(form, answers)),
        history=tuple(history.of_application(session, application.id, for_applicant=False)),
        audit=_audit(session, application),
        final_step=final, identifier_kind=approval.identifier_kind(application.type),
        asks_liability_start=final and application.type is ApplicationType.EMPLOYER,
        reasons={outcome: tuple(ReasonChoice(reason.code, Both.of(reason.text))
                                for reason in workflows.catalog().reasons_for(outcome))
                 for outcome in (step.outcomes if step else []) if outcome != "complete"},
        step_titles={one.name: Both.of(one.title) for one in workflows.catalog().workflow(application.type).steps},
        reason_texts={reason.code: Both.of(reason.text) for reason in workflows.catalog().reasons},
    )


def _completes(session: Session, application: Application, step_name: str) -> bool:
    """Whether no step would follow this one once it is completed."""
    workflow = workflows.catalog().workflow(application.type)
    done = [*decisions.completed_by(session, application.id or 0), step_name]
    return workflows.next_step(workflow, application.form_data or {}, done) is None


def _name(session: Session, account_id: int | None) -> str:
    account = session.get(Account, account_id) if account_id is not None else None
    return account.display_name if account is not None else ""


# --- answers ----------------------------------------------------------------------------------------------


def _sections(form: FormDefinition, answers: dict[str, Any]) -> tuple[Section, ...]:
    """The shown, answered fields of each step; steps with nothing to show are left out."""
    shown = rules.visible(form, answers)
    sections = []
    for step in form.steps:
        found = tuple(answer for field in step.fields if field.name in shown
                      and (answer := _answer(field, answers.get(field.name), shown, field.name)) is not None)
        if found:
            sections.append(Section(step.name, Both.of(step.title), found))
    return tuple(sections)


def _answer(field: FieldDef, raw: Any, shown: set[str], path: str) -> Answer | None:
    if field.kind == "group":
        items = raw if isinstance(raw, list) else []
        entries = tuple(
            tuple(answer for sub in field.fields or [] if f"{path}.{index}.{sub.name}" in shown
                  and (answer := _answer(sub, item.get(sub.name), shown, f"{path}.{index}.{sub.name}")) is not None)
            for index, item in enumerate(items) if isinstance(item, dict))
        return Answer(field.name, Both.of(field.label), Both.same(str(len(entries))), entries) if entries else None
    value = _shown_value(field, raw)
    return Answer(field.name, Both.of(field.label), value) if value is not None else None


def _shown_value(field: FieldDef, raw: Any) -> Both | None:
    """A stored (cleaned) value as people read it: labels of choices, yes/no, dates and amounts per language."""
    if isinstance(raw, bool):
        raw = "true" if raw else "false"
    if not isinstance(raw, str | int | float) or str(raw).strip() == "":
        return None
    text = str(raw)
    if field.kind == "boolean":
        return Both(*(i18n.translate(language, f"review.{text}") for language in i18n.LANGUAGES)) \
            if text in {"true", "false"} else Both.same(text)
    if field.kind == "choice":
        choice = next((one for one in field.choices or [] if one.value == text), None)
        return Both.of(choice.label) if choice is not None else Both.same(text)
    if field.kind == "date":
        try:
            day = date.fromisoformat(text)
        except ValueError:
            return Both.same(text)
        return Both(*(i18n.format_date(language, day) for language in i18n.LANGUAGES))
    if field.kind == "money":
        try:
            amount = Decimal(text)
        except InvalidOperation:
            return Both.same(text)
        return Both(*(i18n.format_amount(language, amount, get_settings().currency) for language in i18n.LANGUAGES))
    return Both.same(text)


# --- documents and events ---------------------------------------------------------------------------------


def _documents(session: Session, application_id: int, form: FormDefinition) -> tuple[AttachedDocument, ...]:
    labels = {document.kind: Both.of(document.label) for document in form.documents}
    rows = session.exec(select(Document).where(Document.application_id == application_id)
                        .order_by(col(Document.id))).all()
    return tuple(AttachedDocument(row.id or 0, row.kind, labels.get(row.kind, Both.same(row.kind)), row.original_name,
                                  row.mime_type, row.size_bytes) for row in rows)


def _audit(session: Session, application: Application) -> tuple[AuditLine, ...]:
    """The latest events about the application and, once registered, its party; oldest first."""
    about: ColumnElement[bool] = ((col(AuditEvent.entity_type) == "application")
                                  & (col(AuditEvent.entity_id) == str(application.id)))
    if application.party_id is not None:
        about = or_(about, (col(AuditEvent.entity_type) == "party")
                    & (col(AuditEvent.entity_id) == str(application.party_id)))
    rows = session.exec(select(AuditEvent).where(about).order_by(col(AuditEvent.id).desc()).limit(AUDIT_LIMIT)).all()
    return tuple(AuditLine(row.occurred_at, row.actor_role or "", row.action) for row in reversed(rows))
