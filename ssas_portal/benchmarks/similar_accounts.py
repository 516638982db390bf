"""`bench-similar`: the similar-accounts search on a synthetic registry, against a brute-force scan.

The registry holds realistic French and English names (Faker's name lists, drawn with a fixed seed), dates of
birth, 13-digit national ids, e-mail addresses and phones; PLANTED_SHARE of the registrants are perturbed
copies of another registrant (swapped names, a typo, accents dropped, day and month swapped, one wrong digit,
an id with one edit, another e-mail). Each query is one planted copy; the answer is right when the original is
among the first 10 candidates. The brute-force baseline scans every registrant's name, date of birth and id
with rapidfuzz's C++ loop (process.extract), the fastest scan the library offers, on the same queries.

The registry is built once per database and size and reused by later runs (build figures are then null).
Faker is a development dependency: the command is for engineers, not for a production portal.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

import sqlalchemy as sa
from faker.providers import ElementsType
from faker.providers.person import Provider as PersonNames
from faker.providers.person.en_GB import Provider as EnglishNames
from faker.providers.person.fr_FR import Provider as FrenchNames
from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler
from sqlalchemy.engine import Engine
from sqlmodel import Session

from models import Party, Person, SimilarityKey
from models.enums import PartyKind
from ssas_portal.services.core.db import engine_for
from ssas_portal.services.similarity import search
from ssas_portal.services.similarity.keys import blocking_keys
from ssas_portal.services.similarity.profile import Profile
from ssas_portal.services.similarity.search import Subject

PLANTED_SHARE = 0.02
BATCH = 20_000
BRUTE_FORCE_QUERIES = 50
MARKER_DOMAIN = "bench.invalid"
ID_OFFSET = 10_000_000
"""Bench parties get ids from here, clear of any real party in a development database."""


@dataclass(frozen=True)
class Registrant:
    id: int
    profile: Profile
    original: int | None  # the registrant this one is a perturbed copy of


def _names(provider: type[PersonNames]) -> tuple[list[str], list[str]]:
    def listed(values: ElementsType[str]) -> list[str]:
        return list(values.keys()) if isinstance(values, dict) else list(values)
    return listed(provider.first_names), listed(provider.last_names)


def _person(number: int, rng: random.Random, pools: list[tuple[list[str], list[str]]]) -> Profile:
    given_pool, family_pool = pools[number % 2]
    given = " ".join(rng.choice(given_pool) for _ in range(rng.choice((1, 1, 1, 2))))
    family = rng.choice(family_pool)
    born = date(1940, 1, 1) + timedelta(days=rng.randrange(68 * 365))
    return Profile(kind="person", given_names=given, family_name=family, date_of_birth=born,
                   national_id="".join(rng.choice("0123456789") for _ in range(13)),
                   email=f"{given.split()[0]}.{family}.{number}@{MARKER_DOMAIN}".lower().replace(" ", ""),
                   phone=f"+2217{rng.randrange(10**8):08d}")


def _typo(text: str, rng: random.Random) -> str:
    if len(text) < 3:
        return text + "e"
    at = rng.randrange(1, len(text) - 1)
    operation = rng.choice(("substitute", "delete", "transpose"))
    if operation == "substitute":
        return text[:at] + rng.choice("aeioulnrst") + text[at + 1:]
    if operation == "delete":
        return text[:at] + text[at + 1:]
    return text[:at - 1] + text[at] + text[at - 1] + text[at + 1:]


def _other_digit(digits: str, rng: random.Random) -> str:
    if not digits:
        return digits
    at = rng.randrange(len(digits))
    return digits[:at] + str((int(digits[at]) + rng.randrange(1, 10)) % 10) + digits[at + 1:]


def _perturbed(profile: Profile, rng: random.Random) -> Profile:
    """One or two of the mistakes people and clerks make when the same person registers again."""
    changes: list[Callable[[Profile], Profile]] = [
        lambda p: replace(p, given_names=p.family_name, family_name=p.given_names),
        lambda p: replace(p, family_name=_typo(p.family_name, rng)),
        lambda p: replace(p, given_names=_typo(p.given_names, rng)),
        lambda p: replace(p, family_name=p.family_name.upper().replace("É", "E").replace("È", "E")),
        lambda p: replace(p, date_of_birth=_swapped_or_typo(p.date_of_birth, rng)),
        lambda p: replace(p, national_id=_other_digit(p.national_id, rng)),
        lambda p: replace(p, national_id=""),
        lambda p: replace(p, email=f"other.{rng.randrange(10**6)}@{MARKER_DOMAIN}", phone=""),
    ]
    for change in rng.sample(changes, rng.choice((1, 2))):
        profile = change(profile)
    return profile


def _swapped_or_typo(born: date | None, rng: random.Random) -> date | None:
    if born is None:
        return None
    if born.day <= 12 and born.day != born.month and rng.random() < 0.5:
        return born.replace(day=born.month, month=born.day)
    for _ in range(10):
        text = _other_digit(born.strftime("%Y%m%d"), rng)
        try:
            return date(int(text[:4]), int(text[4:6]), int(text[6:]))
        except ValueError:
            continue
    return born


def registry(size: int, seed: int = 7) -> list[Registrant]:
    rng = random.Random(seed)
    pools = [_names(FrenchNames), _names(EnglishNames)]
    originals = size - int(size * PLANTED_SHARE)
    people = [Registrant(ID_OFFSET + number, _person(number, rng, pools), None) for number in range(originals)]
    for number in range(originals, size):
        source = people[rng.randrange(originals)]
        people.append(Registrant(ID_OFFSET + number, _perturbed(source.profile, rng), source.id))
    return people


def _batches(rows: list[dict[str, object]]) -> Iterator[list[dict[str, object]]]:
    for start in range(0, len(rows), BATCH):
        yield rows[start:start + BATCH]


def _insert(engine: Engine, table: sa.Table, rows: Iterator[dict[str, object]]) -> None:
    pending: list[dict[str, object]] = []
    with engine.begin() as connection:
        for row in rows:
            pending.append(row)
            if len(pending) >= BATCH:
                connection.execute(sa.insert(table), pending)
                pending = []
        if pending:
            connection.execute(sa.insert(table), pending)


def _stored_count(engine: Engine) -> int:
    with engine.connect() as connection:
        return connection.execute(sa.select(sa.func.count()).select_from(Party.__table__)
                                  .where(Party.__table__.c.id >= ID_OFFSET)).scalar_one()


def _wipe(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.execute(sa.delete(SimilarityKey.__table__).where(SimilarityKey.__table__.c.party_id >= ID_OFFSET))
        connection.execute(sa.delete(Person.__table__).where(Person.__table__.c.party_id >= ID_OFFSET))
        connection.execute(sa.delete(Party.__table__).where(Party.__table__.c.id >= ID_OFFSET))


def _build(engine: Engine, people: list[Registrant]) -> tuple[float, float]:
    """Write the registry, then its keys with the lookup index made afterwards; returns (registry, index) seconds."""
    started = time.perf_counter()
    _insert(engine, Party.__table__, ({"id": one.id, "kind": PartyKind.PERSON.value, "email": one.profile.email,
                                      "phone": one.profile.phone or None} for one in people))
    _insert(engine, Person.__table__, ({"party_id": one.id, "given_names": one.profile.given_names,
                                       "family_name": one.profile.family_name,
                                       "date_of_birth": one.profile.date_of_birth,
                                       "national_id_number": one.profile.national_id or None} for one in people))
    registry_seconds = time.perf_counter() - started
    started = time.perf_counter()
    lookup = next(index for index in SimilarityKey.__table__.indexes if index.name == "ix_similarity_key_lookup")
    with engine.begin() as connection:
        lookup.drop(connection)
    _insert(engine, SimilarityKey.__table__, ({"key": key, "party_id": one.id, "application_id": None}
                                              for one in people for key in sorted(blocking_keys(one.profile))))
    with engine.begin() as connection:
        lookup.create(connection)
    # What a running PostgreSQL's autovacuum does after a bulk load (statistics, visibility map); SQLite: statistics.
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(sa.text("VACUUM ANALYZE" if connection.dialect.name == "postgresql" else "ANALYZE"))
    return registry_seconds, time.perf_counter() - started


def _database_megabytes(engine: Engine) -> float:
    with engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            size = connection.execute(sa.text("SELECT pg_database_size(current_database())")).scalar_one()
        else:
            size = Path(engine.url.database or "").stat().st_size
    return round(size / 1_000_000, 1)


def _brute_force_text(profile: Profile) -> str:
    born = profile.date_of_birth.isoformat() if profile.date_of_birth else ""
    return f"{profile.family_name} {profile.given_names} {born} {profile.national_id}".lower()


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 2)


def run(registrants: int, queries: int, database_url: str, migrate: Callable[[str], None]) -> dict[str, object]:
    engine = engine_for(database_url)
    migrate(database_url)
    people = registry(registrants)
    stored = _stored_count(engine)
    registry_seconds = index_seconds = None
    if stored != registrants:
        _wipe(engine)
        registry_seconds, index_seconds = _build(engine, people)
    planted = [one for one in people if one.original is not None][:queries]

    timings: list[float] = []
    found = 0
    with Session(engine) as session:
        for query in planted:
            started = time.perf_counter()
            candidates = search.search(session, query.profile, exclude={Subject("party", query.id).label})
            timings.append((time.perf_counter() - started) * 1000)
            found += any(candidate.subject.id == query.original for candidate in candidates)

    texts = [_brute_force_text(one.profile) for one in people]
    brute: list[float] = []
    brute_found = 0
    for query in planted[:BRUTE_FORCE_QUERIES]:
        started = time.perf_counter()
        best = process.extract(_brute_force_text(query.profile), texts, scorer=JaroWinkler.normalized_similarity,
                               limit=11)
        brute.append((time.perf_counter() - started) * 1000)
        others = [people[index].id for _, _, index in best if people[index].id != query.id][:10]
        brute_found += query.original in others
    p50 = statistics.median(timings)
    return {
        "backend": engine.dialect.name,
        "registrants": registrants,
        "queries": len(planted),
        "reused_registry": registry_seconds is None,
        "registry_build_seconds": round(registry_seconds, 1) if registry_seconds is not None else None,
        "index_build_seconds": round(index_seconds, 1) if index_seconds is not None else None,
        "database_mb": _database_megabytes(engine),
        "query_ms_p50": round(p50, 2),
        "query_ms_p95": _percentile(timings, 0.95),
        "query_ms_p99": _percentile(timings, 0.99),
        "recall_at_10": round(found / max(1, len(planted)), 4),
        "brute_force_queries": len(brute),
        "brute_force_ms_p50": round(statistics.median(brute), 2),
        "brute_force_recall_at_10": round(brute_found / max(1, len(brute)), 4),
        "speedup_p50": round(statistics.median(brute) / p50, 1),
    }
