"""The case list: every case, where it stands today, found by typing.

Model/view throughout (one table model over plain ``CaseRow`` records, one proxy
for search and sorting), so ten thousand cases cost no more widgets than one.
The rows and the details text come from core functions; nothing here touches SQL.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelection,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cinchair.cases.chips import Chip, case_chips, summary_text
from cinchair.cases.rows import CaseRow, case_rows, has_cases
from cinchair.cases.summary import case_summary
from cinchair.domain.dates import format_day
from cinchair.profiles import ProfileError
from cinchair.store.facade import Store
from cinchair.ui import theme
from cinchair.ui.case_chips import CHIPS_ROLE, ChipDelegate, chips_width
from cinchair.ui.case_list_bar import CaseListBar, select_row_of, show_first_rows
from cinchair.ui.case_summary import CaseSummaryPanel
from cinchair.ui.tokens import GRID
from cinchair.ui.widgets.duties import DutiesPanel

SORT_ROLE = Qt.ItemDataRole.UserRole
# From this width (logical pixels) the summary sits beside the list, not below it.
WIDE_LAYOUT = 1600
_ROOT = QModelIndex()

# Sorts after every real date, so cases with nothing due come last in ascending order.
_NO_DATE = 9_999_999

# Most urgent first when sorting by State.
_STATE_RANK = {
    "overdue": 0,
    "past escalation point": 1,
    "due soon": 2,
    "on track": 3,
    "nothing scheduled": 4,
    "unknown": 4,
    "closed": 5,
}


class Column(IntEnum):
    CHILD = 0
    CASE_REF = 1
    COUNCIL = 2
    MEETINGS = 3
    LAST_MEETING = 4
    NEXT_DUE = 5
    STATE = 6


HEADERS = {
    Column.CHILD: "Child",
    Column.CASE_REF: "Case ref",
    Column.COUNCIL: "Council",
    Column.MEETINGS: "Meetings",
    Column.LAST_MEETING: "Last meeting",
    Column.NEXT_DUE: "Next due",
    Column.STATE: "State",
}


def fold(text: str) -> str:
    """Lower case without accents, so typing ``zoe`` finds Zoë."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


