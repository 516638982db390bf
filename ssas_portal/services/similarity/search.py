"""Similar accounts ("comptes similaires"): the registered parties and other applications that may be the
same person or organisation as an application, each with the reason, and staff's decisions on them.

Candidates come from blocking keys stored in `similarity_key` (shared by every worker, indexed, kept with the
data): a search reads the subjects sharing the most keys with the query, at most CANDIDATE_POOL of them, and
scores only those (services/similarity). Keys are rewritten whenever a party or a submitted application is
saved through `refresh_party` / `refresh_application`.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal, TypedDict

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlmodel import Session, col, select

from models import Application, MatchDecision, Organisation, Party, Person, SimilarityKey
from models.enums import ApplicationStatus, ApplicationType, MatchDecisionKind, OrganisationKind
from ssas_portal.services.core import audit
from ssas_portal.services.core.audit import Actor
from ssas_portal.services.core.errors import Refusal
from ssas_portal.services.similarity.compare import Similarity, compare_prepared, prepare
from ssas_portal.services.similarity.config import SimilarityConfig, default_config
from ssas_portal.services.similarity.keys import blocking_keys
from ssas_portal.services.similarity.profile import Profile, organisation_from_answers, person_from_answers

CANDIDATE_POOL = 100
"""The most subjects scored for one search: those sharing the most keys with it."""
KEY_ROWS_READ = 1000
"""The most subjects read under one key in a search."""
SHOWN_FROM = 35
"""Candidates scoring less are not shown: under it, two records share a key by chance (a common name)."""
ORGANISATION_TYPES = frozenset({ApplicationType.EMPLOYER, ApplicationType.FINANCIAL_INSTITUTION})
SEARCHED_STATUSES = frozenset({ApplicationStatus.SUBMITTED, ApplicationStatus.IN_REVIEW,
                               ApplicationStatus.INFORMATION_REQUESTED, ApplicationStatus.APPROVED})
"""Applications worth comparing with: sent and not refused (drafts are nobody yet)."""

SubjectKind = Literal["party", "application"]


@dataclass(frozen=True)
class Subject:
    kind: SubjectKind
    id: int

    @property
    def label(self) -> str:
        return f"{self.kind}:{self.id}"

    @staticmethod
    def parse(label: object) -> Subject | None:
        """A candidate label from the browser ("party:12"), or None when it is not one."""
        if not isinstance(label, str) or len(label) > 40:
            return None
        kind, _, number = label.partition(":")
        if kind not in ("party", "application") or not number.isdigit():
            return None
        return Subject(kind, int(number))  # type: ignore[arg-type]


@dataclass(frozen=True)
class Candidate:
    subject: Subject
    profile: Profile
    similarity: Similarity
    reference: str
    """What staff know it by: an application's reference, a social security or registration number, or else
    the party's number ("#12")."""


# --- profiles ---------------------------------------------------------------------------------------------


def application_profile(application: Application) -> Profile:
    answers = application.form_data or {}
    if application.type in ORGANISATION_TYPES:
        # An employer's BIC is its bank's, shared by thousands: only a financial institution's names it.
        return organisation_from_answers(
            answers, financial_institution=application.type is ApplicationType.FINANCIAL_INSTITUTION)
    return person_from_answers(answers)


_PARTY, _PERSON, _ORGANISATION = Party.__table__, Person.__table__, Organisation.__table__
_PARTY_ROWS = (
    sa.select(_PARTY.c.id, _PARTY.c.email, _PARTY.c.phone, _PARTY.c.address_line, _PARTY.c.postal_code,
              _PARTY.c.locality, _PERSON.c.given_names, _PERSON.c.family_name, _PERSON.c.date_of_birth,
              _PERSON.c.national_id_number, _PERSON.c.social_security_number,
              _ORGANISATION.c.kind.label("organisation_kind"), _ORGANISATION.c.legal_name, _ORGANISATION.c.trade_name,
              _ORGANISATION.c.business_registration_number, _ORGANISATION.c.tax_id, _ORGANISATION.c.bic,
              _ORGANISATION.c.registration_number)
    .select_from(_PARTY.outerjoin(_PERSON, _PERSON.c.party_id == _PARTY.c.id)
                 .outerjoin(_ORGANISATION, _ORGANISATION.c.party_id == _PARTY.c.id))
)
_PARTY_PROFILES = _PARTY_ROWS.where(_PARTY.c.id.in_(sa.bindparam("ids", expanding=True)))
"""One statement, built once: a search reads a hundred profiles as plain rows, without ORM objects."""
_PARTY_PROFILES_PG = _PARTY_ROWS.where(_PARTY.c.id == sa.any_(sa.bindparam("ids", type_=postgresql.ARRAY(sa.Integer))))
"""On PostgreSQL one array parameter: the statement text never changes, so the server plans it once."""


