"""`?inline=1` on the download route: staff see a PDF or an image inside the review screen, framed only by the
portal; applicants' signed links, other accounts and other types still get an attachment in a sandbox."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
from sqlalchemy.engine import Engine
from sqlmodel import Session

from models import Document
from models.enums import Role
from ssas_portal import routes
from ssas_portal.services.documents import download_links
from state.session import SESSION_COOKIE
from tests.support.documents import pdf_bytes, png_bytes
from tests.support.identity import signed_in

SANDBOX = "default-src 'none'; sandbox"


def get(document_id: int, token: str = "", **params: str) -> httpx.Response:
    """One request to the portal's API routes, in process, with the session cookie when given."""
    async def send() -> httpx.Response:
        transport = httpx.ASGITransport(app=routes.api)
        async with httpx.AsyncClient(transport=transport, base_url="http://portal.test",
                                     cookies={SESSION_COOKIE: token} if token else None) as client:
            return await client.get(f"/api/documents/{document_id}", params=params)
    return asyncio.run(send())


def test_staff_view_a_pdf_and_an_image_inline_framed_only_by_the_portal(engine: Engine,
                                                                         scene: dict[str, Any]) -> None:
    token = signed_in(engine, Role.STAFF_CLERK)
    for document_id, data in ((scene["document"], pdf_bytes()), (scene["other_document"], png_bytes())):
        answer = get(document_id, token, inline="1")
        assert answer.status_code == 200 and answer.content == data
        assert answer.headers["content-disposition"].startswith("inline;")
        policy = answer.headers["content-security-policy"]
        assert "frame-ancestors 'self'" in policy and "default-src 'none'" in policy and "sandbox" not in policy
        assert "script-src" not in policy
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert "no-store" in answer.headers["cache-control"]


def test_without_inline_staff_still_download_an_attachment(engine: Engine, scene: dict[str, Any]) -> None:
    token = signed_in(engine, Role.STAFF_SUPERVISOR)
    for params in ({}, {"inline": "0"}, {"inline": "true"}):
        answer = get(scene["document"], token, **params)
        assert answer.headers["content-disposition"].startswith("attachment;")
        assert answer.headers["content-security-policy"] == SANDBOX


def test_an_applicants_signed_link_never_gets_inline(engine: Engine, scene: dict[str, Any]) -> None:
    link = download_links.sign(scene["document"], scene["application"])
    answer = get(scene["document"], grant=link, inline="1")
    assert answer.status_code == 200
    assert answer.headers["content-disposition"].startswith("attachment;")
    assert answer.headers["content-security-policy"] == SANDBOX


def test_a_non_staff_account_gets_no_inline_and_no_document(engine: Engine, scene: dict[str, Any]) -> None:
    answer = get(scene["document"], signed_in(engine, Role.INDIVIDUAL), inline="1")
    assert (answer.status_code, answer.text) == (404, "not found")
    assert answer.headers["content-security-policy"] == SANDBOX


def test_another_type_is_never_shown_inline(engine: Engine, scene: dict[str, Any]) -> None:
    with Session(engine) as session:
        document = session.get_one(Document, scene["document"])
        document.mime_type = "text/html"
        session.add(document)
        session.commit()
    answer = get(scene["document"], signed_in(engine, Role.ADMIN), inline="1")
    assert answer.headers["content-disposition"].startswith("attachment;")
    assert answer.headers["content-security-policy"] == SANDBOX
