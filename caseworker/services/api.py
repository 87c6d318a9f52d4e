"""`Services`: everything the GUI and the CLI may do, for one signed-in user.

Services that most sessions never use, and whose modules pull in large
libraries, are built on first use (`intake`: spreadsheet readers, fuzzy
matching, the Solar Hijri calendar). Services that register hooks every
session needs (letters: revoking letters when a case moves back) are built
at sign-in, and keep their heavy modules behind the functions that use them.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from caseworker.services.attachments import AttachmentService
from caseworker.services.backups import BackupService
from caseworker.services.cases import CaseService
from caseworker.services.contacts import ContactService
from caseworker.services.context import CurrentUser, ServiceContext
from caseworker.services.dashboard import DashboardService
from caseworker.services.family import FamilyService
from caseworker.services.handoffs import HandoffService
from caseworker.services.history import HistoryService
from caseworker.services.letters import LetterService
from caseworker.services.lookups import LookupService
from caseworker.services.people import PeopleService
from caseworker.services.queries import CaseQueries
from caseworker.services.saved_searches import SavedSearchService
from caseworker.services.settings import SettingsService
from caseworker.services.users import UserService
from caseworker.store.engine import Store

if TYPE_CHECKING:
    from caseworker.services.intake.service import IntakeService


class Services:
    """Built once per sign-in and handed to the window or the command."""

    def __init__(self, store: Store, user: CurrentUser) -> None:
        self.store = store
        self.context = ServiceContext(store, user)
        # Things the person signing in must be told (e.g. a damaged sign-in journal, for administrators).
        self.notices: list[str] = []
        self.cases = CaseService(self.context)
        self.people = PeopleService(self.context)
        self.contacts = ContactService(self.context)
        self.attachments = AttachmentService(self.context)
        self.queries = CaseQueries(self.context)
        self.history = HistoryService(self.context)
        self.users = UserService(self.context)
        self.family = FamilyService(self.context)
        self.dashboard = DashboardService(self.context)
        self.saved_searches = SavedSearchService(self.context)
        self.lookups = LookupService(self.context)
        self.backups = BackupService(self.context)
        self.settings = SettingsService(self.context)
        self.letters = LetterService(self.context)
        self.handoffs = HandoffService(self.context)

    @cached_property
    def intake(self) -> IntakeService:
        from caseworker.services.intake.service import IntakeService

        return IntakeService(self.context)

    @property
    def user(self) -> CurrentUser:
        return self.context.user
