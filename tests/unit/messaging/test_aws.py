"""Pinpoint and End User Messaging SMS through real boto3 clients whose requests botocore's Stubber checks
against the services' own models: the exact parameters sent, every AWS failure turned into a key the user
can act on and a one-line detail for staff, and the code services working end to end on top of them."""

from __future__ import annotations

import base64
import logging
import re
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.client import BaseClient
from botocore.config import Config
from botocore.stub import ANY, Stubber
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from models import AuditEvent, OneTimeCode
from models.enums import CodePurpose, NotificationChannel
from ssas_portal.services.core.db import transaction
from ssas_portal.services.core.privacy import mask
from ssas_portal.services.identity import codes
from ssas_portal.services.messaging import aws
from ssas_portal.services.messaging.aws import PinpointProvider, SmsProvider
from ssas_portal.services.messaging.delivery import CodeKeeper, CodeRequest, DeliveryError, code_text
from ssas_portal.services.messaging.providers import provider_named
from ssas_portal.settings import OtpProvider, Settings, get_settings
from tests.support.rows import count_rows

REGION = "eu-west-1"
APPLICATION_ID = "7c1e5a0b9d3f4e2a8b6c0d1e2f3a4b5c"
SENDER = "SSAS"
MOBILE = "+221771234567"
REFERENCE = "sign_in-0123456789abcdef0123456789abcdef"
DELIVERY_LOGGER = "ssas_portal.delivery"


def aws_client(service: aws.AwsService, **extra: Any) -> BaseClient:
    """A real client with fake credentials; it never reaches AWS under a Stubber."""
    return boto3.client(service, region_name=REGION, aws_access_key_id="testing",
                        aws_secret_access_key="testing", **extra)


def settings(**overrides: Any) -> Settings:
    values: dict[str, Any] = {"otp_provider": OtpProvider.PINPOINT, "pinpoint_application_id": APPLICATION_ID,
                              "origination_identity": SENDER, "aws_region": REGION, **overrides}
    return Settings(**values)


def code_request(*, language: str = "fr", minutes: int = 10, destination: str = MOBILE,
                 channel: NotificationChannel = NotificationChannel.SMS) -> CodeRequest:
    return CodeRequest(CodePurpose.SIGN_IN, channel, destination, language, REFERENCE, minutes)


@pytest.fixture
def pinpoint() -> Iterator[Stubber]:
    stubber = Stubber(aws_client("pinpoint"))
    with stubber:
        yield stubber
    stubber.assert_no_pending_responses()


@pytest.fixture
def sms() -> Iterator[Stubber]:
    stubber = Stubber(aws_client("pinpoint-sms-voice-v2"))
    with stubber:
        yield stubber
    stubber.assert_no_pending_responses()


def sent(destination: str = MOBILE, status: str = "SUCCESSFUL", code: int = 200) -> dict[str, Any]:
    result = {"DeliveryStatus": status, "StatusCode": code, "StatusMessage": f"{status} for {destination}"}
    return {"MessageResponse": {"ApplicationId": APPLICATION_ID, "Result": {destination: result}}}


def otp_parameters(**overrides: Any) -> dict[str, Any]:
    parameters = {"BrandName": "SSAS", "Channel": "SMS", "DestinationIdentity": MOBILE,
                  "OriginationIdentity": SENDER, "ReferenceId": REFERENCE, "CodeLength": 6, "ValidityPeriod": 10,
                  "AllowedAttempts": 5, "Language": "fr-FR", **overrides}
    return {"ApplicationId": APPLICATION_ID, "SendOTPMessageRequestParameters": parameters}


def verify_parameters(code: str, reference: str = REFERENCE) -> dict[str, Any]:
    return {"ApplicationId": APPLICATION_ID,
            "VerifyOTPMessageRequestParameters": {"DestinationIdentity": MOBILE, "Otp": code,
                                                  "ReferenceId": reference}}


def refused(call: Any) -> DeliveryError:
    with pytest.raises(DeliveryError) as error:
        call()
    return error.value


