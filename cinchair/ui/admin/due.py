"""The admin desk's home: the reviews due and overdue, filtered and sorted, and saved.

The rows are ``AdminReport.cases`` (``cinchair.cases.report``), worked out by the same
council rules as the chair's case list; the filters are ``filter_cases``. Saving writes
the CSV the case management system takes (as ``cinchair report --csv``) or a formatted
Excel workbook (``cinchair.cases.report_xlsx``) of exactly the rows on screen.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cinchair.app.files import CannotWrite, write_atomically
from cinchair.cases.report import NEEDS_ACTION, AdminReport, CaseLine
from cinchair.cases.report_xlsx import write_cases_xlsx
from cinchair.sync.admin_desk import filter_cases
from cinchair.ui.admin.rows_model import Column, RowsModel
from cinchair.ui.admin.tables import make_table, selected_row

ANY = ""
STATE_CHOICES = (
    ("Needing action", "needs-action"),
    ("Every case", ANY),
    ("Overdue", "overdue"),
    ("Past the escalation point", "past escalation point"),
    ("Due soon", "due soon"),
    ("On track", "on track"),
    ("Closed", "closed"),
)


NEEDING_ACTION_MEANS = "Needing action: overdue, past the escalation point, or due soon"


def _uk(day: date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


COLUMNS: list[Column[CaseLine]] = [
    Column("Case", lambda c: c.case_reference),
    Column("State", lambda c: c.state),
    Column("Next due", lambda c: _uk(c.next_due), lambda c: c.next_due),
    Column("What is due", lambda c: c.next_due_what or ""),
    Column("Days overdue", lambda c: str(c.days_overdue or ""), lambda c: c.days_overdue),
    Column("Last meeting", lambda c: _uk(c.last_meeting), lambda c: c.last_meeting),
    Column("Last chair", lambda c: c.last_chair or ""),
    Column("Team", lambda c: c.team or ""),
    Column("Council rules", lambda c: c.council),
    Column("Conflicts", lambda c: str(c.conflicts_waiting or ""), lambda c: c.conflicts_waiting),
]


class DuePage(QWidget):
    """Reviews due: filters by chair, team, council rules and state; CSV and Excel of what
    shows."""

    pack_requested = Signal(list)  # the CaseLines to offer for a case pack

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Reviews due")
        self.report: AdminReport | None = None
        self.headline = QLabel("", self)
        self.headline.setAccessibleName("Reviews due summary")
        self.headline.setWordWrap(True)
        font = self.headline.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.headline.setFont(font)

        self.state = QComboBox(self)
        self.state.setAccessibleName("Show cases")
        for text, value in STATE_CHOICES:
            self.state.addItem(text, value)
        # the short name fits the row (seen cut at 1366 px: "Needing action (overdue,");
        # what it covers is said beside it, on the list and in words for a screen reader
        needing = self.state.findData("needs-action")
        self.state.setItemData(needing, NEEDING_ACTION_MEANS, Qt.ItemDataRole.ToolTipRole)
        self.state.setToolTip(NEEDING_ACTION_MEANS)
        self.state.setAccessibleDescription(NEEDING_ACTION_MEANS)
        self.chair = QComboBox(self)
        self.chair.setAccessibleName("Chair")
        self.team = QComboBox(self)
        self.team.setAccessibleName("Team")
        self.council = QComboBox(self)
        self.council.setAccessibleName("Council rules")
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Case reference…")
        self.search.setAccessibleName("Find a case reference")
        self.search.setClearButtonEnabled(True)
        for combo in (self.state, self.chair, self.team, self.council):
            combo.currentIndexChanged.connect(self.apply_filters)
        self.search.textChanged.connect(self.apply_filters)
        # Five filters side by side on a 1366 px screen (seen there: the desk 1411 px wide
        # and the search box squeezed to "C…"): each combo only as wide as a short name
        # (the list opens as wide as its longest), the search box kept readable.
        for combo, letters in (
            (self.state, 16),
            (self.chair, 8),
            (self.team, 8),
            (self.council, 8),
        ):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(letters)
        self.search.setMinimumWidth(160)
        filters = QHBoxLayout()
        for label, widget in (
            ("&Show:", self.state),
            ("C&hair:", self.chair),
            ("&Team:", self.team),
            ("Co&uncil rules:", self.council),
            ("&Find:", self.search),
        ):
            caption = QLabel(label, self)
            caption.setBuddy(widget)
            filters.addWidget(caption)
            filters.addWidget(widget, 1)

        self.model: RowsModel[CaseLine] = RowsModel(
            COLUMNS, self, emphasis=lambda c: c.state in NEEDS_ACTION[:2]
        )
        self.table, self.proxy = make_table(self.model, "Cases due", self)
        self.shown = QLabel("", self)
        self.shown.setAccessibleName("Cases shown")
        self.save_csv = QPushButton("Save as &CSV…", self)
        self.save_csv.clicked.connect(self.choose_csv)
        self.save_xlsx = QPushButton("Save as E&xcel…", self)
        self.save_xlsx.clicked.connect(self.choose_xlsx)
        self.pack = QPushButton("Make a case &pack for a laptop…", self)
        self.pack.setAccessibleName("Make a case pack for a laptop")
        self.pack.clicked.connect(self._pack)
        buttons = QHBoxLayout()
        buttons.addWidget(self.shown, 1)
        buttons.addWidget(self.pack)
        buttons.addWidget(self.save_csv)
        buttons.addWidget(self.save_xlsx)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def show_report(self, report: AdminReport) -> None:
        """Fill the lists from a fresh report, keeping the filters chosen."""
        self.report = report
        self.headline.setText(
            f"On {report.today:%d %B %Y}: {report.count('overdue')} overdue, "
            f"{report.count('past escalation point')} past the escalation point, "
            f"{report.count('due soon')} due soon, of {len(report.cases)} case(s). "
            f"Conflicts waiting: {len(report.conflicts)}."
        )
        _refill(
            self.chair, "Any chair", sorted({c.last_chair for c in report.cases if c.last_chair})
        )
        _refill(self.team, "Any team", sorted({c.team for c in report.cases if c.team}))
        _refill(self.council, "Any council", sorted({c.council for c in report.cases}))
        self.apply_filters()

    def apply_filters(self) -> None:
        if self.report is None:
            return
        state = self.state.currentData()
        states = NEEDS_ACTION if state == "needs-action" else ((state,) if state else ())
        rows = filter_cases(
            self.report.cases,
            chair=self.chair.currentData() or "",
            team=self.team.currentData() or "",
            council=self.council.currentData() or "",
            states=states,
            text=self.search.text(),
        )
        self.model.set_rows(rows)
        self.shown.setText(f"{len(rows)} of {len(self.report.cases)} case(s) shown")

    def visible_cases(self) -> list[CaseLine]:
        """The rows as shown: filtered and in the order the table is sorted."""
        return [self.proxy.row_at(self.proxy.index(r, 0)) for r in range(self.proxy.rowCount())]

    def choose_csv(self) -> None:
        self._save("CSV (*.csv)", "reviews-due.csv", self.write_csv)

    def choose_xlsx(self) -> None:
        self._save("Excel workbook (*.xlsx)", "reviews-due.xlsx", self.write_xlsx)

    def _save(self, kind: str, name: str, write: Callable[[Path], Path]) -> None:
        chosen, _ = QFileDialog.getSaveFileName(self, "Save the reviews due", name, kind)
        if not chosen:
            return
        try:
            write(Path(chosen))
        except CannotWrite as exc:
            QMessageBox.warning(self, "Save", str(exc))

    def write_csv(self, path: Path) -> Path:
        assert self.report is not None
        subset = AdminReport(self.report.today, self.visible_cases())
        return write_atomically(path, subset.cases_csv())

    def write_xlsx(self, path: Path) -> Path:
        return write_cases_xlsx(self.visible_cases(), path)

    def _pack(self) -> None:
        """The selected case, or every case shown when none is selected."""
        chosen = selected_row(self.table, self.proxy)
        self.pack_requested.emit([chosen] if chosen else self.visible_cases())


def _refill(combo: QComboBox, any_text: str, values: list[str]) -> None:
    kept = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(any_text, ANY)
    for value in values:
        combo.addItem(value, value)
    found = combo.findData(kept)
    combo.setCurrentIndex(max(found, 0))
    combo.blockSignals(False)
