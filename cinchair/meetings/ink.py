"""Signatures as pen strokes, and the PNG image documents show of them.

A signature is kept twice: the strokes as drawn (points on a 600 by 200 pad, in
the order the pen moved), which are the evidence, and a PNG rendered from them,
which is what DOCX and PDF embed. Rendering here, not in the UI, means a record
carried to another machine shows the same image.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence

from PIL import Image, ImageDraw

from cinchair.app.errors import ActionableError

PAD_WIDTH, PAD_HEIGHT = 600, 200
Stroke = Sequence[Sequence[float]]


# The record's schema holds at most this many strokes, and points in each.
MAX_STROKES, MAX_POINTS = 1000, 10000


class BadStrokes(ActionableError, ValueError):
    """Strokes that cannot be kept as a signature, with what is wrong in plain words."""


def clean_strokes(strokes: Sequence[Stroke]) -> list[list[list[float]]]:
    """``strokes`` as stored: lists of [x, y] on the pad, to a tenth of a pad pixel.

    Points a pen slid just past the edge are pulled back onto the pad; anything that
    is not a pair of finite numbers, or a mark with no points at all, is refused, so
    a signature on record is always one the documents can draw.
    """
    if not strokes or not any(len(stroke) for stroke in strokes):
        raise BadStrokes("a signature needs the signer's mark: nothing was drawn")
    if len(strokes) > MAX_STROKES:
        raise BadStrokes(f"a signature may have at most {MAX_STROKES} strokes")
    cleaned = []
    for number, stroke in enumerate(strokes, start=1):
        if len(stroke) > MAX_POINTS:
            raise BadStrokes(f"stroke {number} has more than {MAX_POINTS} points")
        points = []
        for point in stroke:
            try:
                x, y = (float(value) for value in point)
            except (TypeError, ValueError) as exc:
                raise BadStrokes(f"stroke {number} has a point that is not (x, y)") from exc
            if not (math.isfinite(x) and math.isfinite(y)):
                raise BadStrokes(f"stroke {number} has a point that is not a number")
            x = min(max(x, 0.0), float(PAD_WIDTH))
            y = min(max(y, 0.0), float(PAD_HEIGHT))
            points.append([round(x, 1), round(y, 1)])
        if points:
            cleaned.append(points)
    return cleaned


def strokes_to_png(strokes: Sequence[Stroke], scale: float = 1.0) -> bytes:
    """A transparent PNG of ``strokes`` in dark ink, cropped to the ink with a small margin."""
    width, height = round(PAD_WIDTH * scale), round(PAD_HEIGHT * scale)
    image = Image.new("RGBA", (width, height), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    pen = max(2, round(3 * scale))
    for stroke in strokes:
        points = [(float(x) * scale, float(y) * scale) for x, y in stroke]
        if len(points) == 1:
            x, y = points[0]
            draw.ellipse((x - pen / 2, y - pen / 2, x + pen / 2, y + pen / 2), fill="#1A2A4A")
        elif points:
            draw.line(points, fill="#1A2A4A", width=pen, joint="curve")
    box = image.getbbox()
    if box:
        margin = 6 * scale
        left, top, right, bottom = box
        image = image.crop(
            (
                max(0, left - margin),
                max(0, top - margin),
                min(width, right + margin),
                min(height, bottom + margin),
            )
        )
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def scribble(name: str) -> list[list[tuple[float, float]]]:
    """A plausible, repeatable hand-drawn mark for ``name`` (for the demo and tests).

    One looping stroke per word, its shape seeded by the letters, so each demo
    signer's mark looks different and is the same every run.
    """
    strokes = []
    x = 30.0
    for word in name.split() or [name]:
        seed = sum(ord(ch) * (i + 1) for i, ch in enumerate(word)) % 97
        points = []
        length = 40 + 14 * len(word)
        for step in range(0, 60):
            t = step / 59
            px = x + t * length
            wobble = math.sin(t * (8 + seed % 5) + seed) * (22 + seed % 9)
            loop = math.sin(t * 3.1 + seed / 7) * 18
            points.append((px, 110 + wobble + loop))
        strokes.append(points)
        x += length + 25
        if x > PAD_WIDTH - 60:
            break
    # The underline most people add.
    strokes.append([(30.0, 170.0), (min(x, PAD_WIDTH - 20), 160.0)])
    return strokes
