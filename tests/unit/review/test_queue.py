"""The staff queue against a real database: open applications only, oldest first, every filter in SQL, the
overdue flag from each step's due time (its target after its start), and a revision that moves with every change."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from models import Application
from models.enums import ApplicationStatus, ApplicationType, Role
from models.types import utc_now
from ssas_portal.services.core.db import transaction
from ssas_portal.services.documents.storage import LocalStorage
from ssas_portal.services.review import queue
from ssas_portal.services.review.queue import QueueFilter
from tests.support.review import QUEUE_NOW, claim, open_row, staff, submitted

NOW = QUEUE_NOW


def shown(engine: Engine, viewer: int = 0, limit: int = 200, **chosen: str) -> list[str]:
    with Session(engine) as session:
        return [row.reference for row in queue.queue(session, viewer, QueueFilter(**chosen), now=NOW, limit=limit)]


def revision(engine: Engine) -> str:
    with Session(engine) as session:
        return queue.revision(session)


def test_only_open_applications_oldest_submitted_first(engine: Engine) -> None:
    newest = open_row(engine, submitted_hours_ago=1)
    oldest = open_row(engine, status=ApplicationStatus.INFORMATION_REQUESTED, submitted_hours_ago=50)
    middle = open_row(engine, status=ApplicationStatus.IN_REVIEW, submitted_hours_ago=10)
    for status in (ApplicationStatus.DRAFT, ApplicationStatus.APPROVED, ApplicationStatus.REJECTED,
                   ApplicationStatus.WITHDRAWN):
        open_row(engine, status=status, submitted_hours_ago=100)
    assert shown(engine) == [oldest, middle, newest]
    assert shown(engine, limit=2) == [oldest, middle]


def test_a_row_says_what_the_board_shows(engine: Engine) -> None:
    clerk = staff(engine, Role.STAFF_CLERK)
    reference = open_row(engine, kind=ApplicationType.EMPLOYER, status=ApplicationStatus.IN_REVIEW,
                         submitted_hours_ago=75.5, step="second_approval", step_hours_ago=49,
                         assignee=clerk.account_id)
    with Session(engine) as session:
        [row] = queue.queue(session, 0, QueueFilter(), now=NOW)
    assert (row.reference, row.type, row.status, row.step) == (reference, "employer", "in_review", "second_approval")
    assert (row.assignee_id, row.assignee_name) == (clerk.account_id, "Staff staff_clerk")
    assert (row.submitted_at, row.age_hours, row.overdue, row.version) == (NOW - timedelta(hours=75.5), 75, True, 1)


def test_filters_by_type_status_and_step(engine: Engine) -> None:
    employee = open_row(engine, submitted_hours_ago=3)
    employer = open_row(engine, kind=ApplicationType.EMPLOYER, status=ApplicationStatus.IN_REVIEW,
                        step="second_approval", submitted_hours_ago=2)
    approval = open_row(engine, status=ApplicationStatus.IN_REVIEW, step="approval", submitted_hours_ago=1)
    assert shown(engine, type="employer") == [employer]
    assert shown(engine, type="employee") == [employee, approval]
    assert shown(engine, status="in_review") == [employer, approval]
    assert shown(engine, status="submitted") == [employee]
    assert shown(engine, step="approval") == [approval]
    assert shown(engine, type="employee", status="in_review", step="approval") == [approval]
    assert shown(engine, type="employer", step="approval") == []


def test_filters_by_assignee(engine: Engine) -> None:
    me, colleague = staff(engine, Role.STAFF_CLERK), staff(engine, Role.STAFF_CLERK)
    mine = open_row(engine, status=ApplicationStatus.IN_REVIEW, assignee=me.account_id, submitted_hours_ago=3)
    theirs = open_row(engine, status=ApplicationStatus.IN_REVIEW, assignee=colleague.account_id, submitted_hours_ago=2)
    nobody = open_row(engine, submitted_hours_ago=1)
    assert shown(engine, me.account_id or 0, assignee="me") == [mine]
    assert shown(engine, colleague.account_id or 0, assignee="me") == [theirs]
    assert shown(engine, me.account_id or 0, assignee="nobody") == [nobody]


def test_filters_by_age(engine: Engine) -> None:
    fresh = open_row(engine, submitted_hours_ago=5)
    two_days = open_row(engine, submitted_hours_ago=49)
    week = open_row(engine, submitted_hours_ago=24 * 8)
    assert shown(engine, age="1d") == [week, two_days]
    assert shown(engine, age="3d") == [week]
    assert shown(engine, age="7d") == [week]
    assert fresh in shown(engine)


def test_overdue_is_the_step_target_of_the_workflow(engine: Engine) -> None:
    # document_check has 48 h; approval 24 h; an employer's second_approval 48 h
    late_check = open_row(engine, submitted_hours_ago=60, step_hours_ago=49)
    on_time_check = open_row(engine, submitted_hours_ago=59, step_hours_ago=47)
    late_approval = open_row(engine, status=ApplicationStatus.IN_REVIEW, step="approval", submitted_hours_ago=58,
                             step_hours_ago=25)
    on_time_second = open_row(engine, kind=ApplicationType.EMPLOYER, status=ApplicationStatus.IN_REVIEW,
                              step="second_approval", submitted_hours_ago=57, step_hours_ago=25)
    assert shown(engine, age="overdue") == [late_check, late_approval]
    with Session(engine) as session:
        flags = {row.reference: row.overdue for row in queue.queue(session, 0, QueueFilter(), now=NOW)}
    assert flags == {late_check: True, on_time_check: False, late_approval: True, on_time_second: False}


def test_waiting_for_the_applicant_is_never_overdue(engine: Engine) -> None:
    late_check = open_row(engine, submitted_hours_ago=60, step_hours_ago=49)
    waiting = open_row(engine, status=ApplicationStatus.INFORMATION_REQUESTED, submitted_hours_ago=59,
                       step_hours_ago=49)
    assert shown(engine, age="overdue") == [late_check]
    with Session(engine) as session:
        flags = {row.reference: row.overdue for row in queue.queue(session, 0, QueueFilter(), now=NOW)}
    assert flags == {late_check: True, waiting: False}


def test_overdue_after_moving_a_real_claim_back_in_time(engine: Engine, storage: LocalStorage) -> None:
    clerk = staff(engine, Role.STAFF_CLERK)
    application_id = submitted(engine, storage)
    claim(engine, clerk, application_id)
    assert shown(engine, age="overdue") == []
    with transaction(engine) as session:
        application = session.get_one(Application, application_id)
        application.step_started_at = utc_now() - timedelta(hours=49)
        application.step_due_at = application.step_started_at + timedelta(hours=48)
    with Session(engine) as session:
        [row] = queue.queue(session, clerk.account_id or 0, QueueFilter(age="overdue", assignee="me"))
    assert row.application_id == application_id and row.overdue and row.step == "document_check"


def test_unknown_filter_values_filter_nothing(engine: Engine) -> None:
    references = [open_row(engine, submitted_hours_ago=2), open_row(engine, submitted_hours_ago=1)]
    assert shown(engine, type="robot", status="approved", step="'; drop table application; --",
                 assignee="everyone", age="2d") == references


def test_revision_changes_after_a_submission_and_a_claim(engine: Engine, storage: LocalStorage) -> None:
    empty = revision(engine)
    assert revision(engine) == empty
    application_id = submitted(engine, storage)
    after_submission = revision(engine)
    assert after_submission != empty and revision(engine) == after_submission
    claim(engine, staff(engine, Role.STAFF_CLERK), application_id)
    assert revision(engine) not in {empty, after_submission}


def test_revision_sees_a_change_stamped_before_the_newest_but_committed_after(engine: Engine) -> None:
    first = open_row(engine, submitted_hours_ago=2)
    open_row(engine, submitted_hours_ago=1)
    before = revision(engine)
    with transaction(engine) as session:  # an older stamp than the newest, as a slower transaction commits it
        row = session.exec(select(Application).where(Application.reference == first)).one()
        row.version, row.updated_at = row.version + 1, NOW - timedelta(hours=1, seconds=5)
    assert revision(engine) != before
