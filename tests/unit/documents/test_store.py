"""Attached documents: accepted for what their bytes are (PDF, JPEG, PNG; no active PDF), within the size
limit, stored under server-made keys with their SHA-256, read only by staff, the applicant holding the
application or the owning party, served as attachments, and never left half-done."""

from __future__ import annotations

import email.message
import email.utils
import hashlib
import json
import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import boto3
import pytest
from moto import mock_aws
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from models import Account, AccountRole, AuditEvent, Document, Party
from models.enums import PartyKind, Role
from ssas_portal.services.core import audit
from ssas_portal.services.core.audit import Actor
from ssas_portal.services.core.db import transaction
from ssas_portal.services.core.errors import Refusal
from ssas_portal.services.documents import store as documents
from ssas_portal.services.documents.storage import LocalStorage, S3Storage, Storage, StorageUnavailable
from ssas_portal.services.documents.store import content_disposition, display_name, sniff
from ssas_portal.services.identity import passwords
from ssas_portal.services.identity.authz import Grant
from ssas_portal.settings import get_settings
from tests.support.documents import (
    ALL_KINDS,
    jpeg_bytes,
    make_application,
    pdf_bytes,
    png_bytes,
    refusals,
    store,
)
from tests.support.identity import make_account
from tests.support.rows import audit_actions, count_rows

MIB = 1024 * 1024
KEY_SHAPE = re.compile(r"^\d{4}/\d{2}/[0-9a-f]{32}$")


# --- real, small files ------------------------------------------------------------------------------------


def padded_pdf(size: int) -> bytes:
    """A PDF of exactly `size` bytes (a comment line pads it)."""
    base = pdf_bytes()
    return base + b"%" + b"x" * (size - len(base) - 2) + b"\n"


JAVASCRIPT_PDF = pdf_bytes(b"4 0 obj\n<< /Type /Action /S /JavaScript /JS (app.alert('hi')) >>\nendobj\n")
ACTIVE_PDFS = {
    "javascript": JAVASCRIPT_PDF,
    "escaped javascript": pdf_bytes(b"4 0 obj\n<< /S /J#61vaScript /JS (x) >>\nendobj\n"),
    "launch": pdf_bytes(b"4 0 obj\n<< /S /Launch /F (cmd.exe) >>\nendobj\n"),
    "embedded file": pdf_bytes(b"4 0 obj\n<< /Type /EmbeddedFile /Length 0 >>\nstream\n\nendstream\nendobj\n"),
    "javascript in a compressed object stream": pdf_bytes(
        b"4 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode >>\nstream\n"
        + zlib.compress(b"5 0 << /S /JavaScript /JS (app.alert(1)) >>") + b"\nendstream\nendobj\n"),
    "javascript in an unlabelled compressed stream, past the first chunk": pdf_bytes(
        b"4 0 obj\n<< /Filter /FlateDecode >>\nstream\n"
        + zlib.compress(b" " * (4 * 1024 * 1024 - 5) + b"<< /S /#4aava#53cript >>") + b"\nendstream\nendobj\n"),
}


# --- fixtures and helpers ---------------------------------------------------------------------------------


