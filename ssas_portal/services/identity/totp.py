"""Authenticator apps (RFC 6238): enrolment with a QR code, and codes accepted once per time step."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pyotp
import segno
from sqlmodel import Session

from models import Account
from models.enums import SecondFactor
from ssas_portal.services.core import audit
from ssas_portal.services.core.audit import Actor
from ssas_portal.services.core.server_key import decrypt, encrypt

ISSUER = "SSAS e-Services"
VALID_WINDOW = 1  # one 30-second step either side, for clocks that drift


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, email: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def qr_code_svg(uri: str) -> str:
    """An SVG data URI of the enrolment QR code, rendered on the server (nothing sent elsewhere)."""
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=2)


def _matching_step(secret: str, code: str, at: float) -> int | None:
    totp = pyotp.TOTP(secret)
    candidate = code.strip()
    if not (candidate.isdigit() and len(candidate) == totp.digits):
        return None
    current = totp.timecode(datetime.fromtimestamp(at, UTC))
    for step in range(current - VALID_WINDOW, current + VALID_WINDOW + 1):
        if pyotp.utils.strings_equal(totp.generate_otp(step), candidate):
            return step
    return None


def confirm_enrolment(session: Session, account: Account, secret: str, code: str, *, at: float | None = None) -> bool:
    """Store the secret (encrypted) once the first code proves the app has it."""
    step = _matching_step(secret, code, at or time.time())
    if step is None:
        return False
    account.totp_secret = encrypt(secret)
    account.last_totp_step = step
    account.second_factor = SecondFactor.TOTP
    session.add(account)
    audit.record(session, Actor(account.id, "self"), "totp.enrolled", "account", account.id)
    return True


def verify(session: Session, account: Account, code: str, *, at: float | None = None) -> bool:
    """A valid code whose time step is newer than the last one used (a replayed code is refused)."""
    secret = decrypt(account.totp_secret) if account.totp_secret else None
    if secret is None:
        return False
    step = _matching_step(secret, code, at or time.time())
    if step is None or (account.last_totp_step is not None and step <= account.last_totp_step):
        return False
    account.last_totp_step = step
    session.add(account)
    return True
