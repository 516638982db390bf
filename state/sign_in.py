"""The sign-in form: checks the password on the server; the second-factor step comes with the accounts work."""

from __future__ import annotations

import logging

import reflex as rx
from sqlalchemy.exc import SQLAlchemyError

from ssas_portal.services import accounts
from ssas_portal.services.db import transaction
from ssas_portal.services.errors import InvalidInput

log = logging.getLogger(__name__)
MAX_INPUT = 1024


class SignInState(rx.State):
    email: str = ""
    error_key: str = ""
    error_field: str = ""
    notice_key: str = ""

    @rx.event
    def submit(self, form: dict[str, str]) -> None:
        email = str(form.get("email", ""))[:MAX_INPUT]
        password = str(form.get("password", ""))[:MAX_INPUT]
        self.email = email.strip()
        self.error_key = self.error_field = self.notice_key = ""
        try:
            accounts.normalise_email(email)
        except InvalidInput as refused:
            self.error_key, self.error_field = refused.key, refused.field
            return
        if not password:
            self.error_key, self.error_field = "error.password_required", "password"
            return
        try:
            with transaction() as session:
                account = accounts.check_password(session, email, password)
        except SQLAlchemyError:
            log.exception("sign-in: database unavailable")
            self.error_key = "error.unavailable"
            return
        if account is None:
            self.error_key = "error.sign_in_refused"
            return
        self.notice_key = "signin.second_factor_pending"
