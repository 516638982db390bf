"""The closed vocabularies of the registration module."""

from enum import StrEnum


class PartyKind(StrEnum):
    PERSON = "person"
    ORGANISATION = "organisation"


class OrganisationKind(StrEnum):
    EMPLOYER = "employer"
    FINANCIAL_INSTITUTION = "financial_institution"


class ApplicationType(StrEnum):
    EMPLOYEE = "employee"
    SELF_EMPLOYED = "self_employed"
    VOLUNTARY_CONTRIBUTOR = "voluntary_contributor"
    SURVIVOR = "survivor"
    EMPLOYER = "employer"
    FINANCIAL_INSTITUTION = "financial_institution"


class ApplicationStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    IN_REVIEW = "in_review"
    INFORMATION_REQUESTED = "information_requested"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class Role(StrEnum):
    APPLICANT = "applicant"
    INDIVIDUAL = "individual"
    GUARDIAN = "guardian"
    EMPLOYER_ADMIN = "employer_admin"
    EMPLOYER_USER = "employer_user"
    INSTITUTION_USER = "institution_user"
    STAFF_CLERK = "staff_clerk"
    STAFF_SUPERVISOR = "staff_supervisor"
    ADMIN = "admin"


STAFF_ROLES = frozenset({Role.STAFF_CLERK, Role.STAFF_SUPERVISOR, Role.ADMIN})


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"


class SecondFactor(StrEnum):
    EMAIL_CODE = "email_code"
    SMS_CODE = "sms_code"
    TOTP = "totp"


class EmploymentStatus(StrEnum):
    AWAITING_CONFIRMATION = "awaiting_confirmation"
    ACTIVE = "active"
    DISPUTED = "disputed"
    ENDED = "ended"


class RelationshipKind(StrEnum):
    SURVIVOR_OF = "survivor_of"
    GUARDIAN_OF = "guardian_of"


class NotificationChannel(StrEnum):
    PORTAL = "portal"
    EMAIL = "email"
    SMS = "sms"


class NotificationStatus(StrEnum):
    QUEUED = "queued"
    SENT = "sent"
    FAILED = "failed"


class IsicLevel(StrEnum):
    SECTION = "section"
    DIVISION = "division"
    GROUP = "group"
    CLASS = "class"


class CodePurpose(StrEnum):
    SIGN_IN = "sign_in"
    PASSWORD_RESET = "password_reset"
    CONTACT_VERIFICATION = "contact_verification"
    ACTIVATION = "activation"


class MatchDecisionKind(StrEnum):
    NOT_SAME = "not_same"
    SAME = "same"


class ReviewActionKind(StrEnum):
    """What happened to an application under review; the applicant's timeline shows the PUBLIC ones."""

    CLAIMED = "claimed"
    RELEASED = "released"
    STEP_COMPLETED = "step_completed"
    INFORMATION_REQUESTED = "information_requested"
    INFORMATION_PROVIDED = "information_provided"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


PUBLIC_REVIEW_ACTIONS = frozenset({ReviewActionKind.STEP_COMPLETED, ReviewActionKind.INFORMATION_REQUESTED,
                                   ReviewActionKind.INFORMATION_PROVIDED, ReviewActionKind.APPROVED,
                                   ReviewActionKind.REJECTED, ReviewActionKind.WITHDRAWN})
