"""Applications as the applicant makes them: a draft opened with a code (or made directly), documents
attached, answers submitted; and the row as committed."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from models import Application
from models.enums import ApplicationType
from ssas_portal.services.applications import drafts, lifecycle, registration
from ssas_portal.services.applications.drafts import DraftView
from ssas_portal.services.applications.registration import Submitted
from ssas_portal.services.core.db import transaction
from ssas_portal.services.core.errors import Refusal
from ssas_portal.services.documents import store
from ssas_portal.services.documents.storage import LocalStorage
from tests.support.documents import pdf_bytes
from tests.support.identity import latest_code
from tests.support.refusals import outcome


def unique_email() -> str:
    return f"awa.{uuid.uuid4().hex[:12]}@example.org"


def fresh_client() -> str:
    return f"203.0.113.{uuid.uuid4().hex[:12]} Firefox"


def open_draft(engine: Engine, kind: str = "employee", contact: str | None = None) -> DraftView:
    """A draft opened the applicant's way: a code to the contact, then the code back."""
    contact = contact or unique_email()
    client = fresh_client()
    with transaction(engine) as session:
        claim = drafts.send_contact_code(session, contact, "fr", client)
    assert isinstance(claim, drafts.ContactClaim), claim
    code = latest_code(engine, claim.destination)
    with transaction(engine) as session:
        view = drafts.open_draft(session, claim, code, ApplicationType(kind), "fr", client)
    assert isinstance(view, DraftView), view
    return view


def draft_row(engine: Engine, kind: str = "employee") -> int:
    """A draft made directly (quicker, for many examples); its contact is an e-mail address."""
    with transaction(engine) as session:
        application = Application(reference=f"TST-{uuid.uuid4().hex[:12].upper()}", type=ApplicationType(kind),
                                   contact_email=unique_email())
        session.add(application)
        session.flush()
        return application.id or 0


def attach(engine: Engine, storage: LocalStorage, application_id: int, *kinds: str) -> None:
    """Attach one small PDF per kind, through documents.store as the uploader does."""
    with transaction(engine) as session:
        for kind in kinds:
            store.store(session, data=pdf_bytes(), original_name=f"{kind}.pdf", kind=kind,
                            accepted=["pdf", "jpeg", "png"], application_id=application_id, owner_party_id=None,
                            uploaded_by_account_id=None, actor=lifecycle.APPLICANT, storage=storage)


def submit(engine: Engine, application_id: int, sent: Any, *, declaration: bool = True) -> Submitted | list[Refusal]:
    """The submission, or every problem it refused."""
    answered = outcome(engine, lambda session: registration.submit(session, application_id, sent,
                                                                   declaration=declaration))
    return answered.every if isinstance(answered, Refusal) else answered


def application(engine: Engine, application_id: int) -> Application:
    with Session(engine) as session:
        return session.get_one(Application, application_id)
