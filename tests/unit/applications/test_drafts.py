"""Applicant drafts: a contact proved with a one-time code, a draft bound to it with a reference to keep, and
the draft found again with that reference plus a new code, without telling strangers which references exist."""

from __future__ import annotations

import json
import re
import uuid

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from models import Application, AuditEvent, OneTimeCode, OutboxMessage
from models.enums import ApplicationStatus, ApplicationType, NotificationChannel
from ssas_portal.services.applications import drafts
from ssas_portal.services.applications.drafts import ContactClaim, DraftView
from ssas_portal.services.core.db import transaction
from ssas_portal.services.core.errors import Refusal
from ssas_portal.services.core.privacy import mask
from ssas_portal.services.identity.codes import DECOY_PROVIDER
from tests.support.identity import Clock, frozen_clock, latest_code, outbox_bodies, wrong_code
from tests.support.refusals import outcome
from tests.support.rows import audit_actions, committed, count_rows

EMAIL = "awa.diop@example.org"
OTHER_EMAIL = "moussa.fall@example.org"
PHONE_TYPED = "+221 77 123 45 67"
PHONE = "+221771234567"
PAST_THROTTLE = 61  # seconds: longer than the throttle's longest wait
PREFIXES = {
    ApplicationType.EMPLOYEE: "EMP",
    ApplicationType.SELF_EMPLOYED: "IND",
    ApplicationType.VOLUNTARY_CONTRIBUTOR: "VOL",
    ApplicationType.SURVIVOR: "SUR",
    ApplicationType.EMPLOYER: "EMR",
    ApplicationType.FINANCIAL_INSTITUTION: "FIN",
}


def reference_pattern(prefix: str) -> re.Pattern[str]:
    return re.compile(rf"^{prefix}-\d{{4}}-[0-9A-HJKMNP-TV-Z]{{8}}$")


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """Time moves only when a test says so; drafts reads the clock too (claim expiry, reference year)."""
    frozen = frozen_clock(monkeypatch)
    monkeypatch.setattr("ssas_portal.services.applications.drafts.utc_now", frozen)
    return frozen


def fresh_client() -> str:
    return f"203.0.113.{uuid.uuid4().hex[:12]} Firefox"


# --- Steps, each in its own transaction as the app runs them -----------------------------------------------


def send(engine: Engine, contact: str, client: str) -> ContactClaim | Refusal:
    return outcome(engine, lambda session: drafts.send_contact_code(session, contact, "fr", client))


def claim_for(engine: Engine, contact: str, client: str) -> ContactClaim:
    answer = send(engine, contact, client)
    assert isinstance(answer, ContactClaim), answer
    return answer


def open_draft(engine: Engine, claim: ContactClaim, code: str, client: str,
               application_type: ApplicationType = ApplicationType.EMPLOYEE) -> DraftView | Refusal:
    return outcome(engine, lambda session: drafts.open_draft(session, claim, code, application_type, "fr", client))


def new_draft(engine: Engine, contact: str = EMAIL, application_type: ApplicationType = ApplicationType.EMPLOYEE,
              client: str | None = None) -> DraftView:
    client = client or fresh_client()
    claim = claim_for(engine, contact, client)
    view = open_draft(engine, claim, latest_code(engine, claim.destination), client, application_type)
    assert isinstance(view, DraftView), view
    return view


def request_resume(engine: Engine, reference: str, contact: str, client: str) -> ContactClaim | Refusal:
    return outcome(engine, lambda session: drafts.request_resume(session, reference, contact, "fr", client))


def resume(engine: Engine, claim: ContactClaim, code: str, client: str) -> DraftView | Refusal:
    return outcome(engine, lambda session: drafts.resume(session, claim, code, client))


def applications(engine: Engine) -> list[Application]:
    with Session(engine) as session:
        return list(session.exec(select(Application).order_by(Application.id)))  # type: ignore[arg-type]


def audit_events(engine: Engine, action: str) -> list[AuditEvent]:
    with Session(engine) as session:
        return list(session.exec(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)))  # type: ignore[arg-type]


def all_audit_text(engine: Engine) -> str:
    with Session(engine) as session:
        return json.dumps([[event.before, event.after] for event in session.exec(select(AuditEvent))])


def set_status(engine: Engine, application_id: int, status: ApplicationStatus) -> None:
    with transaction(engine) as session:
        application = session.get_one(Application, application_id)
        application.status = status
        session.add(application)


