"""`python -m ssas_portal outbox --to DESTINATION`, run in-process: a developer reads the codes and messages
the outbox provider kept, newest first, and production never shows them."""

from __future__ import annotations

import base64
import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.engine import Engine

from models import OutboxMessage
from models.enums import CodePurpose, NotificationChannel
from ssas_portal.cli import main, parser
from ssas_portal.services.core.db import transaction
from ssas_portal.services.identity import codes
from ssas_portal.settings import get_settings
from tests.support.cli import run
from tests.support.text import one_line

MOBILE = "+221771234567"
EMAIL = "awa.diop@example.org"
MORNING = datetime(2025, 3, 14, 8, 30, tzinfo=UTC)


def keep(engine: Engine, *messages: tuple[str, NotificationChannel, str, datetime]) -> None:
    with transaction(engine) as session:
        for destination, channel, body, at in messages:
            session.add(OutboxMessage(destination=destination, channel=channel, body=body, created_at=at))


def test_outbox_lists_the_messages_to_one_destination_newest_first(
    engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    keep(engine,
         (MOBILE, NotificationChannel.SMS, "Votre code SSAS : 111111.", MORNING),
         (MOBILE, NotificationChannel.SMS, "Votre code SSAS : 222222.\nNe le communiquez à personne.",
          MORNING + timedelta(minutes=5)),
         ("+221770000000", NotificationChannel.SMS, "Someone else's code", MORNING + timedelta(minutes=9)))
    status, out, err = run(capsys, "outbox", "--to", MOBILE)
    assert status == 0 and err == ""
    assert out.splitlines() == [
        "2025-03-14 08:35:00 UTC  sms    Votre code SSAS : 222222. Ne le communiquez à personne.",
        "2025-03-14 08:30:00 UTC  sms    Votre code SSAS : 111111.",
    ]


def test_outbox_limit_keeps_the_newest(engine: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    keep(engine, *[(MOBILE, NotificationChannel.SMS, f"message {n}", MORNING + timedelta(minutes=n))
                   for n in range(5)])
    status, out, _ = run(capsys, "outbox", "--to", MOBILE, "--limit", "2")
    assert status == 0
    assert [line.split()[-1] for line in out.splitlines()] == ["4", "3"]


def test_outbox_finds_an_email_whatever_its_case(engine: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    """`_` is a LIKE wildcard: the comparison must be exact apart from case."""
    keep(engine, (EMAIL, NotificationChannel.EMAIL, "Your SSAS code: 333333.", MORNING),
         ("awa_diop@example.org", NotificationChannel.EMAIL, "Not hers", MORNING))
    status, out, _ = run(capsys, "outbox", "--to", "Awa.Diop@Example.ORG")
    assert status == 0
    assert one_line(out) == "2025-03-14 08:30:00 UTC  email  Your SSAS code: 333333."


def test_outbox_with_nothing_says_so_on_stderr(engine: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "outbox", "--to", MOBILE)
    assert status == 0 and out == ""
    assert MOBILE in one_line(err)


def test_outbox_shows_a_code_the_portal_issued(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The development path end to end: issue() with the default outbox provider, then read the code back."""
    monkeypatch.setenv("SSAS_SECRET_KEY", base64.b64encode(b"k" * 32).decode())
    get_settings.cache_clear()
    with transaction(engine) as session:
        row = codes.issue(session, purpose=CodePurpose.SIGN_IN, channel=NotificationChannel.EMAIL,
                          destination=EMAIL, language="en")
    status, out, _ = run(capsys, "outbox", "--to", EMAIL)
    assert status == 0
    shown = re.search(r"Your SSAS code: (\d{6})\.", one_line(out))
    assert shown is not None and row.id is not None
    with transaction(engine) as session:
        assert codes.check(session, row.id, shown.group(1), purpose=CodePurpose.SIGN_IN) is codes.CodeCheck.ACCEPTED


def test_outbox_is_refused_in_production(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    keep(engine, (MOBILE, NotificationChannel.SMS, "Votre code SSAS : 111111.", MORNING))
    for name, value in {"SSAS_ENV": "production", "SSAS_SECRET_KEY": base64.b64encode(b"k" * 32).decode(),
                        "SSAS_OTP_PROVIDER": "totp", "SSAS_NOTIFICATION_PROVIDER": "sms"}.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    status, out, err = run(capsys, "outbox", "--to", MOBILE)
    assert status == 2 and out == ""
    assert "production" in one_line(err)


@pytest.mark.parametrize("limit", ["0", "-1", "many"])
def test_outbox_refuses_a_limit_that_is_not_a_positive_number(
    engine: Engine, capsys: pytest.CaptureFixture[str], limit: str
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["outbox", "--to", MOBILE, "--limit", limit])
    assert stopped.value.code == 2
    assert "--limit" in capsys.readouterr().err


def test_help_lists_the_outbox_command() -> None:
    assert "outbox" in parser().format_help()
