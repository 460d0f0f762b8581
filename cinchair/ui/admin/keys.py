"""The council's keys: made once, their protection shown, and council.pub to hand out.

The same core calls as ``cinchair keys council-new|council-status|council-public``
(``cinchair.sync.council``). Making the keys costs a deliberate second or two (scrypt),
run off the window's thread with a note on screen.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cinchair.app.files import CannotWrite, write_atomically
from cinchair.security.key_wrap import SCRYPT_N
from cinchair.security.vault import MIN_PASSPHRASE
from cinchair.sync.council import (
    PUBLIC_FILE,
    CouncilDesk,
    key_folder_protection,
    public_of_folder,
)
from cinchair.sync.keys.keys import KeyProblem
from cinchair.ui import theme
from cinchair.ui.lock import NewPassphraseFields
from cinchair.ui.widgets.busy import run_busy

# Not the chair's rule: nobody can recover the council keys' passphrase, and without it
# no bundle any laptop sent can be opened, ever.
KEY_PASSPHRASE_RULE = (
    f"At least {MIN_PASSPHRASE} characters; a few ordinary words together are easy to "
    "remember and hard to guess. Nobody can recover this passphrase: without it no "
    "bundle from any laptop opens and no chair's store can be recovered. Write it "
    "down, keep it where the council keeps its other secrets, and keep a copy of the "
    "key folder with it."
)


class KeysPage(QWidget):
    """Where the keys are, how each file is protected, and making them when there are none."""

    def __init__(
        self, keys_dir: Path, parent: QWidget | None = None, *, work: int = SCRYPT_N
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName("Council keys")
        self.keys_dir, self.work = keys_dir, work
        self.where = QLabel("", self)
        self.where.setWordWrap(True)
        self.where.setAccessibleName("Key folder")
        self.protection = QLabel("", self)
        self.protection.setWordWrap(True)
        self.protection.setAccessibleName("How the keys are protected")
        self.public_title = QLabel("council.pub (both public keys, one line each):", self)
        self.public = QPlainTextEdit(self)
        self.public.setReadOnly(True)
        self.public.setAccessibleName("council.pub, for every chair's laptop")
        self.public.setFixedHeight(70)
        self.copy = QPushButton("&Copy council.pub text", self)
        self.copy.clicked.connect(
            lambda: QGuiApplication.clipboard().setText(self.public.toPlainText())
        )
        self.save = QPushButton("&Save council.pub for laptops…", self)
        self.save.clicked.connect(self.save_public)
        self.make_title = QLabel(
            "<b>Make the council's keys</b> (once; keep the passphrase safe)", self
        )
        self.passphrase = NewPassphraseFields(self, label="Key &passphrase:")
        self.passphrase.rule.setText(KEY_PASSPHRASE_RULE)
        self.make = QPushButton("&Make council keys", self)
        self.make.clicked.connect(self.make_keys)
        self.error = QLabel("", self)
        self.error.setWordWrap(True)
        self.error.setStyleSheet(theme.text_style(theme.error_colour()))
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy)
        buttons.addWidget(self.save)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.where)
        layout.addWidget(self.protection)
        layout.addWidget(self.public_title)
        layout.addWidget(self.public)
        layout.addLayout(buttons)
        layout.addSpacing(12)
        layout.addWidget(self.make_title)
        layout.addWidget(self.passphrase)
        make_row = QHBoxLayout()
        make_row.addWidget(self.make)
        make_row.addStretch(1)
        layout.addLayout(make_row)
        layout.addWidget(self.error)
        layout.addStretch(1)

    def reload(self) -> None:
        self.where.setText(f"Key folder: {self.keys_dir}")
        states = key_folder_protection(self.keys_dir)
        made = all(state.summary != "missing" for state in states)
        self.protection.setText(
            "\n".join(f"{state.path.name}: {state.summary}" for state in states)
            + (
                "\nBoth keys are protected with scrypt at the app's full cost."
                if all(state.current for state in states)
                else ""
            )
        )
        try:
            self.public.setPlainText(public_of_folder(self.keys_dir).text() if made else "")
        except KeyProblem as exc:
            self.public.setPlainText("")
            self.error.setText(str(exc))
        for widget in (self.make_title, self.passphrase, self.make):
            widget.setVisible(not made)
        for shown in (self.public_title, self.public, self.copy, self.save):
            shown.setVisible(made)  # nothing to hand out until the keys are made
        self.copy.setEnabled(made)
        self.save.setEnabled(made)

    def make_keys(self) -> None:
        problem = self.passphrase.problem()
        if problem:
            self.error.setText(f"Key passphrase: {problem}")
            return
        passphrase = self.passphrase.passphrase
        try:
            run_busy(
                self,
                "Making the council's keys…",
                lambda: CouncilDesk.create(self.keys_dir, passphrase, work=self.work),
            )
        except (KeyProblem, CannotWrite, OSError) as exc:
            self.error.setText(str(exc))
            return
        self.passphrase.clear()
        self.error.setText("")
        self.reload()
        QMessageBox.information(
            self,
            "Council keys",
            f"The council's keys are made in {self.keys_dir}. Keep the folder and the "
            f"passphrase safe: without them no bundle opens. Give {PUBLIC_FILE} to every "
            "chair's laptop.",
        )

    def save_public(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Save council.pub", PUBLIC_FILE, "council.pub (*.pub)"
        )
        if name:
            try:
                write_atomically(Path(name), self.public.toPlainText().encode("utf-8"))
            except CannotWrite as exc:
                QMessageBox.warning(self, "council.pub", str(exc))
