"""The family view: the meeting in large, plain type, on the screen the family can see.

A separate window (full screen on a second display when there is one) showing
the framework's headings as columns with who said what, the child's own words,
the scaling line with everyone's score and the plan's next actions with who and
by when. It is filled from ``cinchair.family.family_board``, which leaves out
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
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import (
    QAction,
    QFont,
    QGuiApplication,
    QKeySequence,
    QResizeEvent,
    QShortcut,
)
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

from cinchair.editing import MeetingDraft
from cinchair.family import Action, Column, FamilyBoard, family_board
from cinchair.profiles import Profile
from cinchair.ui.family_scaling import INK, SOFT, ScalingLine

TOGGLE_KEY = Qt.Key.Key_F10
BACKGROUND = "#fbfaf6"
COLUMN_COLOURS = ["#e6f4ea", "#fdecea", "#e8f0fe", "#fff4e0"]  # pale, one per heading
BAND_COLOUR, WORDS_COLOUR = "#f1efe8", "#fff6dc"
# each role's size as a multiple of the body size; title and hint follow the window
SIZES = {
    "title": 1.25,
    "hint": 0.6,
    "heading": 1.1,
    "body": 1.0,
    "words": 1.0,
    "cell": 0.9,
    "who": 0.8,
    "small": 0.72,
    "more": 0.7,
}
# the scaling line's share of the bottom band's width: the widest at which all still fits
SCALING_SHARES = (0.3, 0.34, 0.38, 0.42, 0.46, 0.5)
MIN_BODY_PIXELS = 12  # below this nobody reads it from the sofa; scroll inside instead
SMALLEST_SHARE = 0.6  # nor below this share of the window's own body size


class BoardLabel(QLabel):
    """A label that knows its role (title, body, who...), which sets its size.

    The role is kept in Python as well as in a Qt property (for the style sheet):
    in PySide6 6.12 reading an unset Qt property hands back None one reference
    short, which crashes the interpreter when done often enough.
    """

    def __init__(self, text: str, parent: QWidget, role: str) -> None:
        super().__init__(text, parent)
        self.role = role
        self.setProperty("role", role)


def _label(text: str, parent: QWidget, role: str, *, wrap: bool = True) -> BoardLabel:
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
    if widget.layout() is not None:
        widget.layout().invalidate()


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
        self.more = _label("more ↓", self, "more", wrap=False)
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
        self.heading = _label(heading, self, "heading")
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
            points.addWidget(_label(f"• {point.text}", self.area.content, "body"))
            who = _label(point.who, self.area.content, "who")
            self.who_labels.append(who)
            points.addWidget(who)
        if not column.points:
            points.addWidget(_label("Nothing yet", self.area.content, "who"))
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
        header = [_label(text, self.area.content, "small") for text in ("What", "Who", "By when")]
        rows = [header]
        for action in actions:
            row = [
                _label(("✓ " if action.done else "") + action.what, self.area.content, "body"),
                _label(action.who, self.area.content, "cell"),
                _label(action.when, self.area.content, "cell", wrap=False),
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
            self.grid.addWidget(_label("No actions yet", self.area.content, "who"), 1, 0, 1, 3)
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
        self.zero = _label(f"0: {board.zero_means}" if board.zero_means else "", self, "who")
        self.ten = _label(f"10: {board.ten_means}" if board.ten_means else "", self, "who")
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


@dataclass(frozen=True)
class Fit:
    """How the board is laid out at one body size; ``fits`` when nothing needs scrolling."""

    px: int
    top: int  # where the columns start
    available: int  # from there to the bottom margin
    column_needs: tuple[int, ...]
    words: int
    scaling: int
    actions: int
    share: float  # of the band's width, for the scaling line

    @property
    def columns(self) -> int:
        return max(self.column_needs, default=0)

    @property
    def band(self) -> int:
        return max(self.scaling, self.actions)

    def fits(self, gap: int) -> bool:
        spaced = gap * (1 + bool(self.words))
        return self.columns + self.words + self.band + spaced <= self.available

    def heights(self, gap: int) -> tuple[int, int]:
        """How tall the columns and the bottom band are drawn; leftover goes to the columns.

        When not everything fits, the band keeps its scaling line whole and at most half
        of what is left, and the columns have the rest.
        """
        words = self.words + gap if self.words else 0
        band = self.band
        if not self.fits(gap):
            band = max(self.scaling, min(self.band, (self.available - words - gap) // 2))
        return max(self.available - words - gap - band, 0), band

    def overflowing(self, gap: int) -> set[int]:
        """The parts that would scroll inside themselves: columns by number, -1 the actions."""
        columns, band = self.heights(gap)
        parts = {number for number, need in enumerate(self.column_needs) if need > columns}
        return parts | ({-1} if self.actions > band else set())


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
            f'QLabel[role="who"], QLabel[role="small"], QLabel[role="hint"], '
            f'QLabel[done="true"] {{ color: {SOFT}; }} '
            f'QLabel[role="words"] {{ background: {WORDS_COLOUR}; border-radius: 12px; }} '
            f'QLabel[role="more"] {{ color: white; background: {INK}; border-radius: 8px; '
            f"padding: 1px 10px; }}"
        )
        self.setAutoFillBackground(True)
        self.board: FamilyBoard | None = None

        self.title = _label("", self, "title")
        self.hint = _label("F10 hides this screen", self, "hint", wrap=False)
        self.child_words = _label("", self, "words")
        self.columns: list[ColumnPanel] = []
        self.scaling: ScalingPanel | None = None
        self.actions: ActionsPanel | None = None
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

    def showEvent(self, event: QEvent) -> None:  # type: ignore[override]
        self.refresh()
        super().showEvent(event)

    def refresh(self) -> None:
        board = self.draft.read(lambda s, m: family_board(s, m, self.profile))
        self.board = board
        self.title.setText(board.title)
        for old in (*self.columns, self.scaling, self.actions):
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
        self.actions = ActionsPanel(board.actions, board.plan_note, self)
        for panel in (*self.columns, self.scaling, self.actions):
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
            px = start if start == base or not fits(start + 1) else _largest(start + 1, base, fits)
        elif start > floor and fits(start - 1):
            px = start - 1
        else:
            px = _largest(floor - 1, start - 2, fits)
        fit = at(max(px, floor))
        if not fit.fits(self.gap):
            # too long even in the smallest type: that part scrolls anyway, so the rest
            # keeps the largest type at which nothing else has to scroll as well
            unavoidable = fit.overflowing(self.gap)
            fit = at(_largest(floor, base, lambda px: at(px).overflowing(self.gap) <= unavoidable))
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
        return [p for p in (*self.columns, self.scaling, self.actions) if p is not None]

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
        words = self.child_words.heightForWidth(inner) if self.board.child_words else 0
        splits = []
        for share in SCALING_SHARES if self.scaling is not None else (0.0,):
            _inner, _column, scaling_width, actions_width = self._widths(share)
            scaling = self.scaling.need(scaling_width) if self.scaling is not None else 0
            actions = self.actions.need(actions_width) if self.actions is not None else 0
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
        if self.actions is not None:
            self.actions.need(actions_width)  # its who and when columns, for this width
            self.actions.setGeometry(m + inner - actions_width, y, actions_width, band)

    def overflowing(self) -> list[OverflowArea]:
        """The parts that scroll inside themselves because they could not fit."""
        return [p.area for p in (*self.columns, self.actions) if p and p.area.overflows()]

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


def _largest(low: int, high: int, good: Callable[[int], bool]) -> int:
    """The largest n in [low, high] with ``good(n)``, given good(low) and that a size
    which is good has every smaller size good too: a binary search, since each try
    re-sets every font on the board."""
    while low < high:
        middle = (low + high + 1) // 2
        if good(middle):
            low = middle
        else:
            high = middle - 1
    return low


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
