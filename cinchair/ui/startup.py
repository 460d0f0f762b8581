"""The first moments of the app: a window at once, while the rest loads behind it.

Loading the core (SQLAlchemy, the model, the council rules) takes several times as
long as Qt needs to put a window up; on a council laptop with a virus scanner reading
every file, it can take seconds. A chair who sees nothing clicks again, and gets two
copies. So ``show_opening`` puts a small "Opening cinchair…" window up using Qt
alone, before the core is imported; it closes by itself the moment the next window
(the case list, the passphrase prompt or an error message) is on screen.

``CINCHAIR_QUIT_WHEN_SHOWN=1`` is for measuring and for checking a build: the app
prints ``first <ms> <peak KiB>`` when its first window is drawn and ``shown <ms> <peak
KiB>`` when the main window is, then quits with exit status 0. The times are from
this module's import, the peak resident memory is the process's so far. The start-up
benchmark reads these lines; the packaging test uses them to prove the built program
opens its real window and stops by itself. A chair never sets the variable.
"""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QWindow
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QWidget

from cinchair import APP_NAME
from cinchair.ui.tokens import DARK, GRID, LIGHT

QUIT_WHEN_SHOWN = "CINCHAIR_QUIT_WHEN_SHOWN"
OPENING_TEXT = "Opening cinchair…"
_EXPOSE_WAIT_MS = 300  # how long to wait for the window system to draw the first window

_started = time.perf_counter()


def peak_rss_kib() -> int:
    """This program's peak resident memory so far, in KiB (0 where the OS will not say).

    On Linux it is ``VmHWM``: ``ru_maxrss`` would carry over the peak of whatever
    process started this one (it survives ``exec``), a benchmark's 250 MB included.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    try:
        import resource
    except ImportError:  # Windows: no resource module
        return 0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak  # macOS counts bytes


def _say(word: str) -> None:
    """One line for the benchmark; a windowed Windows build has no stdout, and needs none."""
    if sys.stdout is not None:
        elapsed_ms = (time.perf_counter() - _started) * 1000
        sys.stdout.write(f"{word} {elapsed_ms:.0f} {peak_rss_kib()}\n")
        sys.stdout.flush()


def _is_main_window(window: QWindow) -> bool:
    return any(
        isinstance(widget, QMainWindow) and widget.windowHandle() is window
        for widget in QApplication.topLevelWidgets()
    )


class _Watch(QObject):
    """Application event filter: closes the opening window when another is drawn."""

    def __init__(self, app: QApplication, opening: QWidget, quit_when_shown: bool) -> None:
        super().__init__(app)
        self.app = app
        self.opening: QWidget | None = opening
        self.quit_when_shown = quit_when_shown
        self.first_said = False
        self.finished = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Expose or not isinstance(watched, QWindow):
            return False
        if not watched.isExposed() or self.finished:
            return False
        if self.quit_when_shown and not self.first_said:
            self.first_said = True
            _say("first")
        opening = self.opening
        if opening is not None and watched is not opening.windowHandle():
            self.opening = None
            QTimer.singleShot(0, opening.close)
        if _is_main_window(watched):
            self.finished = True
            # its work is done: off the application, or it sees every later event
            QTimer.singleShot(0, lambda: self.app.removeEventFilter(self))
            if self.quit_when_shown:
                QTimer.singleShot(0, self._report_and_quit)  # after this paint is done
        return False

    def _report_and_quit(self) -> None:
        _say("shown")
        self.app.quit()


def _opening_window(app: QApplication) -> QLabel:
    """The first window, in the theme's colours (dark when the system is dark); the
    tokens are plain data, so reading them costs no start-up time."""
    t = DARK if app.styleHints().colorScheme() == Qt.ColorScheme.Dark else LIGHT
    label = QLabel(OPENING_TEXT)
    label.setObjectName("openingWindow")
    label.setAccessibleName("cinchair is opening")
    label.setWindowTitle("cinchair")  # never record text: titles show on the taskbar
    label.setWindowFlags(Qt.WindowType.SplashScreen | Qt.WindowType.FramelessWindowHint)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setStyleSheet(
        f"#openingWindow {{ background: {t.window}; color: {t.text}; font-size: 15pt;"
        f" border: 1px solid {t.border}; padding: {GRID * 3}px {GRID * 6}px; }}"
    )
    return label


def show_opening() -> QApplication:
    """Make the application and put the opening window on screen before anything loads.

    Returns the application, which ``cinchair.ui.app.run`` then uses as its own.
    """
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setDesktopFileName(APP_NAME)  # before any window: Wayland names a window only once
    opening = _opening_window(app)
    quit_when_shown = os.environ.get(QUIT_WHEN_SHOWN, "") not in ("", "0")
    app.installEventFilter(_Watch(app, opening, quit_when_shown))
    opening.show()
    # the core's import blocks the event loop next: let the window system draw this first
    clock = QElapsedTimer()
    clock.start()
    handle = opening.windowHandle()
    while clock.elapsed() < _EXPOSE_WAIT_MS and not (handle and handle.isExposed()):
        app.processEvents()
    opening.repaint()
    app.processEvents()
    # the icon once this is drawn: finding it loads the core's resource paths. Qt then
    # gives it to this window and every window and dialog after it, and the taskbar
    from cinchair.ui.widgets.icon import install_app_icon

    install_app_icon(app)
    return app
