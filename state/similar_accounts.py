"""Staff's view of an application's similar accounts, and their decisions on each candidate.

Every handler checks the staff role on the server; applicants never reach this state's data."""

from __future__ import annotations

from datetime import date

import reflex as rx
from reflex.event import EventSpec

from models.enums import MatchDecisionKind
from ssas_portal.services.similarity import search
from ssas_portal.services.similarity.profile import Profile
from ssas_portal.services.similarity.search import Candidate, Review
from state.form import FormState, field
from state.guard import Guard


def _shown(value: object) -> str:
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value or "")


def _rows(candidate: Candidate, own: Profile) -> list[dict[str, str]]:
    return [{"field": verdict.field, "verdict": verdict.verdict, "score": str(verdict.score),
             "ours": _shown(getattr(own, verdict.field, "")),
             "theirs": _shown(getattr(candidate.profile, verdict.field, ""))}
            for verdict in candidate.similarity.fields]


class SimilarAccountsState(Guard, FormState, rx.State):
    reference: str = ""
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

    @rx.event
    async def open(self) -> EventSpec | None:
        """on_load of /staff/similar?ref=<reference>."""
        self.candidates, self.explanations, self._application_id, self.notice = [], {}, None, ""
        self._clear_error()
        if await self._staff("similar_accounts.view") is None:
            return await self._to_sign_in()
        reference = field(self.router.url.query_parameters, "ref")[:24]
        found = await self._attempt(lambda session: search.review(session, reference))
        if found is not None:
            self._show(found)
        else:
            self.reference = ""
        return None

    @rx.event
    async def decide(self, candidate: str, decision: str) -> None:
        """"Not the same" hides the pair for good; "same" links the application to the registered party."""
        actor = await self._staff("similar_accounts.decide")
        application_id = self._application_id
        shown = next((one for one in self.candidates if one["label"] == candidate), None)
        if (actor is None or application_id is None or shown is None or not isinstance(decision, str)
                or decision not in {"same", "not_same"}):
            return
        kind, score = MatchDecisionKind(decision), int(shown["score"])
        decided = await self._attempt(lambda session: search.decide(
            session, actor, application_id, candidate, kind, score))
        if decided:
            reference = self.reference
            found = await self._attempt(lambda session: search.review(session, reference))
            if found is not None:
                self._show(found)
            self.notice = await self._say(f"similar.decided_{decision}", reference=shown["reference"])
