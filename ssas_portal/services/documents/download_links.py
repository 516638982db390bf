"""Short-lived signed download links for applicants without an account.

An applicant proves their draft only in server-side state, which a plain GET cannot see; the state mints a
link that carries the application it proved, bound to one document and an expiry, and signed with the
server key so the route can trust it without a session. The purpose string keeps these signatures apart
from every other HMAC of that key (code hashes, throttle keys).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import time

from ssas_portal.services.core.server_key import server_key

PURPOSE = b"ssas-portal document-download link v1\x00"
DEFAULT_LIFETIME_SECONDS = 120
MAX_TOKEN_LENGTH = 128
# document id . application id . expiry (Unix seconds) . unpadded base64url HMAC-SHA256
_TOKEN = re.compile(r"([0-9]{1,18})\.([0-9]{1,18})\.([0-9]{1,12})\.([A-Za-z0-9_-]{43})")


def _signature(payload: str) -> str:
    digest = hmac.new(server_key(), PURPOSE + payload.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def sign(document_id: int, application_id: int, *, lifetime_seconds: int = DEFAULT_LIFETIME_SECONDS,
         now: float | None = None) -> str:
    """A URL-safe token letting its bearer download `document_id` as the holder of `application_id`."""
    expires = int((time.time() if now is None else now) + lifetime_seconds)
    payload = f"{document_id}.{application_id}.{expires}"
    return f"{payload}.{_signature(payload)}"


def verify(token: str, document_id: int, *, now: float | None = None) -> int | None:
    """The application id the token was signed for, when it is authentic, unexpired and for `document_id`;
    None for anything else, without saying why."""
    match = _TOKEN.fullmatch(token) if len(token) <= MAX_TOKEN_LENGTH else None
    if match is None:
        return None
    signed_document, application_id, expires, signature = match.groups()
    payload = f"{signed_document}.{application_id}.{expires}"
    if not hmac.compare_digest(_signature(payload), signature):
        return None
    if int(signed_document) != document_id or (time.time() if now is None else now) >= int(expires):
        return None
    return int(application_id)
