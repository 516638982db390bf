"""Real, small files (PDF, JPEG, PNG) and documents stored with them, as the uploader stores them."""

from __future__ import annotations

import struct
import zlib

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from models import Application, AuditEvent, Document
from models.enums import ApplicationType
from ssas_portal.services.core.audit import Actor
from ssas_portal.services.core.db import transaction
from ssas_portal.services.documents import store as documents
from ssas_portal.services.documents.storage import Storage

ALL_KINDS = ["pdf", "jpeg", "png"]


def pdf_bytes(extra: bytes = b"") -> bytes:
    """A minimal one-page PDF; `extra` objects go before the trailer."""
    return (b"%PDF-1.4\n"
            b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
            b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
            b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>\nendobj\n"
            + extra +
            b"trailer\n<< /Root 1 0 R /Size 4 >>\n%%EOF\n")


def jpeg_bytes() -> bytes:
    """SOI, a JFIF APP0 segment, EOI."""
    app0 = b"JFIF\x00" + bytes([1, 1, 0, 0, 1, 0, 1, 0, 0])
    return b"\xff\xd8" + b"\xff\xe0" + struct.pack(">H", len(app0) + 2) + app0 + b"\xff\xd9"


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_bytes() -> bytes:
    """The signature, a 1x1 greyscale IHDR, one IDAT row and IEND."""
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
            + png_chunk(b"IDAT", zlib.compress(b"\x00\x00")) + png_chunk(b"IEND", b""))


def store(engine: Engine, storage: Storage, data: bytes, *, name: str = "piece.pdf", kind: str = "identity_document",
          accepted: list[str] | None = None, application_id: int | None = None,
          owner_party_id: int | None = None) -> Document:
    with transaction(engine) as session:
        return documents.store(
            session, data=data, original_name=name, kind=kind, accepted=accepted or ALL_KINDS,
            application_id=application_id, owner_party_id=owner_party_id, uploaded_by_account_id=None,
            actor=Actor.system(), storage=storage,
        )


def make_application(engine: Engine, reference: str, *, applicant_account_id: int | None = None) -> int:
    with transaction(engine) as session:
        application = Application(reference=reference, type=ApplicationType.EMPLOYEE,
                                  applicant_account_id=applicant_account_id)
        session.add(application)
        session.flush()
        return application.id or 0


def refusals(engine: Engine) -> list[AuditEvent]:
    with Session(engine) as session:
        return list(session.exec(select(AuditEvent).where(AuditEvent.action == "access.refused")))
