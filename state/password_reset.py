"""Lost password: the same answer for every e-mail, then a code (and the app's code when enrolled)."""

from __future__ import annotations

import reflex as rx

from ssas_portal.services.core.errors import Refusal
from ssas_portal.services.identity import auth, codes
from ssas_portal.services.identity.accounts import sign_in_name
from ssas_portal.services.identity.auth import Challenge
from state.form import FormState, field
from state.session import SessionState


class PasswordResetState(FormState, rx.State):
    step: str = "email"
    _challenge: Challenge | None = None

    @rx.event
    def open(self) -> None:
        self.step, self._challenge = "email", None
        self._clear_error()

    @rx.event
    async def request_code(self, form: dict[str, str]) -> None:
        email = field(form, "email")
        self._clear_error()
        try:
            sign_in_name(email)
        except Refusal as refused:
            return await self._fail(refused.key, refused.field)
        client = (await self.get_state(SessionState))._client_address()
        outcome = await self._attempt(lambda session: auth.request_reset(session, email, client))
        if outcome is not None:
            self._challenge, self.step = outcome, "reset"
        return None

    @rx.event
    async def set_new_password(self, form: dict[str, str]) -> None:
        code, totp_code = field(form, "code"), field(form, "totp_code")
        password = field(form, "password", strip=False)
        self._clear_error()
        challenge = self._challenge
        if challenge is None:
            self.step = "email"
            return await self._fail("error.code_expired")
        if not code:
            return await self._fail("error.code_required", "code")
        if password != field(form, "password_again", strip=False):
            return await self._fail("error.password_mismatch", "password_again")
        client = (await self.get_state(SessionState))._client_address()
        if await self._succeeds(
            lambda session: auth.reset_password(session, challenge, code, totp_code, password, client)
        ):
            self.step, self._challenge = "done", None
        elif self._refused in codes.NEEDS_NEW_CODE:
            self.step, self._challenge = "email", None
        return None
