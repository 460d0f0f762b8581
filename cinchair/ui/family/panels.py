"""The family view's panels: the framework's columns, the scaling band and the actions.

Each panel is a coloured box with a heading that can say how tall it needs to be at a
given width, and lays its own content out as the type grows or shrinks. They are apart
from the window (``cinchair.ui.family.view``), which decides the one type size and
where each panel goes, so that what a panel shows and how it measures itself can be
read without the fitting around it. Text is always plain: what people said is shown as
typed, never read as markup.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from cinchair.meetings.family_screen import Action, Column, FamilyBoard
from cinchair.ui.family.scaling import ScalingLine

BAND_COLOUR = "#f1efe8"


class BoardLabel(QLabel):
    """A label that knows its role (title, body, who...), which sets its size.

    The role is kept in Python as well as in a Qt property (for the style sheet):
    in PySide6 6.12 reading an unset Qt property hands back None one reference
    short, which crashes the interpreter when done often enough.
    """

    def __init__(self, text: str, parent: QWidget, role: str) -> None:
        super().__init__(text, parent)
        self.role = role
        self.setProperty("board", role)  # not "role": the app's sheet sizes role="title"


def board_label(text: str, parent: QWidget, role: str, *, wrap: bool = True) -> BoardLabel:
    """Plain text only: what people said is shown as typed, never read as markup."""
    label = BoardLabel(text, parent, role)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return label


def _invalidate(widget: QWidget) -> None:
    """Drop cached heights-for-width: new fonts arrive before the layouts have noticed."""
    for layout in widget.findChildren(QLayout):
        layout.invalidate()
    own = widget.layout()
    if own is not None:
        own.invalidate()


class OverflowArea(QScrollArea):
    """Part of the board that, as a last resort, scrolls inside itself and says so.

    The family cannot scroll, so the view shrinks its type first; only content too
    long even at the smallest type ends up here, and the "more" cue tells the chair
    there is more to read out.
    """

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.content = QWidget()
        self.content.setObjectName("overflowContent")
        self.setWidget(self.content)
        self.viewport().setAutoFillBackground(False)
        self.content.setAutoFillBackground(False)
        self.setStyleSheet(
            "QScrollArea { background: transparent; } #overflowContent { background: transparent; }"
        )
        self.more = board_label("more ↓", self, "more", wrap=False)
        self.more.setAccessibleName("More below: scroll this part")
        self.more.hide()
        bar = self.verticalScrollBar()
        bar.rangeChanged.connect(self._cue)
        bar.valueChanged.connect(self._cue)

    def overflows(self) -> bool:
        """True when some of the content is out of sight."""
        return self.verticalScrollBar().maximum() > 0

    def content_height(self, width: int) -> int:
        """How tall the content is at ``width``, all of it, seen or not."""
        _invalidate(self.content)
        return max(self.content.heightForWidth(width), 0)

    def _cue(self) -> None:
        bar = self.verticalScrollBar()
        below = bar.value() < bar.maximum()
        self.more.setVisible(below)
        if below:
            self.more.adjustSize()
            port = self.viewport().geometry()
            self.more.move(port.right() - self.more.width() - 4, port.bottom() - self.more.height())
            self.more.raise_()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._cue()


class Panel(QFrame):
    """A rounded, coloured box with a heading; each kind says how tall it needs to be."""

    def __init__(self, heading: str, colour: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("panel")
        self.setStyleSheet(f"#panel {{ background: {colour}; border-radius: 12px; }}")
        self.heading = board_label(heading, self, "heading")
        self.box = QVBoxLayout(self)
        self.box.addWidget(self.heading)
        self.pad = 8
        self._px = 0

    def set_pixels(self, px: int) -> None:
        """Margins and gaps for body size ``px``, set only when it changes."""
        if px != self._px:
            self._px = px
            self.space_out(px)

    def space_out(self, px: int) -> None:
        """Margins and gaps that grow with the type."""
        self.pad = max(6, round(px * 0.55))
        self.box.setContentsMargins(self.pad, round(self.pad * 0.7), self.pad, self.pad)
        self.box.setSpacing(round(px * 0.35))

    def inner(self, width: int) -> int:
        """The width left for the heading and body inside ``width``."""
        return width - 2 * self.pad

    def with_heading(self, width: int, body: int) -> int:
        """The panel's height at ``width`` around a body ``body`` pixels tall."""
        margins = self.box.contentsMargins()
        return (
            margins.top()
            + margins.bottom()
            + self.heading.heightForWidth(self.inner(width))
            + self.box.spacing()
            + body
        )


