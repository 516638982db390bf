"""Saving a draft and submitting it: one transaction that submits, audits and notifies, or changes nothing;
conditional documents refused with a clear message; a double submission answers with the same reference;
random input from a browser never makes the server fail nor submits anything."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from models import Application, AuditEvent, Document, Notification
from models.enums import ApplicationStatus, ApplicationType, NotificationChannel, NotificationStatus
from ssas_portal.services.applications import lifecycle, registration
from ssas_portal.services.applications.registration import MAX_DRAFT_BYTES, Submitted
from ssas_portal.services.core import audit, i18n
from ssas_portal.services.core.db import transaction
from ssas_portal.services.core.errors import Refusal
from ssas_portal.services.documents.storage import LocalStorage
from ssas_portal.services.forms import rules
from ssas_portal.services.forms.definitions import FormDefinition, definition
from ssas_portal.services.messaging import notifications as notification_service
from tests.support.applications import application, attach, draft_row, open_draft, submit, unique_email
from tests.support.documents import pdf_bytes
from tests.support.forms import CONDITIONAL, MANDATORY, MINOR, VALID, values
from tests.support.refusals import outcome
from tests.support.rows import count_rows


def form(kind: str) -> FormDefinition:
    return definition(kind)


# --- fixtures and steps, each in its own transaction as the app runs them ---------------------------------


def save(engine: Engine, application_id: int, sent: dict[str, Any]) -> Refusal | None:
    return outcome(engine, lambda session: registration.save_draft(session, application_id, sent))


def events(engine: Engine, action: str, application_id: int | None = None) -> list[AuditEvent]:
    query = select(AuditEvent).where(AuditEvent.action == action)
    if application_id is not None:
        query = query.where(AuditEvent.entity_type == "application", AuditEvent.entity_id == str(application_id))
    with Session(engine) as session:
        return list(session.exec(query.order_by(AuditEvent.id)))  # type: ignore[arg-type]


def notifications(engine: Engine, destination: str | None = None) -> list[Notification]:
    query = select(Notification)
    if destination is not None:
        query = query.where(Notification.destination == destination)
    with Session(engine) as session:
        return list(session.exec(query.order_by(Notification.id)))  # type: ignore[arg-type]


def state_of(engine: Engine, application_id: int) -> dict[str, Any]:
    """What a refusal must leave untouched: the row, its submitted event, the notifications."""
    row = application(engine, application_id)
    return {"status": row.status, "form_data": row.form_data, "version": row.version,
            "submitted_at": row.submitted_at, "updated_at": row.updated_at,
            "submitted_events": len(events(engine, "application.submitted", application_id)),
            "notifications": count_rows(engine, Notification)}


def keyed(found: Any) -> set[tuple[str, str]]:
    assert isinstance(found, list), f"expected problems, got {found!r}"
    return {(problem.field, problem.key) for problem in found}


def named(problem: Any, field: str, name: str) -> bool:
    """`problem` is on `field` with a catalog key ending in `name` that both catalogs say (the key's prefix
    belongs to the catalog's layout, not to these tests)."""
    return (isinstance(problem, Refusal) and problem.field == field and problem.key.rsplit(".", 1)[-1] == name
            and all(problem.key in i18n.catalog(language) for language in i18n.LANGUAGES))


def only(found: Any, field: str, name: str) -> bool:
    """A refusal made of that one problem."""
    return isinstance(found, list) and len(found) == 1 and named(found[0], field, name)


def ready_draft(engine: Engine, storage: LocalStorage, kind: str = "employee", *extra: str) -> int:
    """A draft with the form's mandatory documents (and `extra` ones) attached."""
    application_id = draft_row(engine, kind)
    attach(engine, storage, application_id, *MANDATORY[kind], *extra)
    return application_id


# --- a complete submission ----------------------------------------------------------------------------------


def test_a_complete_employee_submission_is_submitted_audited_and_notified(engine: Engine,
                                                                          storage: LocalStorage) -> None:
    """The status, the normalised answers, the audit event and the notification are committed together."""
    contact = unique_email()
    view = open_draft(engine, "employee", contact)
    attach(engine, storage, view.application_id, *MANDATORY["employee"])
    before = application(engine, view.application_id)
    sent = values("employee")

    answer = submit(engine, view.application_id, sent)

    assert answer == Submitted(view.reference, again=False)
    row = application(engine, view.application_id)
    assert row.status is ApplicationStatus.SUBMITTED
    assert row.reference == view.reference
    assert row.submitted_at is not None and row.submitted_at >= before.created_at
    assert row.updated_at == row.submitted_at
    assert row.version == before.version + 1
    cleaned = rules.clean(form("employee"), sent)
    assert row.form_data == cleaned
    assert (row.form_data["email"], row.form_data["phone"], row.form_data["national_id_number"]) == (
        "awa.diop@example.org", "+221771234567", "1234567890123")  # normalised, not as typed

    submitted = events(engine, "application.submitted")
    assert len(submitted) == 1
    assert (submitted[0].entity_type, submitted[0].entity_id, submitted[0].actor_role) == (
        "application", str(view.application_id), "applicant")
    assert (submitted[0].before, submitted[0].after) == ({"status": "draft"}, {"status": "submitted"})
    with Session(engine) as session:
        assert audit.verify_chain(session)[1] is None

    sent_out = notifications(engine)
    assert len(sent_out) == 1
    notice = sent_out[0]
    assert (notice.destination, notice.channel, notice.template, notice.language, notice.status) == (
        contact, NotificationChannel.EMAIL, "application_submitted", "fr", NotificationStatus.QUEUED)
    assert notice.payload == {"reference": view.reference}
    assert count_rows(engine, Document) == 2


def test_an_applicant_known_by_phone_is_told_by_sms(engine: Engine, storage: LocalStorage) -> None:
    """The notification goes to the contact the draft was opened with, a phone here."""
    phone = f"+22177{uuid.uuid4().int % 10_000_000:07d}"
    view = open_draft(engine, "voluntary_contributor", phone)
    attach(engine, storage, view.application_id, *MANDATORY["voluntary_contributor"])
    assert submit(engine, view.application_id, values("voluntary_contributor")) == Submitted(view.reference, False)
    [notice] = notifications(engine)
    assert (notice.destination, notice.channel, notice.payload) == (phone, NotificationChannel.SMS,
                                                                    {"reference": view.reference})


@pytest.mark.parametrize("kind", list(ApplicationType))
def test_each_form_submits_with_its_documents(kind: ApplicationType, engine: Engine, storage: LocalStorage) -> None:
    """Every one of the six forms goes through with its valid answers and mandatory documents, and not
    without them: each missing document is named."""
    application_id = draft_row(engine, kind)
    found = submit(engine, application_id, values(kind))
    assert keyed(found) == {(f"document.{need}", "form.error.document_missing") for need in MANDATORY[kind]}
    assert application(engine, application_id).status is ApplicationStatus.DRAFT

    attach(engine, storage, application_id, *MANDATORY[kind])
    answer = submit(engine, application_id, values(kind))
    assert isinstance(answer, Submitted) and answer.again is False
    row = application(engine, application_id)
    assert (row.status, answer.reference) == (ApplicationStatus.SUBMITTED, row.reference)
    assert row.form_data == rules.clean(form(kind), values(kind))
    assert len(events(engine, "application.submitted", application_id)) == 1
    assert len(notifications(engine, row.contact_email)) == 1


# --- submitting twice -------------------------------------------------------------------------------------


def test_a_second_submission_answers_the_same_reference_and_does_nothing_more(engine: Engine,
                                                                                storage: LocalStorage) -> None:
    """A double click or a retry after a lost connection: one submission, one event, one notification."""
    view = open_draft(engine)
    attach(engine, storage, view.application_id, *MANDATORY["employee"])
    first = submit(engine, view.application_id, values("employee"))
    after_first = state_of(engine, view.application_id)

    second = submit(engine, view.application_id, values("employee"))
    retry_with_other_answers = submit(engine, view.application_id, {"last_name": ""}, declaration=False)

    assert first == Submitted(view.reference, again=False)
    assert second == retry_with_other_answers == Submitted(view.reference, again=True)
    assert state_of(engine, view.application_id) == after_first
    assert count_rows(engine, Application) == 1
    assert len(events(engine, "application.submitted")) == 1
    assert len(notifications(engine)) == 1


def _someone_waits_for_a_lock(engine: Engine) -> bool:
    if engine.dialect.name != "postgresql":
        return False
    with engine.connect() as connection:
        return bool(connection.execute(sa.text(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
            " AND datname = current_database() AND query ILIKE '%FROM application%FOR UPDATE%'"
        )).scalar())


def test_two_racing_submissions_make_one_submission(engine: Engine, storage: LocalStorage,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Two requests at once (two workers, a double click): the second reads the draft while the first has not
    committed yet; it must still answer with the same reference and add no second event nor notification."""
    application_id = ready_draft(engine, storage)
    reference = application(engine, application_id).reference
    second_has_read = threading.Event()
    locked = lifecycle.locked

    def spying(session: Session, wanted: int) -> Application | None:
        found = locked(session, wanted)
        if threading.current_thread().name == "second":
            second_has_read.set()
        return found

    monkeypatch.setattr(lifecycle, "locked", spying)
    answers: dict[str, Any] = {}

    def second() -> None:
        try:
            answers["second"] = submit(engine, application_id, values("employee"))
        except Exception as error:  # reported by the assertions below, not lost in the thread
            answers["second"] = error

    with transaction(engine) as session:
        answers["first"] = registration.submit(session, application_id, values("employee"), declaration=True)
        racer = threading.Thread(target=second, name="second", daemon=True)
        racer.start()
        deadline = time.monotonic() + 30
        while not (second_has_read.is_set() or _someone_waits_for_a_lock(engine)):
            assert time.monotonic() < deadline, "the second submission never reached the database"
            time.sleep(0.02)
    racer.join(90)
    assert not racer.is_alive()

    assert answers["first"] == Submitted(reference, again=False)
    assert answers["second"] == Submitted(reference, again=True)
    assert len(events(engine, "application.submitted", application_id)) == 1
    assert len(notifications(engine)) == 1


# --- conditional documents --------------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "changes", "needed", "label"), CONDITIONAL.values(), ids=CONDITIONAL.keys())
def test_a_conditional_document_is_required_with_a_clear_message(kind: str, changes: dict[str, Any], needed: str,
                                                                 label: str, engine: Engine,
                                                                 storage: LocalStorage) -> None:
    """'married' needs the marriage certificate, a guardian of a minor the guardianship order (and so on):
    without it the submission is refused, naming the document, and nothing changes; with it, it goes through."""
    application_id = ready_draft(engine, storage, kind)
    sent = values(kind, **changes)
    before = state_of(engine, application_id)

    found = submit(engine, application_id, sent)

    assert found == [Refusal("form.error.document_missing", f"document.{needed}")]
    assert rules.message(found[0], "fr", form(kind)) == f"Ajoutez le document demandé : {label}."
    english = form(kind).documents[[one.kind for one in form(kind).documents].index(needed)].label.in_language("en")
    assert english in rules.message(found[0], "en", form(kind))
    assert state_of(engine, application_id) == before
    assert events(engine, "application.submitted") == [] and notifications(engine) == []

    attach(engine, storage, application_id, needed)
    answer = submit(engine, application_id, sent)
    assert isinstance(answer, Submitted) and answer.again is False
    row = application(engine, application_id)
    assert row.status is ApplicationStatus.SUBMITTED
    assert row.form_data == rules.clean(form(kind), sent)
    assert all(row.form_data[name] for name in changes)  # the condition's answers are kept


def test_without_the_condition_the_document_is_not_asked_for(engine: Engine, storage: LocalStorage) -> None:
    """A single employee is not asked for a marriage certificate (nor a survivor for themselves a guardianship
    order): the mandatory documents are enough."""
    employee = ready_draft(engine, storage, "employee")
    survivor = ready_draft(engine, storage, "survivor")
    assert isinstance(submit(engine, employee, values("employee", civil_status="single")), Submitted)
    assert isinstance(submit(engine, survivor, values("survivor", applying_for_minor="false", **MINOR)), Submitted)
    assert "minor_last_name" not in application(engine, survivor).form_data  # hidden answers are not kept


# --- refusals ---------------------------------------------------------------------------------------------


def test_no_declaration_is_refused(engine: Engine, storage: LocalStorage) -> None:
    """Everything else is right, but the declaration is not ticked: one problem, nothing saved."""
    application_id = ready_draft(engine, storage)
    before = state_of(engine, application_id)
    found = submit(engine, application_id, values("employee"), declaration=False)
    assert only(found, "declaration", "declaration"), found
    assert isinstance(found, list)
    assert rules.message(found[0], "fr", form("employee")) == i18n.translate("fr", found[0].key)
    assert "déclaration" in rules.message(found[0], "fr", form("employee"))
    assert state_of(engine, application_id) == before
    assert notifications(engine) == []


def test_invalid_answers_are_refused_naming_the_fields(engine: Engine, storage: LocalStorage) -> None:
    """A birth date in the future and a bad e-mail address: problems on those fields, nothing saved."""
    application_id = ready_draft(engine, storage)
    before = state_of(engine, application_id)
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    found = submit(engine, application_id, values("employee", date_of_birth=tomorrow, email="awa@"))
    assert keyed(found) == {("date_of_birth", "form.error.date_in_future"), ("email", "form.error.email")}
    assert isinstance(found, list)
    assert "Date de naissance" in rules.message(found[0], "fr", form("employee"))
    assert state_of(engine, application_id) == before
    assert events(engine, "application.submitted") == [] and notifications(engine) == []


def test_every_problem_is_told_at_once(engine: Engine) -> None:
    """Bad answers, missing documents and no declaration come back together, so the applicant fixes all."""
    application_id = draft_row(engine, "employee")
    found = submit(engine, application_id, values("employee", last_name="", civil_status="married"), declaration=False)
    assert isinstance(found, list), found
    assert all(problem.key in i18n.catalog("en") for problem in found)
    assert {(problem.field, problem.key.rsplit(".", 1)[-1]) for problem in found} == {
        ("last_name", "required"), ("declaration", "declaration"),
        *{(f"document.{need}", "document_missing") for need in [*MANDATORY["employee"], "marriage_certificate"]}}
    assert application(engine, application_id).status is ApplicationStatus.DRAFT


def test_an_unknown_application_cannot_be_submitted(engine: Engine) -> None:
    assert only(submit(engine, 987_654, values("employee")), "", "not_a_draft")
    assert notifications(engine) == [] and events(engine, "application.submitted") == []


def test_an_application_past_submission_is_not_submitted_again(engine: Engine, storage: LocalStorage) -> None:
    """Once staff have decided, a late submit (a retry) changes nothing and answers with the reference."""
    application_id = ready_draft(engine, storage)
    with transaction(engine) as session:
        row = session.get_one(Application, application_id)
        row.status = ApplicationStatus.REJECTED
        session.add(row)
    before = state_of(engine, application_id)
    reference = application(engine, application_id).reference
    assert submit(engine, application_id, values("employee")) == Submitted(reference, again=True)
    assert state_of(engine, application_id) == before


# --- a failure mid-way ------------------------------------------------------------------------------------


def _fail_on_audit(monkeypatch: pytest.MonkeyPatch, reached: list[str]) -> None:
    real = audit.record

    def failing(session: Session, actor: Any, action: str, *args: Any, **kwargs: Any) -> Any:
        if action == "application.submitted":
            reached.append(session.get_one(Application, args[1]).status.value)
            raise RuntimeError("the database went away")
        return real(session, actor, action, *args, **kwargs)

    monkeypatch.setattr(audit, "record", failing)


def _fail_on_notification(monkeypatch: pytest.MonkeyPatch, reached: list[str]) -> None:
    def failing(**fields: Any) -> Notification:
        reached.append("notification")
        raise RuntimeError("the database went away")

    monkeypatch.setattr(notification_service, "Notification", failing)


@pytest.mark.parametrize("breaks", [_fail_on_audit, _fail_on_notification], ids=["audit", "notification"])
def test_a_failure_mid_way_saves_nothing_and_the_draft_stays(breaks: Callable[..., None], engine: Engine,
                                                           storage: LocalStorage,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """The status has changed in the session when the audit event (or the notification) fails: the whole
    transaction rolls back, the applicant keeps the draft with its answers, and can submit again."""
    application_id = ready_draft(engine, storage)
    typed = values("employee", last_name="  diop ")
    assert save(engine, application_id, typed) is None
    before = state_of(engine, application_id)
    reached: list[str] = []
    with monkeypatch.context() as patch:
        breaks(patch, reached)
        with pytest.raises(RuntimeError, match="went away"):
            submit(engine, application_id, values("employee"))

    assert reached and reached[0] in {"submitted", "notification"}
    assert state_of(engine, application_id) == before
    row = application(engine, application_id)
    assert (row.status, row.form_data, row.submitted_at) == (ApplicationStatus.DRAFT, typed, None)
    assert notifications(engine) == [] and events(engine, "application.submitted") == []
    assert count_rows(engine, Document) == len(MANDATORY["employee"])  # the attached documents stay

    assert isinstance(submit(engine, application_id, values("employee")), Submitted)


# --- drafts -----------------------------------------------------------------------------------------------


def test_save_draft_keeps_the_answers_as_typed_and_audits_only_what_changed(engine: Engine) -> None:
    """No normalising nor checking while drafting; each save counts a version; the audit shows the change."""
    view = open_draft(engine)
    start = application(engine, view.application_id).version
    typed = {"last_name": "  diop ", "email": "Awa.Diop@Example.ORG", "date_of_birth": "31/02/1990",
             "dependants": [{"first_names": "Moussa"}], "is_doctor": True}

    assert save(engine, view.application_id, typed) is None
    row = application(engine, view.application_id)
    assert (row.form_data, row.version, row.status) == (typed, start + 1, ApplicationStatus.DRAFT)
    assert row.updated_at is not None

    changed = {**typed, "email": "awa@example.org"}
    del changed["is_doctor"]
    assert save(engine, view.application_id, changed) is None
    row = application(engine, view.application_id)
    assert (row.form_data, row.version) == (changed, start + 2)

    first, second = events(engine, "application.draft_saved", view.application_id)
    assert (first.before, first.after) == ({name: None for name in typed}, typed)
    assert (second.before, second.after) == ({"email": "Awa.Diop@Example.ORG", "is_doctor": True},
                                             {"email": "awa@example.org", "is_doctor": None})
    assert notifications(engine) == []


def test_save_draft_refuses_a_submitted_application(engine: Engine, storage: LocalStorage) -> None:
    """A submitted application is final: its answers cannot be changed by saving a draft."""
    application_id = ready_draft(engine, storage)
    assert isinstance(submit(engine, application_id, values("employee")), Submitted)
    before = state_of(engine, application_id)
    saved_events = len(events(engine, "application.draft_saved"))

    refused = save(engine, application_id, {"last_name": "Fall"})
    assert named(refused, "", "not_a_draft"), refused
    assert named(save(engine, 987_654, {"last_name": "Fall"}), "", "not_a_draft")
    assert "brouillon" in rules.message(refused, "fr", form("employee"))  # type: ignore[arg-type]
    assert state_of(engine, application_id) == before
    assert len(events(engine, "application.draft_saved")) == saved_events


def test_save_draft_refuses_an_oversized_draft(engine: Engine) -> None:
    """Answers larger than the limit are refused without changing the draft; just under it is kept."""
    application_id = draft_row(engine)
    assert save(engine, application_id, {"last_name": "Diop"}) is None
    before = state_of(engine, application_id)

    refused = save(engine, application_id, {"notes": "x" * (MAX_DRAFT_BYTES + 1)})
    assert named(refused, "", "too_large"), refused
    assert named(save(engine, application_id, {"dependants": [{"notes": "é" * 1000}] * 250}), "", "too_large")
    assert state_of(engine, application_id) == before
    assert len(events(engine, "application.draft_saved", application_id)) == 1
    assert rules.message(refused, "fr", form("employee")).startswith("Ces réponses")  # type: ignore[arg-type]

    assert save(engine, application_id, {"notes": "x" * (MAX_DRAFT_BYTES // 2)}) is None
    assert application(engine, application_id).version == before["version"] + 1


@pytest.mark.parametrize("number", [float("nan"), float("inf"), float("-inf")], ids=["nan", "inf", "-inf"])
def test_save_draft_of_a_number_json_cannot_hold_is_not_a_server_error(number: float, engine: Engine) -> None:
    """Reflex reads socket frames with json.loads, which takes NaN and Infinity: a crafted frame must get an
    answer (kept, or refused with a problem and nothing changed), never an exception from the database."""
    application_id = draft_row(engine)
    before = state_of(engine, application_id)
    answer = save(engine, application_id, {"last_name": "Diop", "declared_income": number})
    if answer is None:
        assert application(engine, application_id).version == before["version"] + 1
    else:
        assert isinstance(answer, Refusal)
        assert state_of(engine, application_id) == before


# --- random input -----------------------------------------------------------------------------------------

PLAUSIBLE = st.sampled_from([
    "", " ", "true", "false", "married", "single", "passport", "national_id_card", "female", "2000-01-01",
    "29/02/2023", "2999-01-01", "+221 77 123 45 67", "awa@example.org", "8610", "150 000,50", "-1", "NaN",
    "1234567890123", "DEUTDEFF",
])
TEXT = st.text(max_size=40) | st.text(alphabet=st.characters(codec="utf-8"), max_size=200) | PLAUSIBLE
HUGE = st.builds(lambda piece, times: piece * times, st.text(min_size=1, max_size=3), st.integers(3_000, 30_000))
SCALAR = st.none() | st.booleans() | st.integers() | st.floats() | TEXT | HUGE
NESTED = st.recursive(SCALAR, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
                      max_leaves=12)


def browser_values(kind: str) -> st.SearchStrategy[dict[str, Any]]:
    """Dicts with the form's own keys and random ones; values of any shape, groups of random entries; and
    the valid answers with a few of them replaced."""
    fields = form(kind).all_fields()
    names = [field.name for field in fields]
    sub_names = sorted({sub.name for field in fields for sub in field.fields or []}) or ["x"]
    entry = st.dictionaries(st.sampled_from(sub_names) | TEXT, SCALAR | NESTED, max_size=6)
    value = SCALAR | NESTED | st.lists(entry | NESTED, max_size=5)
    random_form = st.dictionaries(st.sampled_from(names) | TEXT, value, max_size=25)
    spoilt = st.dictionaries(st.sampled_from(sorted(VALID[kind])), value, min_size=1, max_size=4).map(
        lambda changes: values(kind, **changes))
    return random_form | spoilt


@pytest.mark.parametrize("kind", ["employee", "survivor"])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_random_input_never_fails_nor_submits(kind: str, data: st.DataObject, engine: Engine,
                                             storage: LocalStorage) -> None:
    """Whatever a browser sends, submit answers with problems (each rendered without a gap in both languages)
    and leaves the draft as it was, or, when the answers happen to be valid, submits them cleaned."""
    application_id = ready_draft(engine, storage, kind)
    sent = data.draw(browser_values(kind), label="sent")
    declaration = data.draw(st.booleans(), label="declaration")
    before = state_of(engine, application_id)

    answer = submit(engine, application_id, sent, declaration=declaration)

    if isinstance(answer, Submitted):
        assert declaration and rules.validate_all(form(kind), sent) == []
        assert application(engine, application_id).form_data == rules.clean(form(kind), sent)
        return
    assert answer and all(isinstance(problem, Refusal) for problem in answer)
    assert rules.UNEXPECTED not in {problem.key for problem in answer}
    for problem in answer:
        for language in i18n.LANGUAGES:
            assert "{" not in rules.message(problem, language, form(kind))
    assert state_of(engine, application_id) == before
    assert application(engine, application_id).status is ApplicationStatus.DRAFT
    assert events(engine, "application.submitted", application_id) == []


# --- the wizard's documents -------------------------------------------------------------------------------


def attach_file(engine: Engine, storage: LocalStorage, application_id: int, kind: str,
                data: bytes | None = None, name: str = "scan.pdf") -> registration.Attached | Refusal:
    return outcome(engine, lambda session: registration.attach_document(session, application_id, kind,
                                                                        data or pdf_bytes(), name, storage=storage))


def test_a_document_attached_twice_keeps_only_the_newest(engine: Engine, storage: LocalStorage) -> None:
    application_id = draft_row(engine)
    first = attach_file(engine, storage, application_id, "birth_certificate", name="first.pdf")
    second = attach_file(engine, storage, application_id, "birth_certificate", name="second.pdf")
    assert isinstance(first, registration.Attached) and isinstance(second, registration.Attached)
    with Session(engine) as session:
        contents = registration.draft_contents(session, application_id)
    assert contents is not None
    assert [(one.kind, one.name) for one in contents.documents] == [("birth_certificate", "second.pdf")]
    assert len(events(engine, "document.deleted")) == 1
    assert len([path for path in storage.root.rglob("*") if path.is_file()]) == 1  # the replaced bytes are gone


@pytest.mark.parametrize("kind, data, key", [
    ("birth_certificate", b"MZ\x90\x00 not a pdf", "error.document_type"),
    ("not_a_document_of_this_form", None, "submit.invalid"),
    ("guardianship_order", None, "submit.invalid"),
])
def test_a_document_the_form_does_not_take_is_refused_and_nothing_kept(kind: str, data: bytes | None, key: str,
                                                                       engine: Engine, storage: LocalStorage) -> None:
    application_id = draft_row(engine)
    refused = attach_file(engine, storage, application_id, kind, data)
    assert isinstance(refused, Refusal) and refused.key == key
    assert count_rows(engine, Document) == 0


def test_only_a_draft_takes_or_drops_documents(engine: Engine, storage: LocalStorage) -> None:
    application_id = ready_draft(engine, storage)
    with Session(engine) as session:
        kept = session.exec(select(Document.id).where(Document.application_id == application_id)).first()
    assert isinstance(submit(engine, application_id, values("employee")), Submitted)
    refused = attach_file(engine, storage, application_id, "birth_certificate")
    assert isinstance(refused, Refusal) and refused.key == "submit.not_a_draft"
    with transaction(engine) as session:
        assert registration.remove_document(session, application_id, kept or 0, storage=storage) is False
    assert count_rows(engine, Document) == len(MANDATORY["employee"])


def test_a_draft_drops_only_its_own_documents(engine: Engine, storage: LocalStorage) -> None:
    mine, theirs = draft_row(engine), draft_row(engine)
    other = attach_file(engine, storage, theirs, "birth_certificate")
    assert isinstance(other, registration.Attached)
    with transaction(engine) as session:
        assert registration.remove_document(session, mine, other.id, storage=storage) is False
    own = attach_file(engine, storage, mine, "birth_certificate")
    assert isinstance(own, registration.Attached)
    with transaction(engine) as session:
        assert registration.remove_document(session, mine, own.id, storage=storage) is True
    with Session(engine) as session:
        their_contents = registration.draft_contents(session, theirs)
        my_contents = registration.draft_contents(session, mine)
        assert their_contents is not None and my_contents is not None
        assert [one.id for one in their_contents.documents] == [other.id]
        assert my_contents.documents == []
        assert registration.draft_contents(session, 10**9) is None


@pytest.mark.parametrize(("kind", "changes", "needed", "label"), CONDITIONAL.values(), ids=CONDITIONAL.keys())
def test_a_document_the_answers_do_not_ask_for_is_refused(kind: str, changes: dict[str, Any], needed: str,
                                                          label: str, engine: Engine, storage: LocalStorage) -> None:
    """The marriage certificate of someone single is refused, nothing stored; once the answers ask for it
    (as typed, before they are saved), it is taken."""
    application_id = draft_row(engine, kind)

    def attach_with(answers: dict[str, Any]) -> registration.Attached | Refusal:
        return outcome(engine, lambda session: registration.attach_document(
            session, application_id, needed, pdf_bytes(), "scan.pdf", answers=answers, storage=storage))

    refused = attach_with(values(kind))
    assert refused == Refusal("form.error.document_not_asked", f"document.{needed}")
    assert count_rows(engine, Document) == 0
    assert isinstance(attach_with(values(kind, **changes)), registration.Attached)
