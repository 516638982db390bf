"""Who may do what: roles, and for organisation and guardian roles, on whose behalf.

Returns the role that allows the action, or None after auditing the refusal, so the refusal is committed
with the caller's transaction instead of being rolled back by an exception.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from sqlmodel import Session, select

from models import Account, AccountRole
from models.enums import STAFF_ROLES, Role
from ssas_portal.services.core import audit
from ssas_portal.services.core.audit import Actor
from ssas_portal.services.identity import sessions

ACTION_NAME = re.compile(r"[a-z_]{1,30}(\.[a-z_]{1,30}){1,3}")
"""An action is named by the code ("review.decide"), never by a client: a name outside this shape is a bug,
and it never reaches the audit trail."""


def _checked(action: str) -> str:
    if not isinstance(action, str) or not ACTION_NAME.fullmatch(action):
        raise ValueError(f"not an action name: {str(action)[:40]!r}")
    return action


def grants_of(session: Session, account_id: int) -> list[AccountRole]:
    return list(session.exec(select(AccountRole).where(AccountRole.account_id == account_id)))


def allowed_role(
    session: Session,
    account: Account | None,
    allowed: Collection[Role],
    *,
    action: str,
    scope_party_id: int | None = None,
) -> Role | None:
    """The first of the account's roles in `allowed` that covers `scope_party_id` (staff cover every party)."""
    action = _checked(action)
    if account is not None and account.is_active:
        for grant in grants_of(session, account.id or 0):
            covers = scope_party_id is None or grant.role in STAFF_ROLES or grant.scope_party_id == scope_party_id
            if grant.role in allowed and covers:
                return grant.role
    audit.record(
        session, Actor(account.id if account else None, "anonymous" if account is None else "self"),
        "access.refused", "action", action,
        after={"needs": sorted(role.value for role in allowed), "scope_party_id": scope_party_id},
    )
    return None


def landing_path(session: Session, account: Account) -> str:
    """Where an account lands after signing in: activation first, then the staff board or the dashboard."""
    if account.must_change_password:
        return "/activate"
    if any(grant.role in STAFF_ROLES for grant in grants_of(session, account.id or 0)):
        return "/staff"
    return "/dashboard"


@dataclass(frozen=True)
class Grant:
    account_id: int
    display_name: str
    role: Role
    must_activate: bool = False


def authorise(
    session: Session,
    token: str,
    allowed: Collection[Role],
    *,
    action: str,
    scope_party_id: int | None = None,
    allow_pending: bool = False,
    touch: bool = True,
) -> Grant | None:
    """The signed-in account and the role it acts in, or None (refusal audited) for anyone else. An account
    still waiting for activation is refused everything but the activation itself (`allow_pending`)."""
    action = _checked(action)
    account = sessions.resolve(session, token, touch=touch)
    if account is not None and account.must_change_password and not allow_pending:
        audit.record(session, Actor(account.id, "self"), "access.refused", "action", action,
                     after={"reason": "activation pending"})
        return None
    role = allowed_role(session, account, allowed, action=action, scope_party_id=scope_party_id)
    if account is None or role is None:
        return None
    return Grant(account.id or 0, account.display_name, role, account.must_change_password)
