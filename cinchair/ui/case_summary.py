"""The case list's summary panel: the chosen case under headings, not a text dump.

The child's name as the panel's title, the case ref, birth date and council beneath
it, then three sections: Today (where the case stands and what is due), Meetings (a
short timeline, latest first) and Plan (its state in words and the SMART check's
points). The facts come from ``cinchair.cases.summary``; this only lays them out.
The whole account is also the panel's accessible description and its plain text,
so a screen reader hears it in one go and a test can read it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QLayout,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from cinchair.cases.chips import Chip
from cinchair.cases.summary import CaseSummary
from cinchair.ui import theme
from cinchair.ui.tokens import GRID

CHOOSE_A_CASE = "Choose a case in the list to see its meetings, plan and dates."


def _label(text: str, role: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    theme.set_role(label, role)
    return label


def _clear(layout: QLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        if item is None:
            break
        widget = item.widget()
        if widget is not None:
            widget.hide()  # at once: deleteLater leaves it drawn until the loop runs
            widget.deleteLater()
        elif (inner := item.layout()) is not None:
            _clear(inner)


class CaseSummaryPanel(QScrollArea):
    """Read-only; reached by Tab from the list, and scrolls when the case is long."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Case details")
        self.inner = QFrame(self)
        self.inner.setProperty("panel", True)
        self.body = QVBoxLayout(self.inner)
        self.body.setContentsMargins(GRID * 2, GRID * 2, GRID * 2, GRID * 2)
        self.body.setSpacing(GRID)
        self.setWidget(self.inner)
        self._text = ""
        self.show_summary(None)

    def isReadOnly(self) -> bool:
        return True

    def toPlainText(self) -> str:
        return self._text

    def show_summary(
        self, summary: CaseSummary | None, chips: tuple[Chip, ...] = (), problem: str = ""
    ) -> None:
        """Lay out ``summary`` (or the hint to choose a case, or ``problem`` in words)."""
        _clear(self.body)
        if summary is None:
            self._text = problem
            self.body.addWidget(_label(problem or CHOOSE_A_CASE, "hint", self.inner))
            self.body.addStretch(1)
            self.setAccessibleDescription(problem or CHOOSE_A_CASE)
            return
        lines = [summary.child, summary.about]
        self.body.addWidget(_label(summary.child, "title", self.inner))
        self.body.addWidget(_label(summary.about, "hint", self.inner))
        if chips:
            row = QGridLayout()
            row.setHorizontalSpacing(GRID // 2)
            for column, chip in enumerate(chips):
                label = QLabel(chip.words, self.inner)
                label.setToolTip(chip.detail)
                label.setAccessibleName(chip.words)
                label.setAccessibleDescription(chip.detail)
                theme.set_chip(label, chip.state)
                row.addWidget(label, 0, column)
            row.setColumnStretch(len(chips), 1)
            self.body.addLayout(row)
            lines += [chip.detail for chip in chips]
        self._section("Today", lines)
        self.body.addWidget(_label(summary.today, "body", self.inner))
        lines.append(summary.today)
        if summary.escalation:
            self.body.addWidget(_label(summary.escalation, "warning", self.inner))
            lines.append(summary.escalation)
        self._section("Meetings", lines)
        self._timeline(summary, lines)
        self._section("Plan", lines)
        self.body.addWidget(_label(summary.plan, "body", self.inner))
        lines.append(summary.plan)
        for finding in summary.plan_findings:
            self.body.addWidget(_label(f"• {finding}", "warning", self.inner))
            lines.append(finding)
        self.body.addStretch(1)
        self._text = "\n".join(lines)
        self.setAccessibleDescription(self._text)

    def _section(self, heading: str, lines: list[str]) -> None:
        self.body.addSpacing(GRID)
        self.body.addWidget(_label(heading, "section", self.inner))
        lines.append(heading)

    def _timeline(self, summary: CaseSummary, lines: list[str]) -> None:
        if not summary.timeline:
            self.body.addWidget(_label("No meeting yet.", "hint", self.inner))
            lines.append("No meeting yet.")
            return
        grid = QGridLayout()
        grid.setHorizontalSpacing(GRID * 2)
        grid.setVerticalSpacing(GRID // 2)
        for number, entry in enumerate(summary.timeline):
            day = _label(entry.day, "label", self.inner)
            day.setWordWrap(False)
            what = _label(f"{entry.what} · {entry.status}", "body", self.inner)
            detail = _label(entry.detail, "hint", self.inner)
            grid.addWidget(day, number * 2, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(what, number * 2, 1)
            grid.addWidget(detail, number * 2 + 1, 1)
            lines.append(f"{entry.day}: {entry.what}, {entry.status}; {entry.detail}")
        grid.setColumnStretch(1, 1)
        self.body.addLayout(grid)
        if summary.earlier_meetings:
            more = f"and {summary.earlier_meetings} earlier"
            self.body.addWidget(_label(more, "hint", self.inner))
            lines.append(more)
