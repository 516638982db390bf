"""The signed-in account's own pages: activation at first sign-in, and security settings
(second factor, authenticator app enrolment, active sessions)."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx
from reflex.event import EventSpec
from sqlmodel import Session

from models import Account
from models.enums import SecondFactor
from ssas_portal.services.core.errors import Refusal
from ssas_portal.services.core.i18n import format_datetime
from ssas_portal.services.identity import accounts, auth, authz, sessions, totp
from ssas_portal.services.identity.authz import Grant
from state.form import FormState, field
from state.guard import Guard
from state.language import LanguageState
from state.session import EVERY_ROLE, SessionState, to_sign_in

CODE_CHANNELS = {SecondFactor.EMAIL_CODE.value, SecondFactor.SMS_CODE.value}
Change = Callable[[Session, Account], None]


def _confirm_totp(secret: str, code: str) -> Change:
    def confirm(session: Session, account: Account) -> None:
        if not totp.confirm_enrolment(session, account, secret, code):
            raise Refusal("error.code_wrong", kept=True)
    return confirm


class AccountState(Guard, FormState, rx.State):
    email: str = ""
    method: str = ""
    phone: str = ""
    notice: str = ""
    active_sessions: list[dict[str, str]] = []
    totp_qr: str = ""
    totp_secret: str = ""
    _pending_secret: str = ""

    async def _owner(self, action: str, allow_pending: bool = False) -> Grant | None:
        return await self._grant(EVERY_ROLE, action, allow_pending=allow_pending)

    async def _refresh(self, grant: Grant) -> None:
        token = (await self.get_state(SessionState)).token
        language = (await self.get_state(LanguageState)).language
        with_sessions = await self._attempt(
            lambda session: (accounts.view(session, grant.account_id),
                             sessions.active(session, grant.account_id, token))
        )
        if with_sessions is None:
            return
        view, live = with_sessions
        if view is None:
            return
        self.email, self.display_name, self.method, self.phone = (
            view.email, view.display_name, view.second_factor.value, view.phone)
        self.active_sessions = [
            {"id": str(item.id), "client": item.client_label, "since": format_datetime(language, item.created_at),
             "last_seen": format_datetime(language, item.last_seen_at), "current": "1" if item.current else ""}
            for item in live
        ]

    @rx.event
    async def open(self, page: str = "security") -> EventSpec | None:
        """on_load of the account pages: only a live session gets in; an account waiting for activation
        sees only the activation page, and an active one never does."""
        self._clear_error()
        self.notice, self.totp_qr, self.totp_secret, self._pending_secret = "", "", "", ""
        grant = await self._owner("account.view", allow_pending=True)
        if grant is None:
            return to_sign_in(bool((await self.get_state(SessionState)).token))
        if grant.must_activate != (page == "activation"):
            return rx.redirect("/activate" if grant.must_activate else "/account/security")
        await self._refresh(grant)
        return None

    async def _as_owner(self, action: str, change: Change, *, allow_pending: bool = False) -> str | None:
        """Run `change` for the signed-in account, then say its refusal; returns where the account now
        lands (None when the change did not happen)."""
        grant = await self._owner(action, allow_pending)
        if grant is None:
            await self._fail("error.session_expired")
            return None

        def run(session: Session) -> str:
            account = session.get(Account, grant.account_id)
            assert account is not None
            change(session, account)
            return authz.landing_path(session, account)

        landing = await self._attempt(run)
        if landing is not None:
            await self._refresh(grant)
        return landing

    @rx.event
    async def activate(self, form: dict[str, str]) -> EventSpec | None:
        password = field(form, "password", strip=False)
        self._clear_error()
        if password != field(form, "password_again", strip=False):
            await self._fail("error.password_mismatch", "password_again")
            return None
        method = field(form, "method") or SecondFactor.EMAIL_CODE.value
        if method not in {m.value for m in SecondFactor}:
            await self._fail("error.code_required")
            return None
        phone = field(form, "phone")
        landing = await self._as_owner(
            "account.activate",
            lambda session, account: auth.activate(session, account, password, SecondFactor(method), phone),
            allow_pending=True,
        )
        return rx.redirect(landing) if landing else None

    @rx.event
    async def choose_channel(self, form: dict[str, str]) -> None:
        method, phone = field(form, "method"), field(form, "phone")
        password = field(form, "current_password", strip=False)
        self._clear_error()
        if method not in CODE_CHANNELS:
            return await self._fail("error.code_required")
        if await self._as_owner(
            "account.second_factor",
            lambda session, account: auth.change_code_channel(session, account, password, SecondFactor(method), phone),
        ):
            self.notice = await self._say("security.saved")
        return None

    @rx.event
    async def start_totp(self) -> None:
        """Show the QR code and the secret; nothing is stored until the first code proves the app has it."""
        self._clear_error()
        if await self._owner("account.totp.start", allow_pending=True) is None:
            return await self._fail("error.session_expired")
        self._pending_secret = totp.new_secret()
        uri = totp.provisioning_uri(self._pending_secret, self.email)
        self.totp_qr = totp.qr_code_svg(uri)
        self.totp_secret = " ".join(self._pending_secret[i : i + 4] for i in range(0, len(self._pending_secret), 4))
        return None

    @rx.event
    async def confirm_totp(self, form: dict[str, str]) -> None:
        code, secret = field(form, "code"), self._pending_secret
        self._clear_error()
        if not secret:
            return await self._fail("error.code_expired")
        if await self._as_owner(
            "account.totp.confirm",
            _confirm_totp(secret, code),
            allow_pending=True,
        ):
            self._pending_secret, self.totp_qr, self.totp_secret = "", "", ""
            self.notice = await self._say("security.totp_enrolled")
        return None

    @rx.event
    async def sign_out_others(self) -> None:
        token = (await self.get_state(SessionState)).token

        def end_others(session: Session, account: Account) -> None:
            sessions.end_all(session, account.id or 0, keep_token=token)

        if await self._as_owner("session.end_others", end_others):
            self.notice = await self._say("security.others_signed_out")
