"""An applicant's draft, bound to a contact they proved with a one-time code, and found again later with the
reference number plus a new code to that contact, until credentials are issued."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from models import Application
from models.enums import ApplicationStatus, ApplicationType, CodePurpose, NotificationChannel
from models.types import utc_now
from ssas_portal.services.core import audit
from ssas_portal.services.core.audit import Actor
from ssas_portal.services.core.errors import Refusal
from ssas_portal.services.core.privacy import mask
from ssas_portal.services.identity import codes, throttle
from ssas_portal.services.identity.accounts import normalise_email, normalise_phone
from ssas_portal.services.identity.codes import CodeCheck
from ssas_portal.settings import get_settings

PREFIXES = {
    ApplicationType.EMPLOYEE: "EMP",
    ApplicationType.SELF_EMPLOYED: "IND",
    ApplicationType.VOLUNTARY_CONTRIBUTOR: "VOL",
    ApplicationType.SURVIVOR: "SUR",
    ApplicationType.EMPLOYER: "EMR",
    ApplicationType.FINANCIAL_INSTITUTION: "FIN",
}
REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U to misread
REFERENCE_LENGTH = 8
RESUMABLE = frozenset({ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED, ApplicationStatus.IN_REVIEW,
                       ApplicationStatus.INFORMATION_REQUESTED, ApplicationStatus.REJECTED})


@dataclass(frozen=True)
class ContactClaim:
    """A code on its way to a contact; kept in server-side state only."""

    channel: NotificationChannel
    destination: str
    code_id: int
    application_id: int | None = None
    for_resume: bool = False
    issued_at: datetime = field(default_factory=lambda: utc_now())

    @property
    def hint(self) -> str:
        return mask(self.destination)

    def expired(self) -> bool:
        return utc_now() >= self.issued_at + timedelta(minutes=get_settings().code_ttl_minutes)


@dataclass(frozen=True)
class DraftView:
    """What the applicant sees of their request: no internal notes."""

    application_id: int
    reference: str
    type: ApplicationType
    status: ApplicationStatus
    created_at: datetime
    submitted_at: datetime | None
    decided_at: datetime | None


def normalise_contact(contact: str) -> tuple[NotificationChannel, str]:
    """An e-mail address or an international mobile number."""
    text = contact.strip()
    try:
        if "@" in text:
            return NotificationChannel.EMAIL, normalise_email(text)
        return NotificationChannel.SMS, normalise_phone(text)
    except Refusal:
        raise Refusal("error.contact_invalid", "contact") from None


def _keys(destination: str, client: str) -> list[str]:
    return [throttle.client_key(client), throttle.identity_key(destination)]


def _admit(session: Session, contact: str, client: str) -> tuple[NotificationChannel, str]:
    """The contact, normalised, when a code may go to it now. Every code sent counts as a failure, so
    nobody can spray codes at someone else's phone."""
    try:
        channel, destination = normalise_contact(contact)
    except Refusal as refused:
        raise refused.at("contact") from None
    keys = _keys(destination, client)
    if wait := throttle.wait_seconds(session, *keys):
        raise Refusal("error.wait", "contact", kept=True, seconds=wait)
    throttle.fail(session, *keys)
    return channel, destination


def send_contact_code(session: Session, contact: str, language: str, client: str) -> ContactClaim:
    channel, destination = _admit(session, contact, client)
    row = codes.issue(session, purpose=CodePurpose.CONTACT_VERIFICATION, channel=channel, destination=destination,
                      language=language)
    return ContactClaim(channel, destination, row.id or 0)


def _view(application: Application) -> DraftView:
    return DraftView(application.id or 0, application.reference, application.type, application.status,
                     application.created_at, application.submitted_at, application.decided_at)


def _new_reference(application_type: ApplicationType) -> str:
    tail = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
    return f"{PREFIXES[application_type]}-{utc_now().year}-{tail}"


def _check(session: Session, claim: ContactClaim, code: str, client: str) -> None:
    """The code proves the contact, or a refusal that keeps the failure counted."""
    keys = _keys(claim.destination, client)
    if wait := throttle.wait_seconds(session, *keys):
        raise Refusal("error.wait", "code", kept=True, seconds=wait)
    if claim.expired():
        throttle.fail(session, *keys)
        raise Refusal("error.code_expired", "code", kept=True)
    outcome = codes.check(session, claim.code_id, code, purpose=CodePurpose.CONTACT_VERIFICATION,
                          application_id=claim.application_id)
    if outcome is not CodeCheck.ACCEPTED:
        throttle.fail(session, *keys)
        raise Refusal(codes.REFUSALS[outcome], "code", kept=True)
    throttle.clear(session, *keys)


def open_draft(session: Session, claim: ContactClaim, code: str, application_type: ApplicationType,
               language: str, client: str) -> DraftView:
    """The code proves the contact: a draft is made, bound to it, with a reference number to keep."""
    if claim.for_resume:
        raise Refusal("error.code_expired", "code")
    _check(session, claim, code, client)
    is_email = claim.channel is NotificationChannel.EMAIL
    for _ in range(5):
        application = Application(
            reference=_new_reference(application_type), type=application_type, language=language,
            contact_email=claim.destination if is_email else None,
            contact_phone=None if is_email else claim.destination,
        )
        try:
            with session.begin_nested():
                session.add(application)
                session.flush()
            break
        except IntegrityError:  # the reference was taken: draw another
            continue
    else:
        raise RuntimeError("could not draw a free reference number")
    audit.record(session, Actor(None, "applicant"), "application.draft_created", "application", application.id,
                 after={"reference": application.reference, "type": application_type.value,
                        "contact": mask(claim.destination)})
    return _view(application)


def request_resume(session: Session, reference: str, contact: str, language: str, client: str) -> ContactClaim:
    """The same answer whether or not the reference and the contact match; only a match gets a code."""
    channel, destination = _admit(session, contact, client)
    contact_column = Application.contact_email if channel is NotificationChannel.EMAIL else Application.contact_phone
    application = session.exec(
        select(Application).where(Application.reference == reference.strip().upper()[:24],
                                  contact_column == destination)
    ).first()
    if application is None or application.status not in RESUMABLE:
        audit.record(session, Actor(None, "applicant"), "application.resume_refused", "application", None,
                     after={"reference": reference.strip().upper()[:24], "contact": mask(destination)})
        row = codes.decoy(session, purpose=CodePurpose.CONTACT_VERIFICATION, channel=channel, destination=destination)
        return ContactClaim(channel, destination, row.id or 0, None, for_resume=True)
    row = codes.issue(session, purpose=CodePurpose.CONTACT_VERIFICATION, channel=channel, destination=destination,
                      language=language, application_id=application.id)
    return ContactClaim(channel, destination, row.id or 0, application.id, for_resume=True)


def resume(session: Session, claim: ContactClaim, code: str, client: str) -> DraftView:
    if not claim.for_resume:
        raise Refusal("error.code_expired", "code")
    _check(session, claim, code, client)
    application = session.get(Application, claim.application_id)
    if application is None:
        raise Refusal("error.code_expired", "code", kept=True)
    audit.record(session, Actor(None, "applicant"), "application.resumed", "application", application.id)
    return _view(application)
