"""Who is signed in in this browser: the session token cookie, resolved on the server at every use."""

from __future__ import annotations

import logging
from collections.abc import Collection

import reflex as rx
from reflex.event import EventSpec
from sqlalchemy.exc import SQLAlchemyError

from models.enums import Role
from ssas_portal.services.core.db import transaction
from ssas_portal.services.identity import authz, sessions
from ssas_portal.services.identity.authz import Grant
from ssas_portal.settings import Environment, get_settings

log = logging.getLogger(__name__)
EVERY_ROLE = frozenset(Role)
SESSION_COOKIE = "ssas_session"


class SessionState(rx.State):
    token: str = rx.Cookie(
        "",
        name=SESSION_COOKIE,
        path="/",
        same_site="strict",
        secure=get_settings().env is Environment.PRODUCTION,
        max_age=get_settings().session_absolute_hours * 3600,
    )

    def _client_address(self) -> str:
        """What the slow-down keys on: the client's address only, since the client chooses its browser's name
        (a new one per try would start a new count)."""
        return self.router.session.client_ip[:100]

    def _client(self) -> str:
        """The sessions list's label of this client: its address and browser."""
        return f"{self._client_address()} {self.router.headers.user_agent}"[:200]

    def _grant(self, allowed: Collection[Role], action: str, scope_party_id: int | None = None,
              allow_pending: bool = False, touch: bool = True) -> Grant | None:
        """Role and object checked on the server for this one action; a refusal is audited."""
        try:
            with transaction() as session:
                return authz.authorise(session, self.token, allowed, action=action, scope_party_id=scope_party_id,
                                       allow_pending=allow_pending, touch=touch)
        except SQLAlchemyError:
            log.exception("authorisation: database unavailable")
            return None

    @rx.event
    def sign_out(self) -> EventSpec:
        with transaction() as session:
            sessions.end(session, self.token)
        self.token = ""
        return rx.redirect("/sign-in")

    @rx.event
    def sign_out_everywhere(self) -> EventSpec:
        grant = self._grant(EVERY_ROLE, "session.end_all")
        if grant is not None:
            with transaction() as session:
                sessions.end_all(session, grant.account_id)
        self.token = ""
        return rx.redirect("/sign-in")


def to_sign_in(had_session: bool) -> EventSpec:
    """Back to sign-in; `expired` tells the page to say why."""
    return rx.redirect("/sign-in?expired=1" if had_session else "/sign-in")
