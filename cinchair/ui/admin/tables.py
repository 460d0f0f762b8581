"""The table view every admin list uses: sortable, whole rows selected, keyboard-first."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from cinchair.ui.admin.rows_model import RowsModel, RowsProxy

WIDEST_COLUMN = 320  # a long reason or file name is read in its tooltip, not a wide column
SAMPLED_ROWS = 200  # columns fitted to the headings and the first rows, never all 10,000


def make_table(model: RowsModel[Any], name: str, parent: QWidget) -> tuple[QTableView, RowsProxy]:
    """A sortable view over ``model`` with an accessible ``name``; the view and its proxy."""
    proxy = RowsProxy(model, parent)
    view = QTableView(parent)
    view.setModel(proxy)
    view.setAccessibleName(name)
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    header.setDefaultSectionSize(140)
    header.setResizeContentsPrecision(SAMPLED_ROWS)
    fitted = False

    def fit_once() -> None:
        """Columns as wide as their heading and values, the first time rows arrive (seen
        at 1366x768: fixed widths cut "LCS-482…" and "Days overdu"); after that the
        admin's own widths stay while filters change the rows."""
        nonlocal fitted
        if fitted or model.rowCount() == 0:
            return
        fitted = True
        view.resizeColumnsToContents()
        for column in range(model.columnCount() - 1):
            view.setColumnWidth(column, min(view.columnWidth(column), WIDEST_COLUMN))

    model.modelReset.connect(fit_once)
    view.resizeColumnsToContents()  # an empty list: each heading whole (fitted again on rows)
    return view, proxy


def selected_row(view: QTableView, proxy: RowsProxy) -> Any:
    """The row object under the view's current selection, or None."""
    rows = view.selectionModel().selectedRows() if view.selectionModel() else []
    return proxy.row_at(rows[0]) if rows else None
