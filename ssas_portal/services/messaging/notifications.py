"""Messages to applicants about their application, queued in the transaction of the change they announce and
delivered after it commits, in the applicant's language, through the configured provider (the outbox when
running without AWS).

Delivery claims each message by an UPDATE that only matches a queued one, so several workers delivering at
once never send a message twice. An activation message holds the account's first password sealed with the
server key; it is opened only to be sent, then dropped from the row.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from models import Application, Notification
from models.enums import NotificationChannel, NotificationStatus
from models.types import utc_now
from ssas_portal.services.core import server_key
from ssas_portal.services.core.db import transaction
from ssas_portal.services.core.i18n import translate
from ssas_portal.services.forms import workflows
from ssas_portal.services.messaging.delivery import DeliveryError, Provider
from ssas_portal.services.messaging.providers import message_provider
from ssas_portal.settings import get_settings

log = logging.getLogger(__name__)
DELIVERY_INTERVAL_S = 2.0
BATCH = 50


def about_application(session: Session, application: Application, template: str, **payload: Any) -> None:
    """Queue a message to the contact the applicant proved, in the language they applied in."""
    channel, destination = ((NotificationChannel.EMAIL, application.contact_email) if application.contact_email
                            else (NotificationChannel.SMS, application.contact_phone))
    session.add(Notification(destination=destination, channel=channel, template=template,
                             language=application.language, payload={"reference": application.reference, **payload}))


def _reasons(language: str, codes: list[str]) -> str:
    found = [workflows.catalog().reason(code) for code in codes]
    return "; ".join(reason.text.in_language(language) for reason in found if reason is not None)


def render(notification: Notification) -> str:
    """The message's text in its language; an approval with a new account gives the first password."""
    payload = dict(notification.payload or {})
    language, key = notification.language, f"notice.{notification.template}"
    params: dict[str, Any] = {"reference": payload.get("reference", ""), "identifier": payload.get("identifier", ""),
                              "sign_in": payload.get("sign_in", ""), "message": payload.get("message", ""),
                              "reasons": _reasons(language, list(payload.get("reasons") or []))}
    sealed = payload.get("sealed_password")
    if sealed:
        params["password"] = server_key.decrypt(sealed) or ""
        key += "_new_account"
    text = translate(language, key, **params)
    return f"{text} {translate(language, 'notice.message', message=params['message'])}" if params["message"] else text


def pending(session: Session, limit: int = BATCH) -> list[int]:
    return list(session.exec(select(Notification.id).where(Notification.status == NotificationStatus.QUEUED)
                             .order_by(col(Notification.id)).limit(limit)))  # type: ignore[arg-type]


def deliver(session: Session, notification_id: int, provider: Provider) -> bool:
    """Send one queued message; False when another worker took it first or it has no destination."""
    claimed = session.exec(
        sa.update(Notification).where(col(Notification.id) == notification_id,
                                      col(Notification.status) == NotificationStatus.QUEUED)
        .values(status=NotificationStatus.SENT, sent_at=utc_now()).execution_options(synchronize_session=False))
    if claimed.rowcount != 1:
        return False
    notification = session.get(Notification, notification_id)
    if notification is None or not notification.destination or notification.channel is NotificationChannel.PORTAL:
        return False
    body = render(notification)
    try:
        provider.send_message(session, notification.channel, notification.destination, body)
        notification.payload = {key: value for key, value in (notification.payload or {}).items()
                                if key != "sealed_password"}
    except DeliveryError as refused:
        log.warning("notification %s not delivered: %s", notification_id, refused.detail)
        notification.status, notification.error = NotificationStatus.FAILED, refused.detail[:500]
    session.add(notification)
    return True


def deliver_pending(provider: Provider | None = None) -> int:
    """Every queued message, each in its own transaction; returns how many were handled."""
    chosen = provider or message_provider(get_settings())
    with transaction() as session:
        ids = pending(session)
    handled = 0
    for notification_id in ids:
        with transaction() as session:
            handled += deliver(session, notification_id, chosen)
    return handled


async def deliver_forever() -> None:
    """The server's lifespan task: deliver what is queued every two seconds, surviving a database outage."""
    while True:
        try:
            await asyncio.to_thread(deliver_pending)
        except Exception:  # a failed round is logged and retried, never the end of delivery
            log.exception("notification delivery failed; retrying")
        await asyncio.sleep(DELIVERY_INTERVAL_S)
