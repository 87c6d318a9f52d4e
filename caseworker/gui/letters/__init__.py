"""Letter windows: draft, approvals queue, preview and print, batch print, verify, a case's letters.

Each takes a ``Services`` and is standalone, for the main window to open:
``DraftLetterDialog(services, case_id)``, ``LetterApprovalsDialog(services)``,
``LetterPreviewDialog(services, letter_id)``, ``BatchPrintDialog(services,
letter_ids)``, ``VerifyLetterDialog(services)`` and ``CaseLettersTab(services,
case_id)`` for the case detail.
"""

from caseworker.gui.letters.approvals import LetterApprovalsDialog
from caseworker.gui.letters.batch_print import BatchPrintDialog
from caseworker.gui.letters.case_letters import CaseLettersTab
from caseworker.gui.letters.draft_dialog import DraftLetterDialog
from caseworker.gui.letters.preview import LetterPreviewDialog
from caseworker.gui.letters.verify_dialog import VerifyLetterDialog

__all__ = [
    "BatchPrintDialog",
    "CaseLettersTab",
    "DraftLetterDialog",
    "LetterApprovalsDialog",
    "LetterPreviewDialog",
    "VerifyLetterDialog",
]
