"""`bench-board`: the staff queue and the live board's revision on a large synthetic backlog.

The backlog mimics a registry in steady state: OPEN_SHARE of the applications are still open (submitted, in
review or waiting for information), the rest decided years ago; types, steps, holders (BENCH_STAFF accounts)
and step ages are drawn with a fixed seed. Each query is one of the board's filter combinations for a random
viewer. The baseline is the one-statement query a first version would write (every open status at once,
ordered by submission date, cut at the limit), timed on the same filters in the same run; `same_answers`
says whether both give the same rows in the same order for every filter.

The backlog is built once per database and size and reused by later runs (build figures are then null).
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from models import Account, Application
from models.enums import ApplicationStatus, ApplicationType
from models.types import utc_now
from ssas_portal.services.applications.lifecycle import OPEN_STATUSES
from ssas_portal.services.core.db import engine_for
from ssas_portal.services.forms import workflows
from ssas_portal.services.review import queue
from ssas_portal.services.review.queue import QueueFilter

OPEN_SHARE = 0.03
BENCH_STAFF = 20
BATCH = 20_000
MARKER = "BNB-"
"""Bench applications' references start with this, clear of any real reference."""
FILTERS = [QueueFilter(), QueueFilter(type="employee"), QueueFilter(status="in_review"),
           QueueFilter(step="approval"), QueueFilter(assignee="me"), QueueFilter(assignee="nobody"),
           QueueFilter(age="overdue"), QueueFilter(age="7d"), QueueFilter(type="employer", age="overdue")]


def _staff(session: Session) -> list[int]:
    wanted = [f"bench.staff.{number}@bench.invalid" for number in range(BENCH_STAFF)]
    found = dict(session.exec(select(Account.email, Account.id).where(col(Account.email).in_(wanted))).all())
    for email in wanted:
        if email not in found:
            account = Account(email=email, display_name=email.split("@")[0], must_change_password=False)
            session.add(account)
            session.flush()
            found[email] = account.id
    # Every id is there, read back or just flushed; the filter only tells the type checker so.
    return [account_id for email in wanted if (account_id := found[email]) is not None]


def _row(number: int, rng: random.Random, now: datetime, staff: list[int]) -> dict[str, object]:
    kind = rng.choice(list(ApplicationType))
    submitted = now - timedelta(minutes=rng.randrange(3 * 365 * 24 * 60))
    is_open = rng.random() < OPEN_SHARE
    status = rng.choice(OPEN_STATUSES) if is_open else rng.choice((ApplicationStatus.APPROVED,
                                                                   ApplicationStatus.REJECTED))
    steps = workflows.catalog().workflow(kind).steps
    step = rng.choice(steps).name if is_open else None
    started = now - timedelta(hours=rng.randrange(24 * 10)) if is_open else None
    target = next((one.target_hours for one in steps if one.name == step), 0)
    return {"reference": f"{MARKER}{number:010d}", "type": kind.value, "status": status.value, "form_data": {},
            "language": "fr", "current_step": step, "step_started_at": started, "version": 1,
            "step_due_at": started + timedelta(hours=target) if started else None,
            "assignee_account_id": rng.choice(staff) if is_open and rng.random() < 0.4 else None,
            "created_at": submitted, "submitted_at": submitted, "updated_at": submitted,
            "decided_at": None if is_open else submitted + timedelta(days=3)}


def _build(engine: Engine, size: int) -> float | None:
    """Fill the backlog up to `size` bench applications; the seconds it took, or None when it was there."""
    with Session(engine) as session:
        have = session.exec(select(sa.func.count()).where(col(Application.reference).startswith(MARKER))).one()
    if have >= size:
        return None
    started, rng, now = time.perf_counter(), random.Random(20261130), utc_now()
    with Session(engine) as session, session.begin():
        staff = _staff(session)
    table = Application.__table__
    for first in range(have, size, BATCH):
        rows = [_row(number, rng, now, staff) for number in range(first, min(first + BATCH, size))]
        with engine.begin() as connection:
            connection.execute(sa.insert(table), rows)
    with engine.begin() as connection:
        connection.execute(sa.text("ANALYZE"))
    return round(time.perf_counter() - started, 1)


def _naive(session: Session, viewer_id: int, chosen: QueueFilter, now: datetime) -> list[int]:
    """The one-statement queue: every open status at once, ordered by submission, cut at the limit."""
    statuses = [status for status in OPEN_STATUSES if status.value == chosen.status] or list(OPEN_STATUSES)
    query = (select(Application.id).where(col(Application.status).in_(statuses),
                                          *queue.filter_conditions(viewer_id, chosen, now))
             .order_by(col(Application.submitted_at), col(Application.id)).limit(200))
    return [found or 0 for found in session.exec(query).all()]


def _timed(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def _figures(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {"p50": round(statistics.median(ordered), 2), "p95": round(ordered[int(len(ordered) * 0.95) - 1], 2),
            "p99": round(ordered[int(len(ordered) * 0.99) - 1], 2)}


def run(size: int, queries: int, url: str, migrate: Callable[[str], None]) -> dict[str, object]:
    migrate(url)
    engine = engine_for(url)
    built = _build(engine, size)
    rng, now = random.Random(7), utc_now()
    with Session(engine) as session:
        staff = _staff(session)
        queue.queue(session, staff[0], QueueFilter(), now)
        plan = [(rng.choice(staff), FILTERS[number % len(FILTERS)]) for number in range(queries)]
        ours = [_timed(partial(queue.queue, session, viewer, chosen, now)) for viewer, chosen in plan]
        naive = [_timed(partial(_naive, session, viewer, chosen, now)) for viewer, chosen in plan]
        revision = [_timed(lambda: queue.revision(session)) for _ in range(min(queries, 200))]
        same = all([row.application_id for row in queue.queue(session, staff[0], chosen, now)]
                   == _naive(session, staff[0], chosen, now) for chosen in FILTERS)
        open_count = session.exec(select(sa.func.count()).where(col(Application.status).in_(OPEN_STATUSES))).one()
    mine, baseline = _figures(ours), _figures(naive)
    return {"backend": engine.dialect.name, "applications": size, "open": open_count, "queries": queries,
            "build_s": built, "queue_ms": mine, "one_statement_ms": baseline,
            "speed_up_p50": round(baseline["p50"] / mine["p50"], 2), "revision_ms": _figures(revision),
            "same_answers": same}
