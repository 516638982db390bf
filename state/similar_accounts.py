"""Staff's view of an application's similar accounts, and their decisions on each candidate.

Every handler checks the staff role on the server; applicants never reach this state's data."""

from __future__ import annotations

from datetime import date

import reflex as rx

from models.enums import STAFF_ROLES, MatchDecisionKind
from ssas_portal.services.similarity import search
from ssas_portal.services.core.audit import Actor
from ssas_portal.services.similarity.search import Candidate, Review
from ssas_portal.services.similarity.profile import Profile
from state.form import FormState, field
from state.session import SessionState, to_sign_in


def _shown(value: object) -> str:
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value or "")


def _rows(candidate: Candidate, own: Profile) -> list[dict[str, str]]:
    return [{"field": verdict.field, "verdict": verdict.verdict, "score": str(verdict.score),
             "ours": _shown(getattr(own, verdict.field, "")), "theirs": _shown(getattr(candidate.profile, verdict.field, ""))}
            for verdict in candidate.similarity.fields]


class SimilarAccountsState(FormState, rx.State):
    reference: str = ""
    allowed: bool = False
    candidates: list[dict[str, str]] = []
    explanations: dict[str, list[dict[str, str]]] = {}
    notice: str = ""
    _application_id: int | None = None

    def _show(self, found: Review) -> None:
        self._application_id, self.reference = found.application_id, found.reference
        self.candidates = [{"label": one.subject.label, "kind": one.subject.kind, "reference": one.reference,
                            "score": str(one.similarity.score), "likely": "yes" if one.similarity.likely_same else "no"}
                           for one in found.candidates]
        self.explanations = {one.subject.label: _rows(one, found.profile) for one in found.candidates}

    async def _staff(self, action: str) -> Actor | None:
        grant = (await self.get_state(SessionState)).grant(STAFF_ROLES, action)
        self.allowed = grant is not None
        return Actor(grant.account_id, grant.role.value) if grant is not None else None

    @rx.event
    async def open(self) -> rx.event.EventSpec | None:
        """on_load of /staff/similar?ref=<reference>."""
        self.candidates, self.explanations, self._application_id, self.notice = [], {}, None, ""
        self.clear_error()
        if await self._staff("similar_accounts.view") is None:
            return to_sign_in(bool((await self.get_state(SessionState)).token))
        reference = field(self.router.url.query_parameters, "ref")[:24]
        found = await self.attempt(lambda session: search.review(session, reference))
        if isinstance(found, Review):
            self._show(found)
        elif found is None:
            self.reference = ""
            await self.fail("similar.not_found")
        return None

    @rx.event
    async def decide(self, candidate: str, decision: str) -> None:
        """"Not the same" hides the pair for good; "same" links the application to the registered party."""
        actor = await self._staff("similar_accounts.decide")
        application_id = self._application_id
        shown = next((one for one in self.candidates if one["label"] == candidate), None)
        if actor is None or application_id is None or shown is None or decision not in {"same", "not_same"}:
            return
        kind, score = MatchDecisionKind(decision), int(shown["score"])
        decided = await self.attempt(lambda session: search.decide(
            session, actor, application_id, candidate, kind, score))
        if decided is True:
            reference = self.reference
            found = await self.attempt(lambda session: search.review(session, reference))
            if isinstance(found, Review):
                self._show(found)
            self.notice = await self.say(f"similar.decided_{decision}", reference=shown["reference"])
