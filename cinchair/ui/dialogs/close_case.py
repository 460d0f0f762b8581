"""Close case: the date and the council's reason, checked in words before anything is saved.

A closed case leaves the default case list (Case > Show closed cases brings it back)
and keeps everything it held; a closure made by mistake is undone with Reopen case.
The checks are ``cinchair.cases.editing.close_case``'s, as for ``cinchair case close``.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QWidget,
)

from cinchair.cases.closing import CLOSURE_REASONS, CaseClosure, close_case
from cinchair.cases.editing import CaseInvalid
from cinchair.domain.bidi import isolate
from cinchair.domain.dates import UkDateError
from cinchair.store.facade import Store
from cinchair.ui import theme
from cinchair.ui.widgets.date_field import DateField


class CloseCaseDialog(QDialog):
    """The closing date and reason for one case; closes it on Close case."""

    def __init__(
        self, store: Store, case_id: str, child: str, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store, self.case_id, self.today = store, case_id, today
        self.setWindowTitle("Close case")  # never the child's name in a title
        form = QFormLayout(self)
        caption = QLabel(
            f"Close the case of {isolate(child)}. It leaves the case list, keeping its records."
        )
        caption.setTextFormat(Qt.TextFormat.PlainText)
        caption.setWordWrap(True)
        form.addRow(caption)
        self.closed_on = DateField(self, optional=False, accessible_name="Date the case closed")
        on_label = QLabel("Closed &on *", self)
        on_label.setBuddy(self.closed_on)
        form.addRow(on_label, self.closed_on)
        self.reason = QComboBox(self)
        self.reason.setEditable(True)
        self.reason.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.reason.addItems(["", *CLOSURE_REASONS])
        self.reason.setAccessibleName("The council's reason for closing")
        reason_label = QLabel("&Reason *", self)
        reason_label.setBuddy(self.reason)
        form.addRow(reason_label, self.reason)
        self.reason_error = QLabel(self)
        theme.set_role(self.reason_error, "error")
        self.reason_error.setWordWrap(True)
        self.reason_error.setVisible(False)
        form.addRow("", self.reason_error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        close = buttons.addButton("&Close case", QDialogButtonBox.ButtonRole.AcceptRole)
        close.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(560, 220)
        self.closed_on.setFocus()

    def accept(self) -> None:
        self.reason_error.setVisible(False)
        self.closed_on.show_error("")
        try:
            closure = CaseClosure(self.closed_on.date(), self.reason.currentText())
        except UkDateError as problem:
            self.closed_on.show_error(str(problem))
            self.closed_on.setFocus()
            return
        try:
            self.store.apply(close_case, self.case_id, closure, self.today)
        except CaseInvalid as invalid:
            if invalid.message_for("closed_on"):
                self.closed_on.show_error(invalid.message_for("closed_on"))
            if invalid.message_for("reason"):
                self.reason_error.setText(invalid.message_for("reason"))
                self.reason_error.setVisible(True)
            return
        super().accept()
