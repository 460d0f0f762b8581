"""The signature pad, and the dialog in which one person signs, declines or signs later.

The pad records what the hand did, not a picture: strokes of points in the 600 by
200 pad coordinates of ``cinchair.meetings.ink`` (whatever size the widget is shown
at), from a mouse, a touchpad, a pen (tablet events, so a pen is not mistaken for
a mouse) or a finger (touch events). The core renders the PNG the documents show
from those strokes, so the app and the paper show the same mark.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QShortcut,
    QTabletEvent,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from cinchair.app.errors import ActionableError
from cinchair.meetings.ink import PAD_HEIGHT, PAD_WIDTH
from cinchair.meetings.signing import chair_role, role_as_chair
from cinchair.model import SignatureStatus, SignedDocument
from cinchair.ui import theme

MIN_STEP = 0.75  # pad pixels: closer points add nothing to the line, only bytes
DOCUMENT_WORDS = {SignedDocument.MINUTES: "The &minutes", SignedDocument.PLAN: "The &plan"}

Point = tuple[float, float]


class SignaturePad(QWidget):
    """Draw a signature with a mouse, touchpad, pen or finger; Clear and Undo last stroke."""

    changed = Signal()
    accepted = Signal()  # Enter pressed on a drawn signature

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._strokes: list[list[Point]] = []
        self._cleared: list[list[Point]] = []  # what Clear wiped, for Undo to restore
        self._drawing = False
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(PAD_WIDTH // 2, PAD_HEIGHT // 2)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setAccessibleName("Signature pad")
        self.setAccessibleDescription(
            "Sign here with a finger, a pen or the mouse. Ctrl+Z takes back the last stroke. "
            "Someone who cannot or will not sign: use Declined to sign or To sign later."
        )
        undo = QShortcut(QKeySequence.StandardKey.Undo, self, self.undo_stroke)
        undo.setContext(Qt.ShortcutContext.WidgetShortcut)

    # -- what was drawn ---------------------------------------------------------------

    def strokes(self) -> list[list[Point]]:
        """The strokes in pad coordinates (0-600 across, 0-200 down), as drawn."""
        return [list(stroke) for stroke in self._strokes]

    def is_empty(self) -> bool:
        return not any(self._strokes)

    def clear(self) -> None:
        """Wipe the pad, keeping what was there so Undo can bring it back: a parent's
        signature is not asked for twice because of one wrong key."""
        if self._strokes:
            self._cleared = self._strokes
        self._strokes = []
        self._drawing = False
        self.update()
        self.changed.emit()

    def can_undo(self) -> bool:
        return bool(self._strokes) or bool(self._cleared)

    def undo_stroke(self) -> None:
        """Take back the last stroke; on an empty pad after Clear, put the cleared one back."""
        if self._strokes:
            self._strokes.pop()
        elif self._cleared:
            self._strokes, self._cleared = self._cleared, []
        else:
            return
        self._drawing = False
        self.update()
        self.changed.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter on the pad accepts what is drawn (never clears it)."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not self.is_empty():
            self.accepted.emit()
            return
        super().keyPressEvent(event)

    # -- pad geometry -------------------------------------------------------------------

    def pad_rect(self) -> QRectF:
        """Where the 600 by 200 pad sits in the widget: as large as fits, centred."""
        scale = min(self.width() / PAD_WIDTH, self.height() / PAD_HEIGHT)
        width, height = PAD_WIDTH * scale, PAD_HEIGHT * scale
        return QRectF((self.width() - width) / 2, (self.height() - height) / 2, width, height)

    def to_pad(self, position: QPointF) -> Point:
        rect = self.pad_rect()
        scale = rect.width() / PAD_WIDTH
        x = (position.x() - rect.left()) / scale
        y = (position.y() - rect.top()) / scale
        return (min(max(x, 0.0), float(PAD_WIDTH)), min(max(y, 0.0), float(PAD_HEIGHT)))

    def to_widget(self, point: Point) -> QPointF:
        rect = self.pad_rect()
        scale = rect.width() / PAD_WIDTH
        return QPointF(rect.left() + point[0] * scale, rect.top() + point[1] * scale)

    def sizeHint(self) -> QSize:
        return QSize(PAD_WIDTH, PAD_HEIGHT)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return round(width * PAD_HEIGHT / PAD_WIDTH)

    # -- input: every kind of pointer ends in these three ----------------------------------

    def begin(self, position: QPointF) -> None:
        self._strokes.append([self.to_pad(position)])
        self._drawing = True
        self.update()

    def extend(self, position: QPointF) -> None:
        if not self._drawing:
            return
        point, stroke = self.to_pad(position), self._strokes[-1]
        last = stroke[-1]
        if abs(point[0] - last[0]) + abs(point[1] - last[1]) >= MIN_STEP:
            stroke.append(point)
            self.update()

    def finish(self, position: QPointF) -> None:
        if not self._drawing:
            return
        self.extend(position)
        self._drawing = False
        self.changed.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.begin(event.position())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self.extend(event.position())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.finish(event.position())

    def tabletEvent(self, event: QTabletEvent) -> None:
        """A pen: accepted here, so Qt does not also send it as a mouse."""
        kind = event.type()
        if kind == QEvent.Type.TabletPress:
            self.begin(event.position())
        elif kind == QEvent.Type.TabletMove:
            self.extend(event.position())
        elif kind == QEvent.Type.TabletRelease:
            self.finish(event.position())
        event.accept()

    def event(self, event: QEvent) -> bool:
        """A finger: the first touch point draws; accepted, so no mouse is made of it."""
        kind = event.type()
        if kind in (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd):
            points = event.points()  # type: ignore[attr-defined]
            if points:
                position = points[0].position()
                if kind == QEvent.Type.TouchBegin:
                    self.begin(position)
                elif kind == QEvent.Type.TouchUpdate:
                    self.extend(position)
                else:
                    self.finish(position)
            event.accept()
            return True
        if kind == QEvent.Type.TouchCancel:
            if self._drawing:
                self._drawing = False
                self.changed.emit()
            event.accept()
            return True
        return super().event(event)

    # -- drawing ------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = self.pad_rect()
        scale = rect.width() / PAD_WIDTH
        painter.fillRect(self.rect(), self.palette().window())
        paper = theme.tokens()  # a sheet of paper: white with dark ink (see the tokens)
        painter.fillRect(rect, QColor(paper.paper))
        painter.setPen(QPen(QColor(paper.paper_edge), 1))
        painter.drawRect(rect.adjusted(0, 0, -1, -1))
        base = rect.top() + rect.height() * 0.78
        painter.setPen(QPen(QColor(paper.paper_guide), max(1.0, scale), Qt.PenStyle.DashLine))
        painter.drawLine(
            QPointF(rect.left() + 24 * scale, base), QPointF(rect.right() - 24 * scale, base)
        )
        font = painter.font()
        font.setPixelSize(max(12, round(22 * scale)))
        painter.setFont(font)
        painter.setPen(QColor(paper.paper_hint))
        painter.drawText(QPointF(rect.left() + 8 * scale, base - 4 * scale), "×")
        if self.is_empty():
            painter.drawText(
                rect,
                Qt.AlignmentFlag.AlignCenter,
                "Sign here with a finger, a pen or the mouse",
            )
        pen = QPen(QColor(paper.ink), max(2.0, 3.0 * scale))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        for stroke in self._strokes:
            painter.drawPath(self._smooth(stroke))
        if self.hasFocus():
            painter.setPen(QPen(self.palette().highlight().color(), 2))
            painter.drawRect(rect.adjusted(1, 1, -2, -2))
        painter.end()

    def _smooth(self, stroke: list[Point]) -> QPainterPath:
        """Quadratic curves through the midpoints: a hand's line, not a polygon."""
        points = [self.to_widget(p) for p in stroke]
        path = QPainterPath(points[0])
        if len(points) == 1:
            path.lineTo(points[0] + QPointF(0.1, 0.1))  # a dot
            return path
        for here, following in pairwise(points[1:]):
            path.quadTo(here, (here + following) / 2)
        path.lineTo(points[-1])
        return path