@pytest.fixture(params=["local", "s3"])
def backend(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Storage]:
    """Each storage backend: the local directory, and S3 under moto."""
    if request.param == "local":
        yield LocalStorage(tmp_path / "documents")
        return
    for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                        "AWS_SESSION_TOKEN": "testing"}.items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        client = boto3.client("s3", region_name="eu-west-1")
        client.create_bucket(Bucket="docs", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
        yield S3Storage("docs", client)


def stored_files(storage: LocalStorage) -> list[Path]:
    return sorted(path for path in storage.root.rglob("*") if path.is_file()) if storage.root.exists() else []


def refused(engine: Engine, storage: LocalStorage, data: bytes, **options: Any) -> Refusal:
    """The Refusal store() raises, after checking nothing was kept: no row, no event, no file."""
    with pytest.raises(Refusal) as refusal:
        store(engine, storage, data, **options)
    assert count_rows(engine, Document) == count_rows(engine, AuditEvent) == 0
    assert stored_files(storage) == []
    assert refusal.value.field == "document"
    return refusal.value


def make_party_account(engine: Engine, email: str, role: Role = Role.INDIVIDUAL) -> tuple[int, int]:
    """A person party with an account of its own; returns (party id, account id)."""
    with transaction(engine) as session:
        party = Party(kind=PartyKind.PERSON)
        session.add(party)
        session.flush()
        account = Account(email=email, display_name="Awa Diop", party_id=party.id, must_change_password=False,
                          password_hash=passwords.hash_password("correct horse battery"))
        session.add(account)
        session.flush()
        session.add(AccountRole(account_id=account.id or 0, role=role))
        return party.id or 0, account.id or 0


def read(engine: Engine, storage: Storage, document_id: int, *, grant: Grant | None = None,
         application_id: int | None = None) -> tuple[Document, bytes] | None:
    with transaction(engine) as session:
        return documents.read(session, document_id, grant=grant, application_id=application_id, storage=storage)


# --- content ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("data", "mime"), [(pdf_bytes(), "application/pdf"), (jpeg_bytes(), "image/jpeg"),
                                            (png_bytes(), "image/png")], ids=["pdf", "jpeg", "png"])
def test_sniff_knows_pdf_jpeg_and_png_by_their_bytes(data: bytes, mime: str) -> None:
    assert sniff(data) == mime


@pytest.mark.parametrize("data", [
    b"hello", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff", b"", b"GIF89a\x01\x00\x01\x00",
    b"<html><script>alert(1)</script></html>", b"%PD", b" %PDF-1.4", b"\x89PNG\r\n", b"\xff\xd8",
    b"PK\x03\x04 zip or docx", b"#!/bin/sh\nrm -rf /\n",
], ids=["text", "exe", "empty", "gif", "html", "short-pdf", "pdf-after-space", "short-png", "short-jpeg", "zip",
        "script"])
def test_sniff_refuses_everything_else(data: bytes) -> None:
    assert sniff(data) is None


@pytest.mark.parametrize("data", ACTIVE_PDFS.values(), ids=ACTIVE_PDFS.keys())
def test_sniff_refuses_a_pdf_a_reader_could_run_something_from(data: bytes) -> None:
    assert sniff(data) is None


def test_sniff_refuses_a_pdf_that_inflates_to_more_than_can_be_checked() -> None:
    """300 MiB of zeros in a few hundred kilobytes: refused, without ever holding the 300 MiB in memory."""
    compressor = zlib.compressobj(9)
    bomb = b"".join(compressor.compress(bytes(MIB)) for _ in range(300)) + compressor.flush()
    assert len(bomb) < MIB
    assert sniff(pdf_bytes(b"4 0 obj\n<< /Filter /FlateDecode >>\nstream\n" + bomb + b"\nendstream\nendobj\n")) is None


