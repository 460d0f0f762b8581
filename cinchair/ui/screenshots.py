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
from typing import Any

SIZE = (1366, 768)


THEMES = ("light", "dark")
SCREENS = ((1366, 768), (1920, 1080))


def take_all(out: Path, scale: float = 1.0) -> list[Path]:
    """Every shot in light and dark, at 1366x768 and 1920x1080, and in high contrast at
    1366x768: ``out/light-1366x768/`` ...

    Each set in a process of its own, as a chair's start would be: a second main window
    in one application inherits the first one's application-wide filters (the idle
    lock's), and the second set then crawled.
    """
    import subprocess
    import sys

    written: list[Path] = []
    sets = [(name, screen) for name in THEMES for screen in SCREENS]
    sets.append(("high-contrast", SIZE))  # as the Windows contrast themes, on the laptop
    for name, (width, height) in sets:
        folder = out / f"{name}-{width}x{height}"
        command = [sys.executable, "-m", "cinchair", "screenshots", "--out", str(folder)]
        command += ["--scale", str(scale), "--screen", f"{width}x{height}"]
        env = dict(os.environ, CINCHAIR_THEME=name, QT_QPA_PLATFORM="offscreen")
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
        written += [Path(line) for line in done.stdout.splitlines() if line.strip()]
    return written


def take(
    out: Path,
    scale: float = 1.0,
    *,
    screen: tuple[int, int] = SIZE,
    theme_name: str | None = None,
) -> list[Path]:
    """Write the case list, each agenda step of the demo review and the dialogs to ``out``."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if scale != 1.0:
        os.environ["QT_SCALE_FACTOR"] = str(scale)
    from PySide6.QtWidgets import QApplication

    from cinchair.demo import build_demo
    from cinchair.store.facade import Store, sqlite_url
    from cinchair.ui import theme
    from cinchair.ui.app import make_main_window

    running = QApplication.instance()
    app = running if isinstance(running, QApplication) else QApplication([])
    # CINCHAIR_THEME=dark or high-contrast shows those themes, unless one is named
    theme.apply_theme(app, theme_name)
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
            written += _signing_and_family_view(app, page, out, scale, len(written))
            window.close_meeting()
            written += _in_progress(app, window, store, demo, out, len(written))
            written += _dialogs(app, window, store, out, len(written))
            window.close()
    return written


FAMILY_SECOND_SCREEN = (1920, 1080)


def _in_progress(
    app: Any, window: Any, store: Any, demo: Any, out: Path, number: int
) -> list[Path]:
    """Today's review begun and not finished (added to this run's copy of the demo only):
    the stepper with steps recorded, steps empty and a "!" where a required item is."""
    from cinchair.demo.in_progress import add_meeting_in_progress

    meeting_id = add_meeting_in_progress(store, demo.case_id, window.today)
    page = window.open_meeting(meeting_id)
    written: list[Path] = []
    for name, step in (("in-progress-people", 0), ("in-progress-outcome", len(page.steps) - 2)):
        page.go(step)
        for _ in range(3):
            app.processEvents()
        path = out / f"{number + len(written):02d}-{name}.png"
        window.grab().save(str(path))
        written.append(path)
    window.close_meeting()
    return written


def _dialogs(app: Any, window: Any, store: Any, out: Path, number: int) -> list[Path]:
    """New case, Start meeting and Preferences, each as the chair first sees it."""
    from cinchair.ui.dialogs.case_form import CaseForm
    from cinchair.ui.dialogs.preferences import PreferencesDialog
    from cinchair.ui.meeting.start import StartMeetingDialog

    row = window.case_list.selected_case()
    made = [
        ("new-case", CaseForm(store, window.today, window)),
        ("preferences", PreferencesDialog(window)),
    ]
    if row is not None:
        made.insert(
            1, ("start-meeting", StartMeetingDialog(store, row.case_id, window.today, window))
        )
    written: list[Path] = []
    for name, dialog in made:
        dialog.show()
        for _ in range(3):
            app.processEvents()
        path = out / f"{number + len(written):02d}-dialog-{name}.png"
        dialog.grab().save(str(path))
        written.append(path)
        dialog.reject()
    return written


def _signing_and_family_view(
    app: Any, page: Any, out: Path, scale: float, number: int
) -> list[Path]:
    """The signature pad (the father, who was to sign later, signing) and the family view
    filling the laptop's screen and a 1920x1080 second screen."""
    from cinchair.meetings.ink import scribble

    written = []
    sign_off = page.page(len(page.steps) - 1)
    later = next(i for i, s in enumerate(sign_off.states) if s.owes)
    sign_off.table.selectRow(later)
    dialog = sign_off.dialog_for(sign_off.states[later], start_with_reason=False)
    dialog.show()
    app.processEvents()
    pad = dialog.pad
    for stroke in scribble(sign_off.states[later].signer.name):
        points = [pad.to_widget(point) for point in stroke]
        pad.begin(points[0])
        for point in points[1:]:
            pad.extend(point)
        pad.finish(points[-1])
    app.processEvents()
    path = out / f"{number:02d}-signature-pad.png"
    dialog.grab().save(str(path))
    written.append(path)
    dialog.reject()

    view = page.family.view
    for name, size in (
        ("family-view", (round(SIZE[0] / scale), round(SIZE[1] / scale))),
        ("family-view-1920x1080", FAMILY_SECOND_SCREEN),
    ):
        view.resize(*size)
        view.show()
        for _ in range(3):  # word-wrapped labels settle their heights over a few passes
            app.processEvents()
        path = out / f"{number + len(written):02d}-{name}.png"
        view.grab().save(str(path))
        written.append(path)
    view.hide()
    return written
