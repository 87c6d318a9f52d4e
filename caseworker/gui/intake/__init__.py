"""Intake in the application: the import wizard, the duplicate review queue, merging, WhatsApp chats.

Entry points for the main window's menus (each takes the signed-in ``Services``):
``ImportWizard(services, parent=None, tasks=None)``, ``DuplicatesPanel(services)`` (a tab) or
``DuplicatesDialog(services, parent=None)``,
``MergeDialog(services, case_a_id, case_b_id, parent=None)``,
``WhatsAppImportDialog(services, case_id, parent=None, tasks=None)`` and
``UndoImportDialog(services, parent=None)``. Long work runs on the
shared task runner (``caseworker.gui.tasks``): the window's, or a new one of their own.
"""

from __future__ import annotations

from caseworker.gui.intake.duplicates import DuplicatesDialog, DuplicatesPanel
from caseworker.gui.intake.merge_dialog import MergeDialog
from caseworker.gui.intake.undo_dialog import UndoImportDialog
from caseworker.gui.intake.whatsapp_dialog import WhatsAppImportDialog
from caseworker.gui.intake.wizard import ImportWizard

__all__ = ["DuplicatesDialog", "DuplicatesPanel", "ImportWizard", "MergeDialog", "UndoImportDialog", "WhatsAppImportDialog"]
