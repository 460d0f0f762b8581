"""This laptop's key for the council admin, and the council's key installed from a file.

The admin trusts a laptop from its key text (``cinchair keys device`` prints the same),
and both read the short fingerprint aloud to be sure it arrived unchanged. A laptop
whose IT did not deploy ``council.pub`` installs it here (``cinchair keys
install-council`` does the same): the core reads and checks it, and only a good key is
written.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cinchair.app.files import CannotWrite
from cinchair.store.facade import Store
from cinchair.sync.council import CouncilPublic, install_council_public, laptop_council_public
from cinchair.sync.keys.device import laptop_public
from cinchair.sync.keys.keys import KeyProblem
from cinchair.sync.keys.laptop import read_aloud
from cinchair.ui import theme


class DeviceKeyDialog(QDialog):
    """The laptop's public key and fingerprint; the council key's state and installing it."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("cinchair: this laptop's key")
        self.setAccessibleName("This laptop's key")
        self.key_text = QPlainTextEdit(self)
        self.key_text.setReadOnly(True)
        self.key_text.setAccessibleName("This laptop's key text")
        self.key_text.setFixedHeight(64)
        self.fingerprint = QLabel("", self)
        self.fingerprint.setAccessibleName("Fingerprint to read aloud")
        big = QFont("monospace")
        big.setPointSizeF(self.font().pointSizeF() * 1.6)
        self.fingerprint.setFont(big)
        self.copy = QPushButton("&Copy the key text", self)
        self.copy.clicked.connect(
            lambda: QGuiApplication.clipboard().setText(self.key_text.toPlainText())
        )
        self.council_state = QLabel("", self)
        self.council_state.setWordWrap(True)
        self.council_state.setAccessibleName("The council's key on this laptop")
        self.install = QPushButton("&Install the council key from a file…", self)
        self.install.clicked.connect(self.choose_council_file)
        self.error = QLabel("", self)
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Key problem")
        theme.set_role(self.error, "error")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.copy)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "For the council's admin: send them this key text (or read it out), then read "
            "the fingerprint to each other. They trust this laptop only if it is the same.",
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(self.key_text)
        layout.addWidget(self.fingerprint)
        layout.addLayout(row)
        layout.addSpacing(10)
        layout.addWidget(self.council_state)
        layout.addWidget(self.install)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(640, 340)
        try:
            laptop = laptop_public(store)  # signing and sealing keys: bundles and case packs
        except KeyProblem as exc:
            self.error.setText(str(exc))
            self.copy.setEnabled(False)
        else:
            self.key_text.setPlainText(laptop.public_text())
            self.fingerprint.setText(read_aloud(laptop.fingerprint or laptop.device_id))
        self.show_council_key()

    def show_council_key(self) -> None:
        try:
            council = laptop_council_public()
        except KeyProblem:
            self.council_state.setText(
                "The council's key is not on this laptop yet: exports and receipts need it. "
                "Install the council.pub file your council's admin or IT gave you."
            )
            return
        self.council_state.setText(
            f"The council's key is installed (key {read_aloud(council.sealing.key_id)})."
        )

    def choose_council_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "The council's key", "", "council.pub (*.pub);;All files (*)"
        )
        if name:
            self.install_council_file(Path(name))

    def install_council_file(self, path: Path) -> bool:
        """Check ``path`` and install it; a bad file is said and nothing is written."""
        try:
            install_council_public(CouncilPublic.load(path))
        except (KeyProblem, CannotWrite) as exc:
            self.error.setText(f"Not installed: {exc}")
            return False
        self.error.setText("")
        self.show_council_key()
        return True
