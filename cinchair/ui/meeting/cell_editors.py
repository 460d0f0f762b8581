"""How a table cell is edited: pickers for choices, a checked line for scores and dates,
and a line saved as it is typed for text.

Kept apart from the table (``rows``) because it is the part that decides what a typed
value becomes: a score of 11 or a date that is not one is refused in words and the cell
keeps what it had, never turned quietly into some other value.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QIcon, QKeyEvent, QPainter, QPen, QPixmap, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from cinchair.domain.dates import format_day, parse_uk_date
from cinchair.meetings.draft import MeetingDraft
from cinchair.ui import theme
from cinchair.ui.widgets.choice_box import ChoiceBox
from cinchair.ui.widgets.date_field import CalendarPopup, add_calendar_key
from cinchair.ui.widgets.spell import install_spelling

if TYPE_CHECKING:
    from cinchair.ui.meeting.row_model import Field

TYPING_PAUSE_MS = 400  # a pause this long in a cell saves it; autosave promises under 1 s


class _CheckedLine(QLineEdit):
    """A score or a date typed into a cell: read when committed, refused in words.

    A spin box or a date box would quietly turn "11" into 1 and "15 Jan 2027" into
    some day in December; this keeps exactly what was typed until it can be read.
    """

    picked = Signal()  # a day taken from the calendar: saved and closed at once

    def __init__(self, parent: QWidget, kind: str, required: bool, label: str) -> None:
        super().__init__(parent)
        self.kind, self.required, self.label = kind, required, label
        self.setPlaceholderText("0 to 10" if kind == "score" else "dd/mm/yyyy")
        self.calendar: CalendarPopup | None = None
        if kind == "date":  # the same calendar as the form's date fields, on the same key
            self.calendar = CalendarPopup(self, self._take_day)
            add_calendar_key(self, self.calendar.open_under_line)
            self.setToolTip(
                "Type a date such as 15/01/2027 or 15 Jan 2027, or press F4 to pick one."
            )

    def _take_day(self, day: date) -> None:
        self.setText(format_day(day))
        self.picked.emit()

    def show_value(self, value: Any) -> None:
        if value is None:
            self.setText("")
        else:
            self.setText(str(value) if self.kind == "score" else format_day(value))

    def value(self) -> Any:
        """The score or date typed (None when empty); ValueError in words otherwise."""
        text = self.text().strip()
        if not text:
            if self.required:
                raise ValueError("this cannot be empty")
            return None
        if self.kind == "score":
            if not text.isdigit() or not 0 <= int(text) <= 10:
                raise ValueError(f"“{text}” is not a score: type a whole number from 0 to 10")
            return int(text)
        return parse_uk_date(text)

    def problem(self) -> str:
        try:
            self.value()
        except ValueError as exc:
            return str(exc)
        return ""


class GrowingTextEditor(QPlainTextEdit):
    finished = Signal()  # Enter: save the cell and close the box

    """A free-text cell edited in a box that grows with the text, wrapping as it goes.

    A one-line editor scrolls the child's words out of sight while they are typed; this
    box opens at the cell's size and grows downwards over the rows below (up to the
    foot of the table, then it scrolls). Enter saves the cell as in every other cell,
    Shift+Enter starts a new line, Tab saves and moves on. It answers ``text``,
    ``setText`` and ``setCursorPosition`` as a line edit does, so code (and spelling)
    written for a cell's line edit works on it unchanged.
    """

    finished = Signal()  # Enter: save the cell and close the box

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setToolTip("Enter saves; Shift+Enter starts a new line")
        self._cell_height = 0
        self.loading = False  # filling in the stored text is not typing
        self.pause: QTimer | None = None  # the delegate's save after a pause in typing
        self.document().contentsChanged.connect(self.fit_to_text)

    def text(self) -> str:
        return self.toPlainText()

    def setText(self, text: str) -> None:
        self.setPlainText(text)

    def setCursorPosition(self, position: int) -> None:
        cursor = self.textCursor()
        cursor.setPosition(min(position, len(self.toPlainText())))
        self.setTextCursor(cursor)

    def place(self, rect: QRect) -> None:
        """Sit over the cell, then grow to the text."""
        self._cell_height = rect.height()
        self.setGeometry(rect)
        self.fit_to_text()

    def fit_to_text(self) -> None:
        """As tall as the wrapped text (never shorter than the cell), down to the foot of
        the table; only past that does the box scroll."""
        line = self.fontMetrics().lineSpacing()
        lines = self.document().size().height()  # wrapped lines, for a plain text layout
        margins = self.contentsMargins().top() + self.contentsMargins().bottom()
        chrome = int(2 * self.document().documentMargin()) + margins + 2
        wanted = int(lines * line) + chrome
        parent = self.parentWidget()
        room = parent.height() - self.y() if parent is not None else wanted
        limit = max(room, self._cell_height)
        height = max(self._cell_height, min(wanted, limit))
        if height != self.height():
            self.resize(self.width(), height)
            self.raise_()
        # the layout may wrap once more at the new size: grow while it still scrolls
        while self.verticalScrollBar().maximum() > 0 and self.height() + line <= limit:
            self.resize(self.width(), self.height() + line)
        at_limit = self.height() + line > limit
        self.setVerticalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAsNeeded
            if at_limit
            else Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self.insertPlainText("\n")
            else:
                self.finished.emit()
            return
        super().keyPressEvent(event)


ARROW_WIDTH = 12  # a choice cell's drop-down arrow, in pixels
_ARROWS: dict[str, QPixmap] = {}  # one drawing per theme colour, made on first use


def drop_down_arrow() -> QIcon:
    """A small chevron in the theme's muted colour, as the fields' drop-downs show."""
    colour = theme.muted_colour()
    found = _ARROWS.get(colour.name())
    if found is None:
        found = QPixmap(ARROW_WIDTH, ARROW_WIDTH)
        found.fill(Qt.GlobalColor.transparent)
        painter = QPainter(found)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(colour, 1.8)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        middle = ARROW_WIDTH / 2
        painter.drawPolyline(
            [
                QPointF(1.5, middle - 2.5),
                QPointF(middle, middle + 2.5),
                QPointF(ARROW_WIDTH - 1.5, middle - 2.5),
            ]
        )
        painter.end()
        _ARROWS[colour.name()] = found
    return QIcon(found)


class CellDelegate(QStyledItemDelegate):
    """Pickers for choices, dates and scores; a plain line for text, saved as you type.

    A text cell is committed after a short pause in typing, not only when the cell
    is left, so a crash in the middle of a long point loses at most the last second.
    While its editor is open the editor is the truth: the model's echo of a live
    save must not move the cursor or drop the space just typed.
    """

    refused = Signal(str)  # a typed score or date that could not be read, in words
    # the same, said while the editor stays open holding what was typed: only this is
    # "not saved" (what a closed cell refused is gone, and the note under the table says so)
    held = Signal(str)

    def __init__(
        self,
        fields: Sequence[Field],
        parent: Any = None,
        draft: MeetingDraft | None = None,
        required: Callable[[str], bool] = lambda _attr: False,
    ) -> None:
        super().__init__(parent)
        self.fields = fields
        self.draft = draft  # for spell checking the free-text cells
        self.required = required  # whether a column may be left empty

    def createEditor(
        self, parent: QWidget, option: Any, index: QModelIndex | QPersistentModelIndex
    ) -> QWidget:
        f = self.fields[index.column()]
        if f.kind == "choice" and f.row_choices is not None:
            # a rule narrows what this row may pick (one score per person)
            row_id = index.model().row_id(index.row())  # type: ignore[attr-defined]
            narrowed = ChoiceBox(parent)
            for label, value in f.row_choices(row_id):
                narrowed.addItem(label, value)
            narrowed.activated.connect(lambda _i, b=narrowed: self._picked(b))
            return narrowed
        if f.kind == "choice" and f.choices:
            box = ChoiceBox(parent)
            for label, value in (f.picker or f.choices)():
                box.addItem(label, value)
            box.activated.connect(lambda _i, b=box: self._picked(b))  # a pick saves at once
            return box
        if f.kind in ("date", "score"):
            line = _CheckedLine(parent, f.kind, self.required(f.attr), f.label)
            line.picked.connect(lambda e=line: self._picked(e))
            return line
        if f.spelled:  # the long free text: points, the child's words, actions
            grower = GrowingTextEditor(parent)
            pause = grower.pause = QTimer(grower)
            pause.setSingleShot(True)
            pause.setInterval(TYPING_PAUSE_MS)
            pause.timeout.connect(lambda e=grower: self.commitData.emit(e))
            grower.textChanged.connect(lambda b=grower, t=pause: None if b.loading else t.start())
            grower.finished.connect(lambda b=grower: self._picked(b))  # Enter saves and closes
            if self.draft is not None:
                install_spelling(grower, self.draft)
            return grower
        editor = super().createEditor(parent, option, index)
        if isinstance(editor, QLineEdit):
            pause = QTimer(editor)
            pause.setSingleShot(True)
            pause.setInterval(TYPING_PAUSE_MS)
            pause.timeout.connect(lambda e=editor: self.commitData.emit(e))
            editor.textEdited.connect(lambda _t, t=pause: t.start())
        return editor

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        """A choice cell that can be changed shows a drop-down's arrow at its right.

        Without it the child's voice "How" looked like a text box, and typing into it
        looked like nothing happening; the arrow is drawn as the cell's decoration, so
        the text wraps before it rather than under it.
        """
        super().initStyleOption(option, index)
        if (
            self.fields[index.column()].kind == "choice"
            and index.flags() & Qt.ItemFlag.ItemIsEditable
        ):
            option.features |= QStyleOptionViewItem.ViewItemFeature.HasDecoration
            option.icon = drop_down_arrow()
            option.decorationPosition = QStyleOptionViewItem.Position.Right
            option.decorationAlignment = Qt.AlignmentFlag.AlignCenter
            option.decorationSize = QSize(ARROW_WIDTH, ARROW_WIDTH)

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        """As tall as the cell's words wrapped in the box the style draws them in.

        Qt measures a wrapped cell across the column's whole width, but the style
        sheet's padding (``QTableView::item``) takes some of it away when it paints:
        a name just wider than that box was measured as one line and drawn as
        "Amal …". Here the words are wrapped in the painted box itself, so the row
        grows to them instead of cutting them.
        """
        hint = super().sizeHint(option, index)
        view = self.parent()
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        if not text or not isinstance(view, QTableView):
            return hint
        drawn = QStyleOptionViewItem(option)
        self.initStyleOption(drawn, index)
        drawn.features |= QStyleOptionViewItem.ViewItemFeature.WrapText
        tall = 1 << 16
        drawn.rect = QRect(0, 0, view.columnWidth(index.column()), tall)
        box = view.style().subElementRect(QStyle.SubElement.SE_ItemViewItemText, drawn, view)
        margin = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
        wrapped = drawn.fontMetrics.boundingRect(
            QRect(0, 0, max(1, box.width() - 2 * margin), tall),
            int(Qt.TextFlag.TextWordWrap | Qt.TextFlag.TextWrapAnywhere),
            text,
        )
        return hint.expandedTo(QSize(hint.width(), wrapped.height() + tall - box.height()))

    def _picked(self, box: QWidget) -> None:
        """Save a pick (from a list, the calendar, or Enter in a text box) and close the cell.

        The keyboard goes back to the table, on the same cell, so Tab and Shift+Tab move
        on from it as they do after typing. A pick from a drop-down's list closes the
        list first, which leaves the focus in no widget of the window; the view then
        does not take it back by itself, and Tab went to the next button on the page.
        """
        self.commitData.emit(box)
        self.closeEditor.emit(box, QStyledItemDelegate.EndEditHint.NoHint)
        view = self.parent()
        if isinstance(view, QAbstractItemView):
            view.setFocus(Qt.FocusReason.OtherFocusReason)

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        editor.setAccessibleName(self.fields[index.column()].label)  # read out as it opens
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(value)))
        elif isinstance(editor, _CheckedLine):
            if not editor.property("cinchair_loaded"):
                editor.setProperty("cinchair_loaded", True)
                editor.show_value(value)
        elif isinstance(editor, GrowingTextEditor):
            if editor.property("cinchair_loaded"):
                return  # a live save echoing back: keep what is being typed
            editor.setProperty("cinchair_loaded", True)
            editor.loading = True
            editor.setPlainText(str(value or ""))
            editor.moveCursor(QTextCursor.MoveOperation.End)
            editor.loading = False
        elif isinstance(editor, QLineEdit):
            if editor.property("cinchair_loaded"):
                return  # a live save echoing back: keep what is being typed
            editor.setProperty("cinchair_loaded", True)
            super().setEditorData(editor, index)
        else:
            super().setEditorData(editor, index)

    def setModelData(
        self, editor: QWidget, model: Any, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
        elif isinstance(editor, GrowingTextEditor):
            if editor.pause is not None:
                editor.pause.stop()  # saved now: the pause's save would come after it closed
            model.setData(index, editor.toPlainText(), Qt.ItemDataRole.EditRole)
        elif isinstance(editor, _CheckedLine):
            problem = editor.problem()
            if problem:  # refused, in words; the cell keeps what it had
                label = self.fields[index.column()].label
                self.refused.emit(f"{label}: {problem}. The cell keeps what it had.")
                return
            model.setData(index, editor.value(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)

    def updateEditorGeometry(
        self, editor: QWidget, option: Any, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        if isinstance(editor, GrowingTextEditor):
            editor.place(option.rect)
        elif isinstance(editor, QComboBox):
            # the whole cell: Qt's default leaves out the padding and the cell's own
            # arrow, which squeezed the open list's box to "Professiona" beside a
            # second arrow
            editor.setGeometry(option.rect)
        else:
            super().updateEditorGeometry(editor, option, index)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter or Tab on a score or date that cannot be read keeps the cell open."""
        if (
            isinstance(watched, _CheckedLine)
            and event.type() == QEvent.Type.KeyPress
            and event.key()  # type: ignore[attr-defined]
            in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
        ):
            problem = watched.problem()
            if problem:
                watched.setStyleSheet(f"border: 2px solid {theme.error_colour().name()};")
                watched.setAccessibleDescription(problem)
                self.held.emit(f"{watched.label}: {problem}")
                return True
        return super().eventFilter(watched, event)
