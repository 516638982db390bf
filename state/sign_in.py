"""Sign-in: the password, then the second factor (a code sent by the provider, or the authenticator app)."""

from __future__ import annotations

import reflex as rx
from reflex.event import EventSpec
from sqlmodel import Session

from ssas_portal.services.core.errors import Refusal
from ssas_portal.services.identity import auth, authz, codes
from ssas_portal.services.identity.accounts import sign_in_name
from ssas_portal.services.identity.auth import Challenge
from state.form import FormState, field
from state.session import SessionState

RESTART_KEYS = codes.NEEDS_NEW_CODE


class SignInState(FormState, rx.State):
    step: str = "password"
    email: str = ""
    notice: str = ""
    method: str = ""
    destination_hint: str = ""
    _challenge: Challenge | None = None

    @rx.event
    async def open(self) -> None:
        """on_load: a fresh form; `?expired=1` says why the user is back here."""
        self.step, self._challenge = "password", None
        self._clear_error()
        expired = self.router.url.query_parameters.get("expired") == "1"
        self.notice = await self._say("error.session_expired") if expired else ""

    @rx.event
    async def submit_password(self, form: dict[str, str]) -> None:
        email, password = field(form, "email"), field(form, "password", strip=False)
        self.email, self.notice = email, ""
        self._clear_error()
        try:
            sign_in_name(email)
        except Refusal as refused:
            return await self._fail(refused.key, refused.field)
        if not password:
            return await self._fail("error.password_required", "password")
        client = (await self.get_state(SessionState))._client_address()
        outcome = await self._attempt(lambda session: auth.start_sign_in(session, email, password, client))
        if outcome is None:
            return None
        self._challenge = outcome
        self.step, self.method, self.destination_hint = "code", outcome.method.value, outcome.destination_hint
        return None

    @rx.event
    async def submit_code(self, form: dict[str, str]) -> EventSpec | None:
        code = field(form, "code")
        self._clear_error()
        challenge = self._challenge
        if challenge is None:
            self.step = "password"
            await self._fail("error.code_expired")
            return None
        if not code:
            await self._fail("error.code_required", "code")
            return None
        session_state = await self.get_state(SessionState)
        client, label = session_state._client_address(), session_state._client()

        def complete(session: Session) -> tuple[str, str]:
            token, account = auth.complete_sign_in(session, challenge, code, client, label=label)
            return token, authz.landing_path(session, account)

        outcome = await self._attempt(complete)
        if outcome is None:
            if self._refused in RESTART_KEYS:
                self.step, self._challenge = "password", None
            return None
        session_state.token, landing = outcome
        self.step, self._challenge = "password", None
        return rx.redirect(landing)

    @rx.event
    def restart(self) -> None:
        self.step, self._challenge = "password", None
        self._clear_error()
