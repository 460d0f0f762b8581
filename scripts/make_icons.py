"""Regenerate the app's raster icons from ``resources/icons/cinchair.svg``.

The SVG is the one drawing; everything else is made from it, so the icon can never
differ between the window, the taskbar, the Windows ``.exe`` and the Linux menu:

- ``cinchair-<size>.png`` for each size in ``SIZES``: what ``cinchair.ui.widgets.icon`` hands
  Qt (a window manager asking for 16 px gets a 16 px drawing, not a blurred 256 px one)
  and what IT copies into the freedesktop ``hicolor`` icon folders on Linux;
- ``cinchair.ico``: every size in one Windows icon, which ``build.spec`` gives both
  programs, so Explorer, the Start menu and the taskbar show it.

Qt's own SVG renderer draws each size (the same renderer the app uses for the SVG),
and Pillow writes the files, so running it twice gives the same bytes. Run it after
changing the SVG, then commit the PNG and ICO files:

    .venv/bin/python scripts/make_icons.py
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no screen needed, none wanted

from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
NAME = "cinchair"
SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(renderer: QSvgRenderer, size: int) -> Image.Image:
    """The drawing at ``size`` x ``size`` pixels, antialiased, with a transparent corner."""
    canvas = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    canvas.fill(Qt.GlobalColor.transparent)
    painter = QPainter(canvas)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    # Pillow wants straight (not premultiplied) alpha, row by row with no padding
    straight = canvas.convertToFormat(QImage.Format.Format_RGBA8888)
    pixels = bytes(straight.constBits())[: straight.bytesPerLine() * size]
    return Image.frombuffer(
        "RGBA", (size, size), pixels, "raw", "RGBA", straight.bytesPerLine(), 1
    ).copy()


def make_icons(svg: Path, out: Path) -> list[Path]:
    """Write the PNG of each size and the ICO holding them all; the paths written."""
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg} is not an SVG drawing Qt can read")
    out.mkdir(parents=True, exist_ok=True)
    images = {size: render(renderer, size) for size in SIZES}
    written = []
    for size, image in images.items():
        path = out / f"{NAME}-{size}.png"
        image.save(path, format="PNG", optimize=True)
        written.append(path)
    # the largest frame is the one saved; the others travel as its own drawings, so
    # Windows shows the 16 px rendering at 16 px rather than a shrunken 256 px one
    ico = out / f"{NAME}.ico"
    largest = images[max(SIZES)]
    largest.save(
        ico,
        format="ICO",
        sizes=[(size, size) for size in SIZES],
        append_images=[images[size] for size in SIZES if size != max(SIZES)],
    )
    written.append(ico)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args:
        print("usage: python scripts/make_icons.py  (no arguments)", file=sys.stderr)
        return 2
    svg = ICONS / f"{NAME}.svg"
    if not svg.is_file():
        print(f"make_icons: {svg} is missing", file=sys.stderr)
        return 1
    _app = QGuiApplication.instance() or QGuiApplication([])  # QPainter needs one
    try:
        written = make_icons(svg, ICONS)
    except (OSError, ValueError) as exc:
        print(f"make_icons: {exc}", file=sys.stderr)
        return 1
    for path in written:
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
