"""The final approval's registry work, inside the decision's transaction: the party created from the cleaned
answers (or the registered one staff matched), its identifier, the additional details of an employer, the
applicant's credentials, and the automatic links (employee → employer, survivor → deceased, guardian → minor).

Everything here writes its audit event in the same transaction; a failure rolls the whole approval back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, or_, select

from models import Account, AccountRole, Application, Employment, Organisation, Party, Person, Relationship
from models.enums import ApplicationType, OrganisationKind, PartyKind, RelationshipKind, Role, SecondFactor, Sex
from models.types import utc_now
from ssas_portal.services.core import audit, server_key
from ssas_portal.services.core.audit import Actor
from ssas_portal.services.identity import passwords
from ssas_portal.services.registry import identifiers
from ssas_portal.services.registry.identifiers import Kind
from ssas_portal.services.similarity import search

ORGANISATIONS = {ApplicationType.EMPLOYER: OrganisationKind.EMPLOYER,
                 ApplicationType.FINANCIAL_INSTITUTION: OrganisationKind.FINANCIAL_INSTITUTION}
ROLE_OF = {ApplicationType.EMPLOYER: Role.EMPLOYER_ADMIN, ApplicationType.FINANCIAL_INSTITUTION: Role.INSTITUTION_USER}
_ISSUE_ATTEMPTS = 5
NO_EMAIL = "no-email.invalid"


@dataclass(frozen=True)
class Registered:
    party_id: int
    identifier: str
    credentials: dict[str, str] = field(default_factory=dict)
    """What the activation message needs: the sign-in address and, for a new account, its first password
    sealed with the server key (it is opened only to be sent, then dropped)."""


def _text(answers: dict[str, Any], name: str, limit: int = 200) -> str | None:
    value = answers.get(name)
    return value.strip()[:limit] or None if isinstance(value, str) else None


def _date(answers: dict[str, Any], name: str) -> date | None:
    try:
        return date.fromisoformat(answers[name]) if isinstance(answers.get(name), str) else None
    except ValueError:
        return None


def _yes(answers: dict[str, Any], name: str) -> bool:
    return answers.get(name) == "true"


def identifier_kind(application_type: ApplicationType) -> Kind:
    if application_type is ApplicationType.EMPLOYER:
        return "employer"
    if application_type is ApplicationType.FINANCIAL_INSTITUTION:
        return "financial_institution"
    return "social_security_number"


def check_identifier(session: Session, application: Application, typed: str) -> None:
    """Refuse a number the supervisor typed that cannot be issued (format, check digits, already issued)."""
    if typed.strip():
        identifiers.check_typed(session, identifier_kind(application.type), typed)


# --- the party ---------------------------------------------------------------------------------------------


def _new_person(session: Session, actor: Actor, answers: dict[str, Any], prefix: str = "", *,
                contact: bool = True, died_on: date | None = None) -> Party:
    party = Party(kind=PartyKind.PERSON, email=_text(answers, "email", 254) if contact else None,
                  phone=_text(answers, "phone", 20) if contact else None,
                  address_line=_text(answers, "address") if contact else None,
                  locality=_text(answers, "city", 100) if contact else None)
    session.add(party)
    session.flush()
    sex = answers.get(f"{prefix}sex")
    person = Person(party_id=party.id or 0, given_names=_text(answers, f"{prefix}first_names", 100) or "",
                    family_name=_text(answers, f"{prefix}last_name", 100) or "",
                    sex=Sex(sex) if sex in {member.value for member in Sex} else None,
                    date_of_birth=_date(answers, f"{prefix}date_of_birth"),
                    place_of_birth=_text(answers, f"{prefix}place_of_birth", 100),
                    national_id_number=None if prefix else _text(answers, "national_id_number", 40),
                    isic_code=None if prefix else _text(answers, "isic_class", 4), date_of_death=died_on)
    session.add(person)
    session.flush()
    audit.record(session, actor, "party.created", "party", party.id,
                 after={"kind": "person", "family_name": person.family_name, "given_names": person.given_names,
                        "date_of_birth": person.date_of_birth, "date_of_death": died_on})
    return party


def _new_organisation(session: Session, actor: Actor, application: Application, answers: dict[str, Any],
                      liability_start: date | None) -> Party:
    kind = ORGANISATIONS[application.type]
    party = Party(kind=PartyKind.ORGANISATION, email=_text(answers, "email", 254), phone=_text(answers, "phone", 20),
                  address_line=_text(answers, "address"), locality=_text(answers, "city", 100))
    session.add(party)
    session.flush()
    employer = kind is OrganisationKind.EMPLOYER
    organisation = Organisation(
        party_id=party.id or 0, kind=kind, legal_name=_text(answers, "legal_name") or "",
        trade_name=_text(answers, "trade_name"), legal_form=_text(answers, "legal_form", 60),
        business_registration_number=_text(answers, "business_registration_number", 40),
        tax_id=_text(answers, "tax_id", 40), bic=None if employer else _text(answers, "bic", 11),
        isic_primary_code=_text(answers, "isic_primary", 4), isic_secondary_code=_text(answers, "isic_secondary", 4),
        is_health_care_provider=_yes(answers, "is_health_care_provider"),
        date_of_incorporation=_date(answers, "date_of_incorporation"),
        contribution_liability_start=(liability_start or _date(answers, "date_of_first_hire") or utc_now().date())
        if employer else None,
    )
    session.add(organisation)
    session.flush()
    audit.record(session, actor, "party.created", "party", party.id,
                 after={"kind": kind.value, "legal_name": organisation.legal_name,
                        "contribution_liability_start": organisation.contribution_liability_start,
                        "sector": organisation.isic_primary_code})
    return party


def _issue(session: Session, actor: Actor, party_id: int, kind: Kind, typed: str) -> str:
    """The party's number: kept when it has one, else the typed one, else the next free serial (a savepoint
    per try, so a number another approval took at the same moment costs one more try, not the approval)."""
    row: Person | Organisation | None = (session.get(Person, party_id) if kind == "social_security_number"
                                         else session.get(Organisation, party_id))
    assert row is not None
    attribute = "social_security_number" if kind == "social_security_number" else "registration_number"
    if existing := getattr(row, attribute):
        return str(existing)
    year, lost = utc_now().year, None
    for _ in range(_ISSUE_ATTEMPTS):
        number = identifiers.compact(typed) if typed.strip() else identifiers.next_number(session, kind, year,
                                                                                         after=lost)
        try:
            with session.begin_nested():
                setattr(row, attribute, number)
                session.add(row)
                session.flush()
        except IntegrityError:
            session.refresh(row)
            lost = number
            continue
        audit.record(session, actor, "identifier.issued", "party", party_id,
                     after={attribute: number, "entered": bool(typed.strip())})
        return number
    raise RuntimeError(f"{kind}: no free number after {_ISSUE_ATTEMPTS} tries")


# --- credentials and links --------------------------------------------------------------------------------


def _sign_in_address(application: Application, answers: dict[str, Any]) -> str:
    """The proven contact e-mail, else the form's e-mail; an applicant who gave no e-mail address signs in
    with their application number, and the account holds a placeholder nobody writes to (messages go by SMS)."""
    found = application.contact_email or _text(answers, "email", 254) or f"{application.reference.lower()}@{NO_EMAIL}"
    return found.lower()


def _credentials(session: Session, actor: Actor, application: Application, party_id: int, role: Role,
                 scope_party_id: int, answers: dict[str, Any]) -> dict[str, str]:
    address = _sign_in_address(application, answers)
    account = session.exec(select(Account).where(Account.email == address)).first()
    fresh = account is None
    first_password = passwords.one_time_password()
    if account is None:
        phone = application.contact_phone
        account = Account(email=address, display_name=_display_name(application, answers),
                          language=application.language, password_hash=passwords.hash_password(first_password),
                          must_change_password=True, party_id=party_id, phone=phone,
                          second_factor=SecondFactor.EMAIL_CODE if application.contact_email or not phone
                          else SecondFactor.SMS_CODE)
        session.add(account)
        session.flush()
        audit.record(session, actor, "account.created", "account", account.id,
                     after={"email": address, "party_id": party_id, "for_application": application.reference})
    if session.exec(select(AccountRole.id).where(AccountRole.account_id == account.id, AccountRole.role == role,
                                                 AccountRole.scope_party_id == scope_party_id)).first() is None:
        session.add(AccountRole(account_id=account.id or 0, role=role, scope_party_id=scope_party_id))
        audit.record(session, actor, "role.granted", "account", account.id,
                     after={"role": role.value, "scope_party_id": scope_party_id})
    application.applicant_account_id = account.id
    session.add(application)
    shown = application.reference if address.endswith(f"@{NO_EMAIL}") else address
    return {"sign_in": shown, "sealed_password": server_key.encrypt(first_password)} if fresh else {"sign_in": shown}


def _display_name(application: Application, answers: dict[str, Any]) -> str:
    if application.type in ORGANISATIONS:
        return (_text(answers, "legal_name") or application.reference)[:200]
    return " ".join(part for part in (_text(answers, "first_names"), _text(answers, "last_name")) if part)[:200] \
        or application.reference


def _link_employer(session: Session, actor: Actor, person_id: int, answers: dict[str, Any]) -> None:
    """An employee's declared employer, when it is registered: an employment awaiting its confirmation."""
    typed = _text(answers, "employer_registration_number", 40)
    if not _yes(answers, "has_current_employer") or not typed:
        return
    employer = session.exec(select(Organisation.party_id).where(
        Organisation.kind == OrganisationKind.EMPLOYER,
        or_(col(Organisation.registration_number) == identifiers.compact(typed),
            col(Organisation.business_registration_number) == typed))).first()
    if employer is None:
        return
    employment = Employment(person_party_id=person_id, employer_party_id=employer,
                            job_title=_text(answers, "job_title", 120) or "", start_date=utc_now().date())
    session.add(employment)
    session.flush()
    audit.record(session, actor, "employment.declared", "employment", employment.id,
                 after={"person_party_id": person_id, "employer_party_id": employer,
                        "status": employment.status.value})


