"""Cold start to the case list shown, and peak memory, against a bare PySide6 window.

Each sample is a fresh process, as when a chair double-clicks the app: ``python -m
cinchair app --db URL`` with ``CINCHAIR_QUIT_WHEN_SHOWN=1`` (see ``cinchair.ui.startup``),
which prints a line when its first window is drawn (the "Opening cinchair…" window) and
another when the main window with the case list is, then quits. The time is taken here,
from starting the process to reading each line. The baseline is a process doing only
what any PySide6 program must: import QtWidgets, make the application, show an empty
``QMainWindow`` and wait for it to be drawn.

Two stores: the demo (one case) and one with 2,000 cases and 10,000 meetings (the case
list benchmark's). Peak memory is the process's peak resident set (Linux ``VmHWM``) when
the case list is on screen, beside the bare window's. The operating system's file cache
is warm after the first run, so "cold" means a new process, not a new boot.
``python -m bench.startup``.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cinchair.store.facade import Store, sqlite_url

RUNS = 7
TARGET_RATIO = 3.0
MEMORY_TARGET_MIB = 250

# The baseline: nothing but Qt. It prints the same line the app prints when its window
# is drawn (an Expose event on a visible window), so both are timed alike.
BARE_WINDOW = """
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QWindow
from PySide6.QtWidgets import QApplication, QMainWindow

class Watch(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Expose and isinstance(watched, QWindow):
            if watched.isExposed():
                QTimer.singleShot(0, done)
        return False

def done():
    with open("/proc/self/status") as status:  # VmHWM: ru_maxrss outlives exec
        peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    print(f"shown 0 {peak}", flush=True)
    app.quit()

app = QApplication(sys.argv)
app.installEventFilter(Watch(app))
window = QMainWindow()
window.resize(1100, 650)
window.show()
sys.exit(app.exec())
"""


def _env(data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        CINCHAIR_QUIT_WHEN_SHOWN="1",
        CINCHAIR_DATA_DIR=str(data_dir),  # settings and the open meeting: not the user's
    )
    return env


def _timed(cmd: list[str], env: dict[str, str]) -> dict[str, tuple[float, int]]:
    """Seconds from start to each line the process prints, and the peak KiB it reports."""
    started = time.perf_counter()
    process = subprocess.Popen(
        cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    seen: dict[str, tuple[float, int]] = {}
    assert process.stdout is not None
    for line in process.stdout:
        word, _ms, peak = line.split()
        seen[word] = (time.perf_counter() - started, int(peak))
    if process.wait(timeout=120) != 0 or "shown" not in seen:
        raise RuntimeError(f"{' '.join(cmd)} did not show its window and exit 0 ({seen})")
    return seen


def _runs(cmd: list[str], env: dict[str, str]) -> list[dict[str, tuple[float, int]]]:
    _timed(cmd, env)  # the first run fills the file cache: not counted
    return [_timed(cmd, env) for _ in range(RUNS)]


def _median_ms(runs: list[dict[str, tuple[float, int]]], word: str) -> float:
    return statistics.median(run[word][0] for run in runs) * 1000


def _peak_mib(runs: list[dict[str, tuple[float, int]]]) -> float:
    return max(run["shown"][1] for run in runs) / 1024


def large_store(path: Path) -> None:
    """2,000 cases and 10,000 meetings, as the case list benchmark fills them."""
    from bench.case_list import _fill

    with Store.open(sqlite_url(path), actor="bench") as store:
        _fill(store)


def main() -> None:
    python = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = _env(folder / "data")
        from cinchair.demo import build_demo

        demo = build_demo(folder / "demo.sqlite3").store_path
        large = folder / "large.sqlite3"
        large_store(large)
        bare = _runs([python, "-c", BARE_WINDOW], env)
        app = [python, "-m", "cinchair", "app", "--db"]
        small = _runs([*app, sqlite_url(demo)], env)
        big = _runs([*app, sqlite_url(large)], env)
    base = _median_ms(bare, "shown")
    print(f"start-up: a new process each time, median of {RUNS} (first window drawn)")
    print(f"  bare PySide6 window (baseline)                 {base:7.0f} ms")
    for label, runs in (("demo store, 1 case", small), ("10,000 meetings", big)):
        first, shown = _median_ms(runs, "first"), _median_ms(runs, "shown")
        print(
            f"  cinchair, {label:20} first window {first:7.0f} ms  {first / base:4.1f}x   "
            f"case list shown {shown:7.0f} ms  {shown / base:4.1f}x"
        )
    print(f"  (target: first window within {TARGET_RATIO:.0f}x the bare window)")
    print("peak memory (resident, when the case list is on screen)")
    print(f"  bare PySide6 window (baseline)                 {_peak_mib(bare):7.0f} MiB")
    print(f"  cinchair, demo store                           {_peak_mib(small):7.0f} MiB")
    print(
        f"  cinchair, 10,000 meetings                      {_peak_mib(big):7.0f} MiB"
        f"   (target: under {MEMORY_TARGET_MIB} MiB)"
    )


if __name__ == "__main__":
    main()
