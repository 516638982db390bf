"""The benchmark commands (similar accounts, the staff board) run end to end and print one JSON line
(figures are read, not asserted: these are measurements, not tests of speed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.cli import run

BENCH_FIGURES = {"backend", "registrants", "queries", "reused_registry", "registry_build_seconds",
                 "index_build_seconds", "database_mb", "query_ms_p50", "query_ms_p95", "query_ms_p99", "recall_at_10",
                 "brute_force_queries", "brute_force_ms_p50", "brute_force_recall_at_10", "speedup_p50"}


def test_bench_similar_builds_a_registry_once_and_finds_the_planted_duplicates(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'bench.sqlite'}"
    status, out, _ = run(capsys, "bench-similar", "--registrants", "3000", "--queries", "40", "--database-url", url)
    first = json.loads(out)
    assert status == 0 and set(first) == BENCH_FIGURES
    assert (first["registrants"], first["queries"], first["reused_registry"]) == (3000, 40, False)
    assert first["recall_at_10"] >= 0.9
    status, out, _ = run(capsys, "bench-similar", "--registrants", "3000", "--queries", "40", "--database-url", url)
    again = json.loads(out)
    assert again["reused_registry"] is True and again["registry_build_seconds"] is None
    assert again["recall_at_10"] == first["recall_at_10"]


def test_eval_similar_prints_the_quality_on_febrl(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "eval-similar", "--dataset", "febrl1")
    figures = json.loads(out)
    assert status == 0
    assert {"recall_at_1", "recall_at_10", "precision", "recall", "f1"} <= set(figures)
    assert figures["f1"] >= 0.99


def test_bench_board_times_the_queue_and_gets_the_same_rows_as_one_statement(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'board.sqlite'}"
    status, out, _ = run(capsys, "bench-board", "--applications", "3000", "--queries", "18", "--database-url", url)
    first = json.loads(out)
    assert status == 0 and first["applications"] == 3000 and first["build_s"] is not None
    assert 0 < first["open"] < 3000 and first["same_answers"] is True
    assert first["queue_ms"]["p50"] > 0 and first["one_statement_ms"]["p50"] > 0
    status, out, _ = run(capsys, "bench-board", "--applications", "3000", "--queries", "18", "--database-url", url)
    assert json.loads(out)["build_s"] is None
