"""The case detail: one open case with its people, contact log, documents and history."""

from caseworker.gui.case_detail.widget import CaseDetailWidget

__all__ = ["CaseDetailWidget"]
