"""Lost password: the same answer for every e-mail, then a code (and the app's code when enrolled)."""

from __future__ import annotations

import reflex as rx

from ssas_portal.services.identity import auth
from ssas_portal.services.identity.accounts import sign_in_name
from ssas_portal.services.identity.auth import Challenge, Refusal
from ssas_portal.services.core.errors import InvalidInput
from state.form import Failed, FormState, field
from state.session import SessionState


class PasswordResetState(FormState, rx.State):
    step: str = "email"
    _challenge: Challenge | None = None

    @rx.event
    def open(self) -> None:
        self.step, self._challenge = "email", None
        self.clear_error()

    @rx.event
    async def request_code(self, form: dict[str, str]) -> None:
        email = field(form, "email")
        self.clear_error()
        try:
            sign_in_name(email)
        except InvalidInput as refused:
            return await self.fail(refused.key, refused.field)
        client = (await self.get_state(SessionState)).client()
        outcome = await self.attempt(lambda session: auth.request_reset(session, email, client))
        if isinstance(outcome, Failed):
            return None
        if isinstance(outcome, Refusal):
            return await self.fail(outcome.key, **outcome.params)
        self._challenge, self.step = outcome, "reset"
        return None

    @rx.event
    async def set_new_password(self, form: dict[str, str]) -> None:
        code, totp_code = field(form, "code"), field(form, "totp_code")
        password = field(form, "password", strip=False)
        self.clear_error()
        challenge = self._challenge
        if challenge is None:
            self.step = "email"
            return await self.fail("error.code_expired")
        if not code:
            return await self.fail("error.code_required", "code")
        if password != field(form, "password_again", strip=False):
            return await self.fail("error.password_mismatch", "password_again")
        client = (await self.get_state(SessionState)).client()
        refusal = await self.attempt(
            lambda session: auth.reset_password(session, challenge, code, totp_code, password, client)
        )
        if isinstance(refusal, Failed):
            return None
        if refusal is not None:
            if refusal.key in {"error.code_dead", "error.code_expired"}:
                self.step, self._challenge = "email", None
            field_name = "password" if refusal.key.startswith("error.password") else "code"
            return await self.fail(refusal.key, field_name, **refusal.params)
        self.step, self._challenge = "done", None
        return None
