"""Letter windows: draft, approvals queue, preview and print, batch print, verify, a case's letters.

Each takes a ``Services``; the main window opens them from its Letters menu
(`caseworker.gui.menus_letters`): ``DraftLetterDialog(services, case_id)``,
``LetterApprovalsPanel(services)`` (a tab of the main window),
``LetterPreviewDialog(services, letter_id)``, ``BatchPrintDialog(services,
letter_ids, tasks=...)``, ``VerifyLetterDialog(services)``, and
``CaseLettersTab(services, case_id)`` in the case detail.
"""

from caseworker.gui.letters.approvals import LetterApprovalsPanel
from caseworker.gui.letters.batch_print import BatchPrintDialog
from caseworker.gui.letters.case_letters import CaseLettersTab
from caseworker.gui.letters.draft_dialog import DraftLetterDialog
from caseworker.gui.letters.preview import LetterPreviewDialog
from caseworker.gui.letters.verify_dialog import VerifyLetterDialog

__all__ = [
    "BatchPrintDialog",
    "CaseLettersTab",
    "DraftLetterDialog",
    "LetterApprovalsPanel",
    "LetterPreviewDialog",
    "VerifyLetterDialog",
]
