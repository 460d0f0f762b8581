"""Parts of a page side by side on a wide screen, one over the other on a laptop.

At 1920x1080 a page's two tables stacked leave each a wide, short strip with most of
its width empty; side by side each keeps its height and the chair sees both at once
(the plan's outcomes beside the chosen outcome's actions, the consents beside the
child's views). At 1366x768, or at 125% and 200% scaling, the same parts stack, so
nothing is squeezed into columns too narrow to read. The page's own width decides,
as it changes, so a window dragged narrower stacks them again.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QBoxLayout, QSplitter, QWidget

from cinchair.ui.tokens import GRID

# logical pixels of page width from which two tables go side by side (a page on a
# 1920 px screen at 100% is about 1600 px wide; at 1366 px, or 1920 px at 125%, less)
WIDE_PAGE = GRID * 175


class SideBySide(QObject):
    """Turns ``splitter`` horizontal while ``page`` is at least ``wide_from`` wide."""

    def __init__(self, page: QWidget, splitter: QSplitter, wide_from: int = WIDE_PAGE) -> None:
        super().__init__(page)
        self.page, self.splitter, self.wide_from = page, splitter, wide_from
        page.installEventFilter(self)
        self.follow(page.width())

    @property
    def wide(self) -> bool:
        return self.splitter.orientation() == Qt.Orientation.Horizontal

    def follow(self, width: int) -> None:
        across = Qt.Orientation.Horizontal if width >= self.wide_from else Qt.Orientation.Vertical
        if self.splitter.orientation() != across:
            self.splitter.setOrientation(across)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.page and event.type() == QEvent.Type.Resize:
            self.follow(self.page.width())
        return False


class RowThatStacks(QObject):
    """A row of controls that turns into a column while ``page`` is narrower than
    ``narrow_below`` (a laptop at 200%), so no control is pushed past the page's edge."""

    def __init__(self, page: QWidget, row: QBoxLayout, narrow_below: int) -> None:
        super().__init__(page)
        self.page, self.row, self.narrow_below = page, row, narrow_below
        page.installEventFilter(self)
        self.follow(page.width())

    @property
    def stacked(self) -> bool:
        return self.row.direction() == QBoxLayout.Direction.TopToBottom

    def follow(self, width: int) -> None:
        direction = (
            QBoxLayout.Direction.TopToBottom
            if width < self.narrow_below
            else QBoxLayout.Direction.LeftToRight
        )
        if self.row.direction() != direction:
            self.row.setDirection(direction)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.page and event.type() == QEvent.Type.Resize:
            self.follow(self.page.width())
        return False
