"""The admin CLI, run in-process against the test database: bootstrap, create-staff, seed."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, select

from models import Account, Employment, IsicActivity, Person, Relationship
from models.enums import Role, SecondFactor
from ssas_portal.services.identity import passwords
from ssas_portal.settings import get_settings
from tests.support.cli import clean_environment, run, run_cli
from tests.support.identity import roles_of
from tests.support.rows import count_rows
from tests.support.text import one_line

ONE_TIME_PASSWORD = re.compile(r"one-time password:\s+(\S+)")
DEMO_TABLES: list[type[SQLModel]] = [Person, Employment, Relationship]


def create_staff(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                 password: str, *extra: str) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{password}\n"))
    return run(capsys, "create-staff", "--email", "Clerk@Example.org", "--name", "Fatou Sow", "--role", "staff_clerk",
               *extra)


def demo_counts(engine: Engine) -> list[int]:
    return [count_rows(engine, model) for model in DEMO_TABLES]


def test_bootstrap_shows_the_first_password_once(engine: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    """The operator sees the administrator's one-time password on the first start only, and it works."""
    status, out, _ = run(capsys, "bootstrap")
    assert status == 0
    email = get_settings().admin_email
    assert email in out
    shown = ONE_TIME_PASSWORD.search(out)
    assert shown is not None
    with Session(engine) as session:
        admin = session.exec(select(Account).where(Account.email == email)).one()
    assert passwords.verify(admin.password_hash, shown.group(1))
    status, out, _ = run(capsys, "bootstrap")
    assert status == 0 and "password" not in out


def test_create_staff_reads_the_password_from_stdin(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = create_staff(monkeypatch, capsys, "correct horse battery")
    assert status == 0 and "clerk@example.org" in out
    with Session(engine) as session:
        account = session.exec(select(Account)).one()
        assert roles_of(session, account.id) == {Role.STAFF_CLERK}
    assert account.email == "clerk@example.org"
    assert passwords.verify(account.password_hash, "correct horse battery")


def test_create_staff_with_a_phone_gets_codes_by_sms(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, _ = create_staff(monkeypatch, capsys, "correct horse battery", "--phone", "+221 77 123 45 67")
    assert status == 0
    with Session(engine) as session:
        account = session.exec(select(Account)).one()
    assert (account.phone, account.second_factor) == ("+221771234567", SecondFactor.SMS_CODE)


def test_create_staff_with_a_bad_phone_says_why_and_creates_nothing(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = create_staff(monkeypatch, capsys, "correct horse battery", "--phone", "12")
    assert status == 2 and "mobile number" in one_line(err)
    assert count_rows(engine, Account) == 0


def test_create_staff_with_a_short_password_says_why_in_one_line(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An operator gets an English sentence and exit status 2; no account is half-created."""
    status, _, err = create_staff(monkeypatch, capsys, "short")
    assert status == 2
    assert one_line(err) == "ssas-portal: The password must have at least 12 characters."
    assert count_rows(engine, Account) == 0


def test_seed_demo_loads_demo_records_once(engine: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    """Demo people, an employment and a survivor link exist after seeding; seeding again adds nothing."""
    assert run(capsys, "seed", "--demo")[0] == 0
    loaded = demo_counts(engine)
    assert loaded[0] > 0 and loaded[1:] == [1, 1]
    status, out, _ = run(capsys, "seed", "--demo")
    assert status == 0 and "demo data: 0 records added" in out
    assert demo_counts(engine) == loaded


def test_seed_demo_is_refused_in_production(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Fake people must never reach a production registry; the refusal loads nothing at all."""
    for name, value in {"SSAS_ENV": "production", "SSAS_OTP_PROVIDER": "totp", "SSAS_NOTIFICATION_PROVIDER": "sms",
                        "SSAS_ORIGINATION_IDENTITY": "SSAS", "SSAS_SECRET_KEY": "production-key"}.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    status, _, err = run(capsys, "seed", "--demo")
    assert status == 2
    assert "production" in one_line(err)
    assert demo_counts(engine) == [0, 0, 0]
    assert count_rows(engine, IsicActivity) == 0


def test_help_lists_the_commands() -> None:
    result = run_cli("--help", env=clean_environment())
    assert result.returncode == 0
    for command in ("migrate", "seed", "create-staff", "bootstrap"):
        assert command in result.stdout
