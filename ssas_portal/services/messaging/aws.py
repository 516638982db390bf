"""Codes and messages through AWS: Pinpoint's OTP API (`pinpoint`) and End User Messaging SMS (`sms`).

Both deliver to mobile numbers only. Every AWS failure becomes a DeliveryError: the user reads a catalog
key that says what to do; staff read `detail` (operation, AWS error code and message, masked destination)
in the WARNING log of "ssas_portal.delivery". Clients come from the standard boto3 credential chain, are
made on first use and can be injected (tests pass a client wrapped in botocore's Stubber).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Final, Literal

import boto3
from botocore.client import BaseClient
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError, ParamValidationError, StubResponseError
from sqlmodel import Session

from models.enums import NotificationChannel
from ssas_portal.services.core.i18n import supported
from ssas_portal.services.core.privacy import mask
from ssas_portal.services.messaging.delivery import CodeRequest, DeliveryError, Provider, code_text
from ssas_portal.settings import OtpProvider, Settings

log = logging.getLogger("ssas_portal.delivery")

PINPOINT_SERVICE: Final = "pinpoint"
SMS_SERVICE: Final = "pinpoint-sms-voice-v2"
AwsService = Literal["pinpoint", "pinpoint-sms-voice-v2"]
OTP_CODE_LENGTH = 6
OTP_ALLOWED_ATTEMPTS = 5
OTP_MAX_MINUTES = 10
PINPOINT_LANGUAGES = {"fr": "fr-FR", "en": "en-US"}

BUSY = frozenset({"ThrottlingException", "TooManyRequestsException"})
REFUSED = frozenset({"ValidationException", "BadRequestException", "NotFoundException"})

# A person waits for the code: a few quick tries, never minutes of silent retrying.
CLIENT_CONFIG = Config(retries={"max_attempts": 3, "mode": "standard"}, connect_timeout=5, read_timeout=15)

_clients: dict[tuple[str, str], BaseClient] = {}
_clients_lock = threading.Lock()


def make_client(service: AwsService, region: str) -> BaseClient:
    """One client per service and region, shared by the workers' threads (boto3 clients are thread-safe;
    making them is not, hence the lock and a session of our own)."""
    with _clients_lock:
        client = _clients.get((service, region))
        if client is None:
            client = boto3.session.Session().client(service, region_name=region, config=CLIENT_CONFIG)
            _clients[(service, region)] = client
        return client


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def _refuse(key: str, detail: str) -> DeliveryError:
    log.warning("%s", detail)
    return DeliveryError(key, detail)


@contextmanager
def _aws_call(operation: str, destination: str, *, fallback: str = "error.code_not_sent",
              refused: str = "error.destination_refused") -> Iterator[None]:
    """Turn what boto3 raises inside the block into a DeliveryError with a one-line detail for staff."""
    where = f"{operation} to {mask(destination)}"

    def said(text: object) -> str:  # AWS may echo the number back: keep it masked in the log
        return _one_line(text).replace(destination, mask(destination)) if destination else _one_line(text)

    try:
        yield
    except ClientError as error:
        aws = error.response.get("Error", {})
        code = aws.get("Code") or "Unknown"
        key = "error.provider_busy" if code in BUSY else refused if code in REFUSED else fallback
        raise _refuse(key, f"{where}: AWS {code}: {said(aws.get('Message') or error)}") from error
    except StubResponseError:
        raise  # a test's Stubber saw an unexpected or unstubbed request: let the test fail loudly
    except ParamValidationError as error:  # botocore checked the request against the model: the number is unfit
        raise _refuse(refused, f"{where}: request refused before sending: {said(error)}") from error
    except BotoCoreError as error:
        raise _refuse("error.provider_unreachable",
                      f"{where}: AWS unreachable: {type(error).__name__}: {said(error)}") from error


def _sms_only(provider: str, channel: NotificationChannel, destination: str) -> None:
    if channel is not NotificationChannel.SMS or "@" in destination:
        raise _refuse("error.channel_unsupported", f"{provider}: delivers SMS to mobile numbers only; "
                                                   f"refused {channel.value} to {mask(destination)}")


def _check_results(operation: str, destination: str, response: dict[str, Any]) -> None:
    """Pinpoint answers 200 and puts a refusal per address in MessageResponse.Result."""
    result = response.get("MessageResponse", {}).get("Result", {}).get(destination)
    if not result or result.get("DeliveryStatus") in {None, "SUCCESSFUL", "DUPLICATE"}:
        return
    status = result["DeliveryStatus"]
    key = {"THROTTLED": "error.provider_busy", "PERMANENT_FAILURE": "error.destination_refused",
           "OPT_OUT": "error.destination_refused"}.get(status, "error.code_not_sent")
    message = _one_line(result.get("StatusMessage") or "").replace(destination, mask(destination))
    raise _refuse(key, f"{operation} to {mask(destination)}: delivery {status} "
                       f"({result.get('StatusCode', '?')}): {message}")


class _AwsProvider:
    """A boto3 client for `service`, made on first use (tests hand in a stubbed one)."""

    service: AwsService

    def __init__(self, settings: Settings, client: BaseClient | None = None) -> None:
        self.settings = settings
        self._client = client

    @property
    def client(self) -> Any:
        """Any, like S3Storage's client: BaseClient declares none of the operations botocore makes from the
        service's model at run time, and the requests here are plain dicts, not boto3-stubs' TypedDicts."""
        if self._client is None:
            self._client = make_client(self.service, self.settings.aws_region)
        return self._client


class PinpointProvider(_AwsProvider):
    """Pinpoint makes, sends and checks the code (a CodeKeeper); plain messages go through SendMessages."""

    name = OtpProvider.PINPOINT.value
    service = PINPOINT_SERVICE

    def _application_id(self, operation: str, destination: str) -> str:
        if not self.settings.pinpoint_application_id:
            raise _refuse("error.code_not_sent",
                          f"{operation} to {mask(destination)}: SSAS_PINPOINT_APPLICATION_ID is not set")
        return self.settings.pinpoint_application_id

    def send_code(self, session: Session, request: CodeRequest, code: str | None) -> None:
        if code is not None:  # a code the portal made: deliver it as a plain message
            self.send_message(session, request.channel, request.destination, code_text(request, code))
            return
        operation = "pinpoint SendOTPMessage"
        _sms_only(self.name, request.channel, request.destination)
        application_id = self._application_id(operation, request.destination)
        parameters = {
            "BrandName": self.settings.pinpoint_brand_name,
            "Channel": "SMS",
            "DestinationIdentity": request.destination,
            "OriginationIdentity": self.settings.origination_identity,
            "ReferenceId": request.reference_id,
            "CodeLength": OTP_CODE_LENGTH,
            "ValidityPeriod": max(1, min(request.minutes, OTP_MAX_MINUTES)),
            "AllowedAttempts": OTP_ALLOWED_ATTEMPTS,
            "Language": PINPOINT_LANGUAGES[supported(request.language) or "fr"],
        }
        with _aws_call(operation, request.destination):
            response = self.client.send_otp_message(
                ApplicationId=application_id, SendOTPMessageRequestParameters=parameters)
        _check_results(operation, request.destination, response)

    def verify_code(self, request: CodeRequest, code: str) -> bool:
        if not (len(code) == OTP_CODE_LENGTH and code.isascii() and code.isdigit()):
            return False  # cannot be Pinpoint's code: no need to ask
        operation = "pinpoint VerifyOTPMessage"
        application_id = self._application_id(operation, request.destination)
        # The code could not be checked: the user should try again, not check the number.
        with _aws_call(operation, request.destination, fallback="error.unavailable", refused="error.unavailable"):
            response = self.client.verify_otp_message(
                ApplicationId=application_id,
                VerifyOTPMessageRequestParameters={
                    "DestinationIdentity": request.destination, "Otp": code, "ReferenceId": request.reference_id,
                },
            )
        return bool(response["VerificationResponse"].get("Valid"))

    def send_message(self, session: Session, channel: NotificationChannel, destination: str, body: str) -> None:
        operation = "pinpoint SendMessages"
        _sms_only(self.name, channel, destination)
        sms: dict[str, str] = {"Body": body, "MessageType": "TRANSACTIONAL"}
        sender = self.settings.origination_identity
        if sender:
            sms["OriginationNumber" if sender.startswith("+") else "SenderId"] = sender
        with _aws_call(operation, destination):
            response = self.client.send_messages(
                ApplicationId=self._application_id(operation, destination),
                MessageRequest={
                    "Addresses": {destination: {"ChannelType": "SMS"}},
                    "MessageConfiguration": {"SMSMessage": sms},
                },
            )
        _check_results(operation, destination, response)


class SmsProvider(_AwsProvider):
    """AWS End User Messaging SMS: delivers the portal's own codes and messages as transactional SMS."""

    name = OtpProvider.SMS.value
    service = SMS_SERVICE

    def send_code(self, session: Session, request: CodeRequest, code: str | None) -> None:
        if code is None:
            raise _refuse("error.code_not_sent", f"sms SendTextMessage to {mask(request.destination)}: no code given")
        self.send_message(session, request.channel, request.destination, code_text(request, code))

    def send_message(self, session: Session, channel: NotificationChannel, destination: str, body: str) -> None:
        _sms_only(self.name, channel, destination)
        parameters = {"DestinationPhoneNumber": destination, "MessageBody": body, "MessageType": "TRANSACTIONAL"}
        if self.settings.origination_identity:
            parameters["OriginationIdentity"] = self.settings.origination_identity
        with _aws_call("sms SendTextMessage", destination):
            self.client.send_text_message(**parameters)


def provider(name: OtpProvider, settings: Settings) -> Provider:
    if name is OtpProvider.PINPOINT:
        return PinpointProvider(settings)
    if name is OtpProvider.SMS:
        return SmsProvider(settings)
    raise ValueError(f"{name.value} is not an AWS provider (choose pinpoint or sms)")