# --- Pinpoint: the OTP API ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("language", "pinpoint_language"), [("fr", "fr-FR"), ("en", "en-US"), ("EN-gb", "en-US")])
def test_pinpoint_sends_an_otp_with_the_exact_parameters(
    pinpoint: Stubber, session: Session, language: str, pinpoint_language: str
) -> None:
    """Pinpoint makes the code: 6 digits, 10 minutes, 5 tries, in the user's language, bound to the reference."""
    pinpoint.add_response("send_otp_message", sent(), otp_parameters(Language=pinpoint_language))
    provider = PinpointProvider(settings(), client=pinpoint.client)
    assert isinstance(provider, CodeKeeper)
    provider.send_code(session, code_request(language=language), None)


def test_pinpoint_never_asks_for_more_than_ten_minutes(pinpoint: Stubber, session: Session) -> None:
    pinpoint.add_response("send_otp_message", sent(), otp_parameters(ValidityPeriod=10))
    PinpointProvider(settings(), client=pinpoint.client).send_code(session, code_request(minutes=15), None)
    pinpoint.add_response("send_otp_message", sent(), otp_parameters(ValidityPeriod=3))
    PinpointProvider(settings(), client=pinpoint.client).send_code(session, code_request(minutes=3), None)


@pytest.mark.parametrize("valid", [True, False])
def test_pinpoint_verifies_the_code_against_the_reference(pinpoint: Stubber, valid: bool) -> None:
    pinpoint.add_response("verify_otp_message", {"VerificationResponse": {"Valid": valid}}, verify_parameters("482913"))
    assert PinpointProvider(settings(), client=pinpoint.client).verify_code(code_request(), "482913") is valid


@pytest.mark.parametrize("typed", ["", "12345", "1234567", "12a456", "１２３４５６"])
def test_pinpoint_is_not_asked_about_what_cannot_be_its_code(pinpoint: Stubber, typed: str) -> None:
    """Anything but 6 ASCII digits is wrong without a call (the Stubber fails on any unexpected call)."""
    assert PinpointProvider(settings(), client=pinpoint.client).verify_code(code_request(), typed) is False


@pytest.mark.parametrize(("sender", "field"), [(SENDER, "SenderId"), ("+33612345678", "OriginationNumber")])
def test_pinpoint_sends_a_transactional_sms_message(pinpoint: Stubber, session: Session, sender: str,
                                                    field: str) -> None:
    expected = {"ApplicationId": APPLICATION_ID, "MessageRequest": {
        "Addresses": {MOBILE: {"ChannelType": "SMS"}},
        "MessageConfiguration": {"SMSMessage": {"Body": "Votre demande est reçue.", "MessageType": "TRANSACTIONAL",
                                                field: sender}},
    }}
    pinpoint.add_response("send_messages", sent(), expected)
    PinpointProvider(settings(origination_identity=sender), client=pinpoint.client).send_message(
        session, NotificationChannel.SMS, MOBILE, "Votre demande est reçue.")


def test_pinpoint_delivers_a_code_the_portal_made_as_a_message(pinpoint: Stubber, session: Session) -> None:
    request = code_request(language="en")
    expected = {"ApplicationId": APPLICATION_ID, "MessageRequest": {
        "Addresses": {MOBILE: {"ChannelType": "SMS"}},
        "MessageConfiguration": {"SMSMessage": {"Body": code_text(request, "135790"),
                                                "MessageType": "TRANSACTIONAL", "SenderId": SENDER}},
    }}
    pinpoint.add_response("send_messages", sent(), expected)
    PinpointProvider(settings(), client=pinpoint.client).send_code(session, request, "135790")


@pytest.mark.parametrize(("status", "key"), [("PERMANENT_FAILURE", "error.destination_refused"),
                                             ("OPT_OUT", "error.destination_refused"),
                                             ("THROTTLED", "error.provider_busy"),
                                             ("TEMPORARY_FAILURE", "error.code_not_sent")])
def test_pinpoint_refusal_for_one_address_is_not_taken_for_success(
    pinpoint: Stubber, session: Session, status: str, key: str
) -> None:
    """SendMessages answers 200 and reports each address's fate in Result."""
    pinpoint.add_response("send_messages", sent(status=status, code=400))
    provider = PinpointProvider(settings(), client=pinpoint.client)
    error = refused(lambda: provider.send_message(session, NotificationChannel.SMS, MOBILE, "Bonjour"))
    assert error.key == key and status in error.detail and MOBILE not in error.detail


