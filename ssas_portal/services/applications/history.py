"""An application's history: what happened to it, oldest first, for staff (with names and internal notes)
or for the applicant (without them, nor claims)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, col, select

from models import Account, Application, ReviewAction
from models.enums import PUBLIC_REVIEW_ACTIONS


@dataclass(frozen=True)
class Entry:
    """One line of an application's history; `note` and `actor` are for staff only."""

    occurred_at: Any
    kind: str
    step: str | None
    reasons: list[str] = field(default_factory=list)
    message: str = ""
    note: str = ""
    actor: str = ""


def of_application(session: Session, application_id: int, *, for_applicant: bool) -> list[Entry]:
    """What happened, oldest first. The applicant's timeline leaves out claims, internal notes and names."""
    application = session.get(Application, application_id)
    if application is None:
        return []
    rows = session.exec(select(ReviewAction, Account.display_name)
                        .join(Account, col(Account.id) == col(ReviewAction.actor_account_id), isouter=True)
                        .where(ReviewAction.application_id == application_id)
                        .order_by(col(ReviewAction.occurred_at), col(ReviewAction.id))).all()
    entries = [Entry(application.submitted_at, "submitted", None)] if application.submitted_at else []
    for action, name in rows:
        if for_applicant and action.kind not in PUBLIC_REVIEW_ACTIONS:
            continue
        entries.append(Entry(action.occurred_at, action.kind.value, action.step, list(action.reasons or []),
                             action.message or "", "" if for_applicant else action.note or "",
                             "" if for_applicant else name or ""))
    return entries