class ColumnPanel(Panel):
    """One heading of the framework with each point and, under it, who said it."""

    def __init__(self, column: Column, colour: str, parent: QWidget) -> None:
        super().__init__(column.heading, colour, parent)
        self.area = OverflowArea(self)
        points = QVBoxLayout(self.area.content)
        points.setContentsMargins(0, 0, 0, 0)
        self.points = points
        self.who_labels: list[QLabel] = []
        for point in column.points:
            points.addWidget(board_label(f"• {point.text}", self.area.content, "body"))
            who = board_label(point.who, self.area.content, "who")
            self.who_labels.append(who)
            points.addWidget(who)
        if not column.points:
            points.addWidget(board_label("Nothing yet", self.area.content, "who"))
        points.addStretch(1)
        self.box.addWidget(self.area, 1)

    def space_out(self, px: int) -> None:
        super().space_out(px)
        self.points.setSpacing(max(1, round(px * 0.1)))
        for who in self.who_labels:  # under the point it belongs to, a gap before the next
            who.setContentsMargins(round(px * 0.9), 0, 0, round(px * 0.45))

    def need(self, width: int) -> int:
        """The height that shows every point at ``width``."""
        return self.with_heading(width, self.area.content_height(self.inner(width)))


class ActionsPanel(Panel):
    """The plan's actions as a small table: what, who, by when; the next ones first."""

    def __init__(self, actions: list[Action], plan_note: str, parent: QWidget) -> None:
        heading = "What happens next" + (f" ({plan_note})" if plan_note else "")
        super().__init__(heading, BAND_COLOUR, parent)
        self.area = OverflowArea(self)
        self.grid = QGridLayout(self.area.content)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setColumnStretch(0, 1)
        self.who_cells: list[QLabel] = []
        self.when_cells: list[QLabel] = []
        header = [
            board_label(text, self.area.content, "small") for text in ("What", "Who", "By when")
        ]
        rows = [header]
        for action in actions:
            row = [
                board_label(("✓ " if action.done else "") + action.what, self.area.content, "body"),
                board_label(action.who, self.area.content, "cell"),
                board_label(action.when, self.area.content, "cell", wrap=False),
            ]
            for cell in row:
                cell.setProperty("done", action.done)
            rows.append(row)
        for number, row in enumerate(rows):
            for column, cell in enumerate(row):
                self.grid.addWidget(cell, number, column)
            self.who_cells.append(row[1])
            self.when_cells.append(row[2])
        if not actions:
            self.grid.addWidget(board_label("No actions yet", self.area.content, "who"), 1, 0, 1, 3)
        self.grid.setRowStretch(len(rows) + 1, 1)
        self.box.addWidget(self.area, 1)
        self._widths = (0, 0)

    def space_out(self, px: int) -> None:
        super().space_out(px)
        self.grid.setHorizontalSpacing(round(px * 0.7))
        self.grid.setVerticalSpacing(round(px * 0.35))

    def _set_widths(self, width: int) -> None:
        """Who and when get what their longest entry needs (who at most a third); what the rest."""

        def widest(cells: list[QLabel]) -> int:
            return max(cell.fontMetrics().horizontalAdvance(cell.text()) for cell in cells) + 2

        when = widest(self.when_cells)
        who = min(widest(self.who_cells), max(width // 3, 1))
        if (who, when) == self._widths:
            return
        self._widths = (who, when)
        for cell in self.when_cells:
            cell.setFixedWidth(when)
        for cell in self.who_cells:
            cell.setFixedWidth(who)

    def need(self, width: int) -> int:
        """The height that shows every action at ``width``."""
        self._set_widths(self.inner(width))
        return self.with_heading(width, self.area.content_height(self.inner(width)))


class ScalingPanel(Panel):
    """The scaling question in one line, what 0 and 10 mean, and the line itself."""

    def __init__(self, board: FamilyBoard, parent: QWidget) -> None:
        super().__init__(board.scaling_prompt or "Scaling, 0 to 10", BAND_COLOUR, parent)
        self.zero = board_label(f"0: {board.zero_means}" if board.zero_means else "", self, "who")
        self.ten = board_label(f"10: {board.ten_means}" if board.ten_means else "", self, "who")
        self.ten.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.ends = QHBoxLayout()
        self.ends.addWidget(self.zero, 1)
        self.ends.addWidget(self.ten, 1)
        self.box.addLayout(self.ends)
        self.line = ScalingLine(self)
        self.line.set_scores(board.scores)
        self.box.addWidget(self.line)
        self.box.addStretch(1)

    def space_out(self, px: int) -> None:
        super().space_out(px)
        self.ends.setSpacing(px * 2)
        font = QFont(self.line.font())
        font.setPixelSize(px)
        self.line.setFont(font)

    def crowded(self, width: int) -> bool:
        return self.line.crowded(self.inner(width))

    def need(self, width: int) -> int:
        """The height that shows the end labels and every name at ``width``."""
        inner = self.inner(width)
        half = (inner - self.ends.spacing()) // 2
        ends = max(self.zero.heightForWidth(half), self.ten.heightForWidth(half))
        return self.with_heading(width, ends + self.box.spacing() + self.line.heightForWidth(inner))
