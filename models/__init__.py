"""SQLModel tables and enums. Importing this package registers every table on SQLModel.metadata."""

from models.account import Account, AccountRole
from models.application import Application
from models.audit import AuditEvent
from models.document import Document
from models.employment import Employment
from models.notification import Notification
from models.party import Organisation, Party, Person
from models.reference import IsicActivity
from models.relationship import Relationship
from models.review import ReviewAction
from models.security import OneTimeCode, OutboxMessage, Throttle, UserSession
from models.similarity import MatchDecision, SimilarityKey

__all__ = [
    "Account",
    "AccountRole",
    "Application",
    "AuditEvent",
    "Document",
    "Employment",
    "IsicActivity",
    "MatchDecision",
    "Notification",
    "OneTimeCode",
    "OutboxMessage",
    "Organisation",
    "Party",
    "Person",
    "Relationship",
    "ReviewAction",
    "SimilarityKey",
    "Throttle",
    "UserSession",
]
