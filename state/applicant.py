"""The applicant's side before any account exists: prove a contact to open a draft, or come back to one
with its reference number and a new code, and follow it live: status, step, timeline, what staff asked."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as dataclass_field

import reflex as rx
from reflex.event import EventSpec

from models.enums import ApplicationStatus, ApplicationType
from ssas_portal.services.applications import drafts, lifecycle, registration
from ssas_portal.services.applications import status as status_service
from ssas_portal.services.applications.drafts import ContactClaim, DraftView
from ssas_portal.services.applications.status import TimelineEntry
from ssas_portal.services.core import i18n
from ssas_portal.services.core.i18n import format_datetime
from ssas_portal.services.forms import profiles
from ssas_portal.services.identity import codes
from state.form import FormState, field
from state.language import LanguageState
from state.live import LiveState, application_revision
from state.session import SessionState

APPLICATION_TYPES = frozenset(member.value for member in ApplicationType)
WITHDRAWABLE = frozenset(status.value for status in lifecycle.WITHDRAWABLE)


@dataclass
class TimelineRow:
    """One line of the timeline in one language, ready to show."""

    kind: str = ""
    when: str = ""
    what: str = ""
    step: str = ""
    reasons: list[str] = dataclass_field(default_factory=list)
    message: str = ""


def shown_entry(entry: TimelineEntry, language: str) -> TimelineRow:
    return TimelineRow(kind=entry.kind, when=format_datetime(language, entry.occurred_at),
                       what=i18n.translate(language, f"status_page.kind.{entry.kind}"),
                       step=entry.step.in_language(language) if entry.step else "",
                       reasons=[reason.in_language(language) for reason in entry.reasons], message=entry.message)


class ApplicantState(FormState, LiveState, rx.State):
    step: str = "contact"
    profile_type: str = ""
    draft_type: str = ""
    destination_hint: str = ""
    reference: str = ""
    status: str = ""
    created: str = ""
    current_step: dict[str, str] = {}
    timeline: dict[str, list[TimelineRow]] = {}
    request: dict[str, TimelineRow] = {}
    identifier: str = ""
    confirming_withdrawal: bool = False
    _withdrawal_asked: bool = False
    """The confirmation the server asked for: a browser can set the var the page shows, never this one."""
    _claim: ContactClaim | None = None
    _application_id: int | None = None

    @rx.var
    def wizard_path(self) -> str:
        """The page of the request's form, where a draft is continued and a request for information answered."""
        return f"/register/{profiles.profile(self.draft_type).slug}" if self.draft_type in APPLICATION_TYPES else ""

    def _revision_reader(self) -> Callable[[], str]:
        return application_revision(self._application_id)

    async def _reload(self) -> None:
        await self._refresh_status()

    async def _refresh_status(self) -> None:
        """Read the held request again: its status, step, timeline, the request to answer and its number."""
        application_id = self._application_id
        if application_id is None:
            return
        view = await self._attempt(lambda session: status_service.status_of(session, application_id))
        if view is None:
            return
        # Kept in both languages, so switching language shows them at once, without reading them again.
        step, request, languages = view.step, view.request, i18n.LANGUAGES
        self.status, self.identifier = view.status.value, view.identifier or ""
        self.current_step = {language: step.in_language(language) for language in languages} if step else {}
        self.timeline = {language: [shown_entry(entry, language) for entry in view.timeline] for language in languages}
        self.request = {language: shown_entry(request, language) for language in languages} if request else {}

    @rx.event
    def open(self, profile_type: str = "") -> None:
        """on_load of an entry page (with its profile) or of the tracking page (without)."""
        requested = profile_type if isinstance(profile_type, str) and profile_type in APPLICATION_TYPES else ""
        self.profile_type, self.step, self._claim = requested, "contact", None
        self._clear_error()
        if self._application_id is not None and requested in {"", self.draft_type}:
            self.step = "draft"

    async def _client_and_language(self) -> tuple[str, str]:
        client = (await self.get_state(SessionState))._client_address()
        return client, (await self.get_state(LanguageState)).language

    def _claimed(self, outcome: ContactClaim | None) -> None:
        if outcome is not None:
            self._claim, self.destination_hint, self.step = outcome, outcome.hint, "code"

    async def _opened(self, outcome: DraftView | None) -> None:
        if outcome is None:
            if self._refused in codes.NEEDS_NEW_CODE:
                self.step, self._claim = "contact", None
        else:
            language = (await self.get_state(LanguageState)).language
            self._application_id, self._claim = outcome.application_id, None
            self.reference, self.status, self.draft_type = outcome.reference, outcome.status.value, outcome.type.value
            self.created, self.step = format_datetime(language, outcome.created_at), "draft"

    @rx.event
    async def send_code(self, form: dict[str, str]) -> None:
        contact = field(form, "contact")
        self._clear_error()
        if not contact:
            return await self._fail("error.contact_invalid", "contact")
        client, language = await self._client_and_language()
        self._claimed(await self._attempt(
            lambda session: drafts.send_contact_code(session, contact, language, client)))
        return None

    @rx.event
    async def request_resume(self, form: dict[str, str]) -> None:
        reference, contact = field(form, "reference"), field(form, "contact")
        self._clear_error()
        if not reference or not contact:
            return await self._fail("error.reference_and_contact", "contact")
        client, language = await self._client_and_language()
        self._claimed(await self._attempt(
            lambda session: drafts.request_resume(session, reference, contact, language, client)))
        return None

    @rx.event
    async def confirm_code(self, form: dict[str, str]) -> EventSpec | None:
        """The code opens a new draft on an entry page, or the existing request on the tracking page; a draft
        found again is continued on its profile's page, where its form is. Any other request stays here with
        its status and timeline: a request for information is read here first, then answered in the form."""
        code, claim = field(form, "code"), self._claim
        self._clear_error()
        if claim is None:
            self.step = "contact"
            await self._fail("error.code_expired")
            return None
        if not code:
            await self._fail("error.code_required", "code")
            return None
        client, language = await self._client_and_language()
        if claim.for_resume:
            await self._opened(await self._attempt(lambda session: drafts.resume(session, claim, code, client)))
            if self.step == "draft" and self.status == ApplicationStatus.DRAFT.value:
                return rx.redirect(self.wizard_path)
            if self.step == "draft":
                await self._refresh_status()
        else:
            kind = ApplicationType(self.profile_type)
            await self._opened(await self._attempt(
                lambda session: drafts.open_draft(session, claim, code, kind, language, client)))
        return None

    @rx.var
    def can_withdraw(self) -> bool:
        return self.status in WITHDRAWABLE

    @rx.event
    def ask_withdrawal(self, asked: bool) -> None:
        """Withdrawing cannot be undone: the first click asks to confirm, the second withdraws."""
        self.confirming_withdrawal = self._withdrawal_asked = asked is True and self.status in WITHDRAWABLE

    @rx.event
    async def withdraw(self) -> None:
        """Withdraw the request held in this browser (its id never comes from the browser), once the server
        asked to confirm: a single crafted event withdraws nothing."""
        application_id, confirmed = self._application_id, self._withdrawal_asked
        self.confirming_withdrawal = self._withdrawal_asked = False
        if application_id is None:
            return
        self._clear_error()
        if not confirmed:
            await self._fail("status_page.withdraw_refused")
            return
        done = await self._attempt(lambda session: registration.withdraw(session, application_id))
        if done is False:
            await self._fail("status_page.withdraw_refused")
        await self._refresh_status()

    @rx.event
    def leave(self) -> None:
        """Forget the request in this browser (on a shared computer)."""
        self._application_id, self._claim = None, None
        self.reference = self.status = self.created = self.draft_type = self.identifier = ""
        self.current_step, self.timeline, self.request = {}, {}, {}
        self.step = "contact"
