"""Laptops trusted and revoked: trust one from the key text its chair reads out or pastes,
comparing a short fingerprint aloud; revoke one with a reason.

The trust list is the key folder's ``trusted-devices.json``, the very file ``cinchair keys
trust|revoke|list`` keeps (``cinchair.sync.admin_desk``).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cinchair.sync.admin_desk import (
    entry_fingerprint,
    key_text_fingerprint,
    laptops,
    revoke_laptop,
    spoken_id,
    trust_laptop,
)
from cinchair.sync.keys.keys import KeyProblem
from cinchair.sync.keys.trust_list import TrustedDevice
from cinchair.ui import theme
from cinchair.ui.admin.rows_model import Column, RowsModel
from cinchair.ui.admin.tables import make_table, selected_row


def _uk(stamp: str | None) -> str:
    """An ISO time kept in the trust list as a UK date (03/12/2026)."""
    if not stamp:
        return ""
    day = stamp[:10]
    return f"{day[8:10]}/{day[5:7]}/{day[0:4]}" if len(day) == 10 else day


COLUMNS: list[Column[TrustedDevice]] = [
    Column("Laptop", lambda d: d.label),
    Column("Fingerprint", entry_fingerprint),
    Column("Case packs", lambda d: "yes" if d.sealing_key and not d.revoked else "no"),
    Column("Trusted since", lambda d: _uk(d.trusted_at), lambda d: d.trusted_at),
    Column("State", lambda d: "REVOKED" if d.revoked else "trusted"),
    Column("Revoked", lambda d: _uk(d.revoked_at), lambda d: d.revoked_at),
    Column("Why revoked", lambda d: d.revoke_reason or ""),
]


class TrustDialog(QDialog):
    """Paste (or type) the laptop's key text; both sides compare the fingerprint aloud."""

    def __init__(self, keys_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Trust a laptop")
        self.keys_dir = keys_dir
        self.trusted: TrustedDevice | None = None
        self.key_text = QPlainTextEdit(self)
        self.key_text.setAccessibleName("The laptop's key text")
        self.key_text.setPlaceholderText(
            "cinchair-laptop … (the chair finds it in Case > This laptop's key…)"
        )
        self.key_text.setFixedHeight(70)
        self.key_text.textChanged.connect(self._fingerprint)
        self.label = QLineEdit(self)
        self.label.setAccessibleName("Whose laptop")
        self.label.setPlaceholderText("e.g. Priya Shah, laptop 7")
        self.fingerprint = QLabel("", self)
        self.fingerprint.setAccessibleName("Fingerprint to compare aloud")
        font = self.fingerprint.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setFamily("monospace")
        self.fingerprint.setFont(font)
        self.error = QLabel("", self)
        self.error.setWordWrap(True)
        theme.set_role(self.error, "error")
        form = QFormLayout()
        form.addRow("&Key text:", self.key_text)
        form.addRow("&Whose laptop:", self.label)
        form.addRow("Fingerprint:", self.fingerprint)
        buttons = QDialogButtonBox(self)
        self.ok = buttons.addButton("&Trust this laptop", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                "Ask the chair to read out the fingerprint their laptop shows. Trust it only "
                "if it is the same as the one below.",
                self,
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(620, 300)

    def _fingerprint(self) -> None:
        text = self.key_text.toPlainText().strip()
        if not text:
            self.fingerprint.setText("")
            self.error.setText("")
            return
        try:
            self.fingerprint.setText(key_text_fingerprint(text))
            self.error.setText("")
        except KeyProblem as exc:
            self.fingerprint.setText("")
            self.error.setText(f"Key text: {exc}")

    def accept(self) -> None:
        try:
            self.trusted = trust_laptop(
                self.keys_dir, self.key_text.toPlainText(), self.label.text()
            )
        except (KeyProblem, OSError) as exc:
            self.error.setText(str(exc))
            return
        super().accept()


class LaptopsPage(QWidget):
    """The trust list, with Trust… and Revoke…."""

    def __init__(self, keys_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Laptops")
        self.keys_dir = keys_dir
        self.model: RowsModel[TrustedDevice] = RowsModel(
            COLUMNS, self, emphasis=lambda d: d.revoked
        )
        self.table, self.proxy = make_table(self.model, "Laptops trusted and revoked", self)
        self.count = QLabel("", self)
        self.count.setAccessibleName("Laptop counts")
        self.search = QLineEdit(self)
        self.search.setAccessibleName("Find a laptop")
        self.search.setPlaceholderText("Find a laptop or fingerprint…")
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.trust_button = QPushButton("&Trust a laptop…", self)
        self.trust_button.clicked.connect(self.trust)
        self.revoke_button = QPushButton("Re&voke…", self)
        self.revoke_button.clicked.connect(self.revoke_selected)
        row = QHBoxLayout()
        row.addWidget(self.search, 1)
        row.addWidget(self.trust_button)
        row.addWidget(self.revoke_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)

    def reload(self) -> None:
        try:
            entries = laptops(self.keys_dir)
        except KeyProblem as exc:
            self.count.setText(str(exc))
            return
        self.model.set_rows(entries)
        revoked = sum(1 for d in entries if d.revoked)
        self.count.setText(f"{len(entries) - revoked} trusted, {revoked} revoked")

    def trust(self) -> TrustDialog:
        dialog = TrustDialog(self.keys_dir, self)
        dialog.accepted.connect(self.reload)
        dialog.open()
        return dialog

    def revoke_selected(self, reason: str | None = None) -> None:
        device: TrustedDevice | None = selected_row(self.table, self.proxy)
        if device is None:
            QMessageBox.information(self, "Revoke", "Choose the laptop to revoke first.")
            return
        if not reason:
            reason, ok = QInputDialog.getText(
                self,
                "Revoke a laptop",
                f"Why is {device.label} ({spoken_id(device.device_id)}) revoked? Every bundle "
                "it signed is refused from now on.",
            )
            if not ok:
                return
        try:
            revoke_laptop(self.keys_dir, device.device_id, reason)
        except KeyProblem as exc:
            QMessageBox.warning(self, "Revoke", str(exc))
            return
        self.reload()