class _Contact(TypedDict):
    """The profile fields a person and an organisation share, read from the party."""

    email: str
    phone: str
    address: str


def _party_profile(row: sa.Row[*tuple[Any, ...]]) -> tuple[Profile, str] | None:
    contact: _Contact = {"email": row.email or "", "phone": row.phone or "", "address": _address(row)}
    if row.family_name is not None:
        return (Profile(kind="person", given_names=row.given_names, family_name=row.family_name,
                        date_of_birth=row.date_of_birth, national_id=row.national_id_number or "",
                        social_security_number=row.social_security_number or "", **contact),
                row.social_security_number or f"#{row.id}")
    if row.legal_name is not None:
        own_bic = row.organisation_kind == OrganisationKind.FINANCIAL_INSTITUTION.value
        return (Profile(kind="organisation", legal_name=row.legal_name, trade_name=row.trade_name or "",
                        registration_number=row.business_registration_number or "", tax_id=row.tax_id or "",
                        bic=(row.bic or "") if own_bic else "", **contact),
                row.registration_number or f"#{row.id}")
    return None


def _party_profiles(session: Session, party_ids: Iterable[int]) -> dict[int, tuple[Profile, str]]:
    ids = list(party_ids)
    if not ids:
        return {}
    connection = session.connection()
    statement = _PARTY_PROFILES_PG if connection.dialect.name == "postgresql" else _PARTY_PROFILES
    rows = connection.execute(statement, {"ids": ids})
    return {row.id: found for row in rows if (found := _party_profile(row)) is not None}


def _address(row: sa.Row[*tuple[Any, ...]]) -> str:
    return " ".join(part for part in (row.address_line, row.postal_code, row.locality) if part)


def _application_profiles(session: Session, application_ids: Iterable[int]) -> dict[int, tuple[Profile, str]]:
    ids = list(application_ids)
    if not ids:
        return {}
    applications = session.exec(select(Application).where(col(Application.id).in_(ids)))
    return {application.id or 0: (application_profile(application), application.reference)
            for application in applications}


# --- keys -------------------------------------------------------------------------------------------------


def store_keys(session: Session, subject: Subject, profile: Profile | None) -> None:
    """Replace the subject's keys by the profile's (none when the subject no longer exists or is not searched)."""
    column = SimilarityKey.party_id if subject.kind == "party" else SimilarityKey.application_id
    session.execute(sa.delete(SimilarityKey).where(col(column) == subject.id))
    if profile is None:
        return
    rows = [{"key": key, "party_id": subject.id if subject.kind == "party" else None,
             "application_id": subject.id if subject.kind == "application" else None}
            for key in sorted(blocking_keys(profile))]
    if rows:
        session.execute(sa.insert(SimilarityKey), rows)


def refresh_party(session: Session, party_id: int) -> None:
    session.flush()
    found = _party_profiles(session, [party_id]).get(party_id)
    store_keys(session, Subject("party", party_id), found[0] if found else None)


def refresh_application(session: Session, application_id: int) -> None:
    session.flush()
    application = session.get(Application, application_id)
    searched = application is not None and application.status in SEARCHED_STATUSES and application.party_id is None
    store_keys(session, Subject("application", application_id),
               application_profile(application) if searched and application is not None else None)


# --- search -----------------------------------------------------------------------------------------------


@functools.cache
def _sharing_statement(key_count: int) -> sa.TextClause:
    """The lookup for `key_count` keys, written once per count: the query runs on every search, and building
    it as an expression each time cost more than running it."""
    per_key = " UNION ALL ".join(
        f"SELECT * FROM (SELECT party_id, application_id FROM similarity_key WHERE key = :key{index}"
        f" LIMIT :per_key) AS key{index}" for index in range(key_count))
    return sa.text(f"SELECT party_id, application_id, COUNT(*) AS shared FROM ({per_key}) AS sharing"
                   " GROUP BY party_id, application_id ORDER BY shared DESC LIMIT :pool")


