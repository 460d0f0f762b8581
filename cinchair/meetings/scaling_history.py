"""Each person's 0-10 scaling score across a case's meetings, and a chart of it.

Signs of Safety asks everyone round the table the same scaling question at every
review; what matters is how each answer moves. People are matched across meetings by
name, ignoring case and spacing (each meeting has its own participant rows), and a
meeting corrected by a later version counts once, as corrected.

The history of a meeting stops at that meeting, so its signed minutes never change
when later reviews are held. It travels in the meeting record (``scaling_history``)
so the minutes draw the same chart on any machine; ``chart_png`` draws it with Pillow
for both document formats, and the app paints the same data with Qt
(``cinchair.ui.meeting.scaling_chart``).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont
from sqlalchemy import select
from sqlalchemy.orm import Session

from cinchair.domain.bidi import isolate
from cinchair.domain.dates import format_day
from cinchair.model import Meeting

# Okabe and Ito's palette: told apart with every common colour-vision deficiency.
# Each line also has its own marker shape, so the chart survives a black-and-white copy.
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
MARKERS = ("circle", "square", "triangle", "diamond", "down", "circle-open", "square-open")


@dataclass(frozen=True)
class Occasion:
    """One meeting on the chart's time axis."""

    meeting_id: str
    held_on: date
    kind: str


@dataclass(frozen=True)
class Series:
    """One person's scores, one per occasion (None where they gave none)."""

    name: str
    scores: tuple[int | None, ...]


@dataclass(frozen=True)
class ScalingHistory:
    occasions: tuple[Occasion, ...]
    series: tuple[Series, ...]

    @property
    def worth_drawing(self) -> bool:
        """Two meetings with scores or more: a single meeting's table says it all."""
        return len(self.occasions) >= 2 and bool(self.series)

    def side_by_side(self) -> tuple[tuple[float, ...], ...]:
        """Per person and meeting, where to put the marker beside others with the same score.

        Equal scores would hide each other's markers; each person in a tie is shifted by a
        slot (-0.5, +0.5 for two, -1, 0, +1 for three...) so every answer stays visible.
        """
        slots = [[0.0] * len(self.occasions) for _ in self.series]
        for i in range(len(self.occasions)):
            by_score: dict[int, list[int]] = {}
            for number, series in enumerate(self.series):
                score = series.scores[i]
                if score is not None:
                    by_score.setdefault(score, []).append(number)
            for tied in by_score.values():
                for place, number in enumerate(tied):
                    slots[number][i] = place - (len(tied) - 1) / 2
        return tuple(tuple(row) for row in slots)

    def summary(self) -> str:
        """The chart in words, for screen readers and the text beside the picture."""
        if not self.series:
            return "No scaling scores recorded yet."
        dates = [format_day(o.held_on) for o in self.occasions]
        lines = [f"Scaling scores at {len(dates)} meetings, {dates[0]} to {dates[-1]}."]
        for s in self.series:
            given = [f"{score} on {day}" for score, day in zip(s.scores, dates, strict=True)]
            given = [g for g, score in zip(given, s.scores, strict=True) if score is not None]
            # the name isolated, so a right-to-left name cannot pull its scores into it
            lines.append(f"{isolate(s.name)}: {', '.join(given)}.")
        return " ".join(lines)

    def to_record(self) -> dict[str, Any]:
        return {
            "meetings": [
                {"meeting_id": o.meeting_id, "held_on": o.held_on.isoformat(), "kind": o.kind}
                for o in self.occasions
            ],
            "people": [{"name": s.name, "scores": list(s.scores)} for s in self.series],
        }

    @classmethod
    def from_record(cls, value: dict[str, Any]) -> ScalingHistory:
        occasions = tuple(
            Occasion(m["meeting_id"], date.fromisoformat(m["held_on"]), m["kind"])
            for m in value["meetings"]
        )
        series = tuple(Series(p["name"], tuple(p["scores"])) for p in value["people"])
        return cls(occasions, series)


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _superseded(session: Session, case_id: str) -> set[str]:
    """Meetings a later version corrects: only the correction counts."""
    return set(
        session.scalars(
            select(Meeting.previous_version_id).where(
                Meeting.case_id == case_id, Meeting.previous_version_id.is_not(None)
            )
        )
    )


