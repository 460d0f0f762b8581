"""An editable table of a meeting's rows (people, points, actions...), saved cell by cell.

One model/view pair serves every list in the agenda: the columns are described
by ``Field``s, the rows are read through the ``MeetingDraft``, and an edited cell
is saved the moment it is committed. Adding, removing and moving rows go through
the draft's undoable steps, so Ctrl+Z brings back a deleted row exactly.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import (
    QEvent,
    QObject,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QStyleOptionComboBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cinchair.meetings.draft import MeetingDraft, keeps_order
from cinchair.meetings.new_rows import NothingToAdd, RowFactory
from cinchair.meetings.tables import RowsOf
from cinchair.ui import theme
from cinchair.ui.meeting.cell_editors import CellDelegate
from cinchair.ui.meeting.row_model import Field, RowTableModel
from cinchair.ui.tokens import GRID
from cinchair.ui.widgets.row_icons import RowButton


class RowTable(QWidget):
    """The table with Add, Remove, Up and Down; keyboard: Insert, Delete, Alt+Up/Down."""

    problem_changed = Signal()  # a refusal shown under the table, or cleared

    def __init__(
        self,
        draft: MeetingDraft,
        orm_model: type,
        fields: Sequence[Field],
        rows_of: Callable[[], RowsOf],
        make_row: RowFactory,
        *,
        noun: str,
        add_label: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """``add_label`` names the Add button where ``&Add`` would share its access key
        with another control on the same page (two tables on one page, say)."""
        super().__init__(parent)
        self.draft, self.orm_model, self.make_row, self.noun = draft, orm_model, make_row, noun
        self.model = RowTableModel(draft, orm_model, fields, rows_of, self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setAccessibleName(f"{noun.capitalize()}s")
        self.delegate = CellDelegate(
            fields, self.view, draft, lambda attr: not self.model._nullable(attr)
        )
        # a committed cell clears the last refusal first, so one found while saving stays
        self.delegate.commitData.connect(lambda _editor: self.show_problem(""))
        self.view.setItemDelegate(self.delegate)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.view.setTabKeyNavigation(True)
        self.view.setWordWrap(True)
        self.view.verticalHeader().setVisible(False)
        # rows grow to show all their wrapped text (these tables hold tens of rows, not
        # thousands, so measuring each is cheap)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        # squeezed (200% on a laptop) a heading ends in "…", its tooltip whole: never cut
        # at both ends as a centred heading was
        self.view.horizontalHeader().setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.viewport().installEventFilter(self)
        self._natural: list[int] | None = None  # see fit_columns
        self.model.modelReset.connect(self._measure_again)
        # room for three two-line rows at least; at 125% on a 1366x768 screen the page
        # scrolls instead of squeezing a table down to a single row
        line = self.view.fontMetrics().lineSpacing()
        self.view.setMinimumHeight(line * 2 + 3 * (line * 2 + 8))

        # one main button in words; what acts on the selected row is a small icon
        self.add_button = QPushButton(add_label or f"&Add {noun}", self)
        self.add_button.setToolTip(f"Add {noun} (Insert)")
        theme.set_primary(self.add_button)
        self.remove_button = RowButton(
            "remove",
            f"Remove the selected {noun}",
            f"Remove the selected {noun} (Delete; Ctrl+Z puts it back)",
            self,
        )
        self.up_button = RowButton("up", f"Move the {noun} up", "Move up (Alt+Up)", self)
        self.down_button = RowButton("down", f"Move the {noun} down", "Move down (Alt+Down)", self)
        buttons = QHBoxLayout()
        buttons.setSpacing(GRID // 2)
        buttons.addWidget(self.add_button)
        buttons.addSpacing(GRID // 2)
        for button in (self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        # what was refused (a score of 11, a date that is not one), said in words
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName(f"{noun.capitalize()}s: what could not be saved")
        self.problem.setStyleSheet(theme.text_style(theme.error_colour(), bold=True))
        self.problem.hide()
        # True while the note speaks of a value still typed in an open cell; a refusal with
        # nothing left waiting (no room for another score, a closed cell that kept what it
        # had) is a note under the table, never a failed save on the foot line
        self.waiting = False
        self.delegate.refused.connect(self.show_problem)
        self.delegate.held.connect(lambda message: self.show_problem(message, waiting=True))
        self.delegate.closeEditor.connect(lambda *_: self._nothing_waits())
        self.model.refused.connect(self.show_problem)
        # rows added, removed, moved or read again: a note about the old rows no longer stands
        self.model.modelReset.connect(self._situation_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.problem)
        layout.addLayout(buttons)

        self.add_button.clicked.connect(self.add)
        self.remove_button.clicked.connect(self.remove)
        self.up_button.clicked.connect(lambda: self.move_row(-1))
        self.down_button.clicked.connect(lambda: self.move_row(+1))
        self.view.installEventFilter(self)
        # rows with no order of their own (consents, scores) offer no Move at all
        self.movable = keeps_order(orm_model)
        self.up_button.setVisible(self.movable)
        self.down_button.setVisible(self.movable)
        self.model.reload()
        self.view.selectionModel().currentChanged.connect(lambda *_: self._row_buttons())
        self.model.modelReset.connect(self._row_buttons)
        self._row_buttons()
        if self.model.final:  # signed: shown, not changed, and no button says otherwise
            buttons_of_rows: tuple[QWidget, ...] = (
                self.add_button,
                self.remove_button,
                self.up_button,
                self.down_button,
            )
            for shown in buttons_of_rows:
                shown.setEnabled(False)
                shown.hide()

    def _row_buttons(self) -> None:
        """Remove and Move act on the selected row: greyed while none is chosen."""
        chosen = self.view.currentIndex().isValid() and not self.model.final
        for button in (self.remove_button, self.up_button, self.down_button):
            button.setEnabled(chosen)

    def fit_columns(self) -> None:
        """Every column in view at any width: no sideways scrolling at 1366x768 or 200%.

        Short columns (pickers, dates, ticks) get what their words need; the columns
        of free text share the rest. When even that does not fit, all shrink together
        and the cells wrap, rather than pushing a column out of sight.
        """
        if self._natural is None:
            self._natural = self._natural_widths()
        available = self.view.viewport().width()
        natural = list(self._natural)
        free = [column for column, f in enumerate(self.model.fields) if f.stretch]
        spare = available - sum(natural)
        if spare >= 0 and free:
            for column in free:
                natural[column] += spare // len(free)
        elif spare < 0:
            natural = self._squeezed(natural, available)
        header = self.view.horizontalHeader()
        for column, width in enumerate(natural):
            header.resizeSection(column, width)

    def _squeezed(self, natural: list[int], available: int) -> list[int]:
        """Too little room: columns give up what they hold beyond their heading, in
        proportion, so every heading stays whole (seen on screen at 1366x768: sharing
        the squeeze equally cut "Attendance" and "Copy" to "Attendan…" and "C…"). Text
        columns give first, down to about ten letters; then pickers and dates, down to
        their heading; only when that is not enough do all shrink together."""
        heading = self.view.horizontalHeader().fontMetrics()
        letters = self.view.fontMetrics().horizontalAdvance("x" * 10)
        fields = self.model.fields
        headed = [heading.horizontalAdvance(f.heading) + GRID * 4 for f in fields]
        text_floor = [
            max(low, letters) if f.kind == "text" else width
            for width, low, f in zip(natural, headed, fields, strict=True)
        ]
        widths = list(natural)
        for floor in (text_floor, headed):
            floor = [min(low, width) for low, width in zip(floor, widths, strict=True)]
            extra = [width - low for width, low in zip(widths, floor, strict=True)]
            deficit = sum(widths) - available
            if deficit <= 0:
                return widths
            if deficit <= sum(extra):
                keep = 1 - deficit / sum(extra)
                return [low + int(more * keep) for low, more in zip(floor, extra, strict=True)]
            widths = floor
        scale = available / max(1, sum(widths))
        return [int(width * scale) for width in widths]

    def _natural_widths(self) -> list[int]:
        """What each column's words need; measured once per reload, not on every resize
        (the people pickers read the store to list their choices)."""
        metrics = self.view.fontMetrics()
        # headings are drawn in the header's (bold) font, wider than the cells'
        heading = self.view.horizontalHeader().fontMetrics()
        natural = []
        for f in self.model.fields:
            label = heading.horizontalAdvance(f.heading) + 32
            if f.stretch:
                natural.append(max(label, metrics.horizontalAdvance("x" * 18)))
                continue
            if f.kind == "choice" and f.choices:
                words = [label for label, _v in f.choices()][:50]
                longest = max([metrics.horizontalAdvance(w) for w in words], default=0)
                width = longest + max(34, self._drop_down_chrome())
            elif f.kind == "date":
                width = metrics.horizontalAdvance("30 Sep 2026") + 40
            elif f.kind in ("bool", "score"):
                width = metrics.horizontalAdvance("10") + 50
            else:  # short text (a role, an agency): as wide as its longest entry
                values = [str(v[f.attr]) for _id, v in self.model._rows[:200] if v[f.attr]]
                longest = max((metrics.horizontalAdvance(v) for v in values), default=0)
                width = max(metrics.horizontalAdvance("x" * 14), longest + GRID * 3)
            natural.append(max(label, min(width, GRID * 36)))
        return natural

    def _drop_down_chrome(self) -> int:
        """What an open drop-down cell takes beside its words (the style sheet's padding,
        frame and arrow): a Who column sized for its words alone showed "Professiona"
        once opened."""
        box = QComboBox(self.view)
        box.addItem("x")
        box.resize(GRID * 40, box.sizeHint().height())
        option = QStyleOptionComboBox()
        box.initStyleOption(option)
        field = box.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, box
        )
        chrome = box.width() - field.width()
        box.deleteLater()
        return chrome + GRID

    def _measure_again(self) -> None:
        self._natural = None
        self.fit_columns()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Insert adds a row, Delete removes one, Alt+Up/Down move it (when no cell is open).

        Keys on the view rather than button shortcuts: a page with two tables would
        otherwise hold two Insert shortcuts, which Qt treats as ambiguous and ignores.
        """
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self.fit_columns()
        if watched is self.view and event.type() == QEvent.Type.KeyPress and not self.model.final:
            key, mods = event.key(), event.modifiers()  # type: ignore[attr-defined]
            if key == Qt.Key.Key_Insert and mods == Qt.KeyboardModifier.NoModifier:
                self.add()
                return True
            if key == Qt.Key.Key_Delete and mods == Qt.KeyboardModifier.NoModifier:
                self.remove()
                return True
            if mods == Qt.KeyboardModifier.AltModifier and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                # Alt+Down on a drop-down is Qt's key to open it: that wins over Move
                if self._current_field_kind() == "choice":
                    return self._open_drop_down()
                if self.movable:
                    self.move_row(-1 if key == Qt.Key.Key_Up else +1)
                    return True
        return super().eventFilter(watched, event)

    def _current_field_kind(self) -> str | None:
        index = self.view.currentIndex()
        return self.model.fields[index.column()].kind if index.isValid() else None

    def _open_drop_down(self) -> bool:
        """Open the current drop-down cell and its list, as Alt+Down does on any drop-down."""
        index = self.view.currentIndex()
        if not self.model.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return False
        self.view.edit(index)
        editor = self.view.indexWidget(index)
        if isinstance(editor, QComboBox):
            editor.showPopup()
        return True

    def current_id(self) -> str | None:
        index = self.view.currentIndex()
        return self.model.row_id(index.row()) if index.isValid() else None

    def select(self, row_id: str, column: int = 0) -> None:
        row = self.model.row_of(row_id)
        if row >= 0:
            self.view.setCurrentIndex(self.model.index(row, column))

    def show_problem(self, message: str, waiting: bool = False) -> None:
        """Say under the table what was refused; ``waiting`` when the typed value is
        still in its open cell, to correct (the foot line then says "Not saved")."""
        showing = self.problem.isVisibleTo(self)
        self.waiting = bool(message) and waiting
        self.problem.setText(f"⚠ {message}" if message else "")
        self.problem.setVisible(bool(message))
        if showing or message:
            self.problem_changed.emit()

    def _nothing_waits(self) -> None:
        """The cell closed (given up with Escape, or saved): no typed value waits."""
        if self.waiting:
            self.waiting = False
            self.problem_changed.emit()

    def _situation_changed(self) -> None:
        if self.problem.isVisibleTo(self) and not self.waiting:
            self.show_problem("")

    def add(self) -> None:
        try:
            row_id = self.draft.add(f"Add {self.noun}", self.make_row)
        except NothingToAdd as reason:
            self.show_problem(f"No {self.noun} added: {reason}.")
            return
        self.model.reload()
        self.select(row_id, self.first_typed_column())
        self.view.setFocus()
        self.view.edit(self.view.currentIndex())

    def first_typed_column(self) -> int:
        """Where a new row opens for typing: its first column, unless that is a choice.

        A point opened on its "Said by" list took the point's words as a search of the
        list and dropped them (seen on screen). After a leading choice (which has a
        sensible default) a new row opens where the chair types: the point's or the
        child's words, or a score; the choice is a step back.
        """
        fields = self.model.fields
        if fields and fields[0].kind == "choice":
            typed = (n for n, f in enumerate(fields) if f.spelled or f.kind == "score")
            return next(typed, 0)
        return 0

    def remove(self) -> None:
        row_id = self.current_id()
        if row_id is None:
            return
        row = self.view.currentIndex().row()
        self.draft.remove(f"Remove {self.noun}", self.orm_model, row_id)
        self.model.reload()
        if self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(min(row, self.model.rowCount() - 1), 0))

    def move_row(self, delta: int) -> None:
        row_id = self.current_id()
        if row_id is None or not self.movable:
            return
        column = self.view.currentIndex().column()
        word = "up" if delta < 0 else "down"
        if self.draft.move(f"Move {self.noun} {word}", self.orm_model, row_id, delta):
            self.model.reload()
            self.select(row_id, column)
