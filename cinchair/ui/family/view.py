"""The family view: the meeting in large, plain type, on the screen the family can see.

A separate window (full screen on a second display when there is one) showing
the framework's headings as columns with who said what, the child's own words,
the scaling line with everyone's score and the plan's next actions with who and
by when. It is filled from ``cinchair.meetings.family_screen.family_board``, which leaves out
everything confidential, and redrawn after every saved edit. F10 (or the Meeting
menu) shows and hides it.

A family on a sofa cannot scroll, so everything has to be on the screen at once:
the columns across the top, the child's words under them, and a bottom band with
the scaling line on the left and "What happens next" on the right. The type size
is chosen for the window: the largest size at which all of it fits, never larger
than the window's own comfortable size and never smaller than a floor. Only if the
content is still too tall at the floor does a column (or the actions) scroll
inside itself, with a "more" cue so the chair knows to say so.

It hides whenever the meeting page does: the lock, the F12 quick-hide, going back
to the case list. After the quick-hide or the lock it comes back as it was, since
the chair is back; a closed meeting takes it with it.

This module holds the window (its content, the type fitting and where it shows) and
the F10 control; the panels it places are in ``cinchair.ui.family.panels``, the type
sizes and the arithmetic of one fitting try in ``cinchair.ui.family.fit``, and the
scaling line in ``cinchair.ui.family.scaling``, so each can be read on its own.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import (
    QAction,
    QFont,
    QGuiApplication,
    QKeySequence,
    QResizeEvent,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import QWidget

from cinchair.meetings.draft import MeetingDraft
from cinchair.meetings.family_screen import FamilyBoard, family_board
from cinchair.profiles import Profile
from cinchair.ui.family.fit import (
    MIN_BODY_PIXELS,
    SCALING_SHARES,
    SIZES,
    SMALLEST_SHARE,
    Fit,
    largest,
)
from cinchair.ui.family.panels import (
    ActionsPanel,
    BoardLabel,
    ColumnPanel,
    OverflowArea,
    Panel,
    ScalingPanel,
    board_label,
)
from cinchair.ui.family.scaling import INK, SOFT

__all__ = ["TOGGLE_KEY", "BoardLabel", "FamilyView", "FamilyViewControl"]

TOGGLE_KEY = Qt.Key.Key_F10
BACKGROUND = "#fbfaf6"
COLUMN_COLOURS = ["#e6f4ea", "#fdecea", "#e8f0fe", "#fff4e0"]  # pale, one per heading
WORDS_COLOUR = "#fff6dc"


class FamilyView(QWidget):
    """The meeting on the family's screen; ``refresh`` redraws it from the store."""

    def __init__(self, draft: MeetingDraft, profile: Profile, parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self.draft, self.profile = draft, profile
        # never the child's name in a title: titles show on taskbars and screen shares
        self.setWindowTitle("cinchair: family view")
        self.setAccessibleName("Family view")
        self.setObjectName("familyView")
        self.setStyleSheet(
            f"#familyView {{ background: {BACKGROUND}; }} "
            f"QLabel {{ color: {INK}; background: transparent; }} "
            f'QLabel[board="who"], QLabel[board="small"], QLabel[board="hint"], '
            f'QLabel[done="true"] {{ color: {SOFT}; }} '
            f'QLabel[board="words"] {{ background: {WORDS_COLOUR}; border-radius: 12px; }} '
            f'QLabel[board="more"] {{ color: white; background: {INK}; border-radius: 8px; '
            f"padding: 1px 10px; }}"
        )
        self.setAutoFillBackground(True)
        self.board: FamilyBoard | None = None

        self.title = board_label("", self, "title")
        self.hint = board_label("F10 hides this screen", self, "hint", wrap=False)
        self.child_words = board_label("", self, "words")
        self.columns: list[ColumnPanel] = []
        self.scaling: ScalingPanel | None = None
        self.actions_panel: ActionsPanel | None = None
        self.fit: Fit | None = None
        self._fitted: tuple[int, int, int] | None = None
        self._generation = 0
        self._current_px = 0
        self.margin = self.gap = 16

        for key in (QKeySequence(TOGGLE_KEY), QKeySequence(Qt.Key.Key_Escape)):
            QShortcut(key, self, self.hide)
        draft.listeners.append(self._edited)
        self.resize(1100, 700)

    # -- content -------------------------------------------------------------------------

    def _edited(self) -> None:
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        self.refresh()
        super().showEvent(event)

    def refresh(self) -> None:
        board = self.draft.read(partial(family_board, profile=self.profile))
        self.board = board
        self.title.setText(board.title)
        for old in (*self.columns, self.scaling, self.actions_panel):
            if old is not None:
                old.hide()
                old.deleteLater()
        self.columns = [
            ColumnPanel(column, COLUMN_COLOURS[index % len(COLUMN_COLOURS)], self)
            for index, column in enumerate(board.columns)
        ]
        self.child_words.setVisible(bool(board.child_words))
        self.child_words.setText(
            "In the child's words: " + "  ".join(f"“{w}”" for w in board.child_words)
        )
        shows_scaling = bool(board.scaling_question or board.scores)
        self.scaling = ScalingPanel(board, self) if shows_scaling else None
        self.actions_panel = ActionsPanel(board.actions, board.plan_note, self)
        for panel in (*self.columns, self.scaling, self.actions_panel):
            if panel is not None:
                panel.show()  # at once, not on the next turn of the event loop
        self._generation += 1
        self._fit_type()

    # -- type that fits the window ----------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_type()

    def base_pixels(self) -> int:
        """The most comfortable body size: about 1/32 of the window's height."""
        return max(MIN_BODY_PIXELS, min(self.height() // 32, self.width() // 52))

    def floor_pixels(self) -> int:
        """The smallest body size the fitting may choose; past it, parts scroll inside."""
        return max(MIN_BODY_PIXELS, round(self.base_pixels() * SMALLEST_SHARE))

    def _fit_type(self) -> None:
        """The largest body size at which everything fits, then every part in its place.

        The search starts from the size that fitted last time, since an edit seldom
        changes it by more than a step; every measurement re-sets fonts, so fewer is better.
        """
        key = (self.width(), self.height(), self._generation)
        if key == self._fitted or self.board is None:
            return
        self._fitted = key
        base = self.base_pixels()
        self._size_frame(base)
        floor = self.floor_pixels()
        start = min(max(self._current_px or base, floor), base)
        measured: dict[int, Fit] = {}

        def at(px: int) -> Fit:
            if px not in measured:
                measured[px] = self._measure(px)
            return measured[px]

        def fits(px: int) -> bool:
            return px < floor or at(px).fits(self.gap)  # below the floor stands for "none"

        if fits(start):
            px = start if start == base or not fits(start + 1) else largest(start + 1, base, fits)
        elif start > floor and fits(start - 1):
            px = start - 1
        else:
            px = largest(floor - 1, start - 2, fits)
        fit = at(max(px, floor))
        if not fit.fits(self.gap):
            # too long even in the smallest type: that part scrolls anyway, so the rest
            # keeps the largest type at which nothing else has to scroll as well
            unavoidable = fit.overflowing(self.gap)
            fit = at(largest(floor, base, lambda px: at(px).overflowing(self.gap) <= unavoidable))
        if fit.px != self._current_px:
            fit = self._measure(fit.px)
        self.fit = fit
        self._arrange(fit)

    def _size_frame(self, base: int) -> None:
        """The title, the hint and the margins follow the window, not the content."""
        self.margin = max(8, round(base * 0.6))
        self.gap = max(6, round(base * 0.45))
        for label in (self.title, self.hint):
            size = round(base * SIZES[label.role])
            if label.font().pixelSize() != size:
                font = QFont(label.font())
                font.setPixelSize(size)
                font.setBold(label is self.title)
                label.setFont(font)

    def _apply_type(self, px: int) -> None:
        fonts: dict[tuple[int, bool], QFont] = {}
        labels = [self.child_words]  # not the panels of the last refresh, still to be deleted
        for panel in self._panels():
            labels += panel.findChildren(BoardLabel)
        for label in labels:
            size, bold = max(8, round(px * SIZES[label.role])), label.role == "heading"
            current = label.font()
            if current.pixelSize() != size or current.bold() != bold:
                if (size, bold) not in fonts:
                    font = QFont(current)
                    font.setPixelSize(size)
                    font.setBold(bold)
                    fonts[size, bold] = font
                label.setFont(fonts[size, bold])
        pad = max(6, round(px * 0.55))
        self.child_words.setContentsMargins(pad, round(pad * 0.6), pad, round(pad * 0.6))
        for panel in self._panels():
            panel.set_pixels(px)
        self._current_px = px

    def _panels(self) -> list[Panel]:
        return [p for p in (*self.columns, self.scaling, self.actions_panel) if p is not None]

    def _widths(self, share: float) -> tuple[int, int, int, int]:
        """The inner width, a column's width, the scaling panel's and the actions' widths
        when the scaling line takes ``share`` of the bottom band."""
        inner = self.width() - 2 * self.margin
        count = max(len(self.columns), 1)
        column = (inner - (count - 1) * self.gap) // count
        if self.scaling is None:
            return inner, column, 0, inner
        scaling = round((inner - self.gap) * share)
        return inner, column, scaling, inner - self.gap - scaling

    def _measure(self, px: int) -> Fit:
        """How tall each part is at body size ``px``, with the bottom band split so that
        the scaling line gets as much of it as still lets everything fit."""
        self._apply_type(px)
        inner, column, _s, _a = self._widths(SCALING_SHARES[0])
        hint = self.hint.sizeHint()
        title = self.title.heightForWidth(inner - hint.width() - self.gap)
        top = self.margin + max(title, hint.height()) + self.gap
        columns = tuple(c.need(column) for c in self.columns)
        shown = self.board is not None and bool(self.board.child_words)
        words = self.child_words.heightForWidth(inner) if shown else 0
        splits = []
        for share in SCALING_SHARES if self.scaling is not None else (0.0,):
            _inner, _column, scaling_width, actions_width = self._widths(share)
            scaling = self.scaling.need(scaling_width) if self.scaling is not None else 0
            actions = (
                self.actions_panel.need(actions_width) if self.actions_panel is not None else 0
            )
            crowded = self.scaling is not None and self.scaling.crowded(scaling_width)
            fit = Fit(
                px=px,
                top=top,
                available=self.height() - self.margin - top,
                column_needs=columns,
                words=words,
                scaling=scaling,
                actions=actions,
                share=share,
            )
            fits = fit.fits(self.gap)
            splits.append(((not fits, crowded, -share if fits else fit.band), fit))
        # fitting first, then names in one row near their marks, then the widest line;
        # when nothing fits, the shortest band, so the actions scroll as little as may be
        return min(splits, key=lambda split: split[0])[1]

    def _arrange(self, fit: Fit) -> None:
        """Put every part in its place; leftover height goes to the columns."""
        m, gap, width = self.margin, self.gap, self.width()
        inner, column, scaling_width, actions_width = self._widths(fit.share)
        hint = self.hint.sizeHint()
        self.hint.setGeometry(width - m - hint.width(), m, hint.width(), hint.height())
        self.title.setGeometry(m, m, inner - hint.width() - gap, fit.top - gap - m)
        words = fit.words + gap if fit.words else 0
        columns, band = fit.heights(gap)
        for index, panel in enumerate(self.columns):
            panel.setGeometry(m + index * (column + gap), fit.top, column, columns)
        y = fit.top + columns + gap
        if fit.words:
            self.child_words.setGeometry(m, y, inner, fit.words)
            y += words
        if self.scaling is not None:
            self.scaling.setGeometry(m, y, scaling_width, band)
        if self.actions_panel is not None:
            self.actions_panel.need(actions_width)  # its who and when columns, for this width
            self.actions_panel.setGeometry(m + inner - actions_width, y, actions_width, band)

    def overflowing(self) -> list[OverflowArea]:
        """The parts that scroll inside themselves because they could not fit."""
        return [p.area for p in (*self.columns, self.actions_panel) if p and p.area.overflows()]

    # -- where it shows ---------------------------------------------------------------------

    def show_for_family(self, beside: QWidget) -> None:
        """Full screen on another display if there is one; else over the chair's window."""
        here = beside.screen()
        others = [s for s in QGuiApplication.screens() if s is not here]
        if others:
            screen = others[0]
            self.setScreen(screen)
            self.setGeometry(screen.geometry())
            self.showFullScreen()
        else:
            self.setGeometry(here.availableGeometry() if here else self.geometry())
            self.showMaximized()
        self.raise_()
        self.activateWindow()


class FamilyViewControl(QObject):
    """The F10 action, and the rule that the family view hides with the meeting page.

    ``page`` is the meeting page: when it is hidden (the lock, F12, leaving the
    meeting) the family view goes too, and comes back with it if it was showing.
    """

    def __init__(self, draft: MeetingDraft, profile: Profile, page: QWidget) -> None:
        super().__init__(page)
        self.page = page
        self.view = FamilyView(draft, profile, page)
        self._was_showing = False
        self.action = QAction("&Family view (F10)", page)
        self.action.setCheckable(True)
        self.action.setShortcut(QKeySequence(TOGGLE_KEY))
        self.action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.action.setToolTip("Show the meeting to the family in large type, on a second screen")
        self.action.triggered.connect(self.toggle)
        page.addAction(self.action)
        page.installEventFilter(self)
        self.view.installEventFilter(self)

    def toggle(self) -> None:
        if self.view.isVisible():
            self.view.hide()
        elif self.page.isVisible():  # never over a lock, a blank or another case
            self.view.show_for_family(self.page)
        self.action.setChecked(self.view.isVisible())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.page and not event.spontaneous():
            if event.type() == QEvent.Type.Hide and self.view.isVisible():
                self._was_showing = True
                self.view.hide()
            elif event.type() == QEvent.Type.Show and self._was_showing:
                self._was_showing = False
                self.view.show_for_family(self.page)
        elif watched is self.view and event.type() in (QEvent.Type.Hide, QEvent.Type.Show):
            self.action.setChecked(event.type() == QEvent.Type.Show)
        return False