# --- End User Messaging SMS ---------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["fr", "en"])
def test_sms_sends_the_portal_code_text(sms: Stubber, session: Session, language: str) -> None:
    request = code_request(language=language)
    sms.add_response("send_text_message", {"MessageId": "m-1"}, {
        "DestinationPhoneNumber": MOBILE, "OriginationIdentity": SENDER,
        "MessageBody": code_text(request, "246810"), "MessageType": "TRANSACTIONAL",
    })
    provider = SmsProvider(settings(otp_provider=OtpProvider.SMS), client=sms.client)
    assert not isinstance(provider, CodeKeeper)
    provider.send_code(session, request, "246810")


def test_sms_sends_a_message_and_lets_aws_choose_the_sender_when_none_is_set(sms: Stubber, session: Session) -> None:
    sms.add_response("send_text_message", {"MessageId": "m-2"}, {
        "DestinationPhoneNumber": MOBILE, "MessageBody": "Bonjour", "MessageType": "TRANSACTIONAL"})
    SmsProvider(settings(otp_provider=OtpProvider.SMS, origination_identity=None), client=sms.client).send_message(
        session, NotificationChannel.SMS, MOBILE, "Bonjour")


# --- failures -----------------------------------------------------------------------------------------------


def pinpoint_otp(stubber: Stubber, session: Session) -> None:
    PinpointProvider(settings(), client=stubber.client).send_code(session, code_request(), None)


def sms_text(stubber: Stubber, session: Session) -> None:
    SmsProvider(settings(), client=stubber.client).send_code(session, code_request(), "246810")


FAILURES = [
    ("pinpoint", "send_otp_message", "TooManyRequestsException", 429, "error.provider_busy"),
    ("sms", "send_text_message", "ThrottlingException", 400, "error.provider_busy"),
    ("pinpoint", "send_otp_message", "BadRequestException", 400, "error.destination_refused"),
    ("pinpoint", "send_otp_message", "NotFoundException", 404, "error.destination_refused"),
    ("sms", "send_text_message", "ValidationException", 400, "error.destination_refused"),
    ("pinpoint", "send_otp_message", "ForbiddenException", 403, "error.code_not_sent"),
    ("pinpoint", "send_otp_message", "InternalServerErrorException", 500, "error.code_not_sent"),
    ("sms", "send_text_message", "AccessDeniedException", 403, "error.code_not_sent"),
    ("sms", "send_text_message", "ServiceQuotaExceededException", 402, "error.code_not_sent"),
]


@pytest.mark.parametrize(("service", "operation", "aws_code", "http_status", "key"), FAILURES)
def test_aws_errors_become_a_key_for_the_user_and_one_logged_line_for_staff(
    request: pytest.FixtureRequest, session: Session, caplog: pytest.LogCaptureFixture,
    service: str, operation: str, aws_code: str, http_status: int, key: str,
) -> None:
    stubber: Stubber = request.getfixturevalue(service)
    stubber.add_client_error(operation, service_error_code=aws_code,
                             service_message=f"Details\nfrom AWS about {MOBILE}", http_status_code=http_status)
    send = pinpoint_otp if service == "pinpoint" else sms_text
    with caplog.at_level(logging.WARNING, logger=DELIVERY_LOGGER):
        error = refused(lambda: send(stubber, session))
    assert error.key == key
    assert aws_code in error.detail and "Details from AWS" in error.detail
    assert mask(MOBILE) in error.detail and MOBILE not in error.detail
    assert "\n" not in error.detail
    assert [(record.levelno, record.getMessage()) for record in caplog.records] == [(logging.WARNING, error.detail)]


@pytest.mark.parametrize(("aws_code", "http_status", "key"), [("TooManyRequestsException", 429, "error.provider_busy"),
                                                            ("BadRequestException", 400, "error.unavailable"),
                                                            ("InternalServerErrorException", 500, "error.unavailable")])
def test_a_failed_verification_asks_to_try_again_not_to_check_the_number(
    pinpoint: Stubber, aws_code: str, http_status: int, key: str
) -> None:
    pinpoint.add_client_error("verify_otp_message", service_error_code=aws_code, http_status_code=http_status)
    provider = PinpointProvider(settings(), client=pinpoint.client)
    error = refused(lambda: provider.verify_code(code_request(), "482913"))
    assert error.key == key and "VerifyOTPMessage" in error.detail


