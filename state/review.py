"""The staff review screen of one application: the file to read, claim and release, and the decision form.

Every handler checks the staff role on the server. The application's id and the version the reviewer was
shown stay in server-side (backend) variables: a decision always refers to what was on the screen, and a
browser cannot name another application or a newer version. Texts are kept in both languages, so the
screen follows a language change without reading the file again.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import cast

import reflex as rx
from reflex.event import EventSpec
from sqlmodel import Session

from ssas_portal.services.applications.history import Entry
from ssas_portal.services.core import i18n
from ssas_portal.services.core.audit import Actor
from ssas_portal.services.forms.workflows import Outcome
from ssas_portal.services.review import decisions, file
from ssas_portal.services.review.decisions import Claimed, Decided, Decision
from ssas_portal.services.review.file import Answer, Both, ReviewFile
from state.form import LONG_TEXT, FormState, field
from state.guard import Guard
from state.language import LanguageState
from state.live import LiveState, application_revision

REASON_PREFIX = "reason_"
MAX_IDENTIFIER = 40
MAX_REASONS = 20
DECIDED_KEYS = {"approved": "review.done.approved", "rejected": "review.done.rejected",
                "information_requested": "review.done.information_requested"}


def _pair(prefix: str, text: Both) -> dict[str, str]:
    return {f"{prefix}_fr": text.fr, f"{prefix}_en": text.en}


def _translated(key: str, fallback: str) -> Both:
    """A catalog text in both languages, or `fallback` when the catalog has no such key."""
    if key not in i18n.catalog(i18n.DEFAULT_LANGUAGE):
        return Both.same(fallback)
    return Both(*(i18n.translate(language, key) for language in i18n.LANGUAGES))


def _moment(moment: datetime | None) -> Both:
    return Both(*(i18n.format_datetime(language, moment) for language in i18n.LANGUAGES)) if moment else Both.same("")


def _answer_rows(answer: Answer) -> list[dict[str, str]]:
    """A field as one row; a repeating group as a heading row per entry followed by the entry's fields."""
    if not answer.entries:
        return [{"kind": "field", **_pair("label", answer.label), **_pair("value", answer.value)}]
    rows = []
    for number, entry in enumerate(answer.entries, start=1):
        rows.append({"kind": "entry", **_pair("label", answer.label), **_pair("value", Both.same(str(number)))})
        rows += [{"kind": "sub", **_pair("label", one.label), **_pair("value", one.value)} for one in entry]
    return rows


def _history_row(entry: Entry, found: ReviewFile) -> dict[str, str]:
    texts = [found.reason_texts.get(code, Both.same(code)) for code in entry.reasons]
    step = found.step_titles.get(entry.step or "", Both.same(entry.step or ""))
    return {"kind": entry.kind, **_pair("when", _moment(entry.occurred_at)), **_pair("step", step),
            "reasons_fr": ", ".join(text.fr for text in texts), "reasons_en": ", ".join(text.en for text in texts),
            "message": entry.message, "note": entry.note, "actor": entry.actor}


def _role(role: str) -> Both:
    """A role's name; the system and anonymous visitors, who hold no role, have their own."""
    known = f"role.{role}" in i18n.catalog(i18n.DEFAULT_LANGUAGE)
    return _translated(f"role.{role}" if known else f"review.actor.{role}", role)


