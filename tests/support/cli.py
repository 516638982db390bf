"""Running the admin CLI: in process against the test database, or as a subprocess as an operator types it."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from ssas_portal.cli import main
from ssas_portal.settings import PROJECT_ROOT


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Exit status, stdout and stderr of one in-process command."""
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


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