class CaseListModel(QAbstractTableModel):
    """The case rows as a table. Display text and sort keys are worked out once per load."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[CaseRow] = []
        self._display: list[tuple[str, ...]] = []
        self._sort: list[tuple[str | int, ...]] = []
        self._search: list[str] = []
        self._chips: list[tuple[Chip, ...]] = []
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder

    def set_rows(self, rows: list[CaseRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._chips = [case_chips(row) if row.state else () for row in self._rows]
        self._display = [self._display_of(row) for row in self._rows]
        self._sort = [self._sort_of(row) for row in self._rows]
        self._search = [fold(f"{row.child_name}\n{row.case_ref}") for row in self._rows]
        self._reorder(self._sorted_positions())
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by the keys of ``SORT_ROLE`` (real dates, not their text), keeping selections."""
        self._sort_column, self._sort_order = column, order
        self.layoutAboutToBeChanged.emit()
        positions = self._sorted_positions()
        new_row = [0] * len(positions)
        for new, old in enumerate(positions):
            new_row[old] = new
        self._reorder(positions)
        before = self.persistentIndexList()
        after = [self.index(new_row[i.row()], i.column()) for i in before]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    def _sorted_positions(self) -> list[int]:
        if self._sort_column < 0:
            return list(range(len(self._rows)))
        keys = [key[self._sort_column] for key in self._sort]
        # Python's sort is stable in both directions: ties keep their previous order.
        descending = self._sort_order == Qt.SortOrder.DescendingOrder
        return sorted(range(len(keys)), key=lambda row: keys[row], reverse=descending)

    def _reorder(self, positions: list[int]) -> None:
        self._rows = [self._rows[i] for i in positions]
        self._chips = [self._chips[i] for i in positions]
        self._display = [self._display[i] for i in positions]
        self._sort = [self._sort[i] for i in positions]
        self._search = [self._search[i] for i in positions]

    @property
    def chips(self) -> list[tuple[Chip, ...]]:
        return list(self._chips)

    @property
    def rows(self) -> list[CaseRow]:
        return list(self._rows)

    def row_at(self, source_row: int) -> CaseRow:
        return self._rows[source_row]

    def search_text(self, source_row: int) -> str:
        return self._search[source_row]

    @staticmethod
    def _display_of(row: CaseRow) -> tuple[str, ...]:
        return (
            row.child_name,
            row.case_ref,
            row.council,
            str(row.meetings),
            format_day(row.last_meeting, "none yet"),
            format_day(row.next_due, "none" if row.state == "closed" else "not set"),
            " · ".join(chip.words for chip in case_chips(row)),
        )

    @staticmethod
    def _sort_of(row: CaseRow) -> tuple[str | int, ...]:
        next_due = row.next_due.toordinal() if row.next_due else _NO_DATE
        last = row.last_meeting.toordinal() if row.last_meeting else 0
        return (
            fold(row.child_name),
            fold(row.case_ref),
            fold(row.council),
            row.meetings,
            last,
            next_due,
            # Within a state, the earliest due first (so the longest overdue leads).
            _STATE_RANK.get(row.state, 4) * 10_000_000 + next_due,
        )

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None  # a header asking past the columns while a window is torn down
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[Column(section)]
        if role == Qt.ItemDataRole.TextAlignmentRole and section != Column.MEETINGS:
            return Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        return None

    def data(
        self,
        index: QModelIndex | QPersistentModelIndex,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if not index.isValid():
            return None
        r, c = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display[r][c]
        if role == SORT_ROLE:
            return self._sort[r][c]
        if role == Qt.ItemDataRole.TextAlignmentRole and c == Column.MEETINGS:
            return Qt.AlignmentFlag.AlignCenter
        if c == Column.STATE and role == CHIPS_ROLE:
            return self._chips[r]
        if c == Column.STATE and role == Qt.ItemDataRole.BackgroundRole and self._chips[r]:
            # the first chip's colour: for a view or a copy drawn without the chip delegate
            return QBrush(theme.chip_colours(self._chips[r][0].state)[0])
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(self._rows[r], c)
        return None

    def _tooltip(self, row: CaseRow, column: int) -> str | None:
        # Long names and council titles may be cut short in the cell; the tip has them whole.
        if column in (Column.CHILD, Column.CASE_REF, Column.COUNCIL):
            return (row.child_name, row.case_ref, row.council)[column]
        if column == Column.NEXT_DUE and row.next_due:
            return f"{row.next_due_what or 'meeting'} due {format_day(row.next_due)}"
        if column == Column.STATE:
            return " ".join(chip.detail for chip in case_chips(row))
        return None


class CaseFilterProxy(QSortFilterProxyModel):
    """Keeps the rows whose child's name or case ref holds every word typed.

    Sorting is passed down to ``CaseListModel.sort``: the proxy's own sort asks
    Python for two keys per comparison, about 0.5 s for 10,000 rows here, while
    sorting the model's list by the same ``SORT_ROLE`` keys takes milliseconds.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self.setSortRole(SORT_ROLE)  # the same keys, should the proxy ever sort itself
        self.setFilterKeyColumn(-1)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        model = self.sourceModel()
        assert isinstance(model, CaseListModel)
        model.sort(column, order)

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self._words = fold(text).split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        if not self._words:
            return True
        model = self.sourceModel()
        assert isinstance(model, CaseListModel)
        haystack = model.search_text(source_row)
        return all(word in haystack for word in self._words)


class CaseListPage(QWidget):
    """Search box, the table of cases, and a read-only account of the selected case."""

    summary_changed = Signal(str)
    new_case_requested = Signal()
    start_meeting_requested = Signal()

    def __init__(
        self, store: Store, today: date, parent: QWidget | None = None, *, first_rows: bool = False
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.today = today
        self.show_closed = False

        self.model = CaseListModel(self)
        self.proxy = CaseFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Type part of a child's name or a case ref  (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search cases")
        self.search.setAccessibleDescription(
            "Filters the case list by child's name or case ref as you type; Escape clears it."
        )
        search_label = QLabel("&Find:", self)
        search_label.setBuddy(self.search)
        search_label.setAccessibleName("Find")

        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setAccessibleName("Cases")
        self.table.setAccessibleDescription(
            "One row per case. Choose a row to see its meetings, plan and what is due."
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, arrows move in it
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setSortingEnabled(True)
        self.table.verticalHeader().setVisible(False)
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # no per-row measuring
        rows.setDefaultSectionSize(self.table.fontMetrics().height() + GRID * 2)  # padded rows
        self.table.horizontalHeader().setHighlightSections(False)
        self.table.setItemDelegateForColumn(Column.STATE, ChipDelegate(self.table))
        self.table.setShowGrid(False)  # light dividers between rows come from the sheet
        self.table.setAlternatingRowColors(True)

        self.details = CaseSummaryPanel(self)

        # the list on the left, the chosen case on the right: the reading pane of a mail app
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setAccessibleName("Case list and details")
        splitter.addWidget(self.table)
        side = QSplitter(Qt.Orientation.Vertical, splitter)
        side.setChildrenCollapsible(False)
        side.addWidget(self.details)
        # what is due next for the chosen case, for whom and why (the procedure's words)
        self.duties = DutiesPanel("What is &due next", side)
        side.addWidget(self.duties)
        side.setStretchFactor(0, 3)
        side.setStretchFactor(1, 2)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        self.splitter, self.side = splitter, side

        # New case…, Start meeting, Show closed cases, the note when empty
        self.bar = CaseListBar(self)
        self.bar.new_case.clicked.connect(self.new_case_requested)
        self.bar.start_meeting.clicked.connect(self.start_meeting_requested)
        self.bar.closed_toggle.toggled.connect(self.set_show_closed)

        title = QLabel("Cases", self)
        theme.set_role(title, "title")
        top = QHBoxLayout()
        top.setSpacing(GRID)
        top.addWidget(title)
        top.addSpacing(GRID * 2)
        top.addWidget(search_label)
        top.addWidget(self.search, 1)
        top.addWidget(self.bar.closed_toggle)
        top.addSpacing(GRID)
        top.addWidget(self.bar.start_meeting)
        top.addWidget(self.bar.new_case)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(GRID * 2, GRID * 2, GRID * 2, GRID)
        layout.setSpacing(GRID * 2)
        layout.addLayout(top)
        layout.addWidget(self.bar.empty_note)
        layout.addWidget(splitter, 1)

        self.setTabOrder(self.search, self.table)
        self.setTabOrder(self.table, self.details)

        self.search.textChanged.connect(self._on_search)
        QShortcut(
            QKeySequence(Qt.Key.Key_Escape),
            self.search,
            self.search.clear,
            context=Qt.ShortcutContext.WidgetShortcut,
        )
        self.table.selectionModel().selectionChanged.connect(self._on_selection)

        self.table.sortByColumn(Column.NEXT_DUE, Qt.SortOrder.AscendingOrder)
        if first_rows:  # the start: names at once, each case's state after the first paint
            show_first_rows(self)
        else:
            self.reload()
            self.choose_first()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """The summary beside the list where the width allows the whole table, else below."""
        super().resizeEvent(event)
        wide = event.size().width() >= WIDE_LAYOUT
        across = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
        if self.splitter.orientation() != across:
            self.splitter.setOrientation(across)
            self.side.setOrientation(Qt.Orientation.Vertical if wide else Qt.Orientation.Horizontal)

    def choose_first(self) -> None:
        """Select the top case, so Enter or Ctrl+M works straight away from the keyboard."""
        if self.selected_case() is None and self.proxy.rowCount():
            self.table.selectRow(0)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def reload(self) -> None:
        """Read the cases afresh from the store."""
        rows = self.store.ask(case_rows, self.today, include_closed=self.show_closed)
        any_case = bool(rows) or self.store.ask(has_cases)
        chosen = self.selected_case()
        self.model.set_rows(rows)
        self._fit_columns()
        self._show_details(None)
        if chosen is not None:  # back from a meeting: the same case still chosen
            select_row_of(self, chosen.case_id)
        self._emit_summary()
        self.bar.show_empty(not any_case)

    def set_show_closed(self, show: bool) -> None:
        """Closed cases leave the list unless asked for (Case > Show closed cases)."""
        if show != self.show_closed:
            self.show_closed = show
            self.bar.closed_toggle.setChecked(show)
            self.reload()
            self.choose_first()

    def select_case(self, case_id: str) -> bool:
        """Select the case's row, showing closed cases if it is closed; False if not found."""
        self.search.clear()
        if select_row_of(self, case_id):
            return True
        self.set_show_closed(True)
        return select_row_of(self, case_id)

    def summary(self) -> str:
        text = summary_text(self.model.rows)
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        if shown != total:
            text += f" · showing {shown} of {total}"
        return text

    def selected_case(self) -> CaseRow | None:
        selected = self.table.selectionModel().selectedRows()
        if not selected:
            return None
        return self.model.row_at(self.proxy.mapToSource(selected[0]).row())

    def _on_search(self, text: str) -> None:
        self.proxy.set_search(text)
        if self.selected_case() is None:
            self._show_details(None)
        self._emit_summary()

    def _on_selection(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        self._show_details(self.selected_case())

    def _show_details(self, row: CaseRow | None) -> None:
        self.bar.start_meeting.setEnabled(row is not None)
        if row is None:
            self.details.show_summary(None)
            self.duties.show_items((), "Choose a case to see what is due next.")
            return
        self.duties.show_items(row.checklist)
        try:
            summary = self.store.ask(case_summary, row.case_id, self.today)
        except (KeyError, ProfileError) as exc:
            problem = f"The details of case {row.case_ref} cannot be shown: {exc}"
            self.details.show_summary(None, problem=problem)
            return
        self.details.show_summary(summary, case_chips(row))

    def _emit_summary(self) -> None:
        self.summary_changed.emit(self.summary())

    def _fit_columns(self) -> None:
        """Widths from the words the columns hold, not by measuring every row."""
        metrics = self.table.fontMetrics()
        header = self.table.horizontalHeader()
        padding = 28  # cell margins plus the sort arrow
        samples = {
            Column.CASE_REF: {row.case_ref for row in self.model.rows[:2000]},
            Column.COUNCIL: {row.council for row in self.model.rows},
            Column.MEETINGS: {"999"},
            Column.LAST_MEETING: {"30 Sep 2026", "none yet"},
            Column.NEXT_DUE: {"30 Sep 2026", "not set"},
        }
        for column, texts in samples.items():
            texts = texts | {HEADERS[column]}
            width = max(metrics.horizontalAdvance(text) for text in texts) + padding
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, min(width, 260))
        chips = {chips_width(c, metrics.horizontalAdvance) for c in set(self.model.chips)}
        header.setSectionResizeMode(Column.STATE, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(Column.STATE, max(chips | {metrics.horizontalAdvance("State") + 28}))
        header.setMinimumSectionSize(metrics.horizontalAdvance("Child") + padding)
        header.setSectionResizeMode(Column.CHILD, QHeaderView.ResizeMode.Stretch)
