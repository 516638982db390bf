"""Attached documents: checked by content, stored under server-made keys, read only by those entitled.

A file is accepted for what its bytes are, never for its name: PDF, JPEG or PNG by their magic bytes, and
no PDF that carries something a reader could run (JavaScript, launch actions, embedded files). Its SHA-256
is recorded and checked again on every read. The bytes go to the storage backend first, then the row and its
audit event; if the transaction does not commit, the bytes are removed again, so nothing is left half-done.
The name the user gave is kept only for display and downloads, cleaned; it never reaches the storage key.
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
import uuid
import zlib
from collections.abc import Callable, Iterator
from urllib.parse import quote

import sqlalchemy as sa
from sqlmodel import Session

from models import Account, Application, Document
from models.enums import STAFF_ROLES
from models.types import utc_now
from ssas_portal.services.core import audit
from ssas_portal.services.core.audit import Actor
from ssas_portal.services.core.errors import Refusal
from ssas_portal.services.documents.storage import Storage, StorageUnavailable, storage_for
from ssas_portal.services.identity.authz import Grant
from ssas_portal.settings import get_settings

log = logging.getLogger("ssas_portal.documents")

ACCEPTED = {"pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png"}
EXTENSIONS = {"application/pdf": (".pdf",), "image/jpeg": (".jpg", ".jpeg", ".jpe", ".jfif"),
              "image/png": (".png",)}
MAGIC = ((b"%PDF-", "application/pdf"), (b"\xff\xd8\xff", "image/jpeg"), (b"\x89PNG\r\n\x1a\n", "image/png"))
KIND_PATTERN = re.compile(r"^[a-z0-9_]{1,60}$")
MAX_NAME_LENGTH = 255
FALLBACK_NAME = "document"

# PDF names that make a reader run or drop something: scripts, launched programs, attached files, media.
# A script always comes with /JavaScript (the action type /S /JavaScript, or the /JavaScript name tree), so
# /JS alone is not looked for: two letters turn up by chance in compressed image bytes, these never do.
ACTIVE_PDF_NAMES = ("embeddedfiles", "embeddedfile", "javascript", "richmedia", "launch")
_PDF_DELIMITER = rb"[\x00\t\n\x0c\r ()<>\[\]{}/%]"


def _name_pattern(name: str) -> bytes:
    """`name` as a PDF name token, each character either itself or #xx-escaped (/J#61vaScript, /#4aavascript);
    matched without regard to case."""
    return b"".join(b"(?:%s|#%02x|#%02x)" % (re.escape(char.encode()), ord(char.lower()), ord(char.upper()))
                    for char in name)


_ACTIVE_NAME = re.compile(rb"/(?:" + b"|".join(map(_name_pattern, ACTIVE_PDF_NAMES)) + rb")(?=" + _PDF_DELIMITER
                          + rb"|$)", re.IGNORECASE)
_STREAM_START = re.compile(rb"(?<!end)stream(?:\r\n|\n|\r)")
_INPUT_CHUNK = 64 * 1024
_OUTPUT_CHUNK = 4 * 1024 * 1024
_INFLATE_BUDGET = 256 * 1024 * 1024  # more than this from a 10 MB file is a decompression bomb
_OVERLAP = 64  # longer than any escaped active name, so none hides across two chunks


# --- content ----------------------------------------------------------------------------------------------


def _inflated(view: memoryview, position: int) -> Iterator[bytes]:
    """The Flate stream starting at `position`, inflated piece by piece (zlib.error if it is not one).
    Input goes in small pieces, so a stream that ends early never copies the rest of the file."""
    inflater = zlib.decompressobj()
    while position < len(view) and not inflater.eof:
        pending: bytes | memoryview = view[position:position + _INPUT_CHUNK]
        position += _INPUT_CHUNK
        while pending and not inflater.eof:
            yield inflater.decompress(pending, _OUTPUT_CHUNK)
            pending = inflater.unconsumed_tail


def has_active_content(data: bytes) -> bool:
    """True for a PDF that names JavaScript, a launch action, an embedded file or rich media, in plain sight
    or inside any Flate-compressed stream (object streams hide dictionaries there), and for one that inflates
    to more than can be checked. A heuristic, not a PDF parser: downloads are attachments, never rendered by
    the portal, whatever it misses."""
    if _ACTIVE_NAME.search(data):
        return True
    budget = _INFLATE_BUDGET
    view = memoryview(data)
    for start in _STREAM_START.finditer(data):
        tail = b""
        try:
            for chunk in _inflated(view, start.end()):
                budget -= len(chunk)
                if budget < 0 or _ACTIVE_NAME.search(tail + chunk):
                    return True
                tail = chunk[-_OVERLAP:]
        except zlib.error:
            continue  # not Flate data (an image, a plain stream): the plain scan covered it
    return False


def sniff(data: bytes) -> str | None:
    """The MIME type the bytes are (PDF, JPEG or PNG by their magic bytes), or None for anything else,
    including a PDF with active content."""
    for magic, mime in MAGIC:
        if data.startswith(magic):
            if mime == "application/pdf" and has_active_content(data):
                return None
            return mime
    return None


def _accepted_label(accepted: list[str]) -> str:
    return ", ".join(kind.upper() for kind in accepted)


# --- names ------------------------------------------------------------------------------------------------


def display_name(original: str) -> str:
    """The user's file name as safe text: no folders, no control or invisible characters (so no right-to-left
    trick turning "fdp.exe" around), single spaces, at most 255 characters with the extension kept."""
    name = unicodedata.normalize("NFC", original or "")
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(char for char in name if not unicodedata.category(char).startswith("C"))
    name = " ".join(name.split()).strip(" .")
    if len(name) > MAX_NAME_LENGTH:
        stem, dot, extension = name.rpartition(".")
        if dot and stem and 0 < len(extension) <= 10:
            name = f"{stem[:MAX_NAME_LENGTH - len(extension) - 1].rstrip(' .')}.{extension}"
        else:
            name = name[:MAX_NAME_LENGTH].rstrip(" .")
    return name or FALLBACK_NAME


def download_name(document: Document) -> str:
    """The display name, ending with an extension that matches the content (a PDF saved as "x.html" would
    open in a browser as a page)."""
    name = display_name(document.original_name)
    extensions = EXTENSIONS.get(document.mime_type, (".bin",))
    if not name.lower().endswith(extensions):
        name = f"{name[:MAX_NAME_LENGTH - len(extensions[0])]}{extensions[0]}"
    return name


def _ascii_fallback(name: str) -> str:
    """Accents dropped (é -> e), anything else outside a small safe set (quotes, backslashes, %, ;) as "_"."""
    decomposed = unicodedata.normalize("NFKD", name)
    text = "".join(char for char in decomposed if not unicodedata.combining(char))
    text = re.sub(r"[^A-Za-z0-9 ._()+,-]", "_", text)
    stem, dot, extension = text.rpartition(".")
    if not stem.strip(" ._"):
        return f"{FALLBACK_NAME}.{extension}" if dot else FALLBACK_NAME
    return text


def content_disposition(document: Document, *, inline: bool = False) -> str:
    """The Content-Disposition header: an attachment, or shown in the page for staff's viewer, with an ASCII
    name for old clients and the exact UTF-8 name (RFC 6266 / RFC 8187) for the others."""
    name = download_name(document)
    encoded = quote(name, safe="!#$&+-.^_`|~")
    return f"{'inline' if inline else 'attachment'}; filename=\"{_ascii_fallback(name)}\"; filename*=UTF-8''{encoded}"


def new_storage_key() -> str:
    """A key made by the server alone: year, month and a random UUID."""
    now = utc_now()
    return f"{now:%Y}/{now:%m}/{uuid.uuid4().hex}"


# --- transaction outcome ----------------------------------------------------------------------------------


def _after_transaction(session: Session, *, committed: Callable[[], None] | None = None,
                       abandoned: Callable[[], None] | None = None) -> None:
    """Run `committed` once the session's current root transaction commits, or `abandoned` once it ends
    any other way (rolled back, closed without commit, failed to commit). Savepoints do not count."""
    root = session.get_transaction()
    outcome = {"committed": False, "done": False}

    def on_commit(ended: Session) -> None:
        if not outcome["done"] and not ended.in_nested_transaction():
            outcome["committed"] = True

    def on_end(_session: Session, transaction: object) -> None:
        if outcome["done"] or transaction is not root:
            return
        outcome["done"] = True
        action = committed if outcome["committed"] else abandoned
        if action is not None:
            try:
                action()
            except Exception:  # an event hook must never raise; the cause is already logged
                log.exception("clean-up after the transaction failed")

    sa.event.listen(session, "after_commit", on_commit)
    sa.event.listen(session, "after_transaction_end", on_end)


def _discard(storage: Storage, key: str) -> None:
    try:
        storage.delete(key)
    except StorageUnavailable:
        log.error("orphan document bytes left under %s", key)


# --- services ---------------------------------------------------------------------------------------------


def store(
    session: Session,
    *,
    data: bytes,
    original_name: str,
    kind: str,
    accepted: list[str],
    application_id: int | None,
    owner_party_id: int | None,
    uploaded_by_account_id: int | None,
    actor: Actor,
    storage: Storage | None = None,
) -> Document:
    """Check the file, write its bytes, then its row and audit event in the caller's transaction.

    a Refusal about "document" for an empty, too large or unaccepted file; StorageUnavailable when the
    backend fails. The bytes are removed again when the transaction does not commit.
    """
    unknown = [name for name in accepted if name not in ACCEPTED]
    if unknown or not accepted:
        raise ValueError(f"accepted must name kinds of {sorted(ACCEPTED)}, not {accepted!r}")
    if not KIND_PATTERN.fullmatch(kind):
        raise ValueError(f"not a document kind: {kind!r}")
    maximum_mb = get_settings().document_max_mb
    if not data:
        raise Refusal("error.document_empty", "document")
    if len(data) > maximum_mb * 1024 * 1024:
        raise Refusal("error.document_too_large", "document", maximum=maximum_mb)
    mime = sniff(data)
    if mime is None and data.startswith(b"%PDF-") and "pdf" in accepted:
        raise Refusal("error.document_active_content", "document")
    if mime is None or mime not in {ACCEPTED[name] for name in accepted}:
        raise Refusal("error.document_type", "document", accepted=_accepted_label(accepted))

    storage = storage if storage is not None else storage_for(get_settings())
    key = new_storage_key()
    digest = hashlib.sha256(data).hexdigest()
    storage.put(key, data)
    try:
        document = Document(
            owner_party_id=owner_party_id, application_id=application_id, kind=kind,
            original_name=display_name(original_name), mime_type=mime, size_bytes=len(data), sha256=digest,
            storage_key=key, uploaded_by_account_id=uploaded_by_account_id,
        )
        session.add(document)
        session.flush()
        audit.record(session, actor, "document.stored", "document", document.id, after={
            "kind": kind, "sha256": digest, "size": len(data), "mime": mime,
            "application_id": application_id, "owner_party_id": owner_party_id,
        })
    except BaseException:
        _discard(storage, key)
        raise
    _after_transaction(session, abandoned=lambda: _discard(storage, key))
    return document


def _may_read(session: Session, document: Document, grant: Grant | None, application_id: int | None) -> bool:
    if grant is not None and grant.role in STAFF_ROLES:
        return True
    if document.application_id is not None:
        if application_id is not None and application_id == document.application_id:
            return True  # the applicant holding this request (a proven contact or their session)
        if grant is not None:
            application = session.get(Application, document.application_id)
            if application is not None and application.applicant_account_id == grant.account_id:
                return True
    if grant is not None and document.owner_party_id is not None:
        account = session.get(Account, grant.account_id)
        if account is not None and account.is_active and account.party_id == document.owner_party_id:
            return True
    return False


def read(
    session: Session,
    document_id: int,
    *,
    grant: Grant | None,
    application_id: int | None,
    storage: Storage | None = None,
) -> tuple[Document, bytes] | None:
    """The document and its bytes for staff, the applicant holding its application, or an account of the
    party that owns it; None for anyone else (and for an unknown id). The read and the refusal are both
    audited in the caller's transaction (commit it, as with authz): who saw a person's papers is on record.
    StorageUnavailable when the bytes cannot be read or no longer match their SHA-256.

    `grant` comes from authz.authorise; `application_id` is the application the caller has proven to hold
    (the draft in server-side state), never a number taken from the request.
    """
    document = session.get(Document, document_id)
    actor = Actor(grant.account_id, grant.role) if grant is not None else Actor(None, "applicant")
    if document is None or not _may_read(session, document, grant, application_id):
        audit.record(session, actor if grant is not None else Actor(None, "anonymous"), "access.refused",
                     "document", document_id, after={"application_id": application_id,
                                                    "found": document is not None})
        return None
    audit.record(session, actor, "document.read", "document", document_id, after={"application_id": application_id})
    storage = storage if storage is not None else storage_for(get_settings())
    data = storage.get(document.storage_key)
    if hashlib.sha256(data).hexdigest() != document.sha256:
        log.error("document %s: stored bytes under %s do not match their SHA-256", document.id, document.storage_key)
        raise StorageUnavailable(f"sha256 mismatch for document {document.id}")
    return document, data


def delete(
    session: Session,
    document_id: int,
    actor: Actor,
    *,
    application_id: int | None = None,
    storage: Storage | None = None,
) -> bool:
    """Drop a document (a draft no longer wants it): the row and an audit event now, the bytes once the
    transaction commits. With `application_id`, only a document of that application is dropped.
    False when there is no such document."""
    document = session.get(Document, document_id)
    if document is None or (application_id is not None and document.application_id != application_id):
        return False
    key = document.storage_key
    audit.record(session, actor, "document.deleted", "document", document.id, before={
        "kind": document.kind, "sha256": document.sha256, "size": document.size_bytes, "mime": document.mime_type,
        "application_id": document.application_id, "owner_party_id": document.owner_party_id,
    })
    session.delete(document)
    session.flush()
    storage = storage if storage is not None else storage_for(get_settings())
    _after_transaction(session, committed=lambda: _discard(storage, key))
    return True
