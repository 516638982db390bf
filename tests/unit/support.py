"""Small helpers shared by the unit tests: counting rows, running the CLI as a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, select

from ssas_portal.settings import PROJECT_ROOT


def count_rows(engine: Engine, model: type[SQLModel]) -> int:
    """Rows of `model` as committed in the database, read in a fresh session."""
    with Session(engine) as session:
        return session.exec(select(sa.func.count()).select_from(model)).one()


def clean_environment(**overrides: str) -> dict[str, str]:
    """The current environment without any SSAS_* setting, plus `overrides`."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("SSAS_")}
    return {**env, **overrides}


def run_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`python -m ssas_portal <args>` in a child process, as an operator would type it."""
    return subprocess.run(
        [sys.executable, "-m", "ssas_portal", *args],
        cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )


def one_line(text: str) -> str:
    """`text` without its trailing newline, asserting it is exactly one non-empty line."""
    lines = text.rstrip("\n").split("\n")
    assert len(lines) == 1 and lines[0].strip(), f"expected one line, got: {text!r}"
    return lines[0]
