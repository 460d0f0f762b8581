"""The warning and offer shown when the chair's own store is not encrypted.

A store made by an older ``cinchair init`` (or ``--store``) is a plain SQLite file:
anyone holding the laptop's disk can read every child's record in it. At start the
app says so and offers to encrypt it in place (``cinchair.security.vault.encrypt_store``:
every record is kept, and the plain file goes only once the encrypted copy is
checked). "Not now" opens the store as it is and the warning comes back next time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from cinchair.app.first_run import read_council_key
from cinchair.security.vault import SCRYPT_N, VaultProblem, encrypt_store, open_encrypted
from cinchair.ui.lock import NewPassphraseFields
from cinchair.ui.widgets.busy import run_busy
from cinchair.ui.widgets.setup_fields import RecoveryKeyField, error_style

WARNING = (
    "Your case store on this laptop is not encrypted: anyone who gets hold of the laptop "
    "or its disk could read the records in it. Encrypt it now with a passphrase? Every "
    "record is kept; the unencrypted file is removed only after the encrypted copy has "
    "been checked."
)


class EncryptStoreDialog(QDialog):
    """Council key and a new passphrase; ``store`` is the opened, encrypted store after OK."""

    def __init__(
        self, store_path: Path, parent: QWidget | None = None, *, work: int = SCRYPT_N
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("cinchair: your store is not encrypted")
        self.setAccessibleName("Encrypt your store")
        self.store_path, self.work = store_path, work
        self.store: Any = None
        warning = QLabel(WARNING, self)
        warning.setWordWrap(True)
        warning.setStyleSheet("font-weight:bold;")
        self.key = RecoveryKeyField(
            self,
            missing="Your council's recovery key (council.pub) is not on this laptop. It is "
            "needed so a forgotten passphrase loses nothing: ask your IT team or council "
            "admin for it and choose it here.",
        )
        self.fields = NewPassphraseFields(self, label="&Passphrase:")
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Encryption problem")
        self.error.setStyleSheet(error_style())
        buttons = QDialogButtonBox(self)
        self.encrypt_button = buttons.addButton(
            "&Encrypt now", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.later_button = buttons.addButton("&Not now", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.encrypt)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(warning)
        layout.addWidget(self.key)
        layout.addWidget(self.fields)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.key.changed.connect(self._enable)
        self.fields.changed.connect(self._enable)
        self._enable()
        self.resize(600, 420)
        (self.fields.first if self.key.council_key else self.key.choose).setFocus()

    def _enable(self) -> None:
        ready = self.key.council_key is not None and self.fields.problem() is None
        self.encrypt_button.setEnabled(ready)

    def encrypt(self) -> None:
        from cinchair.sync.council import install_council_public
        from cinchair.sync.keys.keys import KeyProblem

        if self.key.council_key is None or self.fields.problem() is not None:
            return
        passphrase, key_file = self.fields.passphrase, self.key.council_key

        def work() -> Any:
            council = read_council_key(key_file)
            install_council_public(council)
            encrypt_store(self.store_path, passphrase, council=council.sealing, work=self.work)
            return open_encrypted(self.store_path, passphrase)

        try:
            self.store = run_busy(self, "Encrypting your store…", work)
        except (VaultProblem, KeyProblem, OSError) as exc:
            self.error.setText(f"The store was not changed: {exc}")
            return
        self.fields.clear()
        self.accept()