def case_history(session: Session, case_id: str, *, up_to: str | None = None) -> ScalingHistory:
    """Every scored meeting of the case in date order, to ``up_to`` (a meeting id) if given.

    With ``up_to``, meetings held after it are left out, and so are others held the
    same day: a meeting's history is what was known when it was held.
    """
    meetings = session.scalars(
        select(Meeting)
        .where(Meeting.case_id == case_id)
        .order_by(Meeting.held_on, Meeting.created_at)
    ).all()
    gone = _superseded(session, case_id)
    last = session.get(Meeting, up_to) if up_to else None
    chosen: list[Meeting] = []
    for meeting in meetings:
        if meeting.id in gone and meeting.id != up_to:
            continue
        if last is not None and meeting.id != last.id and meeting.held_on >= last.held_on:
            continue
        if any(s.score is not None for s in meeting.scaling_scores):
            chosen.append(meeting)
    names: dict[str, str] = {}  # key -> name as last written
    scores: dict[str, dict[int, int]] = {}
    for index, meeting in enumerate(chosen):
        order = {p.id: p.sort_order for p in meeting.participants}
        for s in sorted(meeting.scaling_scores, key=lambda s: order.get(s.participant_id, 0)):
            if s.score is None:
                continue  # not yet scored
            key = _key(s.participant.name)
            names[key] = " ".join(s.participant.name.split())
            scores.setdefault(key, {})[index] = s.score
    occasions = tuple(Occasion(m.id, m.held_on, m.kind.value) for m in chosen)
    series = tuple(
        Series(names[key], tuple(by_index.get(i) for i in range(len(chosen))))
        for key, by_index in scores.items()
    )
    return ScalingHistory(occasions, series)


# --- the chart as a picture (documents) ------------------------------------------------------


@cache
def _font(path: Path, index: int, size: int) -> ImageFont.FreeTypeFont:
    # Basic layout: the runs arrive joined and in visual order (``image_runs``); a raqm
    # layout would reorder right-to-left text a second time.
    return ImageFont.truetype(str(path), size, index=index, layout_engine=ImageFont.Layout.BASIC)


def _text(
    draw: ImageDraw.ImageDraw,
    xy: tuple[float, float],
    text: str,
    size: int,
    fill: str,
    *,
    anchor_right: bool = False,
    centre: bool = False,
) -> float:
    """Draw one line in any script (font per run, see ``image_runs``); its width."""
    from cinchair.documents.scripts import image_runs

    runs = [(_font(path, index, size), part) for path, index, part in image_runs(text)]
    width = sum(font.getlength(part) for font, part in runs)
    x, y = xy
    if anchor_right:
        x -= width
    elif centre:
        x -= width / 2
    for font, part in runs:
        draw.text((x, y), part, fill=fill, font=font, anchor="lm")
        x += font.getlength(part)
    return width


def _marker(
    draw: ImageDraw.ImageDraw, shape: str, x: float, y: float, r: float, colour: str
) -> None:
    box = (x - r, y - r, x + r, y + r)
    if shape == "circle":
        draw.ellipse(box, fill=colour)
    elif shape == "circle-open":
        draw.ellipse(box, fill="white", outline=colour, width=max(2, int(r / 2.5)))
    elif shape == "square":
        draw.rectangle(box, fill=colour)
    elif shape == "square-open":
        draw.rectangle(box, fill="white", outline=colour, width=max(2, int(r / 2.5)))
    elif shape == "triangle":
        draw.polygon(
            [(x, y - r * 1.2), (x + r * 1.1, y + r * 0.8), (x - r * 1.1, y + r * 0.8)], fill=colour
        )
    elif shape == "down":
        draw.polygon(
            [(x, y + r * 1.2), (x + r * 1.1, y - r * 0.8), (x - r * 1.1, y - r * 0.8)], fill=colour
        )
    else:  # diamond
        draw.polygon(
            [(x, y - r * 1.3), (x + r * 1.3, y), (x, y + r * 1.3), (x - r * 1.3, y)], fill=colour
        )


