"""Edit > Preferences… (Ctrl+,): what the first-run setup asked, changeable later.

The council, the chair's name and role, the documents folder and the idle lock are
saved together when OK is pressed (one atomic write of the settings file); Cancel
keeps everything as it was. Changing the passphrase is its own dialog because it
acts at once: it re-encrypts the store under a new key. Removing one of the chair's own
spelling words (``OwnWordsBox``) acts at once too.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cinchair.app.errors import ActionableError
from cinchair.app.first_run import install_profile_file
from cinchair.app.settings import LOCK_AFTER_RANGE, Settings, load_settings, save_settings
from cinchair.domain import vocabulary as words
from cinchair.security.vault import SCRYPT_N, VaultProblem, WrongPassphrase, change_passphrase
from cinchair.ui import theme
from cinchair.ui.lock import NewPassphraseFields
from cinchair.ui.widgets.busy import run_busy
from cinchair.ui.widgets.setup_fields import CouncilPicker, FolderField, error_style
from cinchair.ui.widgets.spell import OwnWordsBox


def _council_sealing_key() -> Any:
    """The council's key installed on this laptop, or None when it is not there."""
    from cinchair.sync.council import laptop_council_file, laptop_council_public
    from cinchair.sync.keys.keys import KeyProblem

    if not laptop_council_file().exists():
        return None
    try:
        return laptop_council_public().sealing
    except KeyProblem:
        return None


class ChangePassphraseDialog(QDialog):
    """The current passphrase, a new one twice; the store is re-keyed on OK."""

    def __init__(
        self, store: Any, store_path: Path, parent: QWidget | None = None, *, work: int = SCRYPT_N
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Change your passphrase")
        self.store, self.store_path, self.work = store, store_path, work
        self.council = _council_sealing_key()
        self.current = QLineEdit(self)
        self.current.setEchoMode(QLineEdit.EchoMode.Password)
        self.current.setAccessibleName("Current passphrase")
        self.fields = NewPassphraseFields(self)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        if self.council is None:
            self.note.setText(
                "Warning: your council's recovery key is not on this laptop, so the new "
                "passphrase will have no recovery copy: if you forget it, nobody can open "
                "your records. Ask IT for council.pub first if you can."
            )
            self.note.setStyleSheet(theme.text_style(theme.warning_colour(), bold=True))
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Passphrase change problem")
        self.error.setStyleSheet(error_style())
        form = QFormLayout()
        form.addRow("&Current passphrase:", self.current)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("C&hange passphrase")
        self.buttons.accepted.connect(self.change)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.fields)
        layout.addWidget(self.note)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.fields.changed.connect(self._enable)
        self._enable()
        self.current.setFocus()

    def _enable(self) -> None:
        self.ok.setEnabled(self.fields.problem() is None)

    def change(self) -> None:
        old, new = self.current.text(), self.fields.passphrase
        if self.fields.problem() is not None:
            return
        try:
            run_busy(
                self,
                "Re-encrypting your store with the new passphrase…",
                lambda: change_passphrase(
                    self.store, self.store_path, old, new, council=self.council, work=self.work
                ),
            )
        except WrongPassphrase:
            self.error.setText("The current passphrase is not right; nothing was changed.")
            self.current.selectAll()
            self.current.setFocus()
            return
        except (VaultProblem, OSError) as exc:
            self.error.setText(f"The passphrase was not changed: {exc}")
            return
        self.current.clear()
        self.fields.clear()
        self.accept()