def unreachable(service: aws.AwsService) -> BaseClient:
    """A real client pointed at a closed local port: a genuine EndpointConnectionError, no retry."""
    return aws_client(service, endpoint_url="http://127.0.0.1:1",
                      config=Config(retries={"max_attempts": 0}, connect_timeout=1))


def test_a_number_the_service_model_refuses_is_never_sent(session: Session) -> None:
    """botocore checks the request against the model before sending: an empty number never leaves (were it
    sent, the closed port would make it error.provider_unreachable)."""
    provider = SmsProvider(settings(), client=unreachable("pinpoint-sms-voice-v2"))
    error = refused(lambda: provider.send_message(session, NotificationChannel.SMS, "", "Bonjour"))
    assert error.key == "error.destination_refused"
    assert "request refused before sending" in error.detail and "DestinationPhoneNumber" in error.detail


@pytest.mark.parametrize("case", ["pinpoint send", "pinpoint verify", "pinpoint message", "sms send"])
def test_aws_out_of_reach_is_provider_unreachable(session: Session, caplog: pytest.LogCaptureFixture,
                                                  case: str) -> None:
    calls = {
        "pinpoint send": lambda: PinpointProvider(settings(), client=unreachable("pinpoint")).send_code(
            session, code_request(), None),
        "pinpoint verify": lambda: PinpointProvider(settings(), client=unreachable("pinpoint")).verify_code(
            code_request(), "482913"),
        "pinpoint message": lambda: PinpointProvider(settings(), client=unreachable("pinpoint")).send_message(
            session, NotificationChannel.SMS, MOBILE, "Bonjour"),
        "sms send": lambda: SmsProvider(settings(), client=unreachable("pinpoint-sms-voice-v2")).send_code(
            session, code_request(), "246810"),
    }
    with caplog.at_level(logging.WARNING, logger=DELIVERY_LOGGER):
        error = refused(calls[case])
    assert error.key == "error.provider_unreachable"
    assert "EndpointConnectionError" in error.detail and MOBILE not in error.detail
    assert [record.getMessage() for record in caplog.records] == [error.detail]


@pytest.mark.parametrize("kind", ["pinpoint", "sms"])
@pytest.mark.parametrize(("channel", "destination"), [(NotificationChannel.EMAIL, "awa.diop@example.org"),
                                                      (NotificationChannel.SMS, "awa.diop@example.org"),
                                                      (NotificationChannel.PORTAL, MOBILE)])
def test_anything_but_an_sms_to_a_mobile_is_refused_without_calling_aws(
    request: pytest.FixtureRequest, session: Session, kind: str, channel: NotificationChannel, destination: str
) -> None:
    stubber: Stubber = request.getfixturevalue(kind)
    provider = (PinpointProvider if kind == "pinpoint" else SmsProvider)(settings(), client=stubber.client)
    for call in (lambda: provider.send_code(session, code_request(channel=channel, destination=destination),
                                            None if kind == "pinpoint" else "246810"),
                 lambda: provider.send_message(session, channel, destination, "Bonjour")):
        error = refused(call)
        assert error.key == "error.channel_unsupported"
        assert destination not in error.detail and mask(destination) in error.detail


def test_provider_names_map_to_the_aws_providers() -> None:
    chosen = settings()
    assert isinstance(provider_named(OtpProvider.PINPOINT, chosen), PinpointProvider)
    assert isinstance(provider_named(OtpProvider.SMS, chosen), SmsProvider)
    with pytest.raises(ValueError, match="totp"):
        aws.provider(OtpProvider.TOTP, chosen)


