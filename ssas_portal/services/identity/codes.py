"""One-time codes: issue one for a purpose and a destination, check it at most five times within its life.

The portal's own codes are 6 random digits stored only as a keyed hash; a CodeKeeper provider (Pinpoint)
keeps the code and the portal stores only the reference bound to the purpose and the request.
"""

from __future__ import annotations

import hmac
import logging
import secrets
from datetime import timedelta
from enum import StrEnum

from sqlmodel import Session, select

from models import OneTimeCode
from models.enums import CodePurpose, NotificationChannel
from models.types import utc_now
from ssas_portal.services.core import audit
from ssas_portal.services.core.audit import Actor
from ssas_portal.services.core.privacy import mask
from ssas_portal.services.core.server_key import keyed_hash
from ssas_portal.services.messaging.delivery import CodeKeeper, CodeRequest, DeliveryError
from ssas_portal.services.messaging.providers import code_provider, provider_named
from ssas_portal.settings import OtpProvider, get_settings

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5
DECOY_PROVIDER = "none"
CODE_DIGITS = 6


class CodeCheck(StrEnum):
    ACCEPTED = "accepted"
    WRONG = "wrong"
    EXHAUSTED = "exhausted"
    EXPIRED = "expired"
    UNAVAILABLE = "unavailable"


REFUSALS = {CodeCheck.WRONG: "error.code_wrong", CodeCheck.EXHAUSTED: "error.code_dead",
            CodeCheck.EXPIRED: "error.code_expired", CodeCheck.UNAVAILABLE: "error.unavailable"}
"""What a person is told of each failed check."""
NEEDS_NEW_CODE = frozenset({"error.code_dead", "error.code_expired"})
"""Refusals after which the person must ask for a new code."""


def _request(row: OneTimeCode, language: str) -> CodeRequest:
    minutes = max(1, round((row.expires_at - row.created_at).total_seconds() / 60))
    return CodeRequest(row.purpose, row.channel, row.destination, language, row.reference_id, minutes)


def issue(
    session: Session,
    *,
    purpose: CodePurpose,
    channel: NotificationChannel,
    destination: str,
    language: str,
    account_id: int | None = None,
    application_id: int | None = None,
) -> OneTimeCode:
    """Make and send a code; a DeliveryError leaves nothing behind (the caller's transaction rolls back)."""
    provider = code_provider(get_settings())
    code = None if isinstance(provider, CodeKeeper) else f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    row = _stored(session, purpose, channel, destination, provider.name, code, account_id, application_id)
    provider.send_code(session, _request(row, language), code)
    audit.record(
        session, Actor(account_id, "anonymous"), "code.sent", "one_time_code", row.id,
        after={"purpose": purpose.value, "channel": channel.value, "destination": mask(destination),
               "provider": provider.name},
    )
    return row


def _stored(session: Session, purpose: CodePurpose, channel: NotificationChannel, destination: str,
            provider_name: str, code: str | None, account_id: int | None, application_id: int | None) -> OneTimeCode:
    now = utc_now()
    reference_id = f"{purpose.value}-{secrets.token_hex(12)}"  # at most 45 characters, 96 random bits
    row = OneTimeCode(
        purpose=purpose, channel=channel, destination=destination, account_id=account_id,
        application_id=application_id, provider=provider_name, reference_id=reference_id,
        code_hash=keyed_hash(f"{reference_id}:{code}") if code else None, max_attempts=MAX_ATTEMPTS,
        created_at=now, expires_at=now + timedelta(minutes=get_settings().code_ttl_minutes),
    )
    session.add(row)
    session.flush()
    return row


def decoy(session: Session, *, purpose: CodePurpose, channel: NotificationChannel, destination: str) -> OneTimeCode:
    """A code that is never sent and can never match, for an unknown address or reference: its tries are then
    answered exactly like a real code's (wrong, dead after five, expired after its life)."""
    return _stored(session, purpose, channel, destination, DECOY_PROVIDER, secrets.token_urlsafe(24), None, None)


def check(session: Session, code_id: int, code: str, *, purpose: CodePurpose, account_id: int | None = None,
          application_id: int | None = None, language: str = "fr") -> CodeCheck:
    """Count the attempt whatever its outcome; the caller commits so a wrong try is never forgotten.
    A code only serves its purpose, and the account or application it was sent for."""
    row = session.exec(select(OneTimeCode).where(OneTimeCode.id == code_id).with_for_update()).first()
    bound = row is not None and (row.account_id, row.application_id) == (account_id, application_id)
    if row is None or row.purpose is not purpose or not bound:
        return CodeCheck.EXPIRED
    if row.consumed_at is not None or utc_now() >= row.expires_at:
        return CodeCheck.EXPIRED
    if row.attempts >= row.max_attempts:
        return CodeCheck.EXHAUSTED
    row.attempts += 1
    candidate = code.strip()[:12]
    if row.code_hash is None:
        provider = provider_named(OtpProvider(row.provider), get_settings())
        try:
            accepted = isinstance(provider, CodeKeeper) and provider.verify_code(_request(row, language), candidate)
        except DeliveryError as failure:
            log.warning("code %s not checked: %s", row.id, failure.detail)
            session.add(row)
            return CodeCheck.UNAVAILABLE
    else:
        accepted = hmac.compare_digest(keyed_hash(f"{row.reference_id}:{candidate}"), row.code_hash)
    if accepted:
        row.consumed_at = utc_now()
    session.add(row)
    outcome = CodeCheck.ACCEPTED if accepted else (
        CodeCheck.EXHAUSTED if row.attempts >= row.max_attempts else CodeCheck.WRONG)
    audit.record(session, Actor(row.account_id, "anonymous"), f"code.{outcome.value}", "one_time_code", row.id,
                 after={"attempts": row.attempts})
    return outcome