def test_a_plain_pdf_with_compressed_streams_is_not_mistaken_for_an_active_one() -> None:
    page = zlib.compress(b"BT /F1 12 Tf 20 100 Td (Releve de carriere) Tj ET")
    objects = pdf_bytes(b"4 0 obj\n<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(page) + page
                        + b"\nendstream\nendobj\n5 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode >>\n"
                        b"stream\n" + zlib.compress(b"6 0 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
                        + b"\nendstream\nendobj\n")
    assert sniff(objects) == "application/pdf"


def test_a_file_named_pdf_that_is_not_a_pdf_is_refused(engine: Engine, storage: LocalStorage) -> None:
    error = refused(engine, storage, b"hello", name="facture.pdf")
    assert error.key == "error.document_type"
    assert error.params == {"accepted": "PDF, JPEG, PNG"}


def test_a_program_named_pdf_is_refused(engine: Engine, storage: LocalStorage) -> None:
    error = refused(engine, storage, b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64, name="releve.pdf")
    assert error.key == "error.document_type"


def test_an_empty_file_is_refused(engine: Engine, storage: LocalStorage) -> None:
    assert refused(engine, storage, b"").key == "error.document_empty"


def test_a_pdf_with_javascript_is_refused_as_active_content(engine: Engine, storage: LocalStorage) -> None:
    assert refused(engine, storage, JAVASCRIPT_PDF).key == "error.document_active_content"


def test_a_real_file_of_a_kind_this_document_does_not_take_is_refused(engine: Engine, storage: LocalStorage) -> None:
    error = refused(engine, storage, png_bytes(), name="photo.png", accepted=["pdf"])
    assert (error.key, error.params) == ("error.document_type", {"accepted": "PDF"})


def test_the_refusal_messages_exist_in_both_languages() -> None:
    from ssas_portal.services.core import i18n

    for language in i18n.LANGUAGES:
        assert "10" in i18n.translate(language, "error.document_too_large", maximum=10)
        assert "PDF, JPEG" in i18n.translate(language, "error.document_type", accepted="PDF, JPEG")
        for key in ("error.document_empty", "error.document_active_content", "error.storage_unavailable"):
            assert i18n.translate(language, key)


def test_only_known_kinds_can_be_accepted(engine: Engine, storage: LocalStorage) -> None:
    """`accepted` and `kind` come from the form definition; a wrong one is a bug, said loudly."""
    with pytest.raises(ValueError):
        store(engine, storage, pdf_bytes(), accepted=["exe"])
    with pytest.raises(ValueError):
        store(engine, storage, pdf_bytes(), kind="../identity")
    assert stored_files(storage) == []


# --- size -------------------------------------------------------------------------------------------------


def test_the_size_limit_is_a_setting_and_its_boundary_is_accepted(
        engine: Engine, storage: LocalStorage, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SSAS_DOCUMENT_MAX_MB", "1")
    get_settings.cache_clear()
    too_large = refused(engine, storage, padded_pdf(MIB + 1))
    assert (too_large.key, too_large.params) == ("error.document_too_large", {"maximum": 1})
    document = store(engine, storage, padded_pdf(MIB))
    assert document.size_bytes == MIB


def test_the_default_limit_is_ten_megabytes(engine: Engine, storage: LocalStorage) -> None:
    assert get_settings().document_max_mb == 10
    assert refused(engine, storage, padded_pdf(10 * MIB + 1)).params == {"maximum": 10}


# --- storing ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("data", "mime"), [(pdf_bytes(), "application/pdf"), (jpeg_bytes(), "image/jpeg"),
                                            (png_bytes(), "image/png")], ids=["pdf", "jpeg", "png"])
def test_store_records_the_sha256_size_and_sniffed_type_and_audits_without_the_bytes(
        engine: Engine, backend: Storage, data: bytes, mime: str) -> None:
    document = store(engine, backend, data, name="scan.pdf")  # the name says PDF; the bytes decide
    with Session(engine) as session:
        row = session.get_one(Document, document.id)
        [event] = session.exec(select(AuditEvent)).all()
    assert row.sha256 == hashlib.sha256(data).hexdigest()
    assert (row.size_bytes, row.mime_type, row.kind) == (len(data), mime, "identity_document")
    assert backend.get(row.storage_key) == data
    assert (event.action, event.entity_type, event.entity_id) == ("document.stored", "document", str(row.id))
    assert event.after is not None
    assert {key: event.after[key] for key in ("kind", "sha256", "size", "mime")} == {
        "kind": "identity_document", "sha256": row.sha256, "size": len(data), "mime": mime}
    assert data.hex() not in json.dumps(event.after) and "scan" not in json.dumps(event.after)
    with Session(engine) as session:
        assert audit.verify_chain(session)[1] is None