def sent(engine: Engine) -> tuple[int, int]:
    """(outbox messages, codes sent) as committed; a decoy code is stored but never sent."""
    with Session(engine) as session:
        delivered = session.exec(
            select(sa.func.count()).select_from(OneTimeCode).where(OneTimeCode.provider != DECOY_PROVIDER)
        ).one()
    return count_rows(engine, OutboxMessage), delivered


def is_decoy(engine: Engine, claim: ContactClaim) -> bool:
    """The claim's code was never sent and can never match."""
    with Session(engine) as session:
        row = session.get(OneTimeCode, claim.code_id)
    return row is not None and row.provider == DECOY_PROVIDER and row.application_id is None


# --- normalise_contact --------------------------------------------------------------------------------------


def test_an_email_address_is_lower_cased_and_goes_by_email() -> None:
    """The same address typed in another case must reach (and find) the same draft."""
    assert drafts.normalise_contact("  Awa.Diop@Example.ORG ") == (NotificationChannel.EMAIL, EMAIL)


def test_a_mobile_number_is_put_in_e164_and_goes_by_sms() -> None:
    """Spaces are how people type numbers; providers and the lookup need E.164."""
    assert drafts.normalise_contact(PHONE_TYPED) == (NotificationChannel.SMS, PHONE)


@pytest.mark.parametrize("typed", ["12", "", "not an address"])
def test_something_neither_email_nor_mobile_is_refused_as_a_contact(typed: str) -> None:
    """The form points at the contact field with one message, whatever was wrong."""
    with pytest.raises(Refusal) as refused:
        drafts.normalise_contact(typed)
    assert refused.value.key == "error.contact_invalid" and refused.value.field == "contact"


def test_send_contact_code_refuses_a_bad_contact_without_sending(engine: Engine) -> None:
    """Bad input gets a message, and no code goes anywhere."""
    assert send(engine, "12", fresh_client()) == Refusal("error.contact_invalid", "contact")
    assert sent(engine) == (0, 0)


# --- open_draft ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("application_type", list(ApplicationType))
def test_the_right_code_opens_one_draft_with_a_reference_of_its_type(
    engine: Engine, application_type: ApplicationType
) -> None:
    """Proving the contact makes exactly one draft, bound to that address, with a readable reference."""
    client = fresh_client()
    claim = claim_for(engine, "  Awa.Diop@Example.ORG ", client)
    assert (claim.channel, claim.destination) == (NotificationChannel.EMAIL, EMAIL)
    view = open_draft(engine, claim, latest_code(engine, EMAIL), client, application_type)
    assert isinstance(view, DraftView), view
    [application] = applications(engine)
    assert application.id == view.application_id
    assert application.status is ApplicationStatus.DRAFT and view.status is ApplicationStatus.DRAFT
    assert application.type is application_type and view.type is application_type
    assert (application.contact_email, application.contact_phone) == (EMAIL, None)
    assert application.reference == view.reference
    assert reference_pattern(PREFIXES[application_type]).match(view.reference), view.reference


def test_a_mobile_number_opens_a_draft_bound_to_the_phone(engine: Engine) -> None:
    """An applicant without e-mail proves a mobile number instead; the code goes by SMS."""
    client = fresh_client()
    claim = claim_for(engine, PHONE_TYPED, client)
    assert (claim.channel, claim.destination) == (NotificationChannel.SMS, PHONE)
    assert len(outbox_bodies(engine, PHONE)) == 1
    view = open_draft(engine, claim, latest_code(engine, PHONE), client)
    assert isinstance(view, DraftView), view
    [application] = applications(engine)
    assert (application.contact_email, application.contact_phone) == (None, PHONE)
    assert reference_pattern("EMP").match(application.reference)


@pytest.mark.parametrize("contact", [EMAIL, PHONE])
def test_the_draft_created_event_names_the_contact_only_masked(engine: Engine, contact: str) -> None:
    """The audit trail is read by many staff: it shows enough to recognise a contact, never the whole of it."""
    view = new_draft(engine, contact)
    [event] = audit_events(engine, "application.draft_created")
    assert event.entity_type == "application" and event.entity_id == str(view.application_id)
    assert event.after is not None
    assert event.after["contact"] == mask(contact) != contact
    assert event.after["reference"] == view.reference
    assert contact not in all_audit_text(engine)


def test_a_code_opens_only_one_draft(engine: Engine) -> None:
    """Replaying the same claim and code (double click, back button, attacker) makes nothing more."""
    client = fresh_client()
    claim = claim_for(engine, EMAIL, client)
    code = latest_code(engine, EMAIL)
    assert isinstance(open_draft(engine, claim, code, client), DraftView)
    again = open_draft(engine, claim, code, client)
    assert isinstance(again, Refusal), again
    assert count_rows(engine, Application) == 1
    assert audit_actions(engine).count("application.draft_created") == 1


