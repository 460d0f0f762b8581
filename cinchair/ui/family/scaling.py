"""The family view's scaling line: 0 to 10, and under each mark who gave that score.

Names are the hard part: several people often give the same score, and full names
are wide. The stacks of names are placed side by side under their marks where they
can be, slid aside no further than two marks, shortened to first names where that
is what fits, and only then dropped a tier.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from cinchair.domain.bidi import isolate
from cinchair.meetings.family_screen import Score

INK, SOFT, MARK = "#1d2433", "#5a6275", "#2b6cb0"
REACH = 10.0  # the leader line meets a box at least this far in from its corner


@dataclass(frozen=True)
class Stack:
    """The names that gave one score, boxed together under that mark."""

    score: int
    names: list[str]
    mark: float  # x of the score's mark on the line
    box: QRectF
    tier: int  # 0 right under the line; more when the stacks cannot sit side by side


class ScalingLine(QWidget):
    """The 0-10 line; under each mark, the names of everyone who gave that score.

    Stacks sit under their marks and are nudged sideways (never more than two marks
    away) so they never overlap, with a line from each mark to its names; when full
    names are too wide for that, first names are used, and only if even those do not
    fit does a stack go a tier lower.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scores: list[Score] = []
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setAccessibleName("Scaling line")

    def set_scores(self, scores: list[Score]) -> None:
        self.scores = scores
        self.setAccessibleDescription(
            "; ".join(f"{isolate(s.who)}: {s.score}" for s in scores) or "No scores yet"
        )
        self.updateGeometry()
        self.update()

    def names_font(self) -> QFont:
        font = QFont(self.font())
        font.setPixelSize(max(8, round(self.font().pixelSize() * 0.85)))
        return font

    def _ends(self, width: float) -> tuple[float, float, float]:
        """The line's left end, the gap between two marks, and the line's height."""
        metrics = QFontMetricsF(self.font())
        margin = metrics.horizontalAdvance("10") / 2 + 4
        return margin, (width - 2 * margin) / 10, metrics.lineSpacing() * 1.4

    def names(self, *, short: bool) -> dict[int, list[str]]:
        """Who gave each score; ``short`` gives first names where no two people share one."""
        firsts = [s.who.split()[0] if s.who.split() else s.who for s in self.scores]
        groups: dict[int, list[str]] = {}
        for s, first in zip(self.scores, firsts, strict=True):
            name = first if short and firsts.count(first) == 1 else s.who
            groups.setdefault(s.score, []).append(name)
        return dict(sorted(groups.items()))

    def stacks(self, width: float) -> list[Stack]:
        """Where each score's names go: in one row (full names, else first names) near
        their marks, or else in tiers."""
        names = QFontMetricsF(self.names_font())
        left, step, line_y = self._ends(width)
        top = line_y + QFontMetricsF(self.font()).lineSpacing() * 0.7
        pad, gap = names.lineSpacing() * 0.35, names.lineSpacing() * 0.4

        def sizes(short: bool) -> list[tuple[int, list[str], float, float, float]]:
            return [
                (
                    score,
                    who,
                    left + score * step,
                    min(max(names.horizontalAdvance(n) for n in who) + 2 * pad, width),
                    len(who) * names.lineSpacing() + pad,
                )
                for score, who in self.names(short=short).items()
            ]

        for short in (False, True):
            boxes = sizes(short)
            xs = _side_by_side([(m, w) for _s, _n, m, w, _h in boxes], width, gap, 2 * step)
            if xs is not None:
                return [
                    Stack(score, who, mark, QRectF(x, top, w, h), 0)
                    for (score, who, mark, w, h), x in zip(boxes, xs, strict=True)
                ]
        tiers: list[tuple[float, float]] = []  # per tier: right edge so far, height
        placed = []
        for score, who, mark, w, h in sizes(False):
            x = min(max(mark - w / 2, 0.0), max(width - w, 0.0))
            tier = next((i for i, (edge, _h) in enumerate(tiers) if edge + gap <= x), len(tiers))
            if tier == len(tiers):
                tiers.append((0.0, 0.0))
            tiers[tier] = (x + w, max(tiers[tier][1], h))
            placed.append((score, who, mark, tier, QRectF(x, 0, w, h)))
        offsets = [top]
        for _edge, height in tiers:
            offsets.append(offsets[-1] + height + gap)
        return [
            Stack(score, who, mark, box.translated(0, offsets[tier]), tier)
            for score, who, mark, tier, box in placed
        ]

    def crowded(self, width: int) -> bool:
        """True when the names cannot all sit in one row near their own marks."""
        return any(stack.tier for stack in self.stacks(width))

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        _left, _step, line_y = self._ends(width)
        line = QFontMetricsF(self.font()).lineSpacing()
        bottom = max((s.box.bottom() for s in self.stacks(width)), default=line_y + line * 1.6)
        return round(bottom + 2)

    def sizeHint(self) -> QSize:
        return QSize(400, self.heightForWidth(400))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        line = QFontMetricsF(self.font()).lineSpacing()
        left, step, y = self._ends(self.width())
        painter.setPen(QPen(QColor(INK), max(2.0, line / 9)))
        painter.drawLine(QPointF(left, y), QPointF(left + 10 * step, y))
        scored = {s.score for s in self.scores}
        for n in range(11):
            x = left + n * step
            painter.setPen(QPen(QColor(INK), 2))
            painter.drawLine(QPointF(x, y - line * 0.25), QPointF(x, y + line * 0.25))
            font = QFont(self.font())
            font.setBold(n in scored)
            painter.setFont(font)
            painter.setPen(QColor(MARK if n in scored else INK))
            number = QRectF(x - step / 2 - 8, y - line * 1.35, step + 16, line)
            painter.drawText(number, Qt.AlignmentFlag.AlignCenter, str(n))
        names = self.names_font()
        metrics = QFontMetricsF(names)
        painter.setFont(names)
        stacks = self.stacks(self.width())
        if not stacks:
            painter.setPen(QColor(SOFT))
            below = QRectF(0, y + line * 0.5, self.width(), line)
            painter.drawText(below, Qt.AlignmentFlag.AlignCenter, "No scores yet")
        radius = line * 0.22
        for stack in stacks:  # leader lines first, so no box is crossed by another's line
            box = stack.box
            reach = min(REACH, box.width() / 2)
            foot = QPointF(min(max(stack.mark, box.left() + reach), box.right() - reach), box.top())
            painter.setPen(QPen(QColor(MARK), 2))
            painter.drawLine(QPointF(stack.mark, y), foot)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(MARK))
            painter.drawEllipse(QPointF(stack.mark, y), radius, radius)
        for stack in stacks:
            box = stack.box
            painter.setBrush(QColor("#e8f0fe"))
            painter.setPen(QPen(QColor(MARK), 1))
            painter.drawRoundedRect(box, 6, 6)
            painter.setPen(QColor(INK))
            row = box.top() + metrics.lineSpacing() * 0.35 / 2
            for who in stack.names:
                text = metrics.elidedText(who, Qt.TextElideMode.ElideRight, box.width() - 6)
                cell = QRectF(box.left(), row, box.width(), metrics.lineSpacing())
                painter.drawText(cell, Qt.AlignmentFlag.AlignCenter, text)
                row += metrics.lineSpacing()
        painter.end()


def _side_by_side(
    stacks: list[tuple[float, float]], width: float, gap: float, reach: float
) -> list[float] | None:
    """Left edges for boxes (mark, width), in order, in one row inside ``width``.

    Each box is centred under its mark when there is room and otherwise slid aside,
    but never further than ``reach`` from its mark (a name beside the wrong number
    would mislead); None when that cannot be done.
    """
    edge, xs = 0.0, []  # left to right: centred, or pushed right by the box before
    for mark, w in stacks:
        xs.append(max(mark - w / 2, edge))
        edge = xs[-1] + w + gap
    right = width  # right to left: pulled back from the box after
    for i in range(len(stacks) - 1, -1, -1):
        xs[i] = min(xs[i], right - stacks[i][1])
        right = xs[i] - gap
    near = all(x - reach <= mark <= x + w + reach for x, (mark, w) in zip(xs, stacks, strict=True))
    return xs if near and (not xs or xs[0] >= 0) else None
