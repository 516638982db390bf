"""Signed download links: a token binds one document, the application its bearer proved and an expiry under
the server key, and the download route honours it with the same 404 as any other refusal when it is not
authentic, not for this document, or expired."""

from __future__ import annotations

import asyncio
import base64
import time
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from sqlalchemy.engine import Engine

from ssas_portal import routes
from ssas_portal.services.core import server_key
from ssas_portal.services.documents import download_links
from ssas_portal.settings import get_settings
from tests.support.documents import pdf_bytes, refusals

NOW = 1_800_000_000.0


# --- tokens -----------------------------------------------------------------------------------------------


def test_a_token_round_trips_and_is_url_safe() -> None:
    token = download_links.sign(7, 42, now=NOW)
    assert quote(token, safe="") == token
    assert download_links.verify(token, 7, now=NOW) == 42


def test_a_token_lives_its_lifetime_and_not_a_second_more() -> None:
    token = download_links.sign(7, 42, lifetime_seconds=60, now=NOW)
    assert download_links.verify(token, 7, now=NOW + 59) == 42
    assert download_links.verify(token, 7, now=NOW + 60) is None
    default = download_links.sign(7, 42, now=NOW)
    assert download_links.verify(default, 7, now=NOW + 119) == 42
    assert download_links.verify(default, 7, now=NOW + 120) is None


def test_a_token_is_for_one_document() -> None:
    token = download_links.sign(7, 42, now=NOW)
    assert download_links.verify(token, 8, now=NOW) is None
    assert download_links.verify(token, 70, now=NOW) is None


def test_a_tampered_token_is_refused() -> None:
    token = download_links.sign(7, 42, now=NOW)
    document, application, expires, signature = token.split(".")
    flipped = ("B" if signature[0] == "A" else "A") + signature[1:]
    for forged in (
        f"{document}.43.{expires}.{signature}",  # another application
        f"{document}.{application}.{int(expires) + 3600}.{signature}",  # a longer life
        f"8.{application}.{expires}.{signature}",  # another document
        f"{document}.{application}.{expires}.{flipped}",
        f"0{document}.{application}.{expires}.{signature}",  # the same numbers, written otherwise
    ):
        assert download_links.verify(forged, int(forged.split(".")[0]), now=NOW) is None


@pytest.mark.parametrize("garbage", [
    "", ".", "...", "7.42", "7.42.1800000120", "7.42.1800000120.", "not a token", "é" * 50,
    "7.42.1800000120." + "A" * 42, "7.42.1800000120." + "A" * 44, "7.42.1800000120." + "A" * 43 + "=",
    "-7.42.1800000120." + "A" * 43, "7.42.1800000120." + "A" * 10_000, "9" * 1_000_000,
])
def test_garbage_is_refused(garbage: str) -> None:
    assert download_links.verify(garbage, 7, now=NOW) is None


def test_a_token_of_another_server_key_is_refused(monkeypatch: pytest.MonkeyPatch, fresh_settings: None) -> None:
    token = download_links.sign(7, 42, now=NOW)
    monkeypatch.setenv("SSAS_SECRET_KEY", "another-portal-key")
    get_settings.cache_clear()
    assert download_links.verify(token, 7, now=NOW) is None
    assert download_links.verify(download_links.sign(7, 42, now=NOW), 7, now=NOW) == 42


def test_the_signature_is_not_the_keys_plain_hmac_of_the_same_text() -> None:
    """The purpose string keeps a link apart from keyed_hash (code and throttle hashes) under the same key."""
    payload, _, signature = download_links.sign(7, 42, now=NOW).rpartition(".")
    plain = base64.urlsafe_b64encode(bytes.fromhex(server_key.keyed_hash(payload))).rstrip(b"=").decode()
    assert signature != plain


# --- the download route -----------------------------------------------------------------------------------


def get(url: str, **params: str) -> httpx.Response:
    """One request to the portal's API routes, in process."""
    async def send() -> httpx.Response:
        transport = httpx.ASGITransport(app=routes.api)
        async with httpx.AsyncClient(transport=transport, base_url="http://portal.test") as client:
            return await client.get(url, params=params)
    return asyncio.run(send())


def download(document_id: int, grant: str) -> httpx.Response:
    return get(f"/api/documents/{document_id}", grant=grant)


def test_a_valid_grant_downloads_the_document_of_its_application_as_an_attachment(engine: Engine,
                                                                                 scene: dict[str, Any]) -> None:
    answer = download(scene["document"], download_links.sign(scene["document"], scene["application"]))
    assert answer.status_code == 200
    assert answer.content == pdf_bytes()
    assert answer.headers["content-type"].startswith("application/pdf")
    assert answer.headers["content-disposition"].startswith("attachment;")
    assert "filename*=UTF-8''" in answer.headers["content-disposition"]
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert "no-store" in answer.headers["cache-control"]
    assert refusals(engine) == []


def test_a_grant_for_another_applications_document_is_404(engine: Engine, scene: dict[str, Any]) -> None:
    """Authentic, but the application it names does not hold this document: read() refuses and audits."""
    answer = download(scene["document"], download_links.sign(scene["document"], scene["other_application"]))
    assert (answer.status_code, answer.text) == (404, "not found")
    [event] = refusals(engine)
    assert (event.entity_id, event.actor_role) == (str(scene["document"]), "anonymous")


def test_a_grant_for_another_document_is_404(engine: Engine, scene: dict[str, Any]) -> None:
    grant = download_links.sign(scene["other_document"], scene["other_application"])
    assert download(scene["document"], grant).status_code == 404
    assert download(scene["other_document"], grant).status_code == 200


def test_an_expired_grant_is_404_like_an_unknown_document(engine: Engine, scene: dict[str, Any]) -> None:
    expired = download_links.sign(scene["document"], scene["application"], now=time.time() - 121)
    refused = download(scene["document"], expired)
    unknown = download(999_999, download_links.sign(999_999, scene["application"]))
    assert (refused.status_code, refused.text) == (unknown.status_code, unknown.text) == (404, "not found")
    assert len(refusals(engine)) == 2


@pytest.mark.parametrize("grant", ["", "garbage", "%00", "1.1.1." + "A" * 43])
def test_a_malformed_grant_is_404_and_audited(engine: Engine, scene: dict[str, Any], grant: str) -> None:
    assert download(scene["document"], grant).status_code == 404
    assert len(refusals(engine)) == 1


def test_without_a_grant_or_a_session_the_cookie_path_still_answers_404(engine: Engine,
                                                                         scene: dict[str, Any]) -> None:
    assert get(f"/api/documents/{scene['document']}").status_code == 404
    assert ("document", str(scene["document"])) in {(event.entity_type, event.entity_id) for event in refusals(engine)}