def test_clients_are_made_lazily_once_per_service_and_region(monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[tuple[str, str]] = []

    def fake_client(service: str, region: str) -> str:
        made.append((service, region))
        return f"{service} client"

    monkeypatch.setattr(aws, "make_client", fake_client)
    provider = PinpointProvider(settings(aws_region="eu-west-3"))
    assert made == []
    assert provider.client == provider.client == "pinpoint client"
    assert SmsProvider(settings(aws_region="eu-west-3")).client == "pinpoint-sms-voice-v2 client"
    assert made == [("pinpoint", "eu-west-3"), ("pinpoint-sms-voice-v2", "eu-west-3")]


# --- the code services on top of them -----------------------------------------------------------------------


def use_provider(monkeypatch: pytest.MonkeyPatch, stubber: Stubber, provider: str) -> list[dict[str, Any]]:
    """Settings choose `provider`; its client is the stubbed one; returns the parameters of every call made."""
    for name, value in {"SSAS_OTP_PROVIDER": provider, "SSAS_PINPOINT_APPLICATION_ID": APPLICATION_ID,
                        "SSAS_ORIGINATION_IDENTITY": SENDER, "SSAS_AWS_REGION": REGION,
                        "SSAS_SECRET_KEY": base64.b64encode(b"k" * 32).decode()}.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    service = stubber.client.meta.service_model.service_name
    monkeypatch.setattr(aws, "make_client",
                        lambda wanted, region: stubber.client if (wanted, region) == (service, REGION) else None)
    calls: list[dict[str, Any]] = []
    stubber.client.meta.events.register("before-parameter-build", lambda params, **_: calls.append(dict(params)))
    return calls


def issue(engine: Engine) -> OneTimeCode:
    with transaction(engine) as session:
        return codes.issue(session, purpose=CodePurpose.SIGN_IN, channel=NotificationChannel.SMS,
                           destination=MOBILE, language="fr")


def check(engine: Engine, row: OneTimeCode, typed: str) -> codes.CodeCheck:
    assert row.id is not None
    with transaction(engine) as session:
        return codes.check(session, row.id, typed, purpose=CodePurpose.SIGN_IN)


def test_issue_and_check_through_pinpoint_keep_no_code_in_the_database(
    engine: Engine, pinpoint: Stubber, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = use_provider(monkeypatch, pinpoint, "pinpoint")
    pinpoint.add_response("send_otp_message", sent(), otp_parameters(ReferenceId=ANY))
    row = issue(engine)
    assert row.code_hash is None and row.provider == "pinpoint"
    assert calls[0]["SendOTPMessageRequestParameters"]["ReferenceId"] == row.reference_id
    pinpoint.add_response("verify_otp_message", {"VerificationResponse": {"Valid": False}},
                          verify_parameters("111111", row.reference_id))
    pinpoint.add_response("verify_otp_message", {"VerificationResponse": {"Valid": True}},
                          verify_parameters("482913", row.reference_id))
    assert check(engine, row, "111111") is codes.CodeCheck.WRONG
    assert check(engine, row, " 482913 ") is codes.CodeCheck.ACCEPTED
    with Session(engine) as session:
        stored = session.get_one(OneTimeCode, row.id)
    assert stored.code_hash is None and stored.attempts == 2 and stored.consumed_at is not None


def test_a_delivery_error_during_issue_leaves_no_code_behind(
    engine: Engine, pinpoint: Stubber, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_provider(monkeypatch, pinpoint, "pinpoint")
    pinpoint.add_client_error("send_otp_message", service_error_code="TooManyRequestsException", http_status_code=429)
    error = refused(lambda: issue(engine))
    assert error.key == "error.provider_busy"
    assert count_rows(engine, OneTimeCode) == count_rows(engine, AuditEvent) == 0


def test_issue_and_check_through_sms_deliver_the_portal_code(
    engine: Engine, sms: Stubber, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The portal makes the code and keeps only its keyed hash; the SMS carries it in the user's language."""
    calls = use_provider(monkeypatch, sms, "sms")
    sms.add_response("send_text_message", {"MessageId": "m-3"}, {
        "DestinationPhoneNumber": MOBILE, "OriginationIdentity": SENDER, "MessageBody": ANY,
        "MessageType": "TRANSACTIONAL"})
    row = issue(engine)
    body = calls[0]["MessageBody"]
    assert body.startswith("Votre code SSAS")
    code = re.search(r"\b(\d{6})\b", body)
    assert code is not None and row.code_hash is not None and code.group(1) not in row.code_hash
    assert check(engine, row, code.group(1)) is codes.CodeCheck.ACCEPTED
    with Session(engine) as session:
        actions = list(session.exec(select(AuditEvent.action).order_by(AuditEvent.id)))  # type: ignore[arg-type]
    assert actions == ["code.sent", "code.accepted"]
