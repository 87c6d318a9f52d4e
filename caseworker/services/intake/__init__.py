"""Intake: referral lists, de-duplication and merging, WhatsApp chats (``services.intake``).

The GUI and the CLI use the one facade, ``Services.intake``; long jobs
(``run_import``, ``scan_store``, ``import_whatsapp``) take ``progress(done, total)`` and
``cancelled()`` callables and import no Qt.
"""

from __future__ import annotations

from caseworker.services.context import Service, ServiceContext
from caseworker.services.intake.importing import ImportJob, ImportRequest
from caseworker.services.intake.mapping import FIELDS, Mapping
from caseworker.services.intake.merge import CaseMerger, MergeRequest
from caseworker.services.intake.review import ReviewQueue
from caseworker.services.intake.scan import StoreScan
from caseworker.services.intake.whatsapp import ChatImporter

__all__ = ["FIELDS", "ImportRequest", "IntakeService", "Mapping", "MergeRequest"]


class IntakeService(Service):
    """Everything intake offers the GUI and the CLI, for one signed-in user."""

    def __init__(self, ctx: ServiceContext) -> None:
        super().__init__(ctx)
        imports, queue, merger, chats = ImportJob(ctx), ReviewQueue(ctx), CaseMerger(ctx), ChatImporter(ctx)
        # referral lists
        self.preview = imports.preview
        self.run_import = imports.run
        self.saved_mapping = imports.saved_mapping
        self.sources = imports.sources
        self.posts = imports.posts
        # the review queue and merging
        self.duplicates = queue.duplicates
        self.candidate = queue.candidate
        self.not_duplicate = queue.not_duplicate
        self.merge_preview = merger.preview
        self.merge = merger.merge
        self.scan_store = StoreScan(ctx).run  # duplicates among the people already held
        # WhatsApp chats
        self.whatsapp_preview = chats.preview
        self.import_whatsapp = chats.run
