"""One table model for every list on the admin desk: rows of plain values, columns that
say how to show and sort each, and a proxy that sorts by the true value (a date as a
date, a count as a number) and filters on any text shown.

Why one model: the desk's lists (cases due, conflicts, laptops, imports) differ only in
their columns; a QTableWidget per list would copy every cell into an item, which is slow
at 10,000 rows, while this model hands Qt only the cells it paints.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

Row = TypeVar("Row")
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column(Generic[Row]):
    """A column: its header, the text a row shows in it, and the value it sorts by."""

    header: str
    text: Callable[[Row], str]
    sort: Callable[[Row], Any] | None = None


class RowsModel(QAbstractTableModel, Generic[Row]):
    """Read-only rows; ``emphasis`` marks a row bold and tinted (e.g. overdue)."""

    def __init__(
        self,
        columns: Sequence[Column[Row]],
        parent: QObject | None = None,
        *,
        emphasis: Callable[[Row], bool] | None = None,
    ) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[Row] = []
        self.emphasis = emphasis
        self._bold = QFont()
        self._bold.setBold(True)

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return column.text(row)
        if role == SORT_ROLE:
            value = column.sort(row) if column.sort else column.text(row)
            return _sortable(value)
        if role == ROW_ROLE:
            return row
        emphasised = self.emphasis is not None and self.emphasis(row)
        if role == Qt.ItemDataRole.FontRole and emphasised:
            return self._bold
        if role == Qt.ItemDataRole.BackgroundRole and emphasised:
            return QBrush(QColor("#f8d7da"))
        if role == Qt.ItemDataRole.ForegroundRole and emphasised:
            return QBrush(QColor("#58151c"))  # 4.5:1 and more on the tint, in any theme
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].header
        return None


def _sortable(value: Any) -> Any:
    """A value Qt compares correctly: None sorts first, dates by their ISO text."""
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


class RowsProxy(QSortFilterProxyModel):
    """Sorts by each column's true value; filters on any column's text, case-insensitive."""

    def __init__(self, model: RowsModel[Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSourceModel(model)
        self.setSortRole(SORT_ROLE)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)

    def row_at(self, index: QModelIndex) -> Any:
        return self.data(index, ROW_ROLE) if index.isValid() else None