def test_a_wrong_code_opens_nothing_and_is_counted(engine: Engine) -> None:
    """A guess is refused and remembered, so guessing runs out."""
    client = fresh_client()
    claim = claim_for(engine, EMAIL, client)
    assert open_draft(engine, claim, wrong_code(latest_code(engine, EMAIL)), client) == \
        Refusal("error.code_wrong", "code")
    assert count_rows(engine, Application) == 0
    assert committed(engine, OneTimeCode, claim.code_id).attempts == 1


def test_after_five_wrong_codes_even_the_right_one_is_dead(engine: Engine, clock: Clock) -> None:
    """Five guesses per code: then the applicant must ask for a new one."""
    client = fresh_client()
    claim = claim_for(engine, EMAIL, client)
    right = latest_code(engine, EMAIL)
    answers = []
    for _ in range(5):
        clock.advance(seconds=PAST_THROTTLE)
        answers.append(open_draft(engine, claim, wrong_code(right), client))
    assert answers == [Refusal("error.code_wrong", "code")] * 4 + [Refusal("error.code_dead", "code")]
    clock.advance(seconds=PAST_THROTTLE)
    assert open_draft(engine, claim, right, client) == Refusal("error.code_dead", "code")
    assert count_rows(engine, Application) == 0


def test_a_code_still_works_just_before_the_end_of_its_life(engine: Engine, clock: Clock) -> None:
    """Ten minutes means ten minutes: a slow applicant is not refused early."""
    client = fresh_client()
    claim = claim_for(engine, EMAIL, client)
    clock.advance(minutes=9, seconds=59)
    assert isinstance(open_draft(engine, claim, latest_code(engine, EMAIL), client), DraftView)


def test_a_claim_older_than_the_code_life_is_expired(engine: Engine, clock: Clock) -> None:
    """A code lives 10 minutes; after that even the right one opens nothing."""
    client = fresh_client()
    claim = claim_for(engine, EMAIL, client)
    clock.advance(minutes=10, seconds=1)
    assert open_draft(engine, claim, latest_code(engine, EMAIL), client) == Refusal("error.code_expired", "code")
    assert count_rows(engine, Application) == 0


# --- references ---------------------------------------------------------------------------------------------


def test_fifty_drafts_get_fifty_distinct_references(engine: Engine) -> None:
    """The reference is what the applicant keeps to find the draft again: it must name one draft."""
    client = fresh_client()
    views = [new_draft(engine, f"applicant{n}@example.org", client=client) for n in range(50)]
    references = {view.reference for view in views}
    assert len(references) == 50
    assert {application.reference for application in applications(engine)} == references
    assert all(reference_pattern("EMP").match(reference) for reference in references)


def test_a_taken_reference_is_drawn_again_and_the_first_draft_is_untouched(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A collision must not fail the applicant, nor overwrite or re-bind somebody else's draft."""
    first = new_draft(engine, EMAIL)
    before = committed(engine, Application, first.application_id).model_dump()
    real_new_reference = drafts._new_reference
    draws: list[str] = []

    def colliding_once(application_type: ApplicationType) -> str:
        reference = first.reference if not draws else real_new_reference(application_type)
        draws.append(reference)
        return reference

    monkeypatch.setattr(drafts, "_new_reference", colliding_once)
    second = new_draft(engine, OTHER_EMAIL)
    assert len(draws) == 2 and draws[0] == first.reference
    assert second.reference == draws[1] != first.reference
    assert committed(engine, Application, first.application_id).model_dump() == before
    stored = committed(engine, Application, second.application_id)
    assert (stored.reference, stored.contact_email) == (second.reference, OTHER_EMAIL)
    assert count_rows(engine, Application) == 2


# --- resume -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("contact", "typed_again", "destination"), [
    (EMAIL, "  AWA.DIOP@example.org ", EMAIL),
    (PHONE_TYPED, "+221771234567", PHONE),
])
def test_the_reference_and_the_same_contact_bring_the_draft_back(
    engine: Engine, contact: str, typed_again: str, destination: str
) -> None:
    """Reference typed in any case with stray spaces, contact typed any way: a code bound to that draft."""
    draft = new_draft(engine, contact)
    client = fresh_client()
    claim = request_resume(engine, f"  {draft.reference.lower()} ", typed_again, client)
    assert isinstance(claim, ContactClaim), claim
    assert claim.application_id == draft.application_id and claim.code_id is not None
    assert claim.hint == mask(destination)
    assert committed(engine, OneTimeCode, claim.code_id).application_id == draft.application_id
    assert len(outbox_bodies(engine, destination)) == 2
    view = resume(engine, claim, latest_code(engine, destination), client)
    assert isinstance(view, DraftView), view
    assert (view.application_id, view.reference, view.status, view.type) == (
        draft.application_id, draft.reference, ApplicationStatus.DRAFT, ApplicationType.EMPLOYEE)
    assert "application.resumed" in audit_actions(engine)


