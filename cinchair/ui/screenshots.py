"""``cinchair screenshots``: every page of the demo meeting as PNG, with no screen needed.

So the README can show the app, and anyone can see it without running it. Runs Qt
offscreen as a window filling a screen of the common council laptop size (1366x768
physical pixels) by default, at a chosen display scaling: at 125% the window has
1093x614 logical pixels to lay out in, which is where crowding shows first.
"""

from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path

SIZE = (1366, 768)


def take(out: Path, scale: float = 1.0, *, screen: tuple[int, int] = SIZE) -> list[Path]:
    """Write the case list and each agenda step of the demo review to ``out``."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if scale != 1.0:
        os.environ["QT_SCALE_FACTOR"] = str(scale)
    from PySide6.QtWidgets import QApplication

    from cinchair.demo import build_demo
    from cinchair.store import Store, sqlite_url
    from cinchair.ui.app import make_main_window

    app = QApplication.instance() or QApplication([])
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        demo = build_demo(Path(tmp) / "demo.sqlite3")
        with Store.open(sqlite_url(demo.store_path), actor="screenshots") as store:
            window = make_main_window(store, today=date(2026, 11, 23), demo=True)
            window.resize(round(screen[0] / scale), round(screen[1] / scale))
            window.show()
            app.processEvents()
            path = out / "00-case-list.png"
            window.grab().save(str(path))
            written.append(path)
            page = window.open_meeting(demo.meeting_ids[-1])
            for index, step in enumerate(page.steps, start=1):
                page.go(index - 1)
                app.processEvents()
                name = step.key.replace("heading:", "")
                path = out / f"{index:02d}-{name}.png"
                window.grab().save(str(path))
                written.append(path)
            window.close_meeting()
            window.close()
    return written