class PreferencesDialog(QDialog):
    """The chair's settings; ``saved`` holds what was written once OK succeeds."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        store: Any = None,
        store_path: Path | None = None,
        settings_file: Path | None = None,
        work: int = SCRYPT_N,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.setAccessibleName("Preferences")
        self.settings_file, self.store, self.store_path, self.work = (
            settings_file,
            store,
            store_path,
            work,
        )
        self.before = load_settings(settings_file)
        self.saved: Settings | None = None

        council = QGroupBox("Council", self)
        self.council = CouncilPicker(council, current=self.before.profile_id)
        self.council.list.setMinimumHeight(120)
        QVBoxLayout(council).addWidget(self.council)

        self.chair_name = QLineEdit(self.before.chair_name, self)
        self.chair_name.setAccessibleName("Your name")
        self.chair_role = QComboBox(self)
        self.chair_role.setAccessibleName("Your role as chair")
        self.chair_team = QLineEdit(self.before.chair_team, self)
        self.chair_team.setAccessibleName("Your team (optional)")
        self.chair_team.setPlaceholderText("e.g. North locality (optional)")
        self.chair_team.setMaxLength(200)
        for role, label in words.CHAIR_ROLE.items():
            self.chair_role.addItem(label, role.value)
        if self.before.role is not None:
            self.chair_role.setCurrentIndex(self.chair_role.findData(self.before.role.value))
        self.documents = FolderField(self.before.documents_folder, self)
        self.lock_minutes = QSpinBox(self)
        self.lock_minutes.setAccessibleName("Lock after minutes idle")
        low, high = LOCK_AFTER_RANGE
        self.lock_minutes.setRange(int(low), int(high))
        self.lock_minutes.setSuffix(" minutes")
        self.lock_minutes.setValue(round(self.before.lock_after_minutes))
        self.change_passphrase = QPushButton("Change &passphrase…", self)
        self.change_passphrase.setAccessibleName("Change passphrase")
        self.change_passphrase.clicked.connect(self.open_change_passphrase)
        own_store = store is not None and store_path is not None
        self.change_passphrase.setEnabled(own_store)
        if not own_store:
            self.change_passphrase.setToolTip("Only for your own encrypted store, not the demo")

        form = QFormLayout()
        form.addRow("Your &name:", self.chair_name)
        form.addRow("Your &role as chair:", self.chair_role)
        form.addRow("Your &team:", self.chair_team)
        form.addRow("&Documents folder:", self.documents)
        form.addRow("&Lock the window after:", self.lock_minutes)
        form.addRow("Passphrase:", self.change_passphrase)
        # This laptop's line and fingerprint for the admin; council.pub installed from a file.
        self.laptop_key = QPushButton("This laptop's &key and the council key…", self)
        self.laptop_key.setEnabled(own_store)
        self.laptop_key.clicked.connect(self.open_laptop_key)
        form.addRow("Sync:", self.laptop_key)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Preferences problem")
        self.error.setStyleSheet(error_style())
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(council, 1)
        layout.addLayout(form)
        self.own_words = OwnWordsBox(self)
        layout.addWidget(self.own_words)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(620, 560)
        self.chair_name.setFocus()

    def open_laptop_key(self) -> None:
        from cinchair.ui.dialogs.device_key import DeviceKeyDialog

        if self.store is not None:
            DeviceKeyDialog(self.store, self).exec()

    def open_change_passphrase(self) -> bool:
        if self.store_path is None:  # the demo's store in memory has no passphrase
            return False
        dialog = ChangePassphraseDialog(self.store, self.store_path, self, work=self.work)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        QMessageBox.information(self, "Passphrase", "Your passphrase is changed.")
        return True

    def save(self) -> None:
        """Check everything, then write it all at once; on a problem nothing is written."""
        if not self.documents.check():
            return
        try:
            profile_id = self.council.profile_id
            if self.council.profile_file is not None:
                profile_id = install_profile_file(self.council.profile_file).id
            settings = replace(
                self.before,
                profile_id=profile_id,
                chair_name=self.chair_name.text().strip(),
                chair_role=self.chair_role.currentData(),
                chair_team=self.chair_team.text().strip(),
                documents_dir=str(self.documents.folder),
                lock_after_minutes=float(self.lock_minutes.value()),
            )
            self.documents.folder.mkdir(parents=True, exist_ok=True)
            self.saved = save_settings(settings, self.settings_file)
        except (ActionableError, OSError) as exc:  # SettingsProblem, ProfileError, a folder
            self.error.setText(f"Nothing was saved: {exc}")
            return
        self.accept()