@dataclass(frozen=True)
class Answer:
    """What one person gave: a signature, a refusal or "later", on which documents."""

    status: SignatureStatus
    documents: list[SignedDocument]
    name: str
    role: str
    strokes: list[list[Point]] = field(default_factory=list)
    reason: str = ""


class SignatureDialog(QDialog):
    """One person signs here: name and role, what they sign, the pad, and their choice.

    ``save`` stores the answer (one transaction); if it refuses, the message shows
    here and the dialog stays open with everything as it was, so nothing is lost.
    """

    def __init__(
        self,
        *,
        name: str,
        role: str,
        documents: list[SignedDocument],
        save: Callable[[Answer], None],
        chair: bool = False,
        note: str = "",
        start_with_reason: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.save = save
        self.setWindowTitle("Sign off as chair" if chair else "Signature")
        self.setAccessibleName("Signature")
        heading = QLabel(
            "Sign to agree these minutes and the plan, as they are now."
            if not chair
            else "You sign last, as chair: this signs off the minutes, and they become final.",
            self,
        )
        heading.setWordWrap(True)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        heading.setFont(font)
        self.name = QLineEdit(name, self)
        self.name.setAccessibleName("Signer's name")
        self.chair = chair
        # the chair's pad shows "Social Worker", not "chair (Social Worker)": the window's
        # title and heading already say they sign as chair; saved as the documents print it
        self.role = QLineEdit(role_as_chair(role) if chair else role, self)
        self.role.setAccessibleName("Signer's role")
        self.document_boxes: dict[SignedDocument, QCheckBox] = {}
        boxes = QHBoxLayout()
        for document in documents:
            box = QCheckBox(DOCUMENT_WORDS[document], self)
            box.setChecked(True)
            box.setEnabled(not chair)  # the chair signs everything the meeting produced
            box.toggled.connect(self._update)
            self.document_boxes[document] = box
            boxes.addWidget(box)
        boxes.addStretch(1)
        form = QFormLayout()
        form.addRow("&Name:", self.name)
        form.addRow("&Role:", self.role)
        form.addRow("Signing:", boxes)

        self.pad = SignaturePad(self)
        self.pad.changed.connect(self._update)
        self.clear_button = QPushButton("&Clear", self)
        self.clear_button.clicked.connect(self.pad.clear)
        self.clear_button.setToolTip("Clear the pad (Undo brings it back)")
        self.undo_button = QPushButton("&Undo last stroke", self)
        self.undo_button.clicked.connect(self.pad.undo_stroke)
        pad_tools = QHBoxLayout()
        pad_tools.addWidget(self.clear_button)
        pad_tools.addWidget(self.undo_button)
        pad_tools.addStretch(1)

        self.reason = QLineEdit(self)
        self.reason.setAccessibleName("Reason for not signing")
        self.reason.setPlaceholderText(
            "Why they declined (required), or when they will sign (optional)"
        )
        self.message = QLabel("", self)
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Signature message")
        self.message.setStyleSheet(theme.text_style(theme.error_colour(), bold=True))
        self.note = QLabel(note, self)
        self.note.setWordWrap(True)
        self.note.setVisible(bool(note))

        self.accept_button = QPushButton(
            "&Sign off as chair" if chair else "&Accept signature", self
        )
        self.accept_button.clicked.connect(self._accept_signature)
        theme.set_primary(self.accept_button)  # the one main action of the pad
        self.decline_button = QPushButton("&Declined to sign", self)
        self.decline_button.clicked.connect(self._declined)
        self.later_button = QPushButton("To sign &later", self)
        self.later_button.clicked.connect(self._later)
        cancel = QPushButton("Cancel", self)
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.accept_button)
        buttons.addStretch(1)
        buttons.addWidget(self.decline_button)
        buttons.addWidget(self.later_button)
        buttons.addWidget(cancel)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.pad, 1)
        layout.addLayout(pad_tools)
        if not chair:
            reason_form = QFormLayout()
            reason_form.addRow("If not signing, &why:", self.reason)
            layout.addLayout(reason_form)
        else:
            self.reason.hide()
            self.decline_button.hide()
            self.later_button.hide()
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        # No button answers Enter: in the name box it must not answer for anyone, and on
        # the pad it accepts what is drawn (the pad's own key), never Clear
        for button in (
            self.accept_button,
            self.decline_button,
            self.later_button,
            cancel,
            self.clear_button,
            self.undo_button,
        ):
            button.setAutoDefault(False)
            button.setDefault(False)
        self.pad.accepted.connect(self._accept_signature)
        self.resize(760, 560)
        self.answer: Answer | None = None
        self._update()
        (self.reason if start_with_reason else self.pad).setFocus()

    def documents(self) -> list[SignedDocument]:
        return [doc for doc, box in self.document_boxes.items() if box.isChecked()]

    def _update(self) -> None:
        ready = not self.pad.is_empty() and bool(self.documents())
        self.accept_button.setEnabled(ready)
        self.undo_button.setEnabled(self.pad.can_undo())
        self.clear_button.setEnabled(not self.pad.is_empty())

    def _give(self, status: SignatureStatus) -> None:
        answer = Answer(
            status=status,
            documents=self.documents(),
            name=self.name.text(),
            role=chair_role(self.role.text().strip()) if self.chair else self.role.text(),
            strokes=self.pad.strokes() if status is SignatureStatus.SIGNED else [],
            reason=self.reason.text(),
        )
        try:
            self.save(answer)
        except ActionableError as exc:  # refused by the meeting's rules, or already final
            self.message.setText(f"Not saved: {exc}")
            return
        self.answer = answer
        self.accept()

    def _accept_signature(self) -> None:
        if not self.pad.is_empty():
            self._give(SignatureStatus.SIGNED)

    def _declined(self) -> None:
        if not self.reason.text().strip():
            self.message.setText("Say why they declined to sign: the minutes record it.")
            self.reason.setFocus()
            return
        self._give(SignatureStatus.DECLINED)

    def _later(self) -> None:
        self._give(SignatureStatus.TO_SIGN_LATER)
