"""The portal, started once per test session in production mode on a free port, and Debian's Chromium.

The server gets its own database (SQLite, or a PostgreSQL schema when SSAS_TEST_DATABASE_URL is set) and
uses Reflex's Redis state manager when REFLEX_REDIS_URL is set.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from ssas_portal.settings import PROJECT_ROOT
from tests.support.databases import fresh_database_url
from tests.support.portal import ConsoleErrors, Portal

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
START_TIMEOUT_S = 900


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def _wait_until_up(base: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the portal exited with {process.returncode}:\n{log.read_text()[-4000:]}")
        if _answers(f"{base}/ping") and _answers(f"{base}/"):
            return
        time.sleep(1)
    raise RuntimeError(f"the portal did not answer within {START_TIMEOUT_S}s:\n{log.read_text()[-4000:]}")


@pytest.fixture(scope="session")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Portal]:
    workdir = tmp_path_factory.mktemp("portal")
    backend = "postgresql" if os.environ.get("SSAS_TEST_DATABASE_URL") else "sqlite"
    port = _free_port()
    env = {
        **os.environ,
        "SSAS_DATABASE_URL": fresh_database_url(backend, workdir, "ssas_e2e"),
        "SSAS_DOCUMENT_DIR": str(workdir / "documents"),
        "SSAS_ADMIN_EMAIL": "admin@e2e.example",
        "SSAS_SECRET_KEY": uuid.uuid4().hex,
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("PYTEST_CURRENT_TEST", None)
    printed = Portal(url=f"http://127.0.0.1:{port}", env=env).cli("bootstrap").stdout
    found = re.search(r"one-time password:\s+(\S+)", printed)
    assert found, f"bootstrap did not print the first administrator's password:\n{printed}"
    portal = Portal(url=f"http://127.0.0.1:{port}", env=env, admin_password=found.group(1))
    log = workdir / "server.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "ssas_portal", "serve", "--port", str(port)],
            cwd=PROJECT_ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        _wait_until_up(portal.url, process, log)
        yield portal
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def console_errors() -> ConsoleErrors:
    return ConsoleErrors(messages=[])


@pytest.fixture
def page(browser: Browser, console_errors: ConsoleErrors) -> Iterator[Page]:
    """A fresh browser context per test, so the remembered language never leaks between tests, and a user
    agent of its own, so the per-client throttle of one test never slows another."""
    user_agent = f"Mozilla/5.0 (X11; Linux x86_64) ssas-e2e/{uuid.uuid4().hex}"
    context = browser.new_context(locale="fr-FR", user_agent=user_agent)
    page = context.new_page()
    console_errors.watch(page)
    yield page
    context.close()
