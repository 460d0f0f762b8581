"""Case > Clear synced meetings…: take what the council holds off this laptop, said first.

The same as the offer after a receipt is loaded, for a chair who kept the meetings then
and wants the laptop lighter later. What would go and what stays is
``cinchair.sync.admin_desk.clear_preview``, in words; clearing is
``cinchair.sync.clear.clear_synced`` (as ``cinchair clear --synced``): only meetings the
council acknowledged are ever cleared, and nothing happens until the chair presses Clear.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cinchair.store.facade import Store
from cinchair.sync.admin_desk import clear_preview
from cinchair.sync.clear import NotSynced, clear_synced


class ClearSyncedDialog(QDialog):
    """What clearing would remove and keep; Clear does it, Close leaves all as it is."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("cinchair: clear synced meetings")
        self.setAccessibleName("Clear synced meetings")
        self.store = store
        self.cleared = False
        self.outcome = QLabel(
            "Meetings the council has acknowledged (by a receipt) can be taken off this "
            "laptop; the council keeps them. Read what would go and what stays:",
            self,
        )
        self.outcome.setWordWrap(True)
        self.outcome.setAccessibleName("Clearing outcome")
        self.preview = QPlainTextEdit(self)
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName("What clearing would remove and keep")
        self.clear_button = QPushButton("C&lear them from this laptop", self)
        self.clear_button.clicked.connect(self.clear)
        close = QPushButton("&Close", self)
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.clear_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.outcome)
        layout.addWidget(self.preview, 1)
        layout.addLayout(buttons)
        self.resize(620, 420)
        self.show_preview()
        close.setFocus()  # Enter closes: clearing is a choice, never a slip

    def show_preview(self) -> None:
        preview = self.store.ask(clear_preview)
        self.preview.setPlainText("\n".join(preview.lines()))
        self.clear_button.setEnabled(bool(preview.to_clear))
        if preview.to_clear:
            self.clear_button.setText(f"C&lear {preview.going} meeting(s) from this laptop")

    def clear(self) -> None:
        try:
            summary = clear_synced(self.store)
        except NotSynced as exc:  # acknowledged no longer (another window): nothing cleared
            self.outcome.setText(str(exc))
            self.show_preview()
            return
        self.cleared = True
        self.outcome.setText("; ".join(summary.lines()) + ".")
        self.show_preview()
