"""ORM models. Import every model module here so the metadata is complete."""

from caseworker.store.models.audit import AuditEvent, AuditHead
from caseworker.store.models.cases import Case, Post
from caseworker.store.models.contact import ContactEntry
from caseworker.store.models.files import Attachment, AttachmentContent
from caseworker.store.models.handoffs import Handoff, HandoffRow, Partner
from caseworker.store.models.intake import (
    ColumnMapping,
    DuplicateCandidate,
    ImportBatch,
    ImportRow,
    ImportUndo,
)
from caseworker.store.models.letters import Letter
from caseworker.store.models.misc import Counter, Setting
from caseworker.store.models.people import ContactPoint, IdentityDocument, Person
from caseworker.store.models.search import SearchRow
from caseworker.store.models.users import User

__all__ = [
    "Attachment",
    "AttachmentContent",
    "AuditEvent",
    "AuditHead",
    "Case",
    "ColumnMapping",
    "ContactEntry",
    "ContactPoint",
    "Counter",
    "DuplicateCandidate",
    "Handoff",
    "HandoffRow",
    "IdentityDocument",
    "ImportBatch",
    "ImportRow",
    "ImportUndo",
    "Letter",
    "Partner",
    "Person",
    "Post",
    "SearchRow",
    "Setting",
    "User",
]
