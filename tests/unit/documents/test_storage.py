"""Storage backends for document bytes: a private local directory (0600 files, 0700 folders, no key that
leaves the root) and S3 through moto (objects encrypted at rest, opaque bytes), every failure turned into
StorageUnavailable with the precise cause in the log."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final

import boto3
import pytest
from moto import mock_aws

from ssas_portal.services.core.errors import Refusal
from ssas_portal.services.documents import storage as storage_module
from ssas_portal.services.documents.storage import InvalidKey, LocalStorage, S3Storage, StorageUnavailable, storage_for
from ssas_portal.settings import PROJECT_ROOT, Settings, SettingsError

BUCKET = "ssas-documents-test"
REGION: Final = "eu-west-1"
KEY = "2026/05/0123456789abcdef0123456789abcdef"
STORAGE_LOGGER = "ssas_portal.storage"

ESCAPES = [
    "../outside", "2026/../../outside", "/etc/passwd", "2026/05/../../../x", "./x", "a/./b", "a//b", "a/", "/a",
    "", "A", "a b", "a\\b", "a\x00b", "a.b", "é", "~/x", "a/~", "a" * 256,
]


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def files_under(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file())


# --- local directory --------------------------------------------------------------------------------------


def test_local_storage_round_trips_bytes_in_private_files_and_folders(tmp_path: Path) -> None:
    """Owner-only, never executable: 0600 files in 0700 folders, the root included, whatever the umask."""
    root = tmp_path / "documents"
    storage = LocalStorage(root)
    previous = os.umask(0o002)
    try:
        storage.put(KEY, b"%PDF-1.4 bytes")
    finally:
        os.umask(previous)
    path = root / KEY
    assert storage.get(KEY) == b"%PDF-1.4 bytes"
    assert mode_of(path) == 0o600
    assert [mode_of(folder) for folder in (root, root / "2026", root / "2026" / "05")] == [0o700] * 3
    storage.delete(KEY)
    assert not path.exists()


def test_local_delete_of_a_missing_key_is_not_an_error(tmp_path: Path) -> None:
    LocalStorage(tmp_path).delete(KEY)


@pytest.mark.parametrize("key", ESCAPES)
def test_local_storage_refuses_keys_that_are_not_server_made(tmp_path: Path, key: str) -> None:
    """Only lower-case letters, digits and dashes in `/`-separated parts: no "..", no absolute path."""
    root = tmp_path / "root"
    storage = LocalStorage(root)
    for operation in (lambda: storage.put(key, b"x"), lambda: storage.get(key), lambda: storage.delete(key)):
        with pytest.raises(InvalidKey):
            operation()
    assert files_under(tmp_path) == []


def test_local_storage_never_replaces_an_existing_file(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    storage = LocalStorage(tmp_path)
    storage.put(KEY, b"first")
    with caplog.at_level(logging.WARNING, logger=STORAGE_LOGGER), pytest.raises(StorageUnavailable):
        storage.put(KEY, b"second")
    assert storage.get(KEY) == b"first"
    assert KEY in caplog.text


def test_local_storage_does_not_follow_a_planted_symlink(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_bytes(b"not a document")
    root = tmp_path / "root"
    (root / "2026" / "05").mkdir(parents=True)
    (root / KEY).symlink_to(secret)
    storage = LocalStorage(root)
    with pytest.raises(StorageUnavailable):
        storage.get(KEY)
    with pytest.raises(StorageUnavailable):
        storage.put(KEY, b"overwrite")
    assert secret.read_bytes() == b"not a document"


def test_a_missing_file_is_storage_unavailable_with_a_catalog_key_and_a_logged_cause(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger=STORAGE_LOGGER), pytest.raises(StorageUnavailable) as refused:
        LocalStorage(tmp_path).get(KEY)
    assert isinstance(refused.value, Refusal)
    assert refused.value.key == "error.storage_unavailable"
    assert f"local get {KEY}" in caplog.text and "No such file" in caplog.text


def test_a_root_that_cannot_hold_folders_is_storage_unavailable(tmp_path: Path) -> None:
    """A misconfigured SSAS_DOCUMENT_DIR (here a file) fails the upload with the catalog key, not a traceback."""
    root = tmp_path / "not-a-folder"
    root.write_bytes(b"")
    with pytest.raises(StorageUnavailable):
        LocalStorage(root).put(KEY, b"x")


# --- S3 through moto --------------------------------------------------------------------------------------


@pytest.fixture
def s3(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A moto S3 with one bucket; fake credentials so nothing can reach AWS."""
    for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                        "AWS_SESSION_TOKEN": "testing", "AWS_DEFAULT_REGION": REGION}.items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        client = boto3.client("s3", region_name=REGION)
        client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
        yield client


