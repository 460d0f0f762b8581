"""Conflicts waiting: the filed record and the held one side by side, what differs
highlighted, and each resolved with a reason that goes into the audit trail.

Resolving calls ``cinchair.sync.conflicts.resolve_conflict`` (as ``cinchair conflicts
resolve`` does): it records who decided and why; the held record stays in the store.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from cinchair.store.facade import Store
from cinchair.sync.admin_desk import (
    Difference,
    filed_record_text,
    record_differences,
    spoken_id,
)
from cinchair.sync.conflicts import ConflictProblem, ConflictRow, held_record, resolve_conflict
from cinchair.ui import theme
from cinchair.ui.admin.rows_model import Column, RowsModel
from cinchair.ui.admin.tables import make_table, selected_row

LIST_COLUMNS: list[Column[ConflictRow]] = [
    Column("Case", lambda c: c.case_reference),
    Column("Kind", lambda c: c.kind),
    Column(
        "Held meeting on",
        lambda c: f"{c.held_on:%d/%m/%Y}" if c.held_on else "",
        lambda c: c.held_on,
    ),
    Column("Found", lambda c: f"{c.found_at:%d/%m/%Y %H:%M}", lambda c: c.found_at),
    Column("From laptop", lambda c: spoken_id(c.held_device_id)),
    Column("State", lambda c: f"resolved by {c.resolved_by}" if c.resolved_at else "waiting"),
    Column("Why", lambda c: c.detail),
]
SIDE_COLUMNS: list[Column[Difference]] = [
    Column("Field", lambda d: d.where),
    Column("Filed (already in the case)", lambda d: d.filed),
    Column("Held (waiting)", lambda d: d.held),
]


class ConflictsPage(QWidget):
    """The list of conflicts, the two records compared, and the resolution with a reason."""

    resolved = Signal(str)  # the conflict id

    def __init__(self, store: Store, admin_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Conflicts")
        self.store, self.admin_name = store, admin_name
        self.model: RowsModel[ConflictRow] = RowsModel(LIST_COLUMNS, self)
        self.table, self.proxy = make_table(self.model, "Conflicts waiting", self)
        self.table.selectionModel().selectionChanged.connect(self.show_selected)
        self.sides: RowsModel[Difference] = RowsModel(
            SIDE_COLUMNS, self, emphasis=lambda d: d.differs
        )
        self.compare, self.compare_proxy = make_table(self.sides, "The two records compared", self)
        self.compare.setWordWrap(True)
        self.compare.setSortingEnabled(False)  # the records' own order reads best
        compare_header = self.compare.horizontalHeader()
        for column in (1, 2):
            compare_header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.only_differences = QCheckBox("Show only what &differs", self)
        self.only_differences.setChecked(True)
        self.only_differences.toggled.connect(self.show_selected)
        self.detail = QLabel("Choose a conflict to compare its two records.", self)
        self.detail.setWordWrap(True)
        self.detail.setAccessibleName("Conflict detail")
        self.reason = QLineEdit(self)
        self.reason.setAccessibleName("What was decided, and why")
        self.reason.setPlaceholderText("What was decided, and why (goes into the audit trail)")
        self.resolve = QPushButton("&Resolve", self)
        self.resolve.setEnabled(False)
        self.resolve.clicked.connect(self.resolve_selected)
        self.reason.returnPressed.connect(self.resolve_selected)
        self.error = QLabel("", self)
        self.error.setAccessibleName("Conflict problem")
        theme.set_role(self.error, "error")

        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.detail)
        lower_layout.addWidget(self.only_differences)
        lower_layout.addWidget(self.compare, 1)
        decide = QHBoxLayout()
        label = QLabel("Re&ason:", lower)
        label.setBuddy(self.reason)
        decide.addWidget(label)
        decide.addWidget(self.reason, 1)
        decide.addWidget(self.resolve)
        lower_layout.addLayout(decide)
        lower_layout.addWidget(self.error)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(lower)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(split)

    def show_conflicts(self, rows: list[ConflictRow]) -> None:
        self.model.set_rows(rows)
        self.sides.set_rows([])
        self.resolve.setEnabled(False)
        if rows:
            self.table.selectRow(0)

    def chosen(self) -> ConflictRow | None:
        row: ConflictRow | None = selected_row(self.table, self.proxy)
        return row

    def show_selected(self) -> None:
        conflict = self.chosen()
        self.error.setText("")
        if conflict is None:
            self.sides.set_rows([])
            self.resolve.setEnabled(False)
            return
        held = self.store.ask(held_record, conflict.id)
        filed = self.store.ask(filed_record_text, conflict.filed_meeting_id)
        differences = record_differences(filed, held)
        if self.only_differences.isChecked():
            differences = [d for d in differences if d.differs]
        self.sides.set_rows(differences)
        self.compare.resizeColumnToContents(0)
        self.compare.resizeRowsToContents()
        note = "" if filed else " The filed record's text is not kept here."
        if filed and not any(d.differs for d in differences):
            note = " The two records say the same (only their ids differ)."
        self.detail.setText(f"Case {conflict.case_reference}: {conflict.detail}{note}")
        self.resolve.setEnabled(conflict.resolved_at is None)

    def resolve_selected(self) -> None:
        conflict = self.chosen()
        if conflict is None:
            return
        try:
            resolve_conflict(
                self.store, conflict.id, resolved_by=self.admin_name, note=self.reason.text()
            )
        except ConflictProblem as exc:
            self.error.setText(str(exc))
            self.reason.setFocus()
            return
        self.reason.clear()
        QMessageBox.information(
            self, "Conflict", f"Conflict on case {conflict.case_reference} resolved."
        )
        self.resolved.emit(conflict.id)
