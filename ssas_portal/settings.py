"""The portal's settings: one object, read from SSAS_* environment variables.

A bad value must stop start-up with one line that names the setting, so operators
fix the environment instead of reading a traceback.
"""

from __future__ import annotations

import functools
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import EmailStr, Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = f"sqlite:///{PROJECT_ROOT / 'data' / 'ssas.db'}"


class Environment(StrEnum):
    DEVELOPMENT = "development"
    PRODUCTION = "production"


class Language(StrEnum):
    FR = "fr"
    EN = "en"


class OtpProvider(StrEnum):
    OUTBOX = "outbox"
    PINPOINT = "pinpoint"
    SMS = "sms"
    TOTP = "totp"


class DocumentStorage(StrEnum):
    LOCAL = "local"
    S3 = "s3"


class SettingsError(Exception):
    """A setting has a bad value; the message is the one line shown to the operator."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SSAS_", extra="ignore", frozen=True)

    database_url: str = DEFAULT_DATABASE_URL
    redis_url: str | None = None
    env: Environment = Environment.DEVELOPMENT
    default_language: Language = Language.FR
    otp_provider: OtpProvider = OtpProvider.OUTBOX
    notification_provider: OtpProvider = OtpProvider.OUTBOX
    document_storage: DocumentStorage = DocumentStorage.LOCAL
    document_dir: Path = PROJECT_ROOT / "data" / "documents"
    s3_bucket: str | None = None
    document_max_mb: int = Field(default=10, ge=1, le=100, description="largest accepted upload")
    aws_region: str = "eu-west-1"
    pinpoint_application_id: str | None = None
    secret_key: SecretStr | None = Field(default=None, description="HMAC and encryption key; required in production")
    pinpoint_brand_name: str = Field(default="SSAS", max_length=20)
    origination_identity: str | None = Field(default=None, description="sender ID, phone number or pool for SMS")
    code_ttl_minutes: int = Field(default=10, ge=1, le=10)
    session_idle_minutes: int = Field(default=30, ge=1, le=24 * 60)
    session_absolute_hours: int = Field(default=12, ge=1, le=24 * 7)
    lock_after_failures: int = Field(default=10, ge=3, le=100)
    lock_minutes: int = Field(default=15, ge=1, le=24 * 60)
    currency: str = Field(default="XOF", pattern=r"^[A-Z]{3}$")
    admin_email: EmailStr = "admin@ssas.example"
    port: int = Field(default=3000, ge=1, le=65535)
    cors_origins: Annotated[tuple[str, ...], NoDecode] = Field(
        default=(), description="other origins allowed to call the portal with credentials; none by default")

    @field_validator("database_url")
    @classmethod
    def _database_url_parses(cls, value: str) -> str:
        try:
            url = make_url(value)
        except ArgumentError as exc:
            raise ValueError("not a database URL (sqlite:///path or postgresql+psycopg://...)") from exc
        if url.get_backend_name() not in {"sqlite", "postgresql"}:
            raise ValueError("only sqlite and postgresql databases are supported")
        return value

    @field_validator("redis_url")
    @classmethod
    def _redis_url_scheme(cls, value: str | None) -> str | None:
        if value and not value.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("must start with redis://, rediss:// or unix://")
        return value or None

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _cors_origins_split(cls, value: object) -> object:
        """A comma-separated list in the environment (`https://a.example, https://b.example`)."""
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        return value

    @field_validator("cors_origins")
    @classmethod
    def _cors_origins_are_origins(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        """Each an origin exactly as a browser sends it: scheme://host[:port], lower case, nothing after."""
        for origin in value:
            try:
                parts = urlsplit(origin)
                port = parts.port
            except ValueError:
                parts, port = None, None
            if (parts is None or parts.scheme not in {"http", "https"} or not parts.hostname
                    or parts.username is not None or parts.password is not None
                    or port == {"http": 80, "https": 443}[parts.scheme]
                    or f"{parts.scheme}://{parts.netloc}" != origin or origin != origin.lower()):
                raise ValueError(f"{origin!r} is not an origin such as https://portal.example or http://host:8080"
                                 " (scheme, host and a port other than the default, in lower case)")
        return value

    @model_validator(mode="after")
    def _provider_needs(self) -> Settings:
        if self.document_storage is DocumentStorage.S3 and not self.s3_bucket:
            raise ValueError("SSAS_DOCUMENT_STORAGE=s3 needs SSAS_S3_BUCKET")
        uses_pinpoint = OtpProvider.PINPOINT in {self.otp_provider, self.notification_provider}
        if uses_pinpoint and not self.pinpoint_application_id:
            raise ValueError("the pinpoint provider needs SSAS_PINPOINT_APPLICATION_ID")
        if uses_pinpoint and not self.origination_identity:
            raise ValueError("the pinpoint provider needs SSAS_ORIGINATION_IDENTITY (the sender ID, number or pool)")
        if self.notification_provider is OtpProvider.TOTP:
            raise ValueError(
                "SSAS_NOTIFICATION_PROVIDER: totp is not a way to send messages; choose outbox, pinpoint or sms")
        if self.env is Environment.PRODUCTION and self.secret_key is None:
            raise ValueError("SSAS_SECRET_KEY is required when SSAS_ENV=production (32 random bytes, base64)")
        if self.env is Environment.PRODUCTION and OtpProvider.OUTBOX in {
            self.otp_provider,
            self.notification_provider,
        }:
            raise ValueError(
                "SSAS_OTP_PROVIDER and SSAS_NOTIFICATION_PROVIDER: the outbox is for development;"
                " choose pinpoint, sms or totp when SSAS_ENV=production"
            )
        return self


def describe(error: ValidationError) -> str:
    """One line naming the first bad setting, as an operator would type it."""
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    message = first["msg"].removeprefix("Value error, ")
    return f"SSAS_{where.upper()}: {message}" if where else message


def load() -> Settings:
    """Read the environment, raising SettingsError with one clear line."""
    try:
        return Settings()
    except ValidationError as error:
        raise SettingsError(describe(error)) from None


@functools.cache
def get_settings() -> Settings:
    return load()


def settings_or_exit() -> Settings:
    """For entry points (rxconfig, the app, the CLI): one line on stderr and exit 2 on a bad setting."""
    try:
        return get_settings()
    except SettingsError as error:
        print(f"ssas-portal: {error}", file=sys.stderr)
        raise SystemExit(2) from None
