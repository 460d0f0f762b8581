"""A chair's store recovered step by step, when the chair forgot the passphrase.

The chair's store (``cinchair.sqlite3`` with its ``.key`` file beside it) is brought to
the admin desk; the council's private key opens the store's recovery copy and a new
passphrase is set: ``cinchair.security.vault.recover_store``, as ``cinchair store
recover`` does. Each step is checked before the next opens.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cinchair.app.errors import ActionableError
from cinchair.security.key_wrap import SCRYPT_N
from cinchair.security.vault import KeyFile, recover_store
from cinchair.sync.council import CouncilDesk
from cinchair.ui.lock import NewPassphraseFields
from cinchair.ui.widgets.busy import Progress, run_busy

STEPS = (
    "1. Choose the chair's store: the file cinchair.sqlite3 from their laptop, with "
    "cinchair.sqlite3.key beside it.",
    "2. Type the council keys' passphrase (it opens the store's recovery copy).",
    "3. Type the chair's new passphrase twice, then Recover. Tell the chair the new "
    "passphrase in person; they can change it in Preferences.",
)


class RecoveryPage(QWidget):
    """Store file, council passphrase, new passphrase: three steps, then Recover."""

    def __init__(
        self, keys_dir: Path, parent: QWidget | None = None, *, work: int = SCRYPT_N
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName("Recover a chair's store")
        self.keys_dir, self.work = keys_dir, work
        self.store_file = QLineEdit(self)
        self.store_file.setAccessibleName("The chair's store file")
        self.store_file.textChanged.connect(self._steps)
        browse = QPushButton("&Browse…", self)
        browse.clicked.connect(self.choose_store)
        self.council_passphrase = QLineEdit(self)
        self.council_passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.council_passphrase.setAccessibleName("Council key passphrase")
        self.council_passphrase.textChanged.connect(self._steps)
        self.new_passphrase = NewPassphraseFields(self, label="Chair's &new passphrase:")
        self.new_passphrase.changed.connect(self._steps)
        self.recover = QPushButton("&Recover the store", self)
        self.recover.clicked.connect(self.run)
        self.outcome = QLabel("", self)
        self.outcome.setWordWrap(True)
        self.outcome.setAccessibleName("Recovery outcome")
        self.labels = [QLabel(text, self) for text in STEPS]
        for label in self.labels:
            label.setWordWrap(True)
        pick = QHBoxLayout()
        pick.addWidget(self.store_file, 1)
        pick.addWidget(browse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.labels[0])
        layout.addLayout(pick)
        layout.addWidget(self.labels[1])
        layout.addWidget(self.council_passphrase)
        layout.addWidget(self.labels[2])
        layout.addWidget(self.new_passphrase)
        recover_row = QHBoxLayout()
        recover_row.addWidget(self.recover)
        recover_row.addStretch(1)
        layout.addLayout(recover_row)
        layout.addWidget(self.outcome)
        layout.addStretch(1)
        self._steps()

    def choose_store(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "The chair's store", "", "cinchair store (*.sqlite3);;All files (*)"
        )
        if name:
            self.store_file.setText(name)

    def _store_problem(self) -> str | None:
        text = self.store_file.text().strip()
        if not text:
            return "Choose the chair's store file."
        path = Path(text)
        if not path.is_file():
            return f"There is no file at {path}."
        if not KeyFile.beside(path).exists():
            return f"{path.name} has no key file beside it ({path.name}.key): copy both."
        return None

    def _steps(self) -> None:
        """Each step opens once the one before it is done."""
        store_ok = self._store_problem() is None
        council_ok = store_ok and bool(self.council_passphrase.text())
        self.council_passphrase.setEnabled(store_ok)
        self.new_passphrase.setEnabled(council_ok)
        self.recover.setEnabled(council_ok and self.new_passphrase.problem() is None)
        self.outcome.setText(self._store_problem() or "" if self.store_file.text() else "")

    def run(self) -> None:
        problem = self._store_problem() or self.new_passphrase.problem()
        if problem:
            self.outcome.setText(problem)
            return
        path = Path(self.store_file.text().strip())
        council_passphrase = self.council_passphrase.text()
        new = self.new_passphrase.passphrase

        steps = Progress()

        def work() -> None:
            # two steps, each one deliberate key derivation: no Cancel, since the second
            # rewrites the store's key file and must never be left half-done
            steps.step(0, 2, "Step 1 of 2: opening the council keys…")
            desk = CouncilDesk.open(self.keys_dir, council_passphrase)
            steps.step(1, 2, "Step 2 of 2: locking the store with the new passphrase…")
            recover_store(path, desk.sealing, new, work=self.work)
            steps.step(2, 2, "Done.")

        try:
            run_busy(self, "Recovering the store…", work, progress=steps)
        except (ActionableError, OSError) as exc:
            self.outcome.setText(f"Not recovered: {exc}")
            return
        self.council_passphrase.clear()
        self.new_passphrase.clear()
        self.outcome.setText(
            f"Recovered: {path.name} now opens with the new passphrase. Give the store back "
            "to the chair with its .key file, and the passphrase in person."
        )