def style_of(index: int) -> tuple[str, str]:
    """(colour, marker) of the ``index``-th person: the app and the documents agree."""
    return COLOURS[index % len(COLOURS)], MARKERS[index % len(MARKERS)]


def chart_png(history: ScalingHistory, *, width: int = 1800, height: int = 800) -> bytes:
    """The history as a line chart, PNG, drawn for print (about 150 dpi across a page)."""
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    unit = height / 800
    font_size, small = round(34 * unit), round(30 * unit)
    legend_w = width * 0.3
    left, right = 70 * unit, width - legend_w - 50 * unit
    top, bottom = 30 * unit, height - 80 * unit

    def y_of(score: float) -> float:
        return bottom - (bottom - top) * score / 10

    count = len(history.occasions)

    def x_of(index: int) -> float:
        if count == 1:
            return (left + right) / 2
        return left + 90 * unit + (right - left - 180 * unit) * index / (count - 1)

    for mark in range(0, 11):
        y = y_of(mark)
        draw.line(
            (left, y, right, y),
            fill="#D8D8D8" if mark % 5 else "#A0A0A0",
            width=max(1, round(2 * unit)),
        )
        _text(draw, (left - 14 * unit, y), str(mark), small, "#333333", anchor_right=True)
    draw.line((left, top, left, bottom), fill="#606060", width=max(1, round(2 * unit)))
    for index, occasion in enumerate(history.occasions):
        x = x_of(index)
        draw.line((x, bottom, x, bottom + 8 * unit), fill="#606060", width=max(1, round(2 * unit)))
        _text(
            draw,
            (x, bottom + 42 * unit),
            format_day(occasion.held_on),
            small,
            "#333333",
            centre=True,
        )
    slots = history.side_by_side()
    step = 20 * unit
    for number, series in enumerate(history.series):
        colour, shape = style_of(number)

        def at(i: int, score: int, number: int = number) -> tuple[float, float]:
            return x_of(i) + slots[number][i] * step, y_of(score)

        # Consecutive scores are joined; a meeting the person missed leaves a gap.
        for i in range(len(series.scores) - 1):
            a, b = series.scores[i], series.scores[i + 1]
            if a is not None and b is not None:
                draw.line((*at(i, a), *at(i + 1, b)), fill=colour, width=max(2, round(5 * unit)))
        for i, score in enumerate(series.scores):
            if score is not None:
                _marker(draw, shape, *at(i, score), 9 * unit, colour)
    # The legend: each person's marker, name and latest score.
    y = top + 10 * unit
    lx = width - legend_w
    for number, series in enumerate(history.series):
        colour, shape = style_of(number)
        draw.line((lx - 6 * unit, y, lx + 30 * unit, y), fill=colour, width=max(2, round(4 * unit)))
        _marker(draw, shape, lx + 12 * unit, y, 9 * unit, colour)
        latest = next((s for s in reversed(series.scores) if s is not None), None)
        label = _fit(series.name, legend_w - 100 * unit, font_size)
        _text(draw, (lx + 44 * unit, y), label, font_size, "#222222")
        _text(draw, (width - 16 * unit, y), str(latest), font_size, colour, anchor_right=True)
        y += 56 * unit
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def _fit(name: str, width: float, size: int) -> str:
    """The name cut with an ellipsis to fit the legend."""
    average = size * 0.55
    most = max(4, int(width / average))
    return name if len(name) <= most else name[: most - 1] + "…"
