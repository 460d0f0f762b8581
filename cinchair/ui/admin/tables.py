"""The table view every admin list uses: sortable, whole rows selected, keyboard-first."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from cinchair.ui.admin.rows_model import RowsModel, RowsProxy


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
    return view, proxy


def selected_row(view: QTableView, proxy: RowsProxy) -> Any:
    """The row object under the view's current selection, or None."""
    rows = view.selectionModel().selectedRows() if view.selectionModel() else []
    return proxy.row_at(rows[0]) if rows else None
