"""The server's secret: keys the code hashes (HMAC) and encrypts TOTP secrets at rest.

Production reads it from SSAS_SECRET_KEY (shared by every worker). A development portal makes a random one
once and keeps it beside the SQLite database, so nothing secret is ever a constant in the code.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import secrets
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken

from ssas_portal.settings import PROJECT_ROOT, get_settings

DEVELOPMENT_KEY_FILE = PROJECT_ROOT / "data" / "secret.key"


@functools.cache
def _key_for(configured: str | None, key_file: Path) -> bytes:
    if configured:
        return hashlib.sha256(configured.encode()).digest()
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(32))
        key_file.chmod(0o600)
    return hashlib.sha256(key_file.read_text().strip().encode()).digest()


def server_key() -> bytes:
    configured = get_settings().secret_key
    return _key_for(configured.get_secret_value() if configured else None, DEVELOPMENT_KEY_FILE)


def keyed_hash(value: str) -> str:
    return hmac.new(server_key(), value.encode(), hashlib.sha256).hexdigest()


def _fernet() -> Fernet:
    return Fernet(base64.urlsafe_b64encode(server_key()))


def encrypt(text: str) -> str:
    return _fernet().encrypt(text.encode()).decode()


def decrypt(token: str) -> str | None:
    """None when the token was not made with this key (rotated key, tampered row)."""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        return None
