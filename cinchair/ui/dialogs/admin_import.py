"""The admin's import window: choose bundles, watch them go in, read what was refused.

It calls ``cinchair.sync.importer.import_bundles`` and nothing else: the window only
gathers the choices (the council key folder and its passphrase, the files, where
receipts go), shows progress with a Cancel that stops between bundles (each bundle
is one transaction, so nothing is ever half-imported), and ends with the summary:
counts, one row per file with its outcome and reason, and a CSV to save.

The summary is the admin desk's shared table model (``RowsModel`` with its proxy): a
folder of 10,000 bundles gives 10,000 rows, which a QTableWidget would copy into as many
items per column; the model hands Qt only the cells on screen, sorts by outcome or case
in one Python sort, and filters as the admin types.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cinchair.app.errors import ActionableError
from cinchair.app.files import CannotWrite, write_atomically
from cinchair.store.facade import Store
from cinchair.sync.council import CouncilDesk
from cinchair.sync.import_summary import ImportItem, ImportSummary
from cinchair.sync.importer import import_bundles
from cinchair.ui.admin.rows_model import Column, RowsModel
from cinchair.ui.admin.tables import make_table
from cinchair.ui.widgets.busy import run_busy


def _meeting(item: ImportItem) -> str:
    """The kind and the day the UK way (the summary keeps the record's ISO date)."""
    day = item.held_on
    if len(day) == 10 and day[4] == "-" and day[7] == "-":
        day = f"{day[8:10]}/{day[5:7]}/{day[0:4]}"
    return " ".join(part for part in (item.kind, day) if part)


def _why(item: ImportItem) -> str:
    return item.message + (f" ({item.note})" if item.note else "")


COLUMNS: list[Column[ImportItem]] = [
    Column("File", lambda i: Path(i.source).name),
    Column("Outcome", lambda i: i.outcome),
    Column("Case", lambda i: i.case_reference),
    Column("Meeting", _meeting, lambda i: i.held_on),
    Column("Chair", lambda i: i.chair),
    Column("Why", _why),
]


class _KeysNotOpened(Exception):
    """The council keys could not be opened (said to the admin as the key's problem)."""


class ImportWindow(QDialog):
    """Import sealed bundles into the council's store, with progress, cancel and a summary."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setWindowTitle("cinchair: import sync bundles")
        self.resize(980, 620)
        self.paths: list[Path] = []
        self.summary: ImportSummary | None = None
        self._cancel = False

        self.keys = QLineEdit(self)
        self.keys.setAccessibleName("Council key folder")
        self.passphrase = QLineEdit(self)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("Council key passphrase")
        self.admin = QLineEdit(self)
        self.admin.setAccessibleName("Your name, for the audit trail")
        self.receipts = QLineEdit(self)
        self.receipts.setAccessibleName("Receipts folder")
        self.chosen = QLabel("No bundles chosen yet.", self)
        choose_files = QPushButton("Choose &bundles…", self)
        choose_folder = QPushButton("Choose a &folder…", self)
        choose_files.clicked.connect(self.choose_files)
        choose_folder.clicked.connect(self.choose_folder)
        form = QFormLayout()
        form.addRow("Council &key folder:", self.keys)
        form.addRow("Key &passphrase:", self.passphrase)
        form.addRow("Your &name:", self.admin)
        form.addRow("&Receipts to:", self.receipts)
        picks = QHBoxLayout()
        picks.addWidget(choose_files)
        picks.addWidget(choose_folder)
        picks.addWidget(self.chosen, 1)

        self.start = QPushButton("&Import", self)
        self.start.setDefault(True)
        self.cancel_button = QPushButton("&Cancel", self)
        self.cancel_button.setEnabled(False)
        self.start.clicked.connect(self.run)
        self.cancel_button.clicked.connect(self.cancel)
        self.progress = QProgressBar(self)
        self.progress.setAccessibleName("Import progress")
        self.progress.setFormat("%v of %m bundles")
        self.now = QLabel("", self)
        self.now.setWordWrap(True)
        self.headline = QLabel("", self)
        self.headline.setWordWrap(True)
        font = self.headline.font()
        font.setBold(True)
        self.headline.setFont(font)
        self.model: RowsModel[ImportItem] = RowsModel(
            COLUMNS, self, emphasis=lambda i: i.outcome == "refused"
        )
        self.table, self.proxy = make_table(self.model, "What happened to each bundle", self)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # by file, as they were read
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Show only rows containing…")
        self.search.setAccessibleName("Filter the summary")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        find = QLabel("&Filter:", self)
        find.setBuddy(self.search)
        self.save_csv = QPushButton("&Save the summary as CSV…", self)
        self.save_csv.setEnabled(False)
        self.save_csv.clicked.connect(self.save_summary)

        buttons = QHBoxLayout()
        buttons.addWidget(self.start)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.progress, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(picks)
        layout.addLayout(buttons)
        layout.addWidget(self.now)
        layout.addWidget(self.headline)
        filter_row = QHBoxLayout()
        filter_row.addWidget(find)
        filter_row.addWidget(self.search, 1)
        layout.addLayout(filter_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.save_csv, 0, Qt.AlignmentFlag.AlignRight)

    def choose_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self, "Sync bundles", "", "Sync bundles (*.cinsync);;All files (*)"
        )
        self.set_paths([Path(n) for n in names])

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "A folder of sync bundles")
        if folder:
            self.set_paths([Path(folder)])

    def set_paths(self, paths: list[Path]) -> None:
        self.paths = paths
        shown = ", ".join(p.name for p in paths[:3]) + (" …" if len(paths) > 3 else "")
        self.chosen.setText(f"{len(paths)} chosen: {shown}" if paths else "No bundles chosen.")

    def cancel(self) -> None:
        self._cancel = True
        self.now.setText("Cancelling after the bundle in hand; nothing is left half-done.")

    def _progress(self, done: int, total: int, name: str) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)
        self.now.setText(f"Importing {name}" if name else "")
        QApplication.processEvents()  # keeps Cancel alive between bundles

    def run(self) -> None:
        if not self.paths:
            QMessageBox.information(self, "Import", "Choose some bundles or a folder first.")
            return
        # opening the keys costs about a second on purpose (scrypt): off the window's thread,
        # and only once some file has the shape of a bundle (the import asks for them then)
        folder, passphrase = Path(self.keys.text().strip()), self.passphrase.text()
        opened: list[CouncilDesk] = []

        def open_desk() -> CouncilDesk:
            try:
                desk = run_busy(
                    self, "Opening the council keys…", lambda: CouncilDesk.open(folder, passphrase)
                )
            except (ActionableError, OSError) as exc:
                raise _KeysNotOpened(str(exc)) from exc
            opened.append(desk)
            return desk

        self._cancel = False
        self.start.setEnabled(False)
        self.cancel_button.setEnabled(True)
        receipts = self.receipts.text().strip()
        try:
            self.summary = import_bundles(
                self.store,
                self.paths,
                desk=open_desk,
                imported_by=self.admin.text().strip() or "admin",
                progress=self._progress,
                cancelled=lambda: self._cancel,
                receipts_dir=Path(receipts) if receipts else None,
            )
        except _KeysNotOpened as exc:
            QMessageBox.warning(self, "Council key", str(exc))
            return
        except ActionableError as exc:
            QMessageBox.warning(self, "Import", str(exc))
            return
        finally:
            self.start.setEnabled(True)
            self.cancel_button.setEnabled(False)
        self.show_summary(self.summary)
        notes = [note for desk in opened for note in desk.notes]
        if notes:  # an old key file that could not be upgraded here: worth knowing
            self.now.setText("Note: " + " ".join(notes))

    def show_summary(self, summary: ImportSummary) -> None:
        self.headline.setText(summary.headline())
        self.model.set_rows(summary.items)  # in the order imported until a column is sorted
        self.save_csv.setEnabled(True)

    def save_summary(self) -> None:
        if self.summary is None:
            return
        name, _ = QFileDialog.getSaveFileName(self, "Summary", "import-summary.csv", "CSV (*.csv)")
        if name:
            try:
                write_atomically(Path(name), self.summary.csv_bytes())
            except CannotWrite as exc:
                QMessageBox.warning(self, "Summary", str(exc))
