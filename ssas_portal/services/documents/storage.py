"""Where the bytes of attached documents live: a local directory (the default) or an S3 bucket.

Keys are made by the server (see services/documents), never from what a user typed; a backend refuses any
other shape of key, so nothing can be written or read outside its root. Files are plain data: 0600 files in
0700 folders on disk, `application/octet-stream` objects encrypted at rest in S3, never served by the web
server directly. Every backend failure becomes StorageUnavailable: the user reads a catalog key, staff read
the precise cause in the WARNING log of "ssas_portal.storage".
"""

from __future__ import annotations

import errno
import logging
import os
import re
import stat
import threading
from pathlib import Path
from typing import Any, Protocol

import boto3
from botocore.client import BaseClient
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from ssas_portal.services.core.errors import Refusal
from ssas_portal.settings import PROJECT_ROOT, DocumentStorage, Settings, SettingsError

log = logging.getLogger("ssas_portal.storage")

KEY_PATTERN = re.compile(r"^[a-z0-9-]+(?:/[a-z0-9-]+)*$")
MAX_KEY_LENGTH = 255
FILE_MODE = 0o600
FOLDER_MODE = 0o700
# Folders the web server serves (Reflex's static assets and its build output): documents never go there.
WEB_ROOTS = (PROJECT_ROOT / "assets", PROJECT_ROOT / ".web")

# An upload waits for the bytes to land: a few quick tries, then an answer.
S3_CONFIG = Config(retries={"max_attempts": 3, "mode": "standard"}, connect_timeout=5, read_timeout=30)


class StorageUnavailable(Refusal):
    """The storage backend failed; the cause is logged, the user is asked to try again later."""

    def __init__(self, cause: str = "") -> None:
        super().__init__("error.storage_unavailable", detail=cause)


class InvalidKey(ValueError):
    """A key that is not one the server makes: a bug or an attack, never the user's input."""


class Storage(Protocol):
    """`put` never replaces an existing key (StorageUnavailable instead), so whoever wrote a key may delete it
    again without harming anyone else's bytes; `delete` of a key already gone is not an error."""

    def put(self, key: str, data: bytes) -> None: ...

    def get(self, key: str) -> bytes: ...

    def delete(self, key: str) -> None: ...


def check_key(key: str) -> str:
    """`key` when it is lower-case letters, digits and dashes in `/`-separated parts; InvalidKey otherwise."""
    if not isinstance(key, str) or len(key) > MAX_KEY_LENGTH or not KEY_PATTERN.fullmatch(key):
        raise InvalidKey(f"refused storage key {key!r}")
    return key


def _unavailable(backend: str, operation: str, key: str, cause: object) -> StorageUnavailable:
    detail = f"{backend} {operation} {key}: {' '.join(str(cause).split())}"
    log.warning("%s", detail)
    return StorageUnavailable(detail)


class LocalStorage:
    """Files under `root`, one per key, named by the key (which carries no user text)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root).absolute()

    def _path(self, key: str) -> Path:
        path = self.root / check_key(key)
        # The key pattern already rules out "..", absolute paths and odd characters; this guards the rule.
        if os.path.commonpath([self.root, path]) != str(self.root) or path == self.root:
            raise InvalidKey(f"refused storage key {key!r}")
        return path

    def _make_folders(self, folder: Path) -> None:
        """Create `folder` and its missing parents (the root included) as 0700, whatever the umask."""
        missing: list[Path] = []
        current = folder
        while not current.exists():
            missing.append(current)
            current = current.parent
        for path in reversed(missing):
            try:
                path.mkdir(mode=FOLDER_MODE)
            except FileExistsError:
                continue  # made by another worker at the same moment
            os.chmod(path, FOLDER_MODE)

    def put(self, key: str, data: bytes) -> None:
        """Write a new file; an existing key is never replaced."""
        path = self._path(key)
        try:
            self._make_folders(path.parent)
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
            descriptor = os.open(path, flags, FILE_MODE)
        except OSError as error:
            raise _unavailable("local", "put", key, error) from error
        try:
            with os.fdopen(descriptor, "wb") as handle:
                os.fchmod(handle.fileno(), FILE_MODE)
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as error:
            path.unlink(missing_ok=True)
            raise _unavailable("local", "put", key, error) from error

    def get(self, key: str) -> bytes:
        path = self._path(key)
        try:
            descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0))
            with os.fdopen(descriptor, "rb") as handle:
                if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                    raise OSError(errno.EINVAL, "not a regular file")
                return handle.read()
        except OSError as error:
            raise _unavailable("local", "get", key, error) from error

    def delete(self, key: str) -> None:
        """Remove the file; a key already gone is not an error."""
        path = self._path(key)
        try:
            path.unlink(missing_ok=True)
        except OSError as error:
            raise _unavailable("local", "delete", key, error) from error


class S3Storage:
    """Objects in one bucket, encrypted at rest (SSE-S3), typed as opaque bytes, never overwritten (a
    conditional write: S3 answers PreconditionFailed for a key that exists)."""

    def __init__(self, bucket: str, client: Any) -> None:
        self.bucket = bucket
        self.client = client

    def put(self, key: str, data: bytes) -> None:
        check_key(key)
        try:
            self.client.put_object(
                Bucket=self.bucket, Key=key, Body=data, ServerSideEncryption="AES256",
                ContentType="application/octet-stream", ContentDisposition="attachment", IfNoneMatch="*",
            )
        except (ClientError, BotoCoreError) as error:
            raise _unavailable(f"s3://{self.bucket}", "put", key, error) from error

    def get(self, key: str) -> bytes:
        check_key(key)
        try:
            data: bytes = self.client.get_object(Bucket=self.bucket, Key=key)["Body"].read()
            return data
        except (ClientError, BotoCoreError) as error:
            raise _unavailable(f"s3://{self.bucket}", "get", key, error) from error

    def delete(self, key: str) -> None:
        check_key(key)
        try:
            self.client.delete_object(Bucket=self.bucket, Key=key)
        except (ClientError, BotoCoreError) as error:
            raise _unavailable(f"s3://{self.bucket}", "delete", key, error) from error


_s3_clients: dict[str, BaseClient] = {}
_s3_lock = threading.Lock()


def s3_client(region: str) -> BaseClient:
    """One S3 client per region, made on first use from the standard credential chain (thread-safe to use;
    making it is not, hence the lock and a boto3 session of our own)."""
    with _s3_lock:
        client = _s3_clients.get(region)
        if client is None:
            client = boto3.session.Session().client("s3", region_name=region, config=S3_CONFIG)
            _s3_clients[region] = client
        return client


def _outside_web_roots(folder: Path) -> Path:
    resolved = folder.expanduser().resolve()
    for web_root in WEB_ROOTS:
        if resolved == web_root.resolve() or resolved.is_relative_to(web_root.resolve()):
            raise SettingsError(f"SSAS_DOCUMENT_DIR: {folder} is inside the web root {web_root};"
                                " choose a private folder")
    return resolved


def storage_for(settings: Settings) -> Storage:
    """The backend the settings choose: a local directory, or S3 (`SSAS_DOCUMENT_STORAGE=s3`)."""
    if settings.document_storage is DocumentStorage.S3:
        assert settings.s3_bucket  # the settings refuse s3 without a bucket
        return S3Storage(settings.s3_bucket, s3_client(settings.aws_region))
    return LocalStorage(_outside_web_roots(settings.document_dir))