def test_s3_storage_round_trips_bytes_encrypted_at_rest_as_opaque_bytes(s3: Any) -> None:
    storage = S3Storage(BUCKET, s3)
    storage.put(KEY, b"\x89PNG\r\n\x1a\n bytes")
    assert storage.get(KEY) == b"\x89PNG\r\n\x1a\n bytes"
    head = s3.head_object(Bucket=BUCKET, Key=KEY)
    assert head["ServerSideEncryption"] == "AES256"
    assert head["ContentType"] == "application/octet-stream"
    assert head["ContentDisposition"] == "attachment"
    storage.delete(KEY)
    assert s3.list_objects_v2(Bucket=BUCKET).get("KeyCount") == 0


def test_s3_storage_never_replaces_an_existing_object(s3: Any) -> None:
    storage = S3Storage(BUCKET, s3)
    storage.put(KEY, b"first")
    with pytest.raises(StorageUnavailable):
        storage.put(KEY, b"second")
    assert storage.get(KEY) == b"first"


@pytest.mark.parametrize("key", ESCAPES)
def test_s3_storage_refuses_keys_that_are_not_server_made(s3: Any, key: str) -> None:
    storage = S3Storage(BUCKET, s3)
    with pytest.raises(InvalidKey):
        storage.put(key, b"x")
    with pytest.raises(InvalidKey):
        storage.get(key)
    assert s3.list_objects_v2(Bucket=BUCKET).get("KeyCount") == 0


def test_s3_errors_become_storage_unavailable_with_the_cause_logged(
        s3: Any, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger=STORAGE_LOGGER):
        with pytest.raises(StorageUnavailable) as missing:
            S3Storage(BUCKET, s3).get(KEY)
        with pytest.raises(StorageUnavailable):
            S3Storage("no-such-bucket", s3).put(KEY, b"x")
    assert missing.value.key == "error.storage_unavailable"
    assert "NoSuchKey" in caplog.text and "NoSuchBucket" in caplog.text
    assert f"s3://{BUCKET} get {KEY}" in caplog.text


# --- choosing the backend ---------------------------------------------------------------------------------


def test_the_default_backend_is_the_local_directory_of_the_settings(tmp_path: Path) -> None:
    storage = storage_for(Settings(document_dir=tmp_path / "docs"))
    assert isinstance(storage, LocalStorage)
    assert storage.root == (tmp_path / "docs").resolve()


def test_s3_is_chosen_by_setting_and_uses_the_bucket_and_region(s3: Any,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(storage_module, "_s3_clients", {})
    storage = storage_for(Settings(document_storage="s3", s3_bucket=BUCKET, aws_region=REGION))
    assert isinstance(storage, S3Storage) and storage.bucket == BUCKET
    assert storage.client.meta.region_name == REGION
    again = storage_for(Settings(document_storage="s3", s3_bucket=BUCKET, aws_region=REGION))
    assert isinstance(again, S3Storage) and again.client is storage.client
    storage.put(KEY, b"x")
    assert storage.get(KEY) == b"x"


@pytest.mark.parametrize("inside", ["assets", "assets/documents", ".web/public"])
def test_a_document_folder_inside_the_web_root_stops_start_up(inside: str) -> None:
    with pytest.raises(SettingsError, match="^SSAS_DOCUMENT_DIR: .* web root"):
        storage_for(Settings(document_dir=PROJECT_ROOT / inside))
