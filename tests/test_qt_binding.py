"""The Qt binding itself must survive a long session.

PySide6 6.12.0 gives back ``None`` one reference short from every call that returns
nothing; on Python 3.11, where ``None`` is an ordinary counted object, some 65,000 such
calls (a chair's morning of typing and redrawing) abort the interpreter with
"none_dealloc", losing whatever was on screen. pyproject.toml excludes that release;
this test catches the same fault in any release installed later.
"""

from __future__ import annotations

import subprocess
import sys

CALLS = 200_000  # three times what a fresh app has to spare


def test_many_calls_returning_nothing_do_not_kill_python() -> None:
    code = (
        "from PySide6.QtCore import QObject\n"
        "o = QObject()\n"
        f"for _ in range({CALLS}):\n"
        "    o.setObjectName('x')\n"
        "print('alive')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "alive" in done.stdout, (
        "this PySide6 leaks references to None and would abort a long session: "
        f"{done.stderr.strip()[-300:]}"
    )