def _relate(session: Session, actor: Actor, kind: RelationshipKind, subject: int, related: int,
            detail: str | None) -> None:
    link = Relationship(kind=kind, subject_party_id=subject, related_party_id=related, detail=detail,
                        start_date=utc_now().date())
    session.add(link)
    session.flush()
    audit.record(session, actor, "relationship.created", "relationship", link.id,
                 after={"kind": kind.value, "subject_party_id": subject, "related_party_id": related})


def _deceased(session: Session, actor: Actor, answers: dict[str, Any]) -> int:
    """The deceased: the registered person with that social security number, marked with the date of death,
    or a new party for them."""
    died_on = _date(answers, "deceased_date_of_death")
    number = _text(answers, "deceased_social_security_number", 20)
    found = session.exec(select(Person).where(Person.social_security_number == identifiers.compact(number))).first() \
        if number else None
    if found is None:
        return _new_person(session, actor, answers, "deceased_", contact=False, died_on=died_on).id or 0
    if found.date_of_death != died_on:
        before = found.date_of_death
        found.date_of_death = died_on
        session.add(found)
        audit.record(session, actor, "party.date_of_death_recorded", "party", found.party_id,
                     before={"date_of_death": before}, after={"date_of_death": died_on})
    return found.party_id


# --- the whole ----------------------------------------------------------------------------------------------


