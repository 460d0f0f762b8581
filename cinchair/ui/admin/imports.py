"""Recent imports and their summaries; Import… opens the import window (progress, Cancel).

Each run's summary is kept as a CSV in the desk's summaries folder
(``cinchair.sync.admin_desk.save_import_summary``) and listed here newest first; the
rows a run filed are in the store, and what it refused is only in its summary.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from cinchair.app.files import CannotWrite
from cinchair.store.facade import Store
from cinchair.sync.admin_desk import SavedSummary, recent_import_summaries, save_import_summary
from cinchair.ui.admin.rows_model import Column, RowsModel
from cinchair.ui.admin.tables import make_table, selected_row
from cinchair.ui.dialogs.admin_import import ImportWindow

COLUMNS: list[Column[SavedSummary]] = [
    Column("When (UTC)", lambda s: f"{s.at:%d/%m/%Y %H:%M:%S}", lambda s: s.at),
    Column("Files", lambda s: str(s.files), lambda s: s.files),
    Column(
        "Imported",
        lambda s: str(s.counts.get("imported", 0)),
        lambda s: s.counts.get("imported", 0),
    ),
    Column(
        "Conflict",
        lambda s: str(s.counts.get("conflict", 0)),
        lambda s: s.counts.get("conflict", 0),
    ),
    Column(
        "Refused", lambda s: str(s.counts.get("refused", 0)), lambda s: s.counts.get("refused", 0)
    ),
    Column("Summary file", lambda s: s.path.name),
]


class ImportsPage(QWidget):
    """The import runs kept, and the way to start another."""

    def __init__(
        self,
        store: Store,
        *,
        keys_dir: Path,
        receipts_dir: Path,
        summaries_dir: Path,
        admin_name: str,
        imported: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName("Imports")
        self.store = store
        self.keys_dir, self.receipts_dir, self.summaries_dir = keys_dir, receipts_dir, summaries_dir
        self.admin_name, self.imported = admin_name, imported
        self.import_window: ImportWindow | None = None
        self.model: RowsModel[SavedSummary] = RowsModel(
            COLUMNS, self, emphasis=lambda s: bool(s.counts.get("refused"))
        )
        self.table, self.proxy = make_table(self.model, "Recent imports", self)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # the newest run first
        self.start = QPushButton("&Import sync bundles…", self)
        self.start.clicked.connect(self.open_import)
        self.open_csv = QPushButton("&Open the summary", self)
        self.open_csv.clicked.connect(self.open_selected)
        self.note = QLabel("", self)
        self.note.setWordWrap(True)
        self.note.setAccessibleName("Import note")
        row = QHBoxLayout()
        row.addWidget(self.start)
        row.addWidget(self.open_csv)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)

    def reload(self) -> None:
        self.model.set_rows(recent_import_summaries(self.summaries_dir))

    def open_import(self) -> ImportWindow:
        """The import window, filled in with the desk's folders; its summary kept after."""
        window = ImportWindow(self.store, self)
        window.keys.setText(str(self.keys_dir))
        window.admin.setText(self.admin_name)
        window.receipts.setText(str(self.receipts_dir))
        window.finished.connect(lambda _code: self._after(window))
        self.import_window = window
        window.open()
        return window

    def _after(self, window: ImportWindow) -> None:
        if window.summary is not None:
            try:
                kept = save_import_summary(window.summary, self.summaries_dir)
                self.note.setText(
                    f"Last import: {window.summary.headline()} (kept as {kept.name})."
                )
            except CannotWrite as exc:
                self.note.setText(f"The summary could not be kept: {exc}")
        self.reload()
        self.imported()

    def open_selected(self) -> None:
        summary: SavedSummary | None = selected_row(self.table, self.proxy)
        if summary is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(summary.path)))
