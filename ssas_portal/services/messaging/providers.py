"""Which provider delivers: the configured one by name (the outbox, or an AWS one), for codes and for
messages."""

from __future__ import annotations

from ssas_portal.services.messaging import aws
from ssas_portal.services.messaging.delivery import OutboxProvider, Provider
from ssas_portal.settings import OtpProvider, Settings


def provider_named(name: OtpProvider, settings: Settings) -> Provider:
    return OutboxProvider() if name is OtpProvider.OUTBOX else aws.provider(name, settings)


def code_provider(settings: Settings) -> Provider:
    """Codes go through SSAS_OTP_PROVIDER; when that is `totp`, the codes still needed (contact
    verification, password reset) go through SSAS_NOTIFICATION_PROVIDER."""
    chosen = settings.notification_provider if settings.otp_provider is OtpProvider.TOTP else settings.otp_provider
    return provider_named(chosen, settings)


def message_provider(settings: Settings) -> Provider:
    return provider_named(settings.notification_provider, settings)
