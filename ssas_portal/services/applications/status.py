"""What an applicant sees of a filed request: its status, the step it is at, its timeline and, once approved,
the number issued. Read only, in plain data the tracking page and the dashboard show as they are.

The timeline comes from the review history as the applicant may see it: no claims, no internal notes, no
staff names. Steps and reasons are stored as codes; they are given here in both languages from the workflow
catalog, so a page can switch language without asking again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from models import Application, Organisation, Person
from models.enums import ApplicationStatus, ApplicationType
from ssas_portal.services.applications import history, lifecycle
from ssas_portal.services.forms import workflows
from ssas_portal.services.forms.definitions import Text
from ssas_portal.services.registry import approval


@dataclass(frozen=True)
class TimelineEntry:
    occurred_at: datetime
    kind: str
    step: Text | None
    reasons: list[Text]
    message: str


@dataclass(frozen=True)
class StatusView:
    application_id: int
    reference: str
    type: ApplicationType
    status: ApplicationStatus
    step: Text | None
    """The step the request is at while staff review it; None before submission and once decided."""
    timeline: list[TimelineEntry]
    identifier: str | None
    """The social security or registration number, once approved."""

    @property
    def request(self) -> TimelineEntry | None:
        """The request for information the applicant has to answer now, if any."""
        if self.status is not ApplicationStatus.INFORMATION_REQUESTED:
            return None
        return next((entry for entry in reversed(self.timeline) if entry.kind == "information_requested"), None)


@dataclass(frozen=True)
class AccountApplication:
    """One request of a signed-in account, as its dashboard lists it."""

    reference: str
    type: ApplicationType
    status: ApplicationStatus
    submitted_at: datetime | None
    identifier: str | None


def _step_title(kind: ApplicationType, name: str | None) -> Text | None:
    step = workflows.catalog().step(kind, name)
    return step.title if step is not None else None


def _reason_text(code: str) -> Text:
    """The reason's text; a code no longer in the catalog is shown as it is rather than dropped."""
    reason = workflows.catalog().reason(code)
    return reason.text if reason is not None else Text(fr=code, en=code)


def _identifier(session: Session, application: Application) -> str | None:
    if application.status is not ApplicationStatus.APPROVED or application.party_id is None:
        return None
    if approval.identifier_kind(application.type) == "social_security_number":
        person = session.get(Person, application.party_id)
        return person.social_security_number if person is not None else None
    organisation = session.get(Organisation, application.party_id)
    return organisation.registration_number if organisation is not None else None


def status_of(session: Session, application_id: int) -> StatusView | None:
    """The request as its applicant follows it; the caller proved it holds `application_id`."""
    application = session.get(Application, application_id)
    if application is None:
        return None
    timeline = [TimelineEntry(entry.occurred_at, entry.kind, _step_title(application.type, entry.step),
                              [_reason_text(code) for code in entry.reasons], entry.message)
                for entry in history.of_application(session, application_id, for_applicant=True)]
    step = (_step_title(application.type, application.current_step)
            if application.status in lifecycle.OPEN_STATUSES else None)
    return StatusView(application.id or 0, application.reference, application.type, application.status, step,
                      timeline, _identifier(session, application))


def revision(session: Session, application_id: int) -> str:
    """Changes whenever the request does (every change bumps its version): what a live page polls."""
    found = session.exec(select(Application.version, Application.updated_at)
                         .where(Application.id == application_id)).first()
    return "" if found is None else f"{found[0]}:{found[1]}"


def applications_of_account(session: Session, account_id: int) -> list[AccountApplication]:
    """The requests whose credentials went to this account, oldest first, each with its number once approved."""
    rows = session.exec(select(Application).where(Application.applicant_account_id == account_id)
                        .order_by(col(Application.created_at), col(Application.id))).all()
    return [AccountApplication(row.reference, row.type, row.status, row.submitted_at, _identifier(session, row))
            for row in rows]
