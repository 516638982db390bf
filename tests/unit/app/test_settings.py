"""Settings: sensible defaults for a fresh machine, and one clear line naming the setting for a bad value."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from ssas_portal.services.core.db import check_connection, engine_for
from ssas_portal.settings import PROJECT_ROOT, Language, OtpProvider, Settings, SettingsError, get_settings, load
from tests.support.cli import clean_environment, run_cli
from tests.support.text import one_line


@pytest.fixture(autouse=True)
def no_ssas_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts from an environment with no portal setting, whatever the caller exported."""
    for name in Settings.model_fields:
        monkeypatch.delenv(f"SSAS_{name.upper()}", raising=False)
    get_settings.cache_clear()


def load_error(monkeypatch: pytest.MonkeyPatch, **environment: str) -> str:
    """The one-line message `load()` raises for this environment."""
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as refused:
        load()
    return one_line(str(refused.value))


def test_defaults_need_nothing_installed() -> None:
    """A fresh user's machine has no PostgreSQL, Redis or AWS: SQLite under data/, French, outbox."""
    settings = load()
    url = make_url(settings.database_url)
    assert url.get_backend_name() == "sqlite"
    assert Path(url.database or "").parent == PROJECT_ROOT / "data"
    assert settings.redis_url is None
    assert settings.default_language is Language.FR
    assert settings.otp_provider is OtpProvider.OUTBOX
    assert settings.notification_provider is OtpProvider.OUTBOX


@pytest.mark.parametrize(
    ("environment", "named"),
    [
        ({"SSAS_DATABASE_URL": "bogus"}, "SSAS_DATABASE_URL"),
        ({"SSAS_DATABASE_URL": "mysql://user@localhost/ssas"}, "SSAS_DATABASE_URL"),
        ({"SSAS_ENV": "prod"}, "SSAS_ENV"),
        ({"SSAS_REDIS_URL": "http://x"}, "SSAS_REDIS_URL"),
        ({"SSAS_DOCUMENT_STORAGE": "s3"}, "SSAS_S3_BUCKET"),
        ({"SSAS_OTP_PROVIDER": "pinpoint"}, "SSAS_PINPOINT_APPLICATION_ID"),
        ({"SSAS_ENV": "production", "SSAS_SECRET_KEY": "k"}, "SSAS_OTP_PROVIDER"),
        ({"SSAS_OTP_PROVIDER": "pinpoint", "SSAS_PINPOINT_APPLICATION_ID": "a1"}, "SSAS_ORIGINATION_IDENTITY"),
        (
            {"SSAS_ENV": "production", "SSAS_OTP_PROVIDER": "totp", "SSAS_NOTIFICATION_PROVIDER": "sms",
             "SSAS_ORIGINATION_IDENTITY": "SSAS"},
            "SSAS_SECRET_KEY",
        ),
        ({"SSAS_NOTIFICATION_PROVIDER": "totp"}, "SSAS_NOTIFICATION_PROVIDER"),
        ({"SSAS_ADMIN_EMAIL": "not-an-email"}, "SSAS_ADMIN_EMAIL"),
    ],
    ids=[
        "not-a-url", "mysql", "env-prod", "redis-http", "s3-no-bucket", "pinpoint-no-app", "production-outbox",
        "pinpoint-no-sender", "production-no-secret", "totp-cannot-send",
        "admin-email",
    ],
)
def test_bad_value_gives_one_line_naming_the_setting(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str], named: str
) -> None:
    """Operators fix the environment from one line, not from a pydantic traceback."""
    assert named in load_error(monkeypatch, **environment)


def test_unreachable_database_names_the_setting_in_one_line() -> None:
    """Start-up against a database that does not answer says which setting to fix."""
    engine = engine_for("postgresql+psycopg://postgres@127.0.0.1:1/test?connect_timeout=5")
    with pytest.raises(SettingsError) as refused:
        check_connection(engine)
    assert one_line(str(refused.value)).startswith("SSAS_DATABASE_URL:")


@pytest.mark.parametrize("url", ["bogus", "sqlite:////proc/no-such-folder/ssas.db"])
def test_cli_with_a_bad_setting_exits_2_with_one_line_and_no_traceback(url: str) -> None:
    """The admin CLI is an entry point: a bad setting stops it cleanly, with exit status 2."""
    result = run_cli("migrate", env=clean_environment(SSAS_DATABASE_URL=url))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "SSAS_DATABASE_URL" in one_line(result.stderr)
