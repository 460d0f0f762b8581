"""The rows of one meeting table as a Qt model: columns described by ``Field``s, rows read
through the ``MeetingDraft``, each committed cell saved at once.

Kept apart from the table widget (``rows.py``) so each stays small enough to read whole.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from cinchair.app.errors import ActionableError
from cinchair.domain.dates import format_day
from cinchair.meetings.draft import MeetingDraft
from cinchair.meetings.tables import RowsOf, may_be_empty, table_rows
from cinchair.ui import theme

_ROOT = QModelIndex()
# columns holding a person's name: a dictionary has no word on how a name is spelt
NAMES = frozenset({"name", "given_by", "owner_name"})
Choices = Callable[[], Sequence[tuple[str, Any]]]


@dataclass(frozen=True)
class Field:
    """One column: the row attribute it edits, its heading, and how it is edited."""

    attr: str
    label: str
    kind: str = "text"  # text, choice, bool, date, score
    choices: Choices | None = None
    stretch: bool = False
    editable: bool = True
    header: str = ""  # a shorter column heading where the label is long; label is the tooltip
    # the choices open to one row (by its id) where a rule narrows them: one score each
    row_choices: Callable[[str], Sequence[tuple[str, Any]]] | None = None
    # the picker's fuller wording of the same choices in the same order (a person with
    # role and agency); the cell keeps the short one
    picker: Choices | None = None

    @property
    def heading(self) -> str:
        return self.header or self.label

    @property
    def spelled(self) -> bool:
        """Free text worth a spell check: the wide text columns, but not people's names."""
        return self.kind == "text" and self.stretch and self.editable and self.attr not in NAMES


class RowTableModel(QAbstractTableModel):
    refused = Signal(str)  # an edit the record's rules refuse, in words

    def __init__(
        self,
        draft: MeetingDraft,
        orm_model: type,
        fields: Sequence[Field],
        rows_of: Callable[[], RowsOf],
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self.draft, self.orm_model, self.fields, self.rows_of = draft, orm_model, fields, rows_of
        self._rows: list[tuple[str, dict[str, Any]]] = []
        self.final = False
        # row id -> SMART findings about that row, shown beside it
        self.findings: dict[str, list[str]] = {}

    def reload(self) -> None:
        """Re-read the rows, and whether the meeting is signed, in one read."""
        read = table_rows(self.rows_of(), [f.attr for f in self.fields])
        table = self.draft.read(read)
        self.beginResetModel()
        self.final = table.final
        self._rows = [(row_id, dict(values)) for row_id, values in table.rows]
        self.endResetModel()

    def row_id(self, row: int) -> str:
        return self._rows[row][0]

    def row_of(self, row_id: str) -> int:
        return next((i for i, (rid, _) in enumerate(self._rows) if rid == row_id), -1)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.fields)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.fields[section].heading
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return self.fields[section].label
        return None

    def _shown(self, f: Field, value: Any) -> str:
        if f.kind == "choice" and f.choices:
            # an empty value may be a choice of its own (a point said by the meeting)
            known = next((label for label, v in f.choices() if v == value), None)
            if known is not None:
                return str(known)
        if value is None or value == "":
            return ""
        if f.kind == "choice":
            return str(value)
        if f.kind == "date":
            return format_day(value)
        if f.kind == "bool":
            return ""
        return str(value)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        f = self.fields[index.column()]
        row_id, values = self._rows[index.row()]
        value = values[f.attr]
        found = self.findings.get(row_id)
        if found and index.column() == 0:
            if role == Qt.ItemDataRole.DisplayRole:
                return f"⚠ {self._shown(f, value)}"
            if role == Qt.ItemDataRole.ToolTipRole:
                return "\n".join(found)
        if found and role == Qt.ItemDataRole.BackgroundRole:
            return theme.finding_background()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._shown(f, value)
        if role == Qt.ItemDataRole.EditRole:
            return value
        if role == Qt.ItemDataRole.CheckStateRole and f.kind == "bool":
            return Qt.CheckState.Checked if value else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole and f.kind == "text" and value:
            return str(value)
        return None

    def set_findings(self, findings: dict[str, list[str]]) -> None:
        """Mark rows the SMART check has something to say about (amber, ⚠, tooltip)."""
        self.findings = findings
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 0))

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.final or not self.fields[index.column()].editable:
            return base
        if self.fields[index.column()].kind == "bool":
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base | Qt.ItemFlag.ItemIsEditable

    def _nullable(self, attr: str) -> bool:
        return may_be_empty(self.orm_model, attr)

    def setData(
        self, index: QModelIndex | QPersistentModelIndex, value: Any, role: int = 0
    ) -> bool:
        f = self.fields[index.column()]
        if role == Qt.ItemDataRole.CheckStateRole and f.kind == "bool":
            value = Qt.CheckState(value) == Qt.CheckState.Checked
        elif role != Qt.ItemDataRole.EditRole:
            return False
        if f.kind == "text":
            value = (value or "").strip() or None if f.attr != "text" else (value or "")
            if value is None and not self._nullable(f.attr):
                return False  # a name cannot be blank: the cell keeps what it had
        row_id, values = self._rows[index.row()]
        if values[f.attr] == value:
            return False
        try:
            self.draft.set(self.orm_model, row_id, **{f.attr: value})
        except ActionableError as refusal:  # a rule of the record, not a failure
            self.refused.emit(f"{f.label}: {refusal}. The cell keeps what it had.")
            return False
        values[f.attr] = value
        self.dataChanged.emit(index, index)
        return True
