"""How codes and messages leave the portal: one interface, the provider chosen by settings.

`outbox` keeps everything in the database and the server log (development); `pinpoint` and `sms` are in
`aws_delivery`. A provider either delivers a code the portal made, or, as a CodeKeeper (Pinpoint's OTP API),
makes, sends and checks the code itself.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from sqlmodel import Session

from models import OutboxMessage
from models.enums import CodePurpose, NotificationChannel
from ssas_portal.services.core.errors import Refusal
from ssas_portal.services.core.i18n import translate

log = logging.getLogger("ssas_portal.delivery")


class DeliveryError(Refusal):
    """The provider did not take the message. The user reads `key`; staff read `detail` in the log."""

    def __init__(self, key: str, detail: str) -> None:
        super().__init__(key, detail=detail)


@dataclass(frozen=True)
class CodeRequest:
    purpose: CodePurpose
    channel: NotificationChannel
    destination: str
    language: str
    reference_id: str
    minutes: int


class Provider(Protocol):
    name: str

    def send_code(self, session: Session, request: CodeRequest, code: str | None) -> None:
        """Deliver `code`, or (for a CodeKeeper, which gets None) make and deliver one of its own."""

    def send_message(self, session: Session, channel: NotificationChannel, destination: str, body: str) -> None: ...


@runtime_checkable
class CodeKeeper(Provider, Protocol):
    """A provider that makes and checks the codes itself; the portal never sees them."""

    def verify_code(self, request: CodeRequest, code: str) -> bool: ...


def code_text(request: CodeRequest, code: str) -> str:
    return translate(request.language, "message.code", code=code, minutes=request.minutes)


class OutboxProvider:
    """Development stand-in: the message is stored in the outbox table and written to the log."""

    name = "outbox"

    def send_code(self, session: Session, request: CodeRequest, code: str | None) -> None:
        self.send_message(session, request.channel, request.destination, code_text(request, code or ""))

    def send_message(self, session: Session, channel: NotificationChannel, destination: str, body: str) -> None:
        session.add(OutboxMessage(destination=destination, channel=channel, body=body))
        session.flush()
        log.info("outbox %s to %s: %s", channel.value, destination, body)
