"""Explained comparison of two profiles: a verdict and a 0–100 score per field, and one overall score.

Field scores (rapidfuzz's normalised distances, never WRatio, so a score means the same on every pair):

- names: the better of Jaro-Winkler on the words glued together (spacing, hyphens) and Indel on the words
  sorted (word order); 90 when the words of one are all among the other's ("Awa" / "Awa Marie"). A
  person's names are also compared crossed (given ↔ family) when a crossed pair starts with the same
  letter, and the better reading is kept.
- date of birth: 100 equal, 85 day and month swapped, 80 one digit different, otherwise 0.
- identifiers: 100 equal, 85 one edit, 65 two edits (both at least 6 characters long), otherwise
  Levenshtein similarity capped at 50, so that more edits never score more.
- BIC: 100 equal, 90 same institution (first 8 characters), otherwise 0.
- e-mail: 100 equal, otherwise 90 × Jaro-Winkler of the parts before "@" (another provider, same name).
- phone: 100 equal, 90 same last 8 digits (with and without the country code), otherwise 0.
- address: Indel similarity of the words sorted.

The overall score is the weighted average (weights in config/similarity.json) of the fields present on
both sides, a field judged "different" counting 0 with its own weight (see FieldRule). An exactly equal
strong identifier lifts it to at least `strong_floor`. Profiles are normalised once by `prepare`, so
comparing a query with hundreds of candidates costs only the rapidfuzz calls (about 10 µs a pair).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from rapidfuzz.distance import Hamming, Indel, JaroWinkler, Levenshtein

from ssas_portal.services.similarity import normalise
from ssas_portal.services.similarity.config import SimilarityConfig, default_config
from ssas_portal.services.similarity.profile import Profile

Verdict = Literal["exact", "close", "different", "missing"]
Score = int | None  # None: missing on at least one side


@dataclass(frozen=True, slots=True)
class FieldVerdict:
    field: str
    verdict: Verdict
    score: int


@dataclass(frozen=True, slots=True)
class Similarity:
    score: int
    fields: tuple[FieldVerdict, ...]
    likely_same: bool


@dataclass(frozen=True, slots=True)
class Name:
    """One name in the forms its comparison needs."""

    glued: str
    sorted_words: str
    words: frozenset[str]


@dataclass(frozen=True, slots=True)
class Prepared:
    """A profile normalised once for many comparisons. For a person `first` is the family name and `second`
    the given names; for an organisation the legal and the trade name."""

    kind: Literal["person", "organisation"]
    first: Name | None
    second: Name | None
    date_of_birth: str  # YYYYMMDD
    date_swapped: str  # YYYYDDMM
    national_id: str
    social_security_number: str
    registration_number: str
    tax_id: str
    bic: str
    email: str
    email_local: str
    phone: str
    address: str  # words sorted


def _name(words: Iterable[str]) -> Name | None:
    words = tuple(words)
    if not words:
        return None
    return Name(glued="".join(words), sorted_words=" ".join(sorted(words)), words=frozenset(words))


def prepare(profile: Profile) -> Prepared:
    """The profile normalised once, to be compared with many others (or stored beside its keys)."""
    email = normalise.email(profile.email)
    born = profile.date_of_birth.strftime("%Y%m%d") if profile.date_of_birth else ""
    if profile.kind == "person":
        first, second = normalise.name_tokens(profile.family_name), normalise.name_tokens(profile.given_names)
    else:
        first = normalise.organisation_tokens(profile.legal_name)
        second = normalise.organisation_tokens(profile.trade_name)
    return Prepared(
        kind=profile.kind,
        first=_name(first),
        second=_name(second),
        date_of_birth=born,
        date_swapped=born[:4] + born[6:] + born[4:6],
        national_id=normalise.identifier(profile.national_id),
        social_security_number=normalise.identifier(profile.social_security_number),
        registration_number=normalise.identifier(profile.registration_number),
        tax_id=normalise.identifier(profile.tax_id),
        bic=normalise.identifier(profile.bic),
        email=email,
        email_local=email.partition("@")[0],
        phone=normalise.phone(profile.phone),
        address=" ".join(sorted(normalise.address(profile.address).split())),
    )


def name_score(a: Name, b: Name) -> int:
    """0–100; 100 only when equal once normalised, so "exact" means it."""
    if a.glued == b.glued:
        return 100
    best = JaroWinkler.normalized_similarity(a.glued, b.glued)
    if len(a.words) > 1 or len(b.words) > 1:
        best = max(best, Indel.normalized_similarity(a.sorted_words, b.sorted_words))
        if best < 0.9 and (a.words <= b.words or b.words <= a.words):
            return 90
    return min(99, round(100 * best))


def _date_score(a: Prepared, b: Prepared) -> Score:
    if not a.date_of_birth or not b.date_of_birth:
        return None
    if a.date_of_birth == b.date_of_birth:
        return 100
    if a.date_of_birth == b.date_swapped:
        return 85
    return 80 if Hamming.distance(a.date_of_birth, b.date_of_birth) == 1 else 0


def identifier_score(a: str, b: str) -> Score:
    """By edits: a mistyped digit stays close on long numbers, never on short ones where it is another."""
    if not a or not b:
        return None
    if a == b:
        return 100
    edits = Levenshtein.distance(a, b)
    if edits <= 2 and min(len(a), len(b)) >= 6:
        return 85 if edits == 1 else 65
    return min(50, round(100 - 100 * edits / max(len(a), len(b))))


def _bic_score(a: str, b: str) -> Score:
    if not a or not b:
        return None
    if a == b:
        return 100
    return 90 if a[:8] == b[:8] else 0


def _phone_score(a: str, b: str) -> Score:
    if not a or not b:
        return None
    if a == b:
        return 100
    return 90 if len(a) >= 8 and len(b) >= 8 and a[-8:] == b[-8:] else 0


def _email_score(a: Prepared, b: Prepared) -> Score:
    if not a.email or not b.email:
        return None
    if a.email == b.email:
        return 100
    return round(90 * JaroWinkler.normalized_similarity(a.email_local, b.email_local))


def _address_score(a: str, b: str) -> Score:
    if not a or not b:
        return None
    return 100 if a == b else min(99, round(100 * Indel.normalized_similarity(a, b)))


def _names(a: Prepared, b: Prepared, weight1: float, weight2: float, crossed: bool) -> tuple[Score, Score]:
    """Scores of the first and second names; crossed (swapped names) when that reads better.

    Crossed, the lower of the two scores goes to the heavier name, so the overall score does not depend
    on which profile is the query. The crossed reading is tried only when a crossed pair starts alike: a
    swap plus a typo on a first letter is two mistakes, and skipping it halves the cost of comparing
    strangers."""
    a1, a2, b1, b2 = a.first, a.second, b.first, b.second
    straight1 = name_score(a1, b1) if a1 and b1 else None
    straight2 = name_score(a2, b2) if a2 and b2 else None
    if (not crossed or not (a1 and a2 and b1 and b2) or (straight1 == 100 and straight2 == 100)
            or (a1.glued[0] != b2.glued[0] and a2.glued[0] != b1.glued[0])):
        return straight1, straight2
    assert straight1 is not None and straight2 is not None  # all four names are there: both were scored
    low, high = sorted((name_score(a1, b2), name_score(a2, b1)))
    crossed1, crossed2 = (low, high) if weight1 >= weight2 else (high, low)
    if weight1 * crossed1 + weight2 * crossed2 > weight1 * straight1 + weight2 * straight2:
        return crossed1, crossed2
    return straight1, straight2


def _scores(a: Prepared, b: Prepared, config: SimilarityConfig) -> tuple[Score, ...]:
    """The field scores in the order of the kind's rules in the configuration."""
    if a.kind == "person":
        rules = config.person
        family, given = _names(a, b, rules.family_name.weight, rules.given_names.weight, crossed=True)
        return (family, given, _date_score(a, b), identifier_score(a.national_id, b.national_id),
                identifier_score(a.social_security_number, b.social_security_number), _email_score(a, b),
                _phone_score(a.phone, b.phone), _address_score(a.address, b.address))
    legal, trade = _names(a, b, 0, 0, crossed=False)
    return (legal, trade, identifier_score(a.registration_number, b.registration_number),
            identifier_score(a.tax_id, b.tax_id), _bic_score(a.bic, b.bic), _email_score(a, b),
            _phone_score(a.phone, b.phone), _address_score(a.address, b.address))