@pytest.mark.parametrize("case", ["wrong reference", "another contact"])
def test_a_mismatch_gets_the_same_answer_but_no_code(engine: Engine, case: str) -> None:
    """Nobody learns whether a reference exists or whose it is: same kind of answer, nothing sent, no way in."""
    draft = new_draft(engine, EMAIL)
    first_code = latest_code(engine, EMAIL)
    before = sent(engine)
    client = fresh_client()
    reference, contact = (("EMP-2026-0000ZZZZ", EMAIL) if case == "wrong reference"
                          else (draft.reference, OTHER_EMAIL))
    claim = request_resume(engine, reference, contact, client)
    assert isinstance(claim, ContactClaim), claim
    assert claim.channel is NotificationChannel.EMAIL
    assert claim.destination == contact and claim.hint == mask(contact)
    assert is_decoy(engine, claim) and claim.application_id is None
    assert sent(engine) == before
    assert outbox_bodies(engine, OTHER_EMAIL) == []
    for code in (first_code, wrong_code(first_code)):
        assert resume(engine, claim, code, client) == Refusal("error.code_wrong", "code")
    assert "application.resumed" not in audit_actions(engine)


def test_what_the_page_shows_is_the_same_for_a_match_and_a_mismatch(engine: Engine, clock: Clock) -> None:
    """The page says "a code was sent to a***@example.org" from what was typed, never from what was found."""
    draft = new_draft(engine, EMAIL)
    real = request_resume(engine, draft.reference, EMAIL, fresh_client())
    clock.advance(seconds=PAST_THROTTLE)
    fake = request_resume(engine, "EMP-2026-0000ZZZZ", EMAIL, fresh_client())
    assert isinstance(real, ContactClaim) and isinstance(fake, ContactClaim)
    assert (real.channel, real.hint) == (fake.channel, fake.hint) == (NotificationChannel.EMAIL, mask(EMAIL))
    stranger = request_resume(engine, draft.reference, OTHER_EMAIL, fresh_client())
    assert isinstance(stranger, ContactClaim)
    assert (stranger.channel, stranger.hint) == (NotificationChannel.EMAIL, mask(OTHER_EMAIL))


def real_and_fake_claims(engine: Engine) -> tuple[tuple[ContactClaim, str], tuple[ContactClaim, str], str]:
    """A resume claim for the draft's own contact and one for a stranger, each from its own client, and the
    code that was really sent."""
    draft = new_draft(engine, EMAIL)
    real_client, fake_client = fresh_client(), fresh_client()
    real = request_resume(engine, draft.reference, EMAIL, real_client)
    fake = request_resume(engine, draft.reference, OTHER_EMAIL, fake_client)
    assert isinstance(real, ContactClaim) and isinstance(fake, ContactClaim)
    return (real, real_client), (fake, fake_client), latest_code(engine, EMAIL)


def test_repeated_wrong_codes_answer_the_same_for_a_match_and_a_mismatch(engine: Engine, clock: Clock) -> None:
    """Guessing six times must not reveal whether a code was really sent (a "dead code" answer would)."""
    (real, real_client), (fake, fake_client), code = real_and_fake_claims(engine)
    real_answers, fake_answers = [], []
    for _ in range(6):
        clock.advance(seconds=PAST_THROTTLE)
        real_answers.append(resume(engine, real, wrong_code(code), real_client))
        fake_answers.append(resume(engine, fake, wrong_code(code), fake_client))
    assert real_answers == fake_answers


def test_an_old_claim_answers_the_same_for_a_match_and_a_mismatch(engine: Engine, clock: Clock) -> None:
    """After ten minutes, "expired" for a real code and "wrong" for none would tell the two apart."""
    (real, real_client), (fake, fake_client), code = real_and_fake_claims(engine)
    clock.advance(minutes=10, seconds=1)
    assert resume(engine, real, code, real_client) == resume(engine, fake, code, fake_client)


