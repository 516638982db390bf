"""The server key: configured in production, made once and kept private in development, never a constant."""

from __future__ import annotations

import stat
from pathlib import Path

from ssas_portal.services.core import server_key


def test_a_development_key_is_made_once_readable_only_by_its_owner(tmp_path: Path) -> None:
    key_file = tmp_path / "data" / "secret.key"
    first = server_key._key_for(None, key_file)
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert server_key._key_for(None, key_file) == first
    other = server_key._key_for(None, tmp_path / "elsewhere" / "secret.key")
    assert other != first


def test_a_configured_key_wins_and_changes_every_derived_value(tmp_path: Path) -> None:
    key_file = tmp_path / "secret.key"
    assert server_key._key_for("one", key_file) != server_key._key_for("two", key_file)
    assert not key_file.exists()


def test_encryption_round_trips_and_refuses_a_foreign_token() -> None:
    token = server_key.encrypt("JBSWY3DPEHPK3PXP")
    assert token != "JBSWY3DPEHPK3PXP"
    assert server_key.decrypt(token) == "JBSWY3DPEHPK3PXP"
    assert server_key.decrypt(token[:-4] + "AAAA") is None