def _subjects_sharing_keys(session: Session, keys: set[str]) -> list[Subject]:
    """The subjects sharing the most keys; each key is read for at most KEY_ROWS_READ subjects, so a key that
    millions share (a very common name in one year) costs no more than a rare one."""
    if not keys:
        return []
    params: dict[str, object] = {f"key{index}": key for index, key in enumerate(sorted(keys))}
    rows = session.connection().execute(_sharing_statement(len(keys)),
                                        {**params, "per_key": KEY_ROWS_READ, "pool": CANDIDATE_POOL})
    return [Subject("party", party_id) if party_id is not None else Subject("application", application_id)
            for party_id, application_id, _ in rows]


def search(session: Session, profile: Profile, *, exclude: Iterable[str] = (), limit: int = 10,
           config: SimilarityConfig | None = None) -> list[Candidate]:
    """The subjects most like `profile`, best first, each with the per-field explanation; only those of the
    same kind (person or organisation) scoring at least the configured floor."""
    config = config or default_config()
    excluded = set(exclude)
    subjects = [one for one in _subjects_sharing_keys(session, blocking_keys(profile)) if one.label not in excluded]
    parties = _party_profiles(session, [one.id for one in subjects if one.kind == "party"])
    applications = _application_profiles(session, [one.id for one in subjects if one.kind == "application"])
    query = prepare(profile)
    scored: list[Candidate] = []
    for subject in subjects:
        found = (parties if subject.kind == "party" else applications).get(subject.id)
        if found is None or found[0].kind != profile.kind:
            continue
        similarity = compare_prepared(query, prepare(found[0]), config)
        if similarity.score >= SHOWN_FROM:
            scored.append(Candidate(subject, found[0], similarity, found[1]))
    scored.sort(key=lambda candidate: (-candidate.similarity.score, candidate.subject.label))
    return scored[:limit]


def similar_to_application(session: Session, application_id: int, *, limit: int = 10) -> list[Candidate]:
    """Candidates for staff reviewing an application, without itself, its own party, nor pairs already judged
    "not the same"."""
    application = session.get(Application, application_id)
    if application is None:
        return []
    judged = set(session.exec(select(MatchDecision.candidate).where(
        MatchDecision.application_id == application_id, MatchDecision.decision == MatchDecisionKind.NOT_SAME)))
    exclude = judged | {Subject("application", application_id).label}
    if application.party_id is not None:
        exclude.add(Subject("party", application.party_id).label)
    return search(session, application_profile(application), exclude=exclude, limit=limit)


@dataclass(frozen=True)
class Review:
    """What staff see for one application: its own profile and its candidates."""

    application_id: int
    reference: str
    profile: Profile
    candidates: list[Candidate]


def review(session: Session, reference: str, *, limit: int = 10) -> Review:
    """The similar accounts of the application with this reference; refused for an unknown one or a draft."""
    application = session.exec(select(Application).where(Application.reference == reference.strip().upper())).first()
    if application is None or application.id is None or application.status is ApplicationStatus.DRAFT:
        raise Refusal("similar.not_found")
    return Review(application.id, application.reference, application_profile(application),
                  similar_to_application(session, application.id, limit=limit))


# --- decisions --------------------------------------------------------------------------------------------


def decide(session: Session, actor: Actor, application_id: int, candidate: str, decision: MatchDecisionKind,
           score: int) -> bool:
    """Remember staff's judgement; "same" on a registered party links the application to it, so approving it
    creates no second party. False when the application or the candidate does not exist."""
    subject = Subject.parse(candidate)
    application = session.get(Application, application_id)
    if subject is None or application is None or subject == Subject("application", application_id):
        return False
    target = session.get(Party if subject.kind == "party" else Application, subject.id)
    if target is None:
        return False
    existing = session.exec(select(MatchDecision).where(MatchDecision.application_id == application_id,
                                                        MatchDecision.candidate == subject.label)).first()
    before = {"decision": existing.decision.value} if existing else None
    row = existing or MatchDecision(application_id=application_id, candidate=subject.label, decision=decision)
    row.decision, row.decided_by_account_id, row.score = decision, actor.account_id, max(0, min(100, score))
    session.add(row)
    after: dict[str, object] = {"candidate": subject.label, "decision": decision.value, "score": row.score}
    if decision is MatchDecisionKind.SAME and subject.kind == "party":
        after["party_id_before"] = application.party_id
        application.party_id = subject.id
        session.add(application)
        after["party_id"] = subject.id
    audit.record(session, actor, "application.match_decided", "application", application_id, before=before,
                 after=after)
    refresh_application(session, application_id)
    return True