_STRONG = frozenset({"national_id", "social_security_number", "registration_number", "tax_id", "bic"})
_UNRELATED = Similarity(score=0, fields=(), likely_same=False)
# Verdicts are few (13 fields × 4 verdicts × 101 scores): made once each and shared, not made per comparison.
_verdicts: dict[tuple[str, Verdict, int], FieldVerdict] = {}


def _verdict(field: str, verdict: Verdict, score: int) -> FieldVerdict:
    key = (field, verdict, score)
    found = _verdicts.get(key)
    if found is None:
        found = _verdicts[key] = FieldVerdict(field, verdict, score)
    return found


def compare_prepared(a: Prepared, b: Prepared, config: SimilarityConfig | None = None) -> Similarity:
    """How alike two prepared profiles are; a person and an organisation are unrelated (score 0, no field)."""
    if a.kind != b.kind:
        return _UNRELATED
    config = config or default_config()
    verdicts = []
    total = weights = 0.0
    strong = False
    # One score per rule: _scores follows the order of the kind's rules, field for field.
    for (field, rule), score in zip(config.rules[a.kind], _scores(a, b, config), strict=True):
        if score is None:
            verdicts.append(_verdict(field, "missing", 0))
            continue
        if score == 100:
            verdicts.append(_verdict(field, "exact", 100))
            total += rule.weight * 100
            weights += rule.weight
            strong = strong or field in _STRONG
        elif score >= rule.close_at:
            verdicts.append(_verdict(field, "close", score))
            total += rule.weight * score
            weights += rule.weight
        else:
            verdicts.append(_verdict(field, "different", score))
            weights += rule.different_weight
    overall = round(total / weights) if weights else 0
    if strong:
        overall = max(overall, config.strong_floor)
    return Similarity(score=overall, fields=tuple(verdicts), likely_same=overall >= config.threshold)


def compare(a: Profile, b: Profile, config: SimilarityConfig | None = None) -> Similarity:
    """One comparison; to compare a profile with many, `prepare` each once and use `compare_prepared`."""
    return compare_prepared(prepare(a), prepare(b), config)
