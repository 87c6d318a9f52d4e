"""Partner handoff widgets: prepare, approve, write, ledger and partner profiles.

Each takes a `Services` and can be shown on its own or placed in the main window:

    PrepareHandoffDialog(services, person_ids=None, case_ids=None, parent=None)
    HandoffApprovalsWidget(services)        # officers: prepared handoffs awaiting approval
    HandoffsPanel(services)                 # every handoff: write, recall, cancel, view rows
    WriteHandoffDialog(services, handoff)   # writes the file, shows the passphrase once
    HandoffLedgerTab(services, case_id)     # for the case detail: who received what
    PartnerLedgerWidget(services)           # what each partner received
    PartnerProfilesEditor(services)         # administrators
"""

from caseworker.gui.handoffs.approvals import HandoffApprovalsWidget
from caseworker.gui.handoffs.ledger import HandoffLedgerTab, PartnerLedgerWidget
from caseworker.gui.handoffs.panel import HandoffsPanel
from caseworker.gui.handoffs.prepare import PrepareHandoffDialog
from caseworker.gui.handoffs.profiles import PartnerProfilesEditor
from caseworker.gui.handoffs.write import WriteHandoffDialog

__all__ = [
    "HandoffApprovalsWidget",
    "HandoffLedgerTab",
    "HandoffsPanel",
    "PartnerLedgerWidget",
    "PartnerProfilesEditor",
    "PrepareHandoffDialog",
    "WriteHandoffDialog",
]
