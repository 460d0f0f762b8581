"""Setting up the council store in the window: a SQLite file or a PostgreSQL server,
tested before it is saved, with each problem shown beside the field to change.

The password goes to the operating system's keyring when there is one (and the admin
leaves "Remember" ticked), else it is asked each time; it is never written to the
settings or any other file (``cinchair.app.council_store``).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cinchair.app import council_store as cs
from cinchair.app.council_store import CouncilStoreConfig, CouncilStoreProblem
from cinchair.app.errors import ActionableError
from cinchair.app.settings import Settings, load_settings, save_settings
from cinchair.store.facade import Store
from cinchair.ui import theme
from cinchair.ui.widgets.busy import run_busy


class CouncilStoreDialog(QDialog):
    """Which council store, tested; on OK the store is open in ``self.store``."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        settings: Settings | None = None,
        problem: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("cinchair: the council store")
        self.setAccessibleName("The council store")
        self.store: Store | None = None
        self.saved: Settings | None = None
        settings = settings or load_settings()
        config = CouncilStoreConfig.from_settings(settings) or CouncilStoreConfig()
        self.sqlite = QRadioButton("A &SQLite file (one admin desk)", self)
        self.postgres = QRadioButton("A &PostgreSQL server (a team)", self)
        kinds = QButtonGroup(self)
        kinds.addButton(self.sqlite)
        kinds.addButton(self.postgres)
        (self.sqlite if config.kind == "sqlite" else self.postgres).setChecked(True)
        self.file = QLineEdit(config.file, self)
        self.file.setAccessibleName("Council store file")
        self.browse = browse = QPushButton("&Browse…", self)
        browse.clicked.connect(self.choose_file)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file, 1)
        file_row.addWidget(browse)
        self.host = QLineEdit(config.host, self)
        self.host.setAccessibleName("Server")
        self.port = QSpinBox(self)
        self.port.setRange(1, 65535)
        self.port.setValue(config.port)
        self.port.setAccessibleName("Port")
        self.database = QLineEdit(config.database, self)
        self.database.setAccessibleName("Database")
        self.user = QLineEdit(config.user, self)
        self.user.setAccessibleName("User")
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("Password")
        keeps = cs.keyring_available()
        self.remember = QCheckBox(
            "&Remember the password in this computer's keyring"
            if keeps
            else "This computer has no keyring: the password is asked each time",
            self,
        )
        self.remember.setChecked(keeps)
        self.remember.setEnabled(keeps)
        self.make_new = QCheckBox(
            "&Make it a new council store (an empty database or a new file)", self
        )
        self.keys_dir = QLineEdit(settings.council_keys_dir, self)
        self.keys_dir.setAccessibleName("Council key folder")
        self.keys_dir.setPlaceholderText("(the data folder's council folder)")
        self.admin = QLineEdit(settings.admin_name, self)
        self.admin.setAccessibleName("Your name, for the audit trail")
        self.error = QLabel("", self)
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Council store problem")
        theme.set_role(self.error, "error")
        self.tested = QLabel("", self)
        self.tested.setWordWrap(True)
        self.tested.setAccessibleName("Connection test")
        self.test = QPushButton("&Test the connection", self)
        self.test.clicked.connect(self.test_connection)

        self.form = QFormLayout()
        self.form.addRow(self.sqlite)
        file_label = QLabel("&File:", self)
        file_label.setBuddy(self.file)
        self.form.addRow(file_label, file_row)
        self.form.addRow(self.postgres)
        self.form.addRow("Ser&ver:", self.host)
        self.form.addRow("P&ort:", self.port)
        self.form.addRow("&Database:", self.database)
        self.form.addRow("&User:", self.user)
        self.form.addRow("Pass&word:", self.password)
        self.form.addRow(self.remember)
        self.form.addRow(self.make_new)
        self.form.addRow("Council &key folder:", self.keys_dir)
        self.form.addRow("Your &name:", self.admin)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.test)
        layout.addWidget(self.tested)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.sqlite.toggled.connect(self._kind_changed)
        self._kind_changed()
        self.error.setText(problem)
        self.resize(620, 520)

    def _kind_changed(self) -> None:
        sqlite = self.sqlite.isChecked()
        self.file.setEnabled(sqlite)
        self.browse.setEnabled(sqlite)
        for widget in (self.host, self.port, self.database, self.user, self.password):
            widget.setEnabled(not sqlite)
        self.remember.setEnabled(not sqlite and cs.keyring_available())

    def choose_file(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self,
            "The council store file",
            self.file.text(),
            "cinchair store (*.sqlite3)",
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if name:
            self.file.setText(name)

    def config(self) -> CouncilStoreConfig:
        return CouncilStoreConfig(
            kind="sqlite" if self.sqlite.isChecked() else "postgresql",
            file=self.file.text().strip(),
            host=self.host.text().strip(),
            port=self.port.value(),
            database=self.database.text().strip(),
            user=self.user.text().strip(),
        )

    def _open(self) -> Store | None:
        config = self.config()
        password = self.password.text()
        self.error.setText("")
        try:
            return run_busy(
                self,
                f"Connecting to {config.shown()}…",
                lambda: cs.open_council_store(config, password, create=self.make_new.isChecked()),
            )
        except CouncilStoreProblem as exc:
            self.error.setText(f"{_FIELD_NAMES.get(exc.field, 'Council store')}: {exc}")
            widget = getattr(self, exc.field, None)
            if isinstance(widget, QWidget) and widget.isEnabled():
                widget.setFocus()
            return None

    def test_connection(self) -> bool:
        store = self._open()
        if store is None:
            self.tested.setText("")
            return False
        store.close()
        self.tested.setText(f"✓ Connected to {self.config().shown()}: a cinchair council store.")
        return True

    def accept(self) -> None:
        """Save only a store that opens; the password to the keyring, never to a file."""
        store = self._open()
        if store is None:
            return
        config = self.config()
        keys = self.keys_dir.text().strip()
        try:
            settings = replace(
                config.into_settings(load_settings()),
                council_keys_dir=keys,
                admin_name=self.admin.text().strip(),
            )
            settings = save_settings(settings)
        except (ActionableError, OSError) as exc:
            store.close()
            self.error.setText(f"Not saved: {exc}")
            return
        if config.needs_password:
            if self.remember.isChecked():
                cs.keep_password(config, self.password.text())
            else:
                cs.forget_password(config)
        self.password.clear()
        self.store = store
        self.saved = settings
        super().accept()


_FIELD_NAMES = {
    "kind": "Kind of store",
    "file": "File",
    "host": "Server",
    "port": "Port",
    "database": "Database",
    "user": "User",
    "password": "Password",
}


def open_configured_store(parent: QWidget | None, settings: Settings) -> Store | None:
    """The council store the settings name, asking for the password when none is kept.

    None when the admin cancels; a store that no longer opens shows the setup dialog
    with the problem, so the admin can put it right.
    """
    config = CouncilStoreConfig.from_settings(settings)
    if config is None:
        return _setup(parent, settings)
    password = cs.saved_password(config) if config.needs_password else None
    if config.needs_password and password is None:
        typed, ok = QInputDialog.getText(
            parent,
            "The council store",
            f"Password for {config.shown()}:",
            QLineEdit.EchoMode.Password,
        )
        if not ok:
            return None
        password = typed
    try:
        return cs.open_council_store(config, password)
    except CouncilStoreProblem as exc:
        return _setup(parent, settings, f"The council store did not open: {exc}")


def _setup(parent: QWidget | None, settings: Settings, problem: str = "") -> Store | None:
    dialog = CouncilStoreDialog(parent, settings=settings, problem=problem)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.store


def default_folder(settings_value: str, fallback: Path) -> Path:
    return Path(settings_value) if settings_value else fallback