def test_the_storage_key_is_made_by_the_server_and_holds_nothing_of_the_name(
        engine: Engine, storage: LocalStorage) -> None:
    names = ["passeport-awa-diop.pdf", "../../../etc/cron.d/evil", "2026", "a" * 300 + ".pdf"]
    keys = [store(engine, storage, pdf_bytes(), name=name).storage_key for name in names]
    assert all(KEY_SHAPE.fullmatch(key) for key in keys)
    assert len(set(keys)) == len(keys)
    random_parts = [key.rsplit("/", 1)[1] for key in keys]
    for name in names:
        for part in re.split(r"[^a-z0-9]+", name.lower()):
            assert not part or len(part) < 4 or all(part not in random for random in random_parts)
    assert stored_files(storage) == sorted(storage.root / key for key in keys)


def test_files_land_in_the_settings_folder_when_no_backend_is_given(
        engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SSAS_DOCUMENT_DIR", str(tmp_path / "private"))
    get_settings.cache_clear()
    with transaction(engine) as session:
        document = documents.store(session, data=png_bytes(), original_name="photo.png", kind="photo",
                                   accepted=["png"], application_id=None, owner_party_id=None,
                                   uploaded_by_account_id=None, actor=Actor.system())
    assert (tmp_path / "private" / document.storage_key).read_bytes() == png_bytes()


@pytest.mark.parametrize(("given", "kept"), [
    ("Pièce d'identité.pdf", "Pièce d'identité.pdf"),
    ("../../etc/passwd", "passwd"),
    ("C:\\Users\\awa\\Relevé.pdf", "Relevé.pdf"),
    ("report\u202efdp.exe", "reportfdp.exe"),  # the right-to-left override that shows "exe.pdf"
    ("a\r\nb\x00c\t.pdf", "abc.pdf"),
    ("  spaced   out .pdf  ", "spaced out .pdf"),
    ("...", "document"),
    ("", "document"),
    ("x" * 300 + ".pdf", "x" * 251 + ".pdf"),
])
def test_the_original_name_is_kept_only_as_a_clean_display_name(given: str, kept: str) -> None:
    assert display_name(given) == kept
    assert len(display_name(given)) <= 255


def test_the_stored_name_is_the_clean_one(engine: Engine, storage: LocalStorage) -> None:
    document = store(engine, storage, pdf_bytes(), name="/home/awa/Documents/acte\x07 de naissance.pdf")
    assert document.original_name == "acte de naissance.pdf"


# --- nothing half-done ------------------------------------------------------------------------------------


def test_a_failing_audit_event_leaves_no_file_and_no_row(
        engine: Engine, storage: LocalStorage, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("audit trail unavailable")

    monkeypatch.setattr(audit, "record", broken)
    with pytest.raises(RuntimeError):
        store(engine, storage, pdf_bytes())
    assert stored_files(storage) == []
    assert count_rows(engine, Document) == 0


def test_a_failing_flush_leaves_no_file(engine: Engine, storage: LocalStorage) -> None:
    """An application that does not exist breaks the foreign key at flush, after the bytes were written."""
    with pytest.raises(Exception, match="(?i)foreign key"):
        store(engine, storage, pdf_bytes(), application_id=987654)
    assert stored_files(storage) == []
    assert count_rows(engine, Document) == count_rows(engine, AuditEvent) == 0


def test_a_duplicate_storage_key_fails_in_the_database_and_leaves_no_file(
        engine: Engine, storage: LocalStorage, monkeypatch: pytest.MonkeyPatch) -> None:
    """A row already holds the key (its bytes are elsewhere): the bytes are written, the unique key stops the
    row at flush, and the bytes just written are removed again."""
    taken = "2026/01/" + "0" * 32
    with transaction(engine) as session:
        session.add(Document(kind="photo", original_name="a.png", mime_type="image/png", size_bytes=1,
                             sha256="0" * 64, storage_key=taken))
    monkeypatch.setattr(documents, "new_storage_key", lambda: taken)
    with pytest.raises(Exception, match="(?i)unique|duplicate"):
        store(engine, storage, pdf_bytes())
    assert stored_files(storage) == []
    assert count_rows(engine, Document) == 1


def test_a_transaction_that_rolls_back_after_store_removes_the_bytes(engine: Engine, storage: LocalStorage) -> None:
    """store() returned, but the caller's transaction failed later (say, submitting the application)."""
    with pytest.raises(RuntimeError), transaction(engine) as session:
        documents.store(session, data=pdf_bytes(), original_name="a.pdf", kind="identity_document",
                        accepted=ALL_KINDS, application_id=None, owner_party_id=None, uploaded_by_account_id=None,
                        actor=Actor.system(), storage=storage)
        assert len(stored_files(storage)) == 1
        raise RuntimeError("the rest of the submission failed")
    assert stored_files(storage) == []
    assert count_rows(engine, Document) == 0


def test_a_session_closed_without_commit_removes_the_bytes_and_a_savepoint_does_not(
        engine: Engine, storage: LocalStorage) -> None:
    with Session(engine) as session:
        documents.store(session, data=pdf_bytes(), original_name="a.pdf", kind="identity_document",
                        accepted=ALL_KINDS, application_id=None, owner_party_id=None, uploaded_by_account_id=None,
                        actor=Actor.system(), storage=storage)
        session.begin_nested().commit()
        assert len(stored_files(storage)) == 1
    assert stored_files(storage) == []


def test_a_storage_failure_stores_nothing(engine: Engine, tmp_path: Path) -> None:
    root = tmp_path / "not-a-folder"
    root.write_bytes(b"")
    with pytest.raises(StorageUnavailable) as failure:
        store(engine, LocalStorage(root), pdf_bytes())
    assert failure.value.key == "error.storage_unavailable"
    assert count_rows(engine, Document) == count_rows(engine, AuditEvent) == 0


# --- reading ----------------------------------------------------------------------------------------------


@pytest.fixture
def scene(engine: Engine, storage: LocalStorage) -> dict[str, Any]:
    """A document of application A owned by party P; people around it."""
    owner_party, owner_account = make_party_account(engine, "owner@example.org")
    other_party, other_account = make_party_account(engine, "other@example.org")
    _, applicant_account = make_party_account(engine, "applicant@example.org", Role.APPLICANT)
    clerk = make_account(engine, "clerk@example.org", role=Role.STAFF_CLERK)
    assert clerk.id is not None
    application = make_application(engine, "EMP-2026-AAAAAAAA", applicant_account_id=applicant_account)
    other_application = make_application(engine, "EMP-2026-BBBBBBBB")
    document = store(engine, storage, pdf_bytes(), application_id=application, owner_party_id=owner_party)
    return {
        "document": document.id, "application": application, "other_application": other_application,
        "staff": Grant(clerk.id, "Fatou Sow", Role.STAFF_CLERK),
        "owner": Grant(owner_account, "Awa Diop", Role.INDIVIDUAL),
        "other": Grant(other_account, "Awa Diop", Role.INDIVIDUAL),
        "applicant": Grant(applicant_account, "Awa Diop", Role.APPLICANT),
        "other_party": other_party,
    }


@pytest.mark.parametrize(("who", "claimed_application"), [
    ("staff", None), ("owner", None), ("applicant", None), (None, "application"),
])
def test_staff_the_applicant_and_the_owner_may_read(engine: Engine, storage: LocalStorage, scene: dict[str, Any],
                                                    who: str | None, claimed_application: str | None) -> None:
    found = read(engine, storage, scene["document"], grant=scene[who] if who else None,
                 application_id=scene[claimed_application] if claimed_application else None)
    assert found is not None
    document, data = found
    assert (document.id, data) == (scene["document"], pdf_bytes())
    assert refusals(engine) == []


@pytest.mark.parametrize(("who", "claimed_application"), [
    (None, "other_application"), ("other", None), (None, None), ("other", "other_application"),
])
def test_anyone_else_is_refused_and_the_refusal_audited(engine: Engine, storage: LocalStorage,
                                                        scene: dict[str, Any], who: str | None,
                                                        claimed_application: str | None) -> None:
    grant = scene[who] if who else None
    assert read(engine, storage, scene["document"], grant=grant,
                application_id=scene[claimed_application] if claimed_application else None) is None
    [event] = refusals(engine)
    assert (event.entity_type, event.entity_id) == ("document", str(scene["document"]))
    assert event.actor_account_id == (grant.account_id if grant else None)
    assert event.actor_role == (grant.role if grant else "anonymous")


def test_an_unknown_document_is_refused_like_a_forbidden_one(engine: Engine, storage: LocalStorage,
                                                             scene: dict[str, Any]) -> None:
    assert read(engine, storage, 424242, grant=scene["owner"]) is None
    assert len(refusals(engine)) == 1


def test_a_document_of_no_application_is_not_read_through_a_missing_application_id(
        engine: Engine, storage: LocalStorage) -> None:
    """application_id None must never match a document that has no application."""
    document = store(engine, storage, pdf_bytes())
    assert read(engine, storage, document.id or 0, grant=None, application_id=None) is None


def test_a_deactivated_owner_account_is_refused(engine: Engine, storage: LocalStorage, scene: dict[str, Any]) -> None:
    with transaction(engine) as session:
        session.get_one(Account, scene["owner"].account_id).is_active = False
    assert read(engine, storage, scene["document"], grant=scene["owner"]) is None


def test_bytes_changed_in_storage_are_not_served(engine: Engine, storage: LocalStorage, scene: dict[str, Any]) -> None:
    with Session(engine) as session:
        key = session.get_one(Document, scene["document"]).storage_key
    (storage.root / key).write_bytes(pdf_bytes(b"% tampered\n"))
    with pytest.raises(StorageUnavailable):
        read(engine, storage, scene["document"], grant=scene["staff"])


def test_read_works_on_s3_too(engine: Engine, backend: Storage) -> None:
    document = store(engine, backend, jpeg_bytes(), name="photo.jpg", application_id=None,
                     owner_party_id=None)
    clerk = make_account(engine, "clerk@example.org", role=Role.STAFF_SUPERVISOR)
    assert clerk.id is not None
    found = read(engine, backend, document.id or 0, grant=Grant(clerk.id, "F", Role.STAFF_SUPERVISOR))
    assert found is not None and found[1] == jpeg_bytes()


# --- deleting ---------------------------------------------------------------------------------------------


def test_delete_removes_row_and_bytes_once_committed_and_audits(engine: Engine, storage: LocalStorage) -> None:
    application = make_application(engine, "EMP-2026-CCCCCCCC")
    document = store(engine, storage, pdf_bytes(), application_id=application)
    actor = Actor(None, "applicant")
    with transaction(engine) as session:
        assert documents.delete(session, document.id or 0, actor, application_id=application, storage=storage)
        assert len(stored_files(storage)) == 1  # the bytes go only once the row is gone for good
    assert stored_files(storage) == []
    assert count_rows(engine, Document) == 0
    assert audit_actions(engine) == ["document.stored", "document.deleted"]


def test_a_delete_that_rolls_back_keeps_row_and_bytes(engine: Engine, storage: LocalStorage) -> None:
    document = store(engine, storage, pdf_bytes())
    with pytest.raises(RuntimeError), transaction(engine) as session:
        documents.delete(session, document.id or 0, Actor.system(), storage=storage)
        raise RuntimeError("rolled back")
    assert len(stored_files(storage)) == 1
    assert count_rows(engine, Document) == 1
    assert audit_actions(engine) == ["document.stored"]


def test_delete_only_touches_a_document_of_the_given_application(engine: Engine, storage: LocalStorage) -> None:
    mine, theirs = make_application(engine, "EMP-2026-DDDDDDDD"), make_application(engine, "EMP-2026-EEEEEEEE")
    document = store(engine, storage, pdf_bytes(), application_id=theirs)
    with transaction(engine) as session:
        assert not documents.delete(session, document.id or 0, Actor.system(), application_id=mine, storage=storage)
        assert not documents.delete(session, 99999, Actor.system(), storage=storage)
    assert count_rows(engine, Document) == 1 and len(stored_files(storage)) == 1


# --- downloads --------------------------------------------------------------------------------------------


def disposition_for(name: str, mime: str = "application/pdf") -> str:
    return content_disposition(Document(kind="x", original_name=name, mime_type=mime, size_bytes=1, sha256="0" * 64,
                                        storage_key="2026/01/" + "0" * 32))


def parsed_filename(header: str) -> str:
    """The name a browser saves under: the RFC 8187 filename*, as a mail/HTTP header parser reads it; the
    header must parse as exactly a disposition, one plain filename and one filename*."""
    message = email.message.Message()
    message["Content-Disposition"] = header
    params = message.get_params(header="content-disposition")
    assert params is not None
    [(disposition, _), (name, plain), (extended_name, extended)] = params
    assert (disposition, name, extended_name) == ("attachment", "filename", "filename")
    assert isinstance(plain, str) and plain.isascii()
    assert isinstance(extended, tuple) and extended[0] == "UTF-8"
    return email.utils.collapse_rfc2231_value(extended)


def test_a_french_name_downloads_as_an_attachment_with_an_ascii_fallback() -> None:
    name = "Relevé d'identité – été 2026.pdf"
    header = disposition_for(name)
    fallback = re.search(r'filename="([^"]*)"', header)
    encoded = re.search(r"filename\*=UTF-8''(\S+)$", header)
    assert header.startswith("attachment; ")
    assert fallback and fallback.group(1) == "Releve d_identite _ ete 2026.pdf"
    assert encoded and unquote(encoded.group(1)) == name
    assert header.isascii()
    assert parsed_filename(header) == name


@pytest.mark.parametrize("name", ['a"b.pdf', 'quote\\"; filename="evil.exe', "line\r\nSet-Cookie: x=1.pdf",
                                  "tab\there.pdf", "%41%42.pdf", "分享.pdf"])
def test_quotes_and_newlines_in_a_name_cannot_break_the_header(name: str) -> None:
    header = disposition_for(name)
    assert header.isascii() and "\r" not in header and "\n" not in header
    assert header.count('"') == 2
    fallback = re.search(r'filename="([^"]*)"', header)
    assert fallback and fallback.group(1).endswith(".pdf") and "\\" not in fallback.group(1)
    saved = parsed_filename(header)
    assert saved.startswith(display_name(name)) and saved.endswith(".pdf")
    assert "\r" not in saved and "\n" not in saved


@pytest.mark.parametrize(("name", "mime", "downloaded"), [
    ("page.html", "application/pdf", "page.html.pdf"),
    ("photo.JPG", "image/jpeg", "photo.JPG"),
    ("scan", "image/png", "scan.png"),
    ("", "application/pdf", "document.pdf"),
])
def test_the_downloaded_name_ends_with_the_extension_of_the_content(name: str, mime: str, downloaded: str) -> None:
    assert parsed_filename(disposition_for(name, mime)) == downloaded


@pytest.mark.parametrize(("who", "claimed_application"), [("staff", None), (None, "application")])
def test_every_read_of_a_document_is_audited_with_who_read_it(engine: Engine, storage: LocalStorage,
                                                              scene: dict[str, Any], who: str | None,
                                                              claimed_application: str | None) -> None:
    grant = scene[who] if who else None
    assert read(engine, storage, scene["document"], grant=grant,
                application_id=scene[claimed_application] if claimed_application else None) is not None
    with Session(engine) as session:
        reads = session.exec(select(AuditEvent).where(AuditEvent.action == "document.read")).all()
    assert [(event.entity_id, event.actor_account_id, event.actor_role) for event in reads] == [
        (str(scene["document"]), grant.account_id if grant else None, grant.role.value if grant else "applicant")]
