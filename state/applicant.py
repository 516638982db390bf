"""The applicant's side before any account exists: prove a contact to open a draft, or come back to one
with its reference number and a new code."""

from __future__ import annotations

import reflex as rx

from models.enums import ApplicationStatus, ApplicationType
from ssas_portal.services import drafts, profiles
from ssas_portal.services.auth import Refusal
from ssas_portal.services.drafts import ContactClaim, DraftView
from ssas_portal.services.i18n import format_datetime
from state.form import Failed, FormState, field
from state.language import LanguageState
from state.session import SessionState

APPLICATION_TYPES = frozenset(member.value for member in ApplicationType)


class ApplicantState(FormState, rx.State):
    step: str = "contact"
    profile_type: str = ""
    draft_type: str = ""
    destination_hint: str = ""
    reference: str = ""
    status: str = ""
    created: str = ""
    _claim: ContactClaim | None = None
    _application_id: int | None = None

    @rx.event
    def open(self, profile_type: str = "") -> None:
        """on_load of an entry page (with its profile) or of the tracking page (without)."""
        requested = profile_type if profile_type in APPLICATION_TYPES else ""
        self.profile_type, self.step, self._claim = requested, "contact", None
        self.clear_error()
        if self._application_id is not None and requested in {"", self.draft_type}:
            self.step = "draft"

    async def _client_and_language(self) -> tuple[str, str]:
        client = (await self.get_state(SessionState)).client()
        return client, (await self.get_state(LanguageState)).language

    async def _claimed(self, outcome: ContactClaim | Refusal | Failed) -> None:
        if isinstance(outcome, Refusal):
            await self.fail(outcome.key, "contact", **outcome.params)
        elif isinstance(outcome, ContactClaim):
            self._claim, self.destination_hint, self.step = outcome, outcome.hint, "code"

    async def _opened(self, outcome: DraftView | Refusal | Failed) -> None:
        if isinstance(outcome, Refusal):
            if outcome.key in {"error.code_dead", "error.code_expired"}:
                self.step, self._claim = "contact", None
            await self.fail(outcome.key, "code", **outcome.params)
        elif isinstance(outcome, DraftView):
            language = (await self.get_state(LanguageState)).language
            self._application_id, self._claim = outcome.application_id, None
            self.reference, self.status, self.draft_type = outcome.reference, outcome.status.value, outcome.type.value
            self.created, self.step = format_datetime(language, outcome.created_at), "draft"

    @rx.event
    async def send_code(self, form: dict[str, str]) -> None:
        contact = field(form, "contact")
        self.clear_error()
        if not contact:
            return await self.fail("error.contact_invalid", "contact")
        client, language = await self._client_and_language()
        await self._claimed(await self.attempt(
            lambda session: drafts.send_contact_code(session, contact, language, client)))
        return None

    @rx.event
    async def request_resume(self, form: dict[str, str]) -> None:
        reference, contact = field(form, "reference"), field(form, "contact")
        self.clear_error()
        if not reference or not contact:
            return await self.fail("error.reference_and_contact", "contact")
        client, language = await self._client_and_language()
        await self._claimed(await self.attempt(
            lambda session: drafts.request_resume(session, reference, contact, language, client)))
        return None

    @rx.event
    async def confirm_code(self, form: dict[str, str]) -> rx.event.EventSpec | None:
        """The code opens a new draft on an entry page, or the existing request on the tracking page; a draft
        found again is continued on its profile's page, where its form is."""
        code, claim = field(form, "code"), self._claim
        self.clear_error()
        if claim is None:
            self.step = "contact"
            return await self.fail("error.code_expired")
        if not code:
            return await self.fail("error.code_required", "code")
        client, language = await self._client_and_language()
        if claim.for_resume:
            await self._opened(await self.attempt(lambda session: drafts.resume(session, claim, code, client)))
            if self.step == "draft" and self.status == ApplicationStatus.DRAFT.value:
                return rx.redirect(f"/register/{profiles.profile(self.draft_type).slug}")
        else:
            kind = ApplicationType(self.profile_type)
            await self._opened(await self.attempt(
                lambda session: drafts.open_draft(session, claim, code, kind, language, client)))
        return None

    @rx.event
    def leave(self) -> None:
        """Forget the request in this browser (on a shared computer)."""
        self._application_id, self._claim = None, None
        self.reference = self.status = self.created = self.draft_type = ""
        self.step = "contact"
