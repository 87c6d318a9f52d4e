"""Asking how a phone writes its dates, when a WhatsApp chat cannot tell.

``DateOrderDialog(asked, filename, parent=None)`` shows the line the chat could
not settle and what it means read each way ("Day first: 4 September 2021
00:15", "Month first: 9 April 2021 00:15"), one button for each; ``choice`` is
then "dmy", "mdy" or "ymd", or None when the user cancels. The dialog never
preselects an answer: a wrong date in a contact log is worse than none.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from caseworker.domain.whatsapp_dates import AmbiguousDateOrder, describe


class DateOrderDialog(QDialog):
    def __init__(self, asked: AmbiguousDateOrder, filename: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choice: str | None = None
        self.setWindowTitle(self.tr("How does the phone write dates?"))
        self.setAccessibleName(self.windowTitle())
        words = {"DMY": self.tr("Day first"), "MDY": self.tr("Month first"), "YMD": self.tr("Year first")}
        self.question = QLabel(
            self.tr("The dates in %1 can be read more than one way: every day in it is 12 or less, and the "
                    "export does not say how the phone writes dates. Line %2 reads “%3”. Which is right? "
                    "Ask the person or look at the phone's date settings if you are not sure.")
            .replace("%1", filename).replace("%2", str(asked.line)).replace("%3", asked.example))  # fmt: skip
        self.question.setWordWrap(True)
        self.question.setAccessibleName(self.tr("Why the order is asked"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.question)
        self.buttons: dict[str, QPushButton] = {}
        for order, when in asked.readings:
            button = QPushButton(f"{words[order]}: {describe(when)}")
            button.setAccessibleName(self.tr("%1: line %2 is %3").replace("%1", words[order])
                                     .replace("%2", str(asked.line)).replace("%3", describe(when)))
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, chosen=order: self._choose(chosen))
            layout.addWidget(button)
            self.buttons[order.lower()] = button
        cancel = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        cancel.rejected.connect(self.reject)
        layout.addWidget(cancel)

    def _choose(self, order: str) -> None:
        self.choice = order.lower()
        self.accept()
