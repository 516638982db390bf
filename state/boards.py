"""Landing pages after sign-in: the staff board (staff roles only) and the dashboard of everyone else."""

from __future__ import annotations

import reflex as rx

from models.enums import STAFF_ROLES, Role
from ssas_portal.services.applications import status
from ssas_portal.services.review import queue
from state.form import Failed, FormState
from state.session import EVERY_ROLE, SessionState, to_sign_in


class BoardState(FormState, rx.State):
    display_name: str = ""
    role: str = ""
    forbidden: bool = False
    status_counts: list[tuple[str, int]] = []
    my_applications: list[dict[str, str]] = []
    _account_id: int | None = None

    async def _enter(self, allowed: frozenset[Role], action: str) -> rx.event.EventSpec | None:
        """Role checked on the server; no session → sign-in, wrong role → a refusal on the page."""
        session_state = await self.get_state(SessionState)
        self.forbidden, self.display_name, self.role, self._account_id = False, "", "", None
        grant = session_state.grant(allowed, action)
        if grant is None:
            anyone = session_state.grant(EVERY_ROLE, "session.check", allow_pending=True)
            if anyone is None:
                return to_sign_in(bool(session_state.token))
            if anyone.must_activate:
                return rx.redirect("/activate")
            self.forbidden = True
            return None
        self.display_name, self.role, self._account_id = grant.display_name, grant.role.value, grant.account_id
        return None

    @rx.event
    async def open_staff_board(self) -> rx.event.EventSpec | None:
        self.status_counts = []
        redirect = await self._enter(STAFF_ROLES, "staff.board.view")
        if redirect is not None or self.forbidden:
            return redirect
        counts = await self.attempt(queue.count_by_status)
        if not isinstance(counts, Failed):
            self.status_counts = [(status.value, count) for status, count in counts.items()]
        return None

    @rx.event
    async def open_staff_page(self) -> rx.event.EventSpec | None:
        """Who is signed in, on a staff page whose own state loads (and checks again) its data."""
        return await self._enter(STAFF_ROLES, "staff.page.view")

    @rx.event
    async def open_form_definitions(self) -> rx.event.EventSpec | None:
        """The active form definitions, for administrators who adapt them."""
        return await self._enter(frozenset({Role.ADMIN}), "form_definitions.view")

    @rx.event
    async def open_dashboard(self) -> rx.event.EventSpec | None:
        """The signed-in account's own requests, with the number issued once approved (never another's)."""
        self.my_applications = []
        redirect = await self._enter(EVERY_ROLE, "dashboard.view")
        account_id = self._account_id
        if redirect is not None or self.forbidden or account_id is None:
            return redirect
        found = await self.attempt(lambda session: status.applications_of_account(session, account_id))
        if not isinstance(found, Failed):
            self.my_applications = [{"reference": one.reference, "type": one.type.value, "status": one.status.value,
                                     "identifier": one.identifier or ""} for one in found]
        return None
