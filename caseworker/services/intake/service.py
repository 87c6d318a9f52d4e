"""`IntakeService`: the facade the GUI and the CLI reach as ``Services.intake``."""

from __future__ import annotations

from caseworker.services.context import Service, ServiceContext
from caseworker.services.intake.importing import ImportJob
from caseworker.services.intake.merge import CaseMerger
from caseworker.services.intake.review import ReviewQueue
from caseworker.services.intake.scan import StoreScan
from caseworker.services.intake.undo import BatchUndo
from caseworker.services.intake.whatsapp import ChatImporter


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
        undo = BatchUndo(ctx)
        self.batches = undo.batches  # the latest imports, with their status (interrupted ones too)
        self.undo_import = undo.undo  # remove what a batch created, put back what it changed
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
