"""Password hashing with argon2id and the length policy (12 to 128 characters, no composition rules)."""

from __future__ import annotations

import functools
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn.frequency_lists import FREQUENCY_LISTS

from ssas_portal.services.core.errors import Refusal

MIN_LENGTH = 12
MAX_LENGTH = 128
_hasher = PasswordHasher()


@functools.cache
def common_passwords() -> frozenset[str]:
    """zxcvbn's whole list of 30,000 passwords ranked by frequency in leaked sets. The 10,000 most common
    alone hold only 56 passwords of 12 characters or more, so the whole list is what protects here."""
    return frozenset(FREQUENCY_LISTS["passwords"])


def check_policy(password: str) -> None:
    """Length only (no composition rules), and never one of the most common passwords."""
    if len(password) < MIN_LENGTH:
        raise Refusal("error.password_too_short", "password", minimum=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        raise Refusal("error.password_too_long", "password", maximum=MAX_LENGTH)
    if password.lower() in common_passwords():
        raise Refusal("error.password_common", "password")


def hash_password(password: str) -> str:
    check_policy(password)
    return _hasher.hash(password)


def verify(password_hash: str | None, password: str) -> bool:
    """Constant work whether or not there is a hash, so timing says nothing about the account."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def one_time_password() -> str:
    """A random first password shown once; 20 URL-safe characters (about 120 bits)."""
    return secrets.token_urlsafe(15)


_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))
