"""The staff queue: open applications, oldest submitted first, filtered in the database, and a cheap
revision that the live board polls to know when to read the queue again.

Kept fast at millions of rows: each open status is read on its own through ix_application_status_submitted_at
(ordered, cut at the limit) and the few rows left are merged, so no query sorts the whole backlog; the
assignee's name is joined only to those rows, and the form's answers are never read.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from models import Account, Application
from models.enums import ApplicationStatus, ApplicationType
from models.types import utc_now
from ssas_portal.services.applications.lifecycle import OPEN_STATUSES
from ssas_portal.services.forms import workflows

ASSIGNEES = ("me", "nobody")
AGES = {"1d": 1, "3d": 3, "7d": 7}
OVERDUE = "overdue"
LATE_COMMIT = timedelta(seconds=30)
"""A change stamped this long before the newest one may still commit after it: the revision lists them."""


@dataclass(frozen=True)
class QueueFilter:
    """What the board asks for; "" means any. Values come from the browser and are checked by `queue`."""

    type: str = ""
    status: str = ""
    step: str = ""
    assignee: str = ""  # "", "me", "nobody"
    age: str = ""  # "", "overdue", "1d", "3d", "7d" (submitted more than N days ago)


@dataclass(frozen=True)
class QueueRow:
    application_id: int
    reference: str
    type: str
    status: str
    step: str
    assignee_name: str
    assignee_id: int | None
    submitted_at: datetime
    age_hours: int
    overdue: bool
    version: int


def step_names() -> list[str]:
    """Every step name of the catalog, in workflow order, once."""
    return list(dict.fromkeys(step.name for workflow in workflows.catalog().workflows for step in workflow.steps))


def filter_conditions(viewer_id: int, chosen: QueueFilter, now: datetime) -> list[sa.ColumnElement[bool]]:
    """The filters as SQL; a value that is not one of the known ones filters nothing."""
    conditions: list[sa.ColumnElement[bool]] = []
    if chosen.type in {kind.value for kind in ApplicationType}:
        conditions.append(col(Application.type) == ApplicationType(chosen.type))
    if chosen.step in step_names():
        conditions.append(col(Application.current_step) == chosen.step)
    if chosen.assignee == "me":
        conditions.append(col(Application.assignee_account_id) == viewer_id)
    elif chosen.assignee == "nobody":
        conditions.append(col(Application.assignee_account_id).is_(None))
    if chosen.age == OVERDUE:  # waiting for the applicant is nobody's delay at the administration
        conditions.append(sa.and_(col(Application.step_due_at) < now,
                                  col(Application.status) != ApplicationStatus.INFORMATION_REQUESTED))
    elif chosen.age in AGES:
        conditions.append(col(Application.submitted_at) < now - timedelta(days=AGES[chosen.age]))
    return conditions


def _statuses(chosen: QueueFilter) -> tuple[ApplicationStatus, ...]:
    picked = next((status for status in OPEN_STATUSES if status.value == chosen.status), None)
    return OPEN_STATUSES if picked is None else (picked,)


def queue(session: Session, viewer_id: int, chosen: QueueFilter, now: datetime | None = None,
          limit: int = 200) -> list[QueueRow]:
    """Open applications matching `chosen`, oldest submitted first, at most `limit`."""
    now = now or utc_now()
    conditions = filter_conditions(viewer_id, chosen, now)
    # One's own files are few: read through the assignee index at once (per status, each scan would read
    # every open application of that status to find them).
    groups = [_statuses(chosen)] if chosen.assignee == "me" else [(status,) for status in _statuses(chosen)]
    per_status = [
        select(Application.id)
        .where(col(Application.status).in_(group), col(Application.submitted_at).is_not(None), *conditions)
        .order_by(col(Application.submitted_at), col(Application.id))
        .limit(limit)
        .subquery()
        for group in groups
    ]
    ids = sa.union_all(*[select(one.c.id) for one in per_status]).subquery()
    rows = session.exec(
        # sqlmodel's select() takes any number of columns, but its overloads stop at four (and mypy, trying
        # them, gives up on the union combinations): the library's typing, not this call.
        select(  # type: ignore[call-overload, misc]
            Application.id, Application.reference, Application.type, Application.status,
            Application.current_step, Application.assignee_account_id, Account.display_name,
            Application.submitted_at, Application.step_due_at, Application.version,
        )
        .join(ids, ids.c.id == col(Application.id))
        .join(Account, col(Account.id) == col(Application.assignee_account_id), isouter=True)
        .order_by(col(Application.submitted_at), col(Application.id))
        .limit(limit)
    ).all()
    return [
        QueueRow(application_id=application_id or 0, reference=reference, type=kind.value, status=status.value,
                 step=step or "", assignee_name=name or "", assignee_id=assignee, submitted_at=submitted,
                 age_hours=max(0, int((now - submitted).total_seconds() // 3600)),
                 overdue=due is not None and due < now and status is not ApplicationStatus.INFORMATION_REQUESTED,
                 version=version)
        for application_id, reference, kind, status, step, assignee, name, submitted, due, version in rows
        if submitted is not None
    ]


def revision(session: Session) -> str:
    """Changes whenever an application changes: every submission, claim and decision stamps `updated_at` and
    applications are never deleted. Read through ix_application_updated_at only, so its cost does not grow
    with the backlog: the newest stamp, and the versions of the rows stamped shortly before it, so that a
    transaction committing after a later-stamped one is not missed."""
    newest = session.exec(select(func.max(Application.updated_at))).one()
    if newest is None:
        return ""
    # Sorted here, not by ORDER BY id: that would lead SQLite to scan the table in id order.
    recent = sorted(session.exec(select(Application.id, Application.version)
                                 .where(col(Application.updated_at) >= newest - LATE_COMMIT)).all())
    digest = hashlib.sha256(",".join(f"{one}:{version}" for one, version in recent).encode()).hexdigest()[:16]
    return f"{newest.isoformat()}|{digest}"


def count_by_status(session: Session) -> dict[ApplicationStatus, int]:
    """Every status with its count, zeros included, in workflow order (the staff landing page)."""
    rows = session.exec(select(Application.status, sa.func.count()).group_by(Application.status)).all()
    counts = dict(rows)
    return {status: counts.get(status, 0) for status in ApplicationStatus}