class ReviewState(LiveState, Guard, FormState, rx.State):
    """Live: when a colleague or the applicant changes the application while it is on screen, a banner says
    so and offers the current version; the screen is not reloaded under the reviewer's hands, and a decision
    on the version shown is refused as stale."""

    reference: str = ""
    changed_elsewhere: bool = False
    status: str = ""
    application_type: str = ""
    step: dict[str, str] = {}
    outcomes: list[str] = []
    chosen_outcome: str = ""
    assignee_name: str = ""
    held_by_me: bool = False
    final_step: bool = False
    asks_liability_start: bool = False
    sections: list[dict[str, str]] = []
    answers: dict[str, list[dict[str, str]]] = {}
    documents: list[dict[str, str]] = []
    checklist: list[dict[str, str]] = []
    history: list[dict[str, str]] = []
    audit: list[dict[str, str]] = []
    reasons: dict[str, list[dict[str, str]]] = {}
    notice: str = ""
    form_key: str = ""
    _application_id: int | None = None
    _version: int = 0

    def _forget(self) -> None:
        self.reference, self.status, self.application_type, self.step, self.outcomes = "", "", "", {}, []
        self.chosen_outcome, self.assignee_name, self.held_by_me = "", "", False
        self.final_step, self.asks_liability_start = False, False
        self.sections, self.answers, self.documents, self.checklist = [], {}, [], []
        self.history, self.audit, self.reasons = [], [], {}
        self._application_id, self._version, self.form_key = None, 0, ""
        self.changed_elsewhere = False

    @rx.var
    def offered_reasons(self) -> list[dict[str, str]]:
        """The reasons of the outcome ticked (none for complete)."""
        return self.reasons.get(self.chosen_outcome, [])

    def _show(self, found: ReviewFile, *, keep_form: bool = False) -> None:
        """`keep_form`: a claim or a release changes who holds the file, not what is decided; what the reviewer
        already ticked and typed stays."""
        self._application_id, self._version, self.reference = found.application_id, found.version, found.reference
        self.changed_elsewhere = False
        if not keep_form or not self.form_key:
            self.form_key = f"{found.reference}-{found.version}"
        self.status, self.application_type = found.status, found.type.value
        current = found.step
        self.step = {"name": current.name, **_pair("title", current.title), "role": current.role} if current else {}
        self.outcomes = list(current.outcomes) if current and found.decidable else []
        if self.chosen_outcome not in self.outcomes:
            self.chosen_outcome = ""
        self.assignee_name = found.assignee_name
        self.held_by_me = found.assignee_id is not None and found.assignee_id == self._account_id
        self.final_step, self.asks_liability_start = found.final_step, found.asks_liability_start
        self.sections = [{"name": section.name, **_pair("title", section.title)} for section in found.sections]
        self.answers = {section.name: [row for answer in section.answers for row in _answer_rows(answer)]
                        for section in found.sections}
        self.documents = [{"id": str(one.id), "kind": one.kind, **_pair("label", one.label), "name": one.name,
                           "mime": one.mime_type, "viewer": _viewer(one.mime_type),
                           "size_fr": i18n.format_size("fr", one.size_bytes),
                           "size_en": i18n.format_size("en", one.size_bytes),
                           "url": f"/api/documents/{one.id}", "inline_url": f"/api/documents/{one.id}?inline=1"}
                          for one in found.documents]
        self.checklist = [{"kind": one.kind, **_pair("label", one.label), "attached": "yes" if one.attached else "no"}
                          for one in found.checklist]
        self.history = [_history_row(entry, found) for entry in found.history]
        self.audit = [{**_pair("when", _moment(line.occurred_at)), **_pair("role", _role(line.actor_role)),
                       "action": line.action} for line in found.audit]
        self.reasons = {outcome: [{"code": one.code, **_pair("text", one.text)} for one in choices]
                        for outcome, choices in found.reasons.items()}

    async def _load(self, reference: str, *, keep_form: bool = False, viewer: Actor | None = None) -> ReviewFile | None:
        """The file as it is now; `viewer` when a reviewer opens it (a view is audited, a reload after their own
        claim or decision is not)."""
        found = await self._attempt(lambda session: file.open_file(session, reference, viewer))
        if found is not None:
            self._show(found, keep_form=keep_form)
            return found
        self._forget()
        return None

    @rx.event
    async def open(self) -> EventSpec | None:
        """on_load of /staff/review?ref=<reference>."""
        self._forget()
        self.notice = ""
        self._clear_error()
        viewer = await self._staff("review.view")
        if viewer is None:
            return await self._to_sign_in()
        await self._load(field(self.router.url.query_parameters, "ref")[:24], viewer=viewer)
        return None

    def _revision_reader(self) -> Callable[[], str]:
        return application_revision(self._application_id)

    async def _reload(self) -> None:
        """Only say that the application changed (its version is the revision's first part)."""
        if await self._staff("review.watch", touch=False) is None:
            self._watcher = ""
            return
        shown = self._seen.split(":", 1)[0]
        self.changed_elsewhere = shown.isdigit() and int(shown) != self._version

    @rx.event
    async def refresh(self) -> None:
        """Show the application as it is now (after the banner said it changed)."""
        viewer = await self._staff("review.view")
        if viewer is not None and self.reference:
            self.notice = ""
            self._clear_error()
            await self._load(self.reference, viewer=viewer)

    @rx.event
    def choose_outcome(self, outcome: str) -> None:
        """Which outcome is ticked decides which reasons are offered; the decision checks it again."""
        self.chosen_outcome = outcome if isinstance(outcome, str) and outcome in self.outcomes else ""

    async def _after_refusal(self) -> None:
        """When the file changed under the reviewer, show it as it is now, still saying why."""
        if self._refused in {"review.error.stale", "review.error.not_open", "review.error.claimed"}:
            message = self.error
            await self._load(self.reference)
            self.error = f"{message} {await self._say('review.reloaded')}"

    async def _hold(self, action: str, change: Callable[[Session, Actor, int, int], Claimed], done_key: str) -> None:
        """Claim or release, with the version shown."""
        actor = await self._staff(f"review.{action}")
        application_id, version = self._application_id, self._version
        if actor is None or application_id is None:
            return
        self.notice = ""
        self._clear_error()
        if await self._attempt(lambda session: change(session, actor, application_id, version)) is None:
            await self._after_refusal()
            return
        await self._load(self.reference, keep_form=True)
        self.notice = await self._say(done_key)

    @rx.event
    async def claim(self) -> None:
        await self._hold("claim", decisions.claim, "review.claimed")

    @rx.event
    async def release(self) -> None:
        await self._hold("release", decisions.release, "review.released")

    async def _decision(self, form: object) -> Decision | None:
        """The decision as the form sent it, read into its parts (the decision service checks the rules);
        None after saying what cannot be read."""
        typed_outcome = field(form, "outcome")
        if not isinstance(form, Mapping) or typed_outcome not in self.outcomes:
            await self._fail("review.invalid.outcome", "outcome")
            return None
        outcome = cast(Outcome, typed_outcome)  # one of the step's outcomes, which the workflow types
        ticked = () if outcome == "complete" else tuple(sorted(
            name.removeprefix(REASON_PREFIX) for name, value in form.items()
            if isinstance(name, str) and name.startswith(REASON_PREFIX) and value)[:MAX_REASONS])
        message, note = field(form, "message", limit=LONG_TEXT), field(form, "note", limit=LONG_TEXT)
        approving = outcome == "complete" and self.final_step
        identifier = field(form, "identifier") if approving else ""
        if len(identifier) > MAX_IDENTIFIER:
            await self._fail("review.invalid.identifier", "identifier")
            return None
        typed_date = field(form, "liability_start") if approving and self.asks_liability_start else ""
        try:
            liability_start = date.fromisoformat(typed_date) if typed_date else None
        except ValueError:
            await self._fail("review.invalid.date", "liability_start")
            return None
        return Decision(outcome, ticked, message if outcome != "complete" else "", note, identifier, liability_start)

    @rx.event
    async def decide(self, form: dict[str, str]) -> None:
        """Complete the step (the last one approves), reject, or ask for information, on the version shown."""
        actor = await self._staff("review.decide")
        application_id, version = self._application_id, self._version
        if actor is None or application_id is None:
            return
        self.notice = ""
        self._clear_error()
        decision = await self._decision(form)
        if decision is None:
            return
        decided = await self._attempt(
            lambda session: decisions.decide(session, actor, application_id, version, decision))
        if decided is None:
            await self._after_refusal()
            return
        found = await self._load(self.reference)
        self.chosen_outcome = ""
        self.notice = await self._done(decided, found)

    async def _done(self, decided: Decided, found: ReviewFile | None) -> str:
        """What the reviewer is told: the number issued, or where the application went."""
        if decided.status.value in DECIDED_KEYS:
            return await self._say(DECIDED_KEYS[decided.status.value], identifier=decided.identifier or "")
        title = found.step_titles.get(decided.step or "") if found is not None else None
        english = (await self.get_state(LanguageState)).language == "en"
        step = (title.en if english else title.fr) if title is not None else decided.step or ""
        return await self._say("review.done.complete", step=step)


def _viewer(mime_type: str) -> str:
    """How the screen shows a document: a PDF in a frame, an image as an image, anything else not at all."""
    if mime_type not in file.INLINE_TYPES:
        return "none"
    return "pdf" if mime_type == "application/pdf" else "image"
