"""The one guard of pages behind sign-in: who may enter a page, and who is acting in each handler.

Every state of a signed-in page mixes it in and asks it at the start of each handler, so the role (and, for
organisation roles, the organisation) is checked on the server whatever the browser sends; a refusal is
audited by the authorisation service.
"""

from __future__ import annotations

from collections.abc import Collection

import reflex as rx
from reflex.event import EventSpec

from models.enums import STAFF_ROLES, Role
from ssas_portal.services.core.audit import Actor
from ssas_portal.services.identity import authz
from ssas_portal.services.identity.authz import Grant
from state.form import FormState
from state.session import EVERY_ROLE, SessionState, to_sign_in


class Guard(FormState, mixin=True):
    """A database outage while checking is said like any other ("try again, nothing was lost"), never silence."""

    allowed: bool = False
    forbidden: bool = False
    display_name: str = ""
    role: str = ""
    _account_id: int | None = None

    async def _grant(self, allowed: Collection[Role], action: str, *, touch: bool = True,
                     allow_pending: bool = False) -> Grant | None:
        token = (await self.get_state(SessionState)).token
        grant = await self._attempt(lambda session: authz.authorise(
            session, token, allowed, action=action, allow_pending=allow_pending, touch=touch))
        self.allowed = grant is not None
        self.display_name, self.role = (grant.display_name, grant.role.value) if grant is not None else ("", "")
        self._account_id = grant.account_id if grant is not None else None
        return grant

    async def _actor(self, allowed: Collection[Role], action: str, *, touch: bool = True) -> Actor | None:
        """The signed-in person acting now with one of `allowed` roles, or None."""
        grant = await self._grant(allowed, action, touch=touch)
        return Actor(grant.account_id, grant.role.value) if grant is not None else None

    async def _staff(self, action: str, *, touch: bool = True) -> Actor | None:
        """The staff member acting now, or None for any other role and for no session."""
        return await self._actor(STAFF_ROLES, action, touch=touch)

    async def _enter(self, allowed: Collection[Role], action: str) -> EventSpec | None:
        """On a page's load, `allowed` says whether the visitor may see it; if not, where they go: sign-in
        without a session, activation for an account waiting for it, else nowhere with `forbidden` set."""
        self.forbidden = False
        if await self._grant(allowed, action) is not None:
            return None
        return await self._away()

    async def _to_sign_in(self) -> EventSpec:
        return to_sign_in(bool((await self.get_state(SessionState)).token))

    async def _away(self) -> EventSpec | None:
        """Where a visitor refused a page goes."""
        session_state = await self.get_state(SessionState)
        anyone = session_state._grant(EVERY_ROLE, "session.check", allow_pending=True)
        if anyone is None:
            return to_sign_in(bool(session_state.token))
        if anyone.must_activate:
            return rx.redirect("/activate")
        self.forbidden = True
        return None