def register(session: Session, actor: Actor, application: Application, *, identifier: str = "",
             liability_start: date | None = None) -> Registered:
    """Create or link the party, issue its number, its credentials and its links (one transaction)."""
    answers = dict(application.form_data or {})
    kind = identifier_kind(application.type)
    if application.party_id is not None:
        party_id = application.party_id
    elif application.type in ORGANISATIONS:
        party_id = _new_organisation(session, actor, application, answers, liability_start).id or 0
    else:
        party_id = _new_person(session, actor, answers).id or 0
    number = _issue(session, actor, party_id, kind, identifier)
    role, scope = ROLE_OF.get(application.type, Role.INDIVIDUAL), party_id
    if application.type is ApplicationType.EMPLOYEE:
        _link_employer(session, actor, party_id, answers)
    if application.type is ApplicationType.SURVIVOR:
        survivor = party_id
        if _yes(answers, "applying_for_minor"):
            survivor = _new_person(session, actor, answers, "minor_", contact=False).id or 0
            _issue(session, actor, survivor, "social_security_number", "")
            _relate(session, actor, RelationshipKind.GUARDIAN_OF, party_id, survivor, None)
            role, scope = Role.GUARDIAN, survivor
        _relate(session, actor, RelationshipKind.SURVIVOR_OF, survivor, _deceased(session, actor, answers),
                _text(answers, "relationship", 60))
    if application.party_id != party_id:
        application.party_id = party_id
        session.add(application)
    credentials = _credentials(session, actor, application, party_id, role, scope, answers)
    search.refresh_party(session, party_id)
    search.refresh_application(session, application.id or 0)
    return Registered(party_id, number, credentials)
