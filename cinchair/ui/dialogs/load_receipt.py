"""Case > Load receipt…: the council's receipt marks meetings synced, then the chair is
offered to clear them, told in words what will be cleared and what stays.

Loading is ``cinchair.sync.receipts.load_receipt_file`` (as ``cinchair receipt load``);
clearing is ``cinchair.sync.clear.clear_synced`` (as ``cinchair clear --synced``), and
what it would do is ``cinchair.sync.admin_desk.clear_preview``: only meetings the
council acknowledged are ever cleared.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
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
from cinchair.sync.council import laptop_council_public
from cinchair.sync.keys.device import laptop_device_key
from cinchair.sync.keys.keys import KeyProblem
from cinchair.sync.receipts import ReceiptProblem, load_receipt_file


class LoadReceiptDialog(QDialog):
    """Choose the receipt; see what it acknowledged; clear the synced meetings, or keep them."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("cinchair: the council's receipt")
        self.setAccessibleName("Load the council's receipt")
        self.store = store
        self.cleared = False
        self.choose = QPushButton("&Choose the receipt file…", self)
        self.choose.clicked.connect(self.choose_file)
        self.outcome = QLabel("Choose the receipt the council sent for this laptop.", self)
        self.outcome.setWordWrap(True)
        self.outcome.setAccessibleName("What the receipt did")
        self.preview = QPlainTextEdit(self)
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName("What clearing would remove and keep")
        self.clear_button = QPushButton("C&lear these meetings from this laptop", self)
        self.clear_button.setEnabled(False)
        self.clear_button.clicked.connect(self.clear)
        self.keep = QPushButton("&Keep them for now", self)
        self.keep.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.clear_button)
        buttons.addWidget(self.keep)
        layout = QVBoxLayout(self)
        layout.addWidget(self.choose)
        layout.addWidget(self.outcome)
        layout.addWidget(self.preview, 1)
        layout.addLayout(buttons)
        self.resize(620, 420)
        self.show_preview()

    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "The council's receipt", "", "Receipts (receipt-*.json *.json);;All files (*)"
        )
        if name:
            self.load(Path(name))

    def load(self, path: Path) -> bool:
        """Check and apply the receipt; the outcome and the clearing offer are shown."""
        try:
            council = laptop_council_public()
            device = laptop_device_key(self.store).key
            result = load_receipt_file(self.store, path, council, device)
        except (KeyProblem, ReceiptProblem) as exc:
            self.outcome.setText(f"The receipt was not loaded: {exc}")
            return False
        self.outcome.setText("Receipt loaded: " + "; ".join(result.lines()) + ".")
        self.show_preview()
        return True

    def show_preview(self) -> None:
        preview = self.store.ask(clear_preview)
        self.preview.setPlainText("\n".join(preview.lines()))
        self.clear_button.setEnabled(bool(preview.to_clear))

    def clear(self) -> None:
        try:
            summary = clear_synced(self.store)
        except NotSynced as exc:  # a receipt loaded elsewhere meanwhile: say so, clear nothing
            self.outcome.setText(str(exc))
            return
        self.cleared = True
        self.outcome.setText("; ".join(summary.lines()) + ".")
        self.show_preview()