def test_a_code_for_one_application_cannot_resume_another(engine: Engine, clock: Clock) -> None:
    """Two drafts of one applicant: each code opens only the draft it was sent for."""
    client = fresh_client()
    a, b = new_draft(engine, EMAIL, client=client), new_draft(engine, EMAIL, client=client)
    claim_a = request_resume(engine, a.reference, EMAIL, client)
    assert isinstance(claim_a, ContactClaim)
    code_a = latest_code(engine, EMAIL)
    clock.advance(seconds=PAST_THROTTLE)
    claim_b = request_resume(engine, b.reference, EMAIL, client)
    assert isinstance(claim_b, ContactClaim)
    code_b = latest_code(engine, EMAIL)
    assert code_a != code_b or claim_a.code_id != claim_b.code_id

    attempts = [
        (claim_a, code_b),  # A's claim, B's code
        (claim_b, code_a),  # B's claim, A's code
        (ContactClaim(claim_a.channel, EMAIL, claim_b.code_id, a.application_id), code_b),  # B's code bound to A
        (ContactClaim(claim_b.channel, EMAIL, claim_a.code_id, b.application_id), code_a),  # A's code bound to B
    ]
    for claim, code in attempts:
        clock.advance(seconds=PAST_THROTTLE)
        assert isinstance(resume(engine, claim, code, client), Refusal), (claim, code)
    assert "application.resumed" not in audit_actions(engine)

    clock.advance(seconds=PAST_THROTTLE)
    view = resume(engine, claim_b, code_b, client)
    assert isinstance(view, DraftView) and view.application_id == b.application_id


def test_a_resume_code_and_a_contact_code_do_not_stand_in_for_each_other(engine: Engine, clock: Clock) -> None:
    """A code sent to resume draft A opens no new draft, and a plain contact code resumes no draft."""
    client = fresh_client()
    draft = new_draft(engine, EMAIL, client=client)
    resume_claim = request_resume(engine, draft.reference, EMAIL, client)
    assert isinstance(resume_claim, ContactClaim)
    resume_code = latest_code(engine, EMAIL)
    unbound = ContactClaim(resume_claim.channel, EMAIL, resume_claim.code_id)
    assert isinstance(open_draft(engine, unbound, resume_code, client), Refusal)
    assert count_rows(engine, Application) == 1

    clock.advance(seconds=PAST_THROTTLE)
    contact_claim = claim_for(engine, EMAIL, client)
    contact_code = latest_code(engine, EMAIL)
    clock.advance(seconds=PAST_THROTTLE)
    bound = ContactClaim(contact_claim.channel, EMAIL, contact_claim.code_id, draft.application_id)
    assert isinstance(resume(engine, bound, contact_code, client), Refusal)
    assert "application.resumed" not in audit_actions(engine)


@pytest.mark.parametrize("status", [ApplicationStatus.APPROVED, ApplicationStatus.WITHDRAWN])
def test_a_decided_or_withdrawn_application_cannot_be_resumed(engine: Engine, status: ApplicationStatus) -> None:
    """Once credentials are issued (or the applicant gave up), the reference no longer opens anything."""
    draft = new_draft(engine, EMAIL)
    set_status(engine, draft.application_id, status)
    before = sent(engine)
    client = fresh_client()
    claim = request_resume(engine, draft.reference, EMAIL, client)
    assert isinstance(claim, ContactClaim), claim
    assert is_decoy(engine, claim) and claim.hint == mask(EMAIL)
    assert sent(engine) == before
    assert resume(engine, claim, latest_code(engine, EMAIL), client) == Refusal("error.code_wrong", "code")
    assert "application.resumed" not in audit_actions(engine)


# --- throttling ---------------------------------------------------------------------------------------------


def test_codes_to_one_destination_slow_down_whatever_the_client(engine: Engine, clock: Clock) -> None:
    """Nobody can spray codes at someone's phone: after the free sends, the next one must wait."""
    answers = [send(engine, EMAIL, fresh_client()) for _ in range(3)]
    assert all(isinstance(answer, ContactClaim) for answer in answers), answers
    refused = send(engine, EMAIL, fresh_client())
    assert isinstance(refused, Refusal) and refused.key == "error.wait", refused
    assert isinstance(refused.params["seconds"], int) and refused.params["seconds"] > 0
    assert sent(engine) == (3, 3)
    clock.advance(seconds=refused.params["seconds"])
    assert isinstance(send(engine, EMAIL, fresh_client()), ContactClaim)
